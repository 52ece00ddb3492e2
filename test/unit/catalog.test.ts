import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, builtinCatalog, loadBuiltinCatalog, REPO } from './helpers/core';
import { readRuleFixtures, REQUIRED_FILES, RULE_FIXTURES, ruleFixtureDirs } from './helpers/ruleFixtures';

/**
 * The rule catalog: every rule file loads and validates, every rule has a fixture folder, and a
 * broken rule file is reported once (file and key) while the other rules keep working.
 */

const RULES_DIR = join(REPO, 'rules');
const ruleFiles = () => readdirSync(join(RULES_DIR, 'catalog')).filter((f) => /\.ya?ml$/.test(f)).sort();
const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

describe('rule catalog', () => {
  it('loads every rule file in rules/catalog without problems, one rule per file named after its id', () => {
    const { catalog, problems } = loadBuiltinCatalog();
    assert.deepEqual(problems, []);
    assert.deepEqual(catalog.rules.map((r) => `${r.spec.id}.yaml`).sort(), ruleFiles());
    assert.ok(catalog.rules.length >= 39, `only ${catalog.rules.length} rules`);
  });

  it('every rule has a fixture folder with fires, fires.fixed, silent, covered, negated and ja cases', () => {
    const missing: string[] = [];
    for (const file of ruleFiles()) {
      const id = file.replace(/\.ya?ml$/, '');
      const dir = join(RULE_FIXTURES, id);
      if (!existsSync(dir)) {
        missing.push(`${id}: no folder test/fixtures/rules/${id}`);
        continue;
      }
      for (const f of REQUIRED_FILES) if (!existsSync(join(dir, f))) missing.push(`${id}: no ${f}`);
    }
    assert.deepEqual(missing, []);
  });

  it('per-entity rules also have partial.md: evidence for one entity must not cover another', () => {
    const missing = builtinCatalog()
      .rules.filter((r) => r.spec.scope === 'per-entity' && !existsSync(join(RULE_FIXTURES, r.spec.id, 'partial.md')))
      .map((r) => r.spec.id);
    assert.deepEqual(missing, []);
  });

  it('every fixture folder belongs to a rule, and its expected.yaml covers each of its documents', () => {
    const ids = new Set(builtinCatalog().rules.map((r) => r.spec.id));
    for (const id of ruleFixtureDirs()) {
      assert.ok(ids.has(id), `test/fixtures/rules/${id} has no rule`);
      const fx = readRuleFixtures(id);
      const docs = readdirSync(fx.dir).filter((f) => f.endsWith('.md') && f !== 'fires.fixed.md').sort();
      assert.deepEqual(fx.cases.map((c) => c.file).sort(), docs, `${id}/expected.yaml`);
      for (const c of fx.cases) {
        assert.ok(c.says && c.says.length > 10, `${id}/${c.file}: "says" must describe the behaviour`);
        const fires = !/^(silent|covered)\b/.test(c.file);
        assert.equal(c.findings.length > 0, fires, `${id}/${c.file}: ${fires ? 'must expect a finding' : 'must expect none'}`);
      }
    }
  });

  it('every rule carries English and Japanese evidence, a message, countermeasures and a fix template', () => {
    for (const { spec } of builtinCatalog().rules) {
      const patterns = spec.evidence.flatMap((e) => e.patterns);
      assert.ok(patterns.some((p) => CJK.test(p)), `${spec.id}: no Japanese evidence pattern`);
      assert.ok(patterns.some((p) => /[a-z]/i.test(p)), `${spec.id}: no English evidence pattern`);
      if (spec.scope === 'per-entity') assert.match(spec.message, /\{entity\}/, `${spec.id}: a per-entity message must name {entity}`);
      assert.ok(spec.countermeasures.length > 0 && spec.scenario && spec.impact, `${spec.id}: explanation incomplete`);
      assert.ok(spec.fix.template.trim().length > 0 && spec.fix.sections.length > 0, `${spec.id}: no fix template`);
    }
  });

  it('compiles patterns by the catalog conventions: case-insensitive, a space matches spaces or hyphens, " ?" is optional', () => {
    const ev = (rule: string) => builtinCatalog().byId.get(rule)!.evidence[0].re;
    const matches = (re: RegExp, s: string) => {
      re.lastIndex = 0;
      const r = re.test(s);
      re.lastIndex = 0;
      return r;
    };
    for (const s of ['timeout', 'time out', 'Timeouts', 'time-out']) assert.ok(matches(ev('timeouts'), s), `timeouts: "${s}"`);
    for (const s of ['dead letter queue', 'dead-letter queue', 'Dead-Letter Queue', 'DLQ']) assert.ok(matches(ev('dead-letter-queue'), s), `dead-letter-queue: "${s}"`);
    for (const s of ['circuit breaker', 'circuitbreaker', 'circuit-breaker']) assert.ok(matches(ev('circuit-breaker'), s), `circuit-breaker: "${s}"`);
    assert.ok(!matches(ev('timeouts'), 'timeoutless'), 'ASCII patterns match on word boundaries');
  });

  describe('a broken rule file', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'faultline-rules-'));
      cpSync(RULES_DIR, dir, { recursive: true });
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
      loadBuiltinCatalog(); // restore the cached built-in catalog for the other tests
    });

    const edit = (file: string, from: string | RegExp, to: string) => {
      const p = join(dir, 'catalog', file);
      const text = readFileSync(p, 'utf8');
      const next = text.replace(from, to);
      assert.notEqual(next, text, `could not break ${file}`);
      writeFileSync(p, next);
    };

    const loadBroken = (file: string) => {
      const { catalog, problems } = loadBuiltinCatalog(dir);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0].severity, 'error');
      assert.equal(problems[0].source, join(dir, 'catalog', file));
      assert.equal(catalog.rules.length, ruleFiles().length - 1, 'the other rules should still load');
      assert.ok(!catalog.byId.has(file.replace('.yaml', '')));
      return { catalog, problem: problems[0] };
    };

    it('an invalid severity is one error naming the file and "severity"; the other rules still run', () => {
      edit('bulkhead.yaml', /^severity: .*$/m, 'severity: extreme');
      const { catalog, problem } = loadBroken('bulkhead.yaml');
      assert.match(problem.message, /^severity\b/);
      const a = analyze('# Alerts\n\n## Architecture\n\nThe worker posts to the Slack API and sends e-mail through SendGrid.\n', { catalog });
      assert.ok(a.findings.some((f) => f.ruleId === 'circuit-breaker'));
      assert.ok(!a.findings.some((f) => f.ruleId === 'bulkhead'));
    });

    it('a missing required key is one error naming the key', () => {
      edit('timeouts.yaml', /^message: .*$/m, '');
      const { problem } = loadBroken('timeouts.yaml');
      assert.match(problem.message, /message/);
    });

    it('an invalid regular expression is one error naming the pattern\'s key', () => {
      edit('circuit-breaker.yaml', 'patterns: ["circuit', 'patterns: ["(unclosed", "circuit');
      const { problem } = loadBroken('circuit-breaker.yaml');
      assert.match(problem.message, /evidence\[0\]\.patterns/);
      assert.match(problem.message, /\(unclosed/);
    });

    it('a file that is not YAML is one error naming the file', () => {
      writeFileSync(join(dir, 'catalog', 'runbooks.yaml'), 'id: runbooks\ntitle: [unclosed\n');
      const { problem } = loadBroken('runbooks.yaml');
      assert.match(problem.message, /YAML/);
    });

    it('a duplicate rule id is one error naming both files', () => {
      cpSync(join(dir, 'catalog', 'alerting.yaml'), join(dir, 'catalog', 'zz-alerting-copy.yaml'));
      const { catalog, problems } = loadBuiltinCatalog(dir);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].source, join(dir, 'catalog', 'zz-alerting-copy.yaml'));
      assert.match(problems[0].message, /duplicate/);
      assert.match(problems[0].message, /alerting\.yaml/);
      assert.equal(catalog.rules.length, ruleFiles().length);
    });
  });
});
