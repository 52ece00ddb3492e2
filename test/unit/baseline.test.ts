import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as CliModule from '../../server/src/cli';
import type * as BaselineModule from '../../server/src/format/baseline';
import type * as GithubModule from '../../server/src/format/github';

const REPO = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(rel: string): T => require(join(REPO, 'out', 'server', rel)) as T;
const { main } = load<typeof CliModule>('cli');
const { parseBaseline } = load<typeof BaselineModule>('format/baseline');
const { escapeData, escapeProperty } = load<typeof GithubModule>('format/github');
const DESIGN = readFileSync(join(REPO, 'test', 'fixtures', 'golden', 'taskflow', 'design.md'), 'utf8');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

interface JsonOut {
  files: { path: string; findings: { ruleId: string; note?: string; entity?: { name: string } }[]; suppressed: number }[];
}

function workspace(text = DESIGN): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-baseline-'));
  const file = join(dir, 'design.md');
  writeFileSync(file, text);
  return { dir, file };
}

describe('CLI baseline (--write-baseline / --baseline)', () => {
  it('records today\'s findings and then reports only new ones', async () => {
    const { dir, file } = workspace();
    const baseline = join(dir, 'faultline-baseline.json');
    const written = await run(['check', file, '--write-baseline', baseline, '--no-config']);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, /^Wrote \d+ findings from 1 file to the baseline/);
    const b = parseBaseline(readFileSync(baseline, 'utf8'));
    assert.ok(b.findings.length > 10);
    assert.ok(b.findings.every((e) => e.path === 'design.md'), 'paths are stored relative to the baseline file');
    assert.ok(b.findings.some((e) => e.rule === 'circuit-breaker' && e.subject === 'Slack API'));

    const same = await run(['check', file, '--baseline', baseline, '--no-config']);
    assert.equal(same.code, 0, same.stdout);
    assert.match(same.stdout, /No findings in 1 file/);
    assert.match(same.stderr, new RegExp(`${b.findings.length} findings already in the baseline .* are not reported`));

    // Moving text around does not make old findings new.
    writeFileSync(file, DESIGN.replace('## 2. Technology Stack', 'Inserted paragraph one.\n\nInserted paragraph two.\n\n## 2. Technology Stack'));
    const moved = await run(['check', file, '--baseline', baseline, '--no-config']);
    assert.equal(moved.code, 0, moved.stdout);

    // A new dependency is new.
    writeFileSync(file, DESIGN.replace('### 3.3 Data flows', 'The API service also charges cards through the Stripe API.\n\n### 3.3 Data flows'));
    const added = await run(['check', file, '--baseline', baseline, '--no-config', '--format', 'json']);
    assert.equal(added.code, 1, 'a new critical finding fails the gate');
    const out = JSON.parse(added.stdout) as JsonOut;
    assert.ok(out.files[0].findings.length > 0);
    assert.ok(out.files[0].findings.every((f) => f.entity?.name === 'Stripe' || !f.entity || !b.findings.some((e) => e.rule === f.ruleId && e.subject === f.entity!.name)));
    assert.ok(out.files[0].findings.some((f) => f.entity?.name === 'Stripe'));
  });

  it('matches from another working directory and counts fixed entries', async () => {
    const { dir, file } = workspace();
    const baseline = join(dir, 'base.json');
    await run(['check', file, '--write-baseline', baseline, '--no-config']);
    const cwd = process.cwd();
    try {
      process.chdir(tmpdir());
      writeFileSync(file, DESIGN.replace(/^.*Slack.*$/gm, ''));
      const r = await run(['check', file, '--baseline', baseline, '--no-config', '--fail-on', 'none']);
      assert.equal(r.code, 0);
      assert.match(r.stderr, /baseline entr(y no longer occurs|ies no longer occur)/);
    } finally {
      process.chdir(cwd);
    }
  });

  it('rejects a missing or malformed baseline with exit code 2', async () => {
    const { dir, file } = workspace();
    assert.equal((await run(['check', file, '--baseline', join(dir, 'nope.json'), '--no-config'])).code, 2);
    writeFileSync(join(dir, 'bad.json'), '{"findings": 3}');
    const bad = await run(['check', file, '--baseline', join(dir, 'bad.json'), '--no-config']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not a Faultline baseline/);
  });
});

