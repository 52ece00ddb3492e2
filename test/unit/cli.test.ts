import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinCatalog, FIXTURES, main } from './helpers/core';

/**
 * The CLI as a function: `main(argv, io)` returns the exit code. Each format parses, exit codes
 * follow --fail-on (0 / 1) and usage or I/O errors (2), and bad inputs are reported on stderr
 * while the remaining files are still checked.
 */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let root: string;

async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTTY: false });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

interface JsonReport {
  tool: { name: string; rules: number };
  files: {
    path: string;
    findings: { ruleId: string; severity: string; range: { start: { line: number; character: number } }; entity?: { name: string } }[];
    structure: { external: { name: string }[]; stores: { name: string }[] };
    problems: unknown[];
  }[];
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri: string; shortDescription: { text: string }; properties: { category: string; severity: string } }[] } };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
      properties: { severity: string; category: string; entity?: string };
    }[];
  }[];
}

describe('CLI', () => {
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
    cpSync(join(FIXTURES, 'cli'), root, { recursive: true });
    writeFileSync(join(root, 'image.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    writeFileSync(join(root, 'latin1.md'), Buffer.from('# R\xe9sum\xe9\n\nCaf\xe9 design.\n', 'latin1'));
    writeFileSync(join(root, 'bom.md'), '\uFEFF' + readFileSync(join(root, 'gaps.md'), 'utf8'));
    writeFileSync(join(root, 'broken.faultline.yaml'), 'rules:\n  circuit-breaker: loud\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  describe('formats', () => {
    it('stylish groups findings under the file with line:col, severity and rule id, without colour off a TTY', async () => {
      const r = await run('check', 'gaps.md');
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^gaps\.md$/m);
      assert.match(r.stdout, /^\s+5:\d+\s+critical\s+.*Slack API.*\s+circuit-breaker$/m);
      assert.match(r.stdout, /✖ \d+ findings? \(\d+ critical/);
      assert.doesNotMatch(r.stdout, /\x1b\[/);
      assert.equal(r.stderr, '');
    });

    it('json parses and carries findings and the structure of each file', async () => {
      const r = await run('check', '--format', 'json', 'gaps.md', 'clean.md');
      const report = JSON.parse(r.stdout) as JsonReport;
      assert.equal(report.tool.name, 'faultline');
      assert.equal(report.tool.rules, builtinCatalog().rules.length);
      assert.deepEqual(report.files.map((f) => f.path), ['gaps.md', 'clean.md']);
      const gaps = report.files[0];
      assert.ok(gaps.findings.some((f) => f.ruleId === 'circuit-breaker' && f.entity?.name === 'Slack API' && f.range.start.line === 4));
      assert.deepEqual(gaps.structure.external.map((e) => e.name), ['Slack API']);
      assert.deepEqual(gaps.structure.stores.map((e) => e.name), ['PostgreSQL']);
      assert.deepEqual(gaps.problems, []);
    });

    it('sarif is SARIF 2.1.0 with every rule described and 1-based regions that match the json output', async () => {
      const sarif = JSON.parse((await run('check', '-f', 'sarif', 'gaps.md')).stdout) as SarifLog;
      const json = JSON.parse((await run('check', '-f', 'json', 'gaps.md')).stdout) as JsonReport;
      assert.equal(sarif.version, '2.1.0');
      const { driver } = sarif.runs[0].tool;
      assert.deepEqual(driver.rules.map((r) => r.id).sort(), builtinCatalog().rules.map((r) => r.spec.id).sort());
      for (const rule of driver.rules) {
        assert.match(rule.helpUri, /^https?:\/\//, rule.id);
        assert.ok(rule.shortDescription.text && rule.properties.category && rule.properties.severity, rule.id);
      }
      const results = sarif.runs[0].results;
      assert.equal(results.length, json.files[0].findings.length);
      const cb = results.find((x) => x.ruleId === 'circuit-breaker')!;
      const f = json.files[0].findings.find((x) => x.ruleId === 'circuit-breaker')!;
      const region = cb.locations[0].physicalLocation.region;
      assert.equal(region.startLine, f.range.start.line + 1);
      assert.equal(region.startColumn, f.range.start.character + 1);
      assert.equal(cb.locations[0].physicalLocation.artifactLocation.uri, 'gaps.md');
      assert.equal(cb.level, 'error');
      assert.deepEqual(cb.properties, { severity: 'critical', category: 'failure-isolation', entity: 'Slack API' });
      const doc = results.find((x) => x.ruleId === 'runbooks');
      assert.ok(doc && doc.properties.entity === undefined && doc.level === 'warning', 'document findings carry no entity; moderate is a warning');
    });

    it('--output writes the report to a file instead of stdout', async () => {
      const r = await run('check', '-f', 'json', '-o', 'report.json', 'gaps.md');
      assert.equal(r.stdout, '');
      assert.equal((JSON.parse(readFileSync(join(root, 'report.json'), 'utf8')) as JsonReport).files.length, 1);
    });
  });

  describe('exit codes', () => {
    it('0 when nothing is at or above --fail-on (default critical)', async () => {
      assert.equal((await run('check', 'clean.md')).code, 0);
    });

    it('1 when a finding is at or above --fail-on', async () => {
      assert.equal((await run('check', 'gaps.md')).code, 1);
      assert.equal((await run('check', '--fail-on', 'minor', 'clean.md')).code, 1);
    });

    it('0 with --fail-on none even when there are critical findings', async () => {
      assert.equal((await run('check', '--fail-on', 'none', 'gaps.md')).code, 0);
    });

    it('2 on usage errors, with a message on stderr', async () => {
      for (const argv of [['check'], ['check', '--format', 'xml', 'gaps.md'], ['check', '--fail-on', 'loud', 'gaps.md'], ['check', '--bogus', 'gaps.md'], ['frobnicate'], []]) {
        const r = await run(...argv);
        assert.equal(r.code, 2, `faultline ${argv.join(' ')}`);
        assert.ok(r.stderr.length > 0 || argv.length === 0, `faultline ${argv.join(' ')}: nothing on stderr`);
      }
    });

    it('--help and --version exit 0', async () => {
      assert.equal((await run('--version')).code, 0);
      const help = await run('check', '--help');
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--fail-on/);
    });
  });

  describe('inputs', () => {
    it('a missing path is reported on stderr, the other files are still checked, and the exit code is 2', async () => {
      const r = await run('check', '-f', 'json', 'nope.md', 'gaps.md');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /nope\.md/);
      assert.deepEqual((JSON.parse(r.stdout) as JsonReport).files.map((f) => f.path), ['gaps.md']);
    });

    it('a directory expands to the Markdown files below it and skips other files', async () => {
      const r = await run('check', '-f', 'json', 'docs');
      assert.equal(r.stderr, '');
      assert.deepEqual((JSON.parse(r.stdout) as JsonReport).files.map((f) => f.path).sort(), ['docs/chat/design.markdown', 'docs/orders/design.md']);
    });

    it('a glob expands to the matching Markdown files', async () => {
      const r = await run('check', '-f', 'json', 'docs/**/*.md');
      assert.deepEqual((JSON.parse(r.stdout) as JsonReport).files.map((f) => f.path), ['docs/orders/design.md']);
    });

    it('a glob that matches nothing is reported', async () => {
      const r = await run('check', '-f', 'json', 'nothing/**/*.md', 'gaps.md');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /nothing\/\*\*\/\*\.md/);
    });

    it('a binary file is skipped with a message and the others are checked', async () => {
      const r = await run('check', '-f', 'json', 'image.md', 'gaps.md');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /image\.md.*binary/);
      assert.deepEqual((JSON.parse(r.stdout) as JsonReport).files.map((f) => f.path), ['gaps.md']);
    });

    it('a non-UTF-8 file is skipped with a message and the others are checked', async () => {
      const r = await run('check', '-f', 'json', 'latin1.md', 'gaps.md');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /latin1\.md.*UTF-8/);
      assert.deepEqual((JSON.parse(r.stdout) as JsonReport).files.map((f) => f.path), ['gaps.md']);
    });

    it('a UTF-8 byte-order mark does not shift positions', async () => {
      const bom = JSON.parse((await run('check', '-f', 'json', 'bom.md')).stdout) as JsonReport;
      const plain = JSON.parse((await run('check', '-f', 'json', 'gaps.md')).stdout) as JsonReport;
      assert.deepEqual(bom.files[0].findings.map((f) => [f.ruleId, f.range]), plain.files[0].findings.map((f) => [f.ruleId, f.range]));
    });

    it('a malformed --config is reported with file and key, and the defaults still run', async () => {
      const r = await run('check', '-f', 'json', '-c', 'broken.faultline.yaml', 'gaps.md');
      assert.match(r.stderr, /broken\.faultline\.yaml.*rules\.circuit-breaker/);
      assert.ok((JSON.parse(r.stdout) as JsonReport).files[0].findings.some((f) => f.ruleId === 'circuit-breaker'));
    });

    it('a missing --config file is an I/O error', async () => {
      const r = await run('check', '-c', 'missing.yaml', 'gaps.md');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /missing\.yaml/);
      assert.ok(!existsSync(join(root, 'missing.yaml')));
    });
  });
});
