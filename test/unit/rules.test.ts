import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../server/src/core/types';
import { builtinCatalog, review } from './helpers/core';
import { readFixture, readRuleFixtures, ruleFixtureDirs, type ExpectedFinding, type FixtureCase } from './helpers/ruleFixtures';
import { anchorLine, applyFix, keepsAllLines, namesEntity } from './helpers/text';

/**
 * Per-rule fixtures (test/fixtures/rules/<id>/): each file's findings of that rule must be exactly
 * the ones expected.yaml lists, anchored on the line_hint; the quick fix applied to fires.md must
 * give fires.fixed.md, and re-analysing that text must not report the finding again.
 */

function describeFinding(text: string, f: Finding): string {
  return `${f.ruleId}${f.entity ? ` (${f.entity.name})` : ''} at line ${f.range.start.line + 1}: ${anchorLine(text, f).trim().slice(0, 100)}`;
}

/** Pairs each expected finding with a distinct actual one; returns the unmatched of both sides. */
function match(actual: Finding[], expected: ExpectedFinding[]): { pairs: [ExpectedFinding, Finding][]; missing: ExpectedFinding[]; extra: Finding[] } {
  const left = [...actual];
  const pairs: [ExpectedFinding, Finding][] = [];
  const missing: ExpectedFinding[] = [];
  for (const e of expected) {
    const i = left.findIndex((f) => namesEntity(f, e.entity, e.aliases));
    if (i < 0) missing.push(e);
    else pairs.push([e, left.splice(i, 1)[0]]);
  }
  return { pairs, missing, extra: left };
}

function checkCase(rule: string, dir: string, c: FixtureCase): void {
  const text = readFixture(dir, c.file);
  const analysis = review(text);
  assert.deepEqual(analysis.problems, [], `${c.file}: the analysis reported problems`);
  const mine = analysis.findings.filter((f) => f.ruleId === rule);
  const { pairs, missing, extra } = match(mine, c.findings);
  const listing = mine.map((f) => `  ${describeFinding(text, f)}`).join('\n') || '  (none)';
  assert.ok(
    missing.length === 0 && extra.length === 0,
    `${c.file} should give exactly ${c.findings.length} ${rule} finding(s)` +
      (missing.length ? `; missing: ${missing.map((m) => m.entity ?? '(document)').join(', ')}` : '') +
      (extra.length ? `; unexpected: ${extra.map((f) => f.entity?.name ?? '(document)').join(', ')}` : '') +
      `\nactual:\n${listing}`,
  );
  for (const [e, f] of pairs) {
    if (e.line_hint) assert.ok(anchorLine(text, f).includes(e.line_hint), `${c.file}: ${rule}${e.entity ? ` (${e.entity})` : ''} should sit on the line with "${e.line_hint}", got ${describeFinding(text, f)}`);
    if (e.severity) assert.equal(f.severity, e.severity, `${c.file}: severity of ${describeFinding(text, f)}`);
    for (const part of e.message_includes ?? []) assert.ok(f.message.includes(part), `${c.file}: message "${f.message}" should include "${part}"`);
    if (f.entity) assert.ok(f.message.includes(f.entity.name), `${c.file}: message "${f.message}" should name ${f.entity.name}`);
    assert.ok(f.fix && f.fix.text.trim().length > 0, `${c.file}: ${describeFinding(text, f)} has no quick fix`);
  }
  if (c.negated_mention) {
    const hint = c.negated_mention;
    const lines = text.split('\n');
    for (const [, f] of pairs) {
      const pointed = f.related.some((r) => /negated or undecided/.test(r.message) && (lines[r.range.start.line] ?? '').includes(hint));
      assert.ok(pointed, `${c.file}: ${describeFinding(text, f)} should point at the negated evidence on the line with "${hint}"; related: ${JSON.stringify(f.related.map((r) => `${r.range.start.line + 1}: ${r.message}`))}`);
    }
  }
}

describe('rule fixtures', () => {
  const ids = builtinCatalog().rules.map((r) => r.spec.id);
  for (const id of ruleFixtureDirs()) {
    describe(id, () => {
      const fx = readRuleFixtures(id);
      it(`${id}: expected.yaml names this rule and a catalog rule`, () => {
        assert.equal(fx.rule, id);
        assert.ok(ids.includes(id), `no rule ${id} in rules/catalog`);
      });
      for (const c of fx.cases) {
        it(`${id}: ${c.says}`, () => checkCase(id, fx.dir, c));
      }

      const fires = fx.cases.find((c) => c.file === 'fires.md');
      if (!fires || fires.findings.length === 0) return;
      const target = fires.findings[0];
      it(`${id}: quick fix on fires.md inserts the template, keeps the author's text and closes ${target.entity ?? 'the finding'}`, () => {
        const text = readFixture(fx.dir, 'fires.md');
        const finding = review(text).findings.find((f) => f.ruleId === id && namesEntity(f, target.entity, target.aliases));
        assert.ok(finding?.fix, `fires.md: no ${id} finding with a fix`);
        const fixed = applyFix(text, finding.fix);
        const golden = join(fx.dir, 'fires.fixed.md');
        assert.ok(existsSync(golden), 'fires.fixed.md is missing');
        assert.equal(fixed, readFixture(fx.dir, 'fires.fixed.md'), 'applying the fix to fires.md no longer gives fires.fixed.md');
        assert.ok(keepsAllLines(text, fixed), 'the fix rewrote or dropped a line of the author\'s text');
        const again = review(fixed).findings.filter((f) => f.ruleId === id && namesEntity(f, target.entity, target.aliases));
        assert.deepEqual(
          again.map((f) => describeFinding(fixed, f)),
          [],
          `after the quick fix, ${id} still fires`,
        );
      });
    });
  }
});