describe('CLI accepted risks (faultline-accept … until=)', () => {
  it('hides an accepted risk until it expires, then reports it again with a note', async () => {
    const accept = (until: string) => `<!-- faultline-accept circuit-breaker:Slack API -- notifications are best effort; owner=@ops; until=${until} -->\n${DESIGN}`;
    const current = workspace(accept('2999-12-31'));
    const hidden = JSON.parse((await run(['check', current.file, '--format', 'json', '--no-config', '--fail-on', 'none'])).stdout) as JsonOut;
    assert.ok(!hidden.files[0].findings.some((f) => f.ruleId === 'circuit-breaker' && f.entity?.name === 'Slack API'));
    assert.ok(hidden.files[0].suppressed >= 1);

    const expired = workspace(accept('2020-01-01'));
    const shown = JSON.parse((await run(['check', expired.file, '--format', 'json', '--no-config', '--fail-on', 'none'])).stdout) as JsonOut;
    const f = shown.files[0].findings.find((x) => x.ruleId === 'circuit-breaker' && x.entity?.name === 'Slack API');
    assert.ok(f, 'the expired acceptance reports the finding again');
    assert.match(f.note ?? '', /expired on 2020-01-01.*@ops.*best effort/);

    const stylish = await run(['check', expired.file, '--no-config', '--fail-on', 'none']);
    assert.match(stylish.stdout, /No circuit breaker[^\n]*Slack API[^\n]*\[Accepted risk expired on 2020-01-01/);
    const md = await run(['check', expired.file, '--no-config', '--fail-on', 'none', '--format', 'markdown']);
    assert.match(md.stdout, /\*\*Note\*\*: Accepted risk expired on 2020-01-01/);
  });
});

describe('CLI --format github and markdown', () => {
  it('escapes workflow-command data and properties like actions/toolkit', () => {
    assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
    assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
  });

  it('emits one annotation per finding with 1-based positions and the tier mapping', async () => {
    const { file } = workspace();
    const r = await run(['check', file, '--format', 'github', '--no-config', '--fail-on', 'none']);
    const json = JSON.parse((await run(['check', file, '--format', 'json', '--no-config', '--fail-on', 'none'])).stdout) as {
      files: { findings: { severity: string; range: { start: { line: number; character: number } } }[] }[];
    };
    const lines = r.stdout.trim().split('\n').filter((l) => l.startsWith('::'));
    const findings = json.files[0].findings;
    assert.equal(lines.length, findings.length);
    const kind = { critical: 'error', significant: 'error', moderate: 'warning', minor: 'notice' } as Record<string, string>;
    findings.forEach((f, i) => {
      assert.match(lines[i], new RegExp(`^::${kind[f.severity]} file=[^,]*design\\.md,line=${f.range.start.line + 1},col=${f.range.start.character + 1},endLine=\\d+,endColumn=\\d+,title=[^:]+::`));
      assert.ok(!/[\r\n]/.test(lines[i].slice(2)), 'one line per annotation');
    });
    assert.match(r.stdout, /^Faultline: \d+ findings \(/m);
  });

  it('writes one report per file for several files', async () => {
    const a = workspace();
    const b = workspace(DESIGN.replace('TaskFlow – System Design Document', 'TaskFlow copy'));
    const r = await run(['check', a.file, b.file, '--format', 'markdown', '--no-config', '--fail-on', 'none']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.match(/^# Reliability design review: /gm)?.length, 2);
    assert.match(r.stdout, /\n---\n\n# Reliability design review: /);
  });
});
