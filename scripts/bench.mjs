#!/usr/bin/env node
// Times the analysis against markdown-it's bare parse of the same documents, in one process,
// interleaved so both see the same machine load. Target: analysis ≤ 2× the bare parse.
//
//   npm run bench                  corpus (../shared/corpus/real, else test/fixtures) + KEP 1040 + LSP latency
//   npm run bench -- --no-lsp      skip the language-server latency run
//   npm run bench -- --rounds 30   more rounds (default 20)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MarkdownIt = require('markdown-it');
const { analyze } = require(join(root, 'out/server/core/analyze.js'));
const { loadBuiltinCatalog } = require(join(root, 'out/server/node/catalogLoader.js'));

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 20;
const corpusDir = [join(root, '..', 'shared', 'corpus', 'real'), join(root, 'test', 'fixtures', 'corpus')].find(existsSync);
const KEP = 'keps__sig-api-machinery__1040-priority-and-fairness__README.md';

function markdownFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...markdownFiles(p));
    else if (name.endsWith('.md') && name !== 'README.md') out.push(p);
  }
  return out.sort();
}

const docs = markdownFiles(corpusDir).map((p) => ({ path: p, text: readFileSync(p, 'utf8') }));
const kep = docs.find((d) => d.path.endsWith(KEP));
const { catalog } = loadBuiltinCatalog();
const md = new MarkdownIt({ html: true });

function time(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** Median over rounds of (parse, analyze) for a set of documents, interleaved per round. */
function measure(set) {
  const parse = [];
  const analysis = [];
  for (let i = 0; i < 3; i++) {
    for (const d of set) {
      md.parse(d.text, {});
      analyze(d.text, { catalog });
    }
  }
  for (let r = 0; r < rounds; r++) {
    parse.push(time(() => set.forEach((d) => md.parse(d.text, {}))));
    analysis.push(time(() => set.forEach((d) => analyze(d.text, { catalog }))));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { parse: median(parse), analysis: median(analysis) };
}

const lines = (set) => set.reduce((n, d) => n + d.text.split('\n').length, 0);
console.log(`Faultline benchmark — ${rounds} rounds, median, Node ${process.version}`);
const rows = [
  [`corpus (${docs.length} documents, ${lines(docs)} lines)`, measure(docs)],
  ...(kep ? [[`KEP 1040 (${lines([kep])} lines)`, measure([kep])]] : []),
];
let worst = 0;
for (const [name, r] of rows) {
  const ratio = r.analysis / r.parse;
  worst = Math.max(worst, ratio);
  console.log(`${name.padEnd(44)} markdown-it parse ${r.parse.toFixed(2).padStart(8)} ms   analysis ${r.analysis.toFixed(2).padStart(8)} ms   ratio ${ratio.toFixed(2)}×`);
}
console.log(`analysis / parse ratio: ${worst.toFixed(2)}× (target ≤ 2×) — ${worst <= 2 ? 'OK' : 'OVER TARGET'}`);

if (!args.includes('--no-lsp') && existsSync(join(root, 'scripts', 'bench-lsp.mjs')) && kep) {
  console.log('');
  // The LSP run uses the bundled server: a bundle older than the compiled sources measures old code.
  const bundle = join(root, 'dist', 'server.js');
  const compiled = join(root, 'out', 'server', 'server.js');
  if (!existsSync(bundle)) console.log('dist/server.js is missing: run `npm run build` first.');
  else if (existsSync(compiled) && statSync(bundle).mtimeMs < statSync(compiled).mtimeMs) console.log('warning: dist/server.js is older than out/server: run `npm run build` to measure the current code.');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'bench-lsp.mjs'), kep.path], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
