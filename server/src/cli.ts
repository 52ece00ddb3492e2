import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { globSync } from 'tinyglobby';
import { analyze } from './core/analyze';
import { parseConfig, type FaultlineConfig } from './core/config';
import { SEVERITIES, type Problem, type Severity } from './core/types';
import { applyBaseline, createBaseline, parseBaseline, serializeBaseline } from './format/baseline';
import { formatGithub } from './format/github';
import { formatJson } from './format/json';
import { formatMarkdown, type ReportFileResult } from './format/markdown';
import { formatSarif } from './format/sarif';
import { formatStylish } from './format/stylish';
import { loadBuiltinCatalog, loadConfigFor } from './node/catalogLoader';

const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

const FORMATS = ['stylish', 'json', 'sarif', 'markdown', 'github'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: faultline check [options] <files|dirs|globs...>
       faultline lsp --stdio
       faultline rules

Reviews Markdown design documents for reliability gaps.

Options for check:
  -f, --format <name>     stylish (default), json, sarif, markdown (the full review
                          report), github (GitHub Actions annotations)
  --fail-on <severity>    exit 1 when a finding is at or above: critical (default),
                          significant, moderate, minor, or none
  -c, --config <file>     use this .faultline.yaml/.json instead of searching upward
  --no-config             ignore configuration files
  -o, --output <file>     write the report to a file instead of stdout
  --baseline <file>       report only findings that are not recorded in this baseline
  --write-baseline <file> record today's findings in a baseline file and exit 0
  --color / --no-color    force or disable colours (default: on a TTY)
  -h, --help              show this help
  -v, --version           print the version

Exit codes: 0 no finding at/above --fail-on, 1 findings at/above it, 2 usage or I/O error.
`;

/** Node adapter: parses arguments, reads files, runs the core, prints. Returns the exit code. */
export async function main(argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void; isTTY?: boolean } = defaultIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(HELP);
    return command ? 0 : 2;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (command === 'lsp') {
    // Loaded lazily so that `check` does not pay for the language server.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('./server') as { startServer: () => void }).startServer();
    return new Promise<number>(() => undefined);
  }
  if (command === 'rules') {
    const { catalog } = loadBuiltinCatalog();
    for (const r of catalog.rules) io.stdout(`${r.spec.id.padEnd(26)} ${r.spec.severity.padEnd(11)} ${r.spec.category.padEnd(24)} ${r.spec.title}\n`);
    return 0;
  }
  if (command !== 'check') {
    io.stderr(`faultline: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  return check(rest, io);
}

