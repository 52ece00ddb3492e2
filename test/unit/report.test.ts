import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type * as AnalyzeModule from '../../server/src/core/analyze';
import type * as LoaderModule from '../../server/src/node/catalogLoader';
import type * as ReportModule from '../../server/src/core/report/renderReport';

/** The compiled core from out/server (tests compile to out/test; types come from the sources). */
const REPO = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(rel: string): T => require(join(REPO, 'out', 'server', rel)) as T;
const { analyze } = load<typeof AnalyzeModule>('core/analyze');
const { loadBuiltinCatalog } = load<typeof LoaderModule>('node/catalogLoader');
const { renderReport } = load<typeof ReportModule>('core/report/renderReport');

const TASKFLOW = join(REPO, 'test', 'fixtures', 'golden', 'taskflow');
const TODAY = '2026-11-22';

interface MustFlag {
  rule: string;
  entity?: string;
  aliases?: string[];
}

const norm = (s: string) => s.toLowerCase().replace(/\\/g, '').replace(/[^a-z0-9{}/]+/g, ' ').trim();

/** The report split into its issues ("#### C1. …" up to the next heading of level ≤ 4). */
function issues(report: string): { head: string; body: string }[] {
  const parts = report.split(/^(?=#{2,4} )/m);
  return parts.filter((p) => /^#### [CSMN]\d+\. /.test(p)).map((p) => ({ head: p.split('\n')[0], body: p }));
}

function section(report: string, heading: string): string {
  const start = report.indexOf(`${heading}\n`);
  assert.ok(start >= 0, `report has no "${heading}" section`);
  const level = heading.match(/^#+/)![0].length;
  const rest = report.slice(start + heading.length);
  const next = rest.search(new RegExp(`^#{1,${level}} `, 'm'));
  return next < 0 ? rest : rest.slice(0, next);
}

describe('review report (renderReport)', () => {
  const { catalog } = loadBuiltinCatalog();
  const text = readFileSync(join(TASKFLOW, 'design.md'), 'utf8');
  const analysis = analyze(text, { catalog, today: TODAY });
  const report = renderReport(analysis, catalog, { title: 'TaskFlow' });

  it('has the parts of an expert review, in order', () => {
    const headings = [
      '# Reliability design review: TaskFlow',
      '## Phase 1: Structural analysis',
      '### System components',
      '### Data flow paths',
      '### External dependencies',
      '### Reliability mechanisms already described',
      '## Phase 2: Findings',
      '### Critical issues',
      '### Significant issues',
      '### Moderate issues',
      '## Positive aspects',
      '## Summary',
      '### Readiness by category',
      '### Prioritised actions',
    ];
    const lines = report.split('\n');
    let at = -1;
    for (const h of headings) {
      const i = lines.indexOf(h, at + 1);
      assert.ok(i > at, `"${h}" missing or out of order`);
      at = i;
    }
  });

  it('lists every component, data store, queue, flow and external dependency in phase 1', () => {
    const phase1 = section(report, '## Phase 1: Structural analysis');
    const s = analysis.structure;
    for (const e of [...s.components, ...s.stores, ...s.messaging, ...s.external]) {
      assert.ok(phase1.includes(`**${e.name.replace(/[\\`*_[\]<>|]/g, '\\$&')}**`), `phase 1 does not list ${e.name}`);
    }
    const flows = section(report, '### Data flow paths');
    for (const f of s.flows) {
      const path = f.hops.map((h) => h.text.trim()).join(' → ');
      assert.ok(norm(flows).includes(norm(path)), `flow "${f.name}" (${path}) is missing`);
    }
    const deps = section(report, '### External dependencies');
    const critical = deps.slice(0, deps.indexOf('**Other'));
    assert.match(critical, /\*\*Auth0\*\*/, 'Auth0 (authentication) is a critical dependency');
    for (const name of ['Slack API', 'SendGrid', 'Google Calendar API', 'GitHub API']) assert.ok(deps.includes(`**${name}**`), name);
  });

  it('names the mechanisms already present with their section', () => {
    const mech = section(report, '### Reliability mechanisms already described');
    assert.match(mech, /Multi-AZ \(2\.2, line \d+\)/);
    assert.match(mech, /optimistic locking \(4\.1, line \d+\)/);
    assert.match(mech, /Blue-Green \(6\.4, line \d+\)/);
  });

  it('covers every must_flag finding of the golden expectations with entity-specific text', () => {
    const expected = parse(readFileSync(join(TASKFLOW, 'expected.yaml'), 'utf8')) as { must_flag: MustFlag[] };
    const all = issues(report);
    for (const m of expected.must_flag) {
      // The finding the analysis reports for the expectation (same matching as scripts/eval.mjs).
      const want = [m.entity, ...(m.aliases ?? [])].filter((n): n is string => !!n).map(norm);
      const finding = analysis.findings.find(
        (f) => f.ruleId === m.rule && (!want.length || [f.entity?.name ?? '', ...(f.entity?.aliases ?? [])].map(norm).some((h) => h && want.some((w) => h === w || (w.length >= 3 && h.includes(w)) || (h.length >= 3 && w.includes(h))))),
      );
      assert.ok(finding, `the analysis does not report ${m.rule}${m.entity ? ` for ${m.entity}` : ''}`);
      const name = finding.entity?.name;
      const issue = all.find((i) => i.body.includes(`[${m.rule}](`) && (!name || i.head.includes(name)));
      assert.ok(issue, `no issue for ${m.rule}${name ? ` naming ${name}` : ''}`);
      for (const part of ['**Issue**:', '**Failure scenario**:', '**Operational impact**:', '**Countermeasures**:', '\n1. ']) assert.ok(issue.body.includes(part), `${issue.head}: missing ${part.trim()}`);
      const scenario = issue.body.slice(issue.body.indexOf('**Failure scenario**:')).split('\n')[0];
      assert.match(scenario, /In this design: /, `${issue.head}: scenario not tied to the design`);
      const rule = catalog.byId.get(m.rule)!.spec;
      if (name) {
        assert.ok(scenario.includes(name), `${issue.head}: scenario does not name ${name}`);
        const measures = issue.body.slice(issue.body.indexOf('**Countermeasures**:'));
        if (rule.countermeasures.some((c) => c.includes('{entity}'))) assert.ok(measures.includes(name), `${issue.head}: countermeasures do not name ${name}`);
      } else {
        // Document-level: the issue quotes the design text it is about.
        assert.match(issue.body, /line \d+: “[^”]{10,}/, `${issue.head}: no quotation of the triggering text`);
      }
    }
  });

  it('groups the per-entity findings of one rule into one issue naming all entities', () => {
    const breaker = issues(report).filter((i) => i.body.includes('[circuit-breaker]('));
    assert.equal(breaker.length, 1);
    for (const name of ['Slack API', 'SendGrid', 'Google Calendar API', 'GitHub API']) assert.ok(breaker[0].head.includes(name), `${name} missing from "${breaker[0].head}"`);
    assert.match(breaker[0].head, /\(sections? [^)]+\)$/, 'the title names the section(s)');
  });

  it('quotes the triggering text of document-level findings', () => {
    const bulkhead = issues(report).find((i) => i.body.includes('[bulkhead]('))!;
    assert.match(bulkhead.body, /share one thread pool/);
    const retry = issues(report).find((i) => i.body.includes('[retry-backoff]('))!;
    assert.match(retry.body, /visible again/);
  });

  it('summarises readiness per category and prioritised actions', () => {
    const table = section(report, '### Readiness by category');
    for (const cat of ['Failure Isolation', 'Transaction & Consistency', 'Fault Recovery', 'Availability', 'Capacity & Overload', 'Data Integrity & Recovery', 'Deployment Safety', 'Observability & Operations']) {
      assert.match(table, new RegExp(`\\| ${cat.replace('&', '\\&')} \\| (\\d+ of \\d+|no applicable check) \\|`), cat);
    }
    // concurrency control (optimistic locking) is met: it must count, and appear as a positive aspect.
    assert.match(table, /\| Transaction & Consistency \| [1-9]\d* of \d+ \|/);
    assert.match(section(report, '## Positive aspects'), /Concurrency control[^\n]*check met[^\n]*optimistic locking|Concurrency control[^\n]*check met/);
    const actions = section(report, '### Prioritised actions');
    assert.match(actions, /^1\. .*\(C1\)$/m);
    assert.ok(actions.indexOf('(C1)') < actions.indexOf('(S1)'), 'critical actions come first');
  });

  it('is deterministic and never throws on odd input', () => {
    assert.equal(renderReport(analysis, catalog, { title: 'TaskFlow' }), report);
    for (const odd of ['', '# Notes\n\nShopping list.', '```\nunclosed', '| a |\n|---|\n| b |']) {
      const r = renderReport(analyze(odd, { catalog, today: TODAY }), catalog);
      assert.match(r, /^# Reliability design review: /);
    }
  });

  it('reports an expired acceptance with its note and hides a current one', () => {
    const expired = `<!-- faultline-accept circuit-breaker:Slack API -- low volume; owner=@ops; until=2020-01-01 -->\n${text}`;
    const r1 = renderReport(analyze(expired, { catalog, today: TODAY }), catalog);
    assert.match(r1, /\*\*Note\*\*: Accepted risk expired on 2020-01-01 \(owner @ops\)[^\n]*\(Slack API\)/);
    const current = expired.replace('until=2020-01-01', 'until=2999-01-01');
    const a2 = analyze(current, { catalog, today: TODAY });
    const r2 = renderReport(a2, catalog);
    assert.ok(a2.suppressed >= 1);
    assert.match(r2, /not listed: \d+ suppressed or accepted in the document/);
    assert.ok(!issues(r2).find((i) => i.body.includes('[circuit-breaker]('))!.head.includes('Slack API'));
  });
});
