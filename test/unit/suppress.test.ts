import * as assert from 'node:assert/strict';
import type { Analysis } from '../../server/src/core/analyze';
import { review } from './helpers/core';

/**
 * Suppression comments: disable (rest of file), enable, disable-next-line, the entity form
 * (rule-id:Entity) and accepted risks with an expiry date judged against `today`.
 */

const BODY = [
  '## Architecture',
  '',
  '- The notifier posts each alert to the Slack API.',
  '- The mailer sends each alert through SendGrid.',
  '',
  '## Error handling',
  '',
  'Failures are logged with the alert id.',
  '',
];

function doc(...prefix: string[]): string {
  return ['# Alerts — Design', '', ...prefix, ...(prefix.length ? [''] : []), ...BODY].join('\n');
}

const cb = (a: Analysis) => a.findings.filter((f) => f.ruleId === 'circuit-breaker').map((f) => f.entity?.name).sort();
const to = (a: Analysis) => a.findings.filter((f) => f.ruleId === 'timeouts').map((f) => f.entity?.name).sort();

describe('suppression', () => {
  it('reports circuit-breaker and timeouts for both providers when nothing is suppressed', () => {
    const a = review(doc());
    assert.deepEqual(cb(a), ['SendGrid', 'Slack API']);
    assert.deepEqual(to(a), ['SendGrid', 'Slack API']);
    assert.equal(a.suppressed, 0);
  });

  it('faultline-disable silences one rule for the rest of the file and counts what it hid', () => {
    const a = review(doc('<!-- faultline-disable circuit-breaker -- breakers live in the shared HTTP client -->'));
    assert.deepEqual(cb(a), []);
    assert.deepEqual(to(a), ['SendGrid', 'Slack API']);
    assert.equal(a.suppressed, 2);
    assert.deepEqual(a.problems, []);
  });

  it('faultline-disable only acts below the comment, and faultline-enable ends it', () => {
    const text = doc().replace('- The mailer sends', '<!-- faultline-disable circuit-breaker -->\n- The mailer sends');
    assert.deepEqual(cb(review(text)), ['Slack API']);
    const enabled = text.replace('through SendGrid.', 'through SendGrid.\n<!-- faultline-enable circuit-breaker -->\n- The pager calls the Twilio API.');
    assert.deepEqual(cb(review(enabled)), ['Slack API', 'Twilio']);
  });

  it('a disable comment without a rule id silences every rule below it', () => {
    const text = doc('<!-- faultline-disable -- draft, not ready for review -->');
    const a = review(text);
    const comment = text.split('\n').findIndex((l) => l.startsWith('<!-- faultline-disable'));
    assert.deepEqual(a.findings.filter((f) => f.range.start.line > comment).map((f) => f.ruleId), []);
    assert.ok(a.suppressed >= 4);
  });

  it('faultline-disable-next-line silences only the next non-blank line', () => {
    const text = doc().replace('- The notifier posts', '<!-- faultline-disable-next-line circuit-breaker -->\n- The notifier posts');
    const a = review(text);
    assert.deepEqual(cb(a), ['SendGrid']);
    assert.deepEqual(to(a), ['SendGrid', 'Slack API']);
  });

  it('the entity form rule-id:Entity silences that entity only', () => {
    const a = review(doc('<!-- faultline-disable circuit-breaker:Slack API, timeouts:Slack API -- Slack is best-effort -->'));
    assert.deepEqual(cb(a), ['SendGrid']);
    assert.deepEqual(to(a), ['SendGrid']);
  });

  it('an accepted risk hides the finding until its date, judged against today', () => {
    const text = doc('<!-- faultline-accept circuit-breaker:Slack API -- alerts are best-effort; owner=@sre-team; until=2027-03-01 -->');
    const before = review(text, undefined, '2027-02-28');
    assert.deepEqual(cb(before), ['SendGrid']);
    assert.equal(before.suppressed, 1);
    const after = review(text, undefined, '2027-03-02');
    assert.deepEqual(cb(after), ['SendGrid', 'Slack API']);
    const expired = after.findings.find((f) => f.ruleId === 'circuit-breaker' && f.entity?.name === 'Slack API')!;
    assert.match(expired.note ?? '', /expired on 2027-03-01/);
    assert.match(expired.note ?? '', /@sre-team/);
  });

  it('an accepted risk without a date does not expire', () => {
    const a = review(doc('<!-- faultline-accept circuit-breaker:Slack API -- best-effort -->'), undefined, '2099-01-01');
    assert.deepEqual(cb(a), ['SendGrid']);
  });

  it('an unknown rule id is one warning naming it; the analysis continues', () => {
    const a = review(doc('<!-- faultline-disable circuit-braker -->'));
    assert.equal(a.problems.length, 1);
    assert.equal(a.problems[0].severity, 'warning');
    assert.match(a.problems[0].message, /circuit-braker/);
    assert.deepEqual(cb(a), ['SendGrid', 'Slack API']);
  });

  it('a malformed until date is a warning', () => {
    const a = review(doc('<!-- faultline-accept circuit-breaker:Slack API -- owner=@x; until=next spring -->'));
    assert.ok(a.problems.some((p) => p.severity === 'warning' && /until/.test(p.message)), JSON.stringify(a.problems));
  });

  it('Japanese entity names work in the entity form', () => {
    const text = ['# 通知 設計書', '', '<!-- faultline-disable circuit-breaker:決済API -->', '', '## システム構成', '', '注文サービスは決済APIを呼び出し、Slack APIに通知する。', ''].join('\n');
    const a = review(text);
    assert.deepEqual(cb(a), ['Slack API']);
  });
});