async function check(args: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void; isTTY?: boolean }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'stylish' },
        'fail-on': { type: 'string', default: 'critical' },
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.stderr(`faultline: ${(e as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    io.stderr(`faultline: unknown format "${values.format}" (use ${FORMATS.join(', ')})\n`);
    return 2;
  }
  const failOn = values['fail-on'] as Severity | 'none';
  if (failOn !== 'none' && !SEVERITIES.includes(failOn)) {
    io.stderr(`faultline: --fail-on must be one of ${SEVERITIES.join(', ')}, none\n`);
    return 2;
  }
  if (positionals.length === 0) {
    io.stderr('faultline: no input files; try `faultline check design.md`\n');
    return 2;
  }

  let ioError = false;
  const { catalog, problems: catalogProblems } = loadBuiltinCatalog();
  for (const p of catalogProblems) io.stderr(`faultline: ${p.source}: ${p.message}\n`);

  let fixedConfig: { config: FaultlineConfig; problems: Problem[] } | undefined;
  if (values.config) {
    try {
      fixedConfig = parseConfig(catalog, values.config, readFileSync(values.config, 'utf8'));
    } catch (e) {
      io.stderr(`faultline: cannot read config ${values.config}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    for (const p of fixedConfig.problems) io.stderr(`faultline: ${p.source}: ${p.message}\n`);
  }

  const files: string[] = [];
  for (const input of positionals) {
    const found = expand(input);
    if (found.length === 0) {
      io.stderr(`faultline: ${input}: no such file, directory or matching Markdown file\n`);
      ioError = true;
    }
    for (const f of found) if (!files.includes(f)) files.push(f);
  }

  let results: ReportFileResult[] = [];
  const reportedConfigs = new Set<string>();
  for (const file of files) {
    const display = relative(process.cwd(), file).split(sep).join('/') || file;
    const text = readText(file, display, io);
    if (text === undefined) {
      ioError = true;
      continue;
    }
    let config: FaultlineConfig = {};
    if (fixedConfig) config = fixedConfig.config;
    else if (!values['no-config']) {
      const found = loadConfigFor(file, { trusted: true, catalog });
      config = found.config;
      if (found.path && !reportedConfigs.has(found.path)) {
        reportedConfigs.add(found.path);
        for (const p of found.problems) io.stderr(`faultline: ${p.source}: ${p.message}\n`);
      }
    }
    try {
      const analysis = analyze(text, { catalog, config });
      results.push({ path: display, findings: analysis.findings, problems: analysis.problems, analysis, config });
    } catch (e) {
      io.stderr(`faultline: ${display}: analysis failed: ${(e as Error).message}\n`);
      ioError = true;
    }
  }

  // Baseline paths are stored relative to the baseline file, so CI may run from any folder.
  const baselinePath = (file: string) => (p: string) => relative(dirname(resolve(file)), resolve(p)).split(sep).join('/');
  if (values['write-baseline']) {
    const file = values['write-baseline'];
    const baseline = createBaseline(results, baselinePath(file));
    try {
      writeFileSync(file, serializeBaseline(baseline));
    } catch (e) {
      io.stderr(`faultline: cannot write baseline ${file}: ${(e as Error).message}\n`);
      return 2;
    }
    io.stdout(`Wrote ${baseline.findings.length} finding${baseline.findings.length === 1 ? '' : 's'} from ${results.length} file${results.length === 1 ? '' : 's'} to the baseline ${file}.\n`);
    return ioError ? 2 : 0;
  }
  if (values.baseline) {
    let text: string;
    try {
      text = readFileSync(values.baseline, 'utf8');
    } catch (e) {
      io.stderr(`faultline: cannot read baseline ${values.baseline}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    try {
      const outcome = applyBaseline(results, parseBaseline(text), baselinePath(values.baseline));
      results = outcome.results;
      io.stderr(`faultline: ${outcome.matched} finding${outcome.matched === 1 ? '' : 's'} already in the baseline ${values.baseline} ${outcome.matched === 1 ? 'is' : 'are'} not reported${outcome.stale ? `; ${outcome.stale} baseline entr${outcome.stale === 1 ? 'y no longer occurs' : 'ies no longer occur'} (re-run with --write-baseline to prune)` : ''}.\n`);
    } catch (e) {
      io.stderr(`faultline: ${values.baseline}: ${(e as Error).message}\n`);
      return 2;
    }
  }

  const color = values['no-color'] ? false : values.color ? true : !!io.isTTY && !process.env.NO_COLOR;
  const report =
    format === 'json' ? formatJson(results, catalog, VERSION)
    : format === 'sarif' ? formatSarif(results, catalog, VERSION)
    : format === 'markdown' ? formatMarkdown(results, catalog)
    : format === 'github' ? formatGithub(results, catalog)
    : formatStylish(results, color && !values.output);
  if (values.output) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('node:fs') as typeof import('node:fs')).writeFileSync(values.output, report);
    } catch (e) {
      io.stderr(`faultline: cannot write ${values.output}: ${(e as Error).message}\n`);
      return 2;
    }
  } else {
    io.stdout(report);
  }
  if (ioError) return 2;
  if (failOn === 'none') return 0;
  const threshold = SEVERITIES.indexOf(failOn);
  return results.some((r) => r.findings.some((f) => SEVERITIES.indexOf(f.severity) <= threshold)) ? 1 : 0;
}

const MARKDOWN = /\.(md|markdown|mdown|mkd)$/i;

/** A file, a directory (Markdown files below it) or a glob, as absolute paths. */
function expand(input: string): string[] {
  try {
    const st = statSync(input);
    if (st.isFile()) return [resolve(input)];
    if (st.isDirectory()) {
      return globSync(['**/*.{md,markdown,mdown,mkd}'], { cwd: input, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] }).sort();
    }
  } catch {
    // Not a path: try it as a glob below.
  }
  if (!/[*?[{]/.test(input)) return [];
  return globSync([input], { absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] })
    .filter((f) => MARKDOWN.test(f))
    .sort();
}

/** Reads UTF-8 text; binary or non-UTF-8 files get a clear message instead. */
function readText(file: string, display: string, io: { stderr: (s: string) => void }): string | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    io.stderr(`faultline: ${display}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    return undefined;
  }
  if (buf.subarray(0, 8192).includes(0)) {
    io.stderr(`faultline: ${display}: skipped, looks like a binary file\n`);
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    io.stderr(`faultline: ${display}: skipped, not valid UTF-8 text\n`);
    return undefined;
  }
}

function defaultIo() {
  return { stdout: (s: string) => void process.stdout.write(s), stderr: (s: string) => void process.stderr.write(s), isTTY: process.stdout.isTTY };
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`faultline: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
