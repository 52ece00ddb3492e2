import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import type * as CliModule from '../../server/src/cli';

const REPO = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require(join(REPO, 'out', 'server', 'cli')) as typeof CliModule;
const DESIGN = join(REPO, 'test', 'fixtures', 'golden', 'taskflow', 'design.md');
/** The official OASIS SARIF 2.1.0 schema (draft-07); see test/fixtures/sarif/README.md. */
const SCHEMA = JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

/** Ajv for the SARIF schema: draft-07 plus the three string formats it uses. */
function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s) && !/\s/.test(s));
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s));
  return ajv.compile(SCHEMA);
}

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; helpUri: string }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[]; partialFingerprints: Record<string, string> }[];
  }[];
}

describe('SARIF output', () => {
  const validate = sarifValidator();

  it('validates against the official SARIF 2.1.0 schema', async () => {
    const { code, stdout } = await run(['check', DESIGN, '--format', 'sarif', '--fail-on', 'none', '--no-config']);
    assert.equal(code, 0);
    const log = JSON.parse(stdout) as SarifLog;
    const ok = validate(log);
    assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.ok(log.runs[0].results.length > 10);
  });

  it('the validator rejects a broken log (so the check above means something)', async () => {
    const { stdout } = await run(['check', DESIGN, '--format', 'sarif', '--fail-on', 'none', '--no-config']);
    const log = JSON.parse(stdout) as SarifLog;
    (log.runs[0].results[0] as unknown as { level: string }).level = 'fatal';
    assert.equal(validate(log), false);
    const noVersion = JSON.parse(stdout) as Record<string, unknown>;
    delete noVersion.version;
    assert.equal(validate(noVersion), false);
  });

  it('points every rule at its generated documentation and every result at a rule', async () => {
    const { stdout } = await run(['check', DESIGN, '--format', 'sarif', '--fail-on', 'none', '--no-config']);
    const run0 = (JSON.parse(stdout) as SarifLog).runs[0];
    const rules = run0.tool.driver.rules;
    for (const r of rules) {
      assert.ok(r.helpUri.endsWith(`/docs/rules/${r.id}.md`), r.helpUri);
      assert.ok(existsSync(join(REPO, 'docs', 'rules', `${r.id}.md`)), `docs/rules/${r.id}.md is missing (run npm run docs)`);
    }
    for (const res of run0.results) {
      assert.equal(rules[res.ruleIndex]?.id, res.ruleId);
      assert.ok(res.locations[0].physicalLocation.region.startLine >= 1);
      assert.match(res.partialFingerprints['faultline/v1'], /^[0-9a-f]{32}$/);
    }
  });

  it('keeps fingerprints when lines move', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'faultline-sarif-'));
    const file = join(dir, 'design.md');
    const text = readFileSync(DESIGN, 'utf8');
    const prints = async () => {
      const { stdout } = await run(['check', file, '--format', 'sarif', '--fail-on', 'none', '--no-config']);
      return (JSON.parse(stdout) as SarifLog).runs[0].results.map((r) => `${r.ruleId}:${r.partialFingerprints['faultline/v1']}`).sort();
    };
    writeFileSync(file, text);
    const before = await prints();
    writeFileSync(file, text.replace('## 2. Technology Stack', 'An extra paragraph.\n\nAnd another one.\n\n## 2. Technology Stack'));
    assert.deepEqual(await prints(), before);
  });
});
