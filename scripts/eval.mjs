#!/usr/bin/env node
// Scores the analyzer against designs with expected findings (expected.yaml: must_flag / must_not_flag):
// recall, false positives and anchor accuracy, per document and in total.
//
//   npm run eval                 ../shared/golden + test/fixtures/designs
//   npm run eval -- --verbose    also list misses, false positives and misplaced anchors
//   npm run eval -- DIR…         only these folders (each holding expected*.yaml next to the design)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { parse } = require('yaml');
const { analyze } = require(join(root, 'out/server/core/analyze.js'));
const { loadBuiltinCatalog } = require(join(root, 'out/server/node/catalogLoader.js'));

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v');
const dirs = args.filter((a) => !a.startsWith('-'));
const roots = dirs.length ? dirs : [join(root, '..', 'shared', 'golden'), join(root, 'test', 'fixtures', 'designs')];

/** Every expected*.yaml below the given folders. */
function cases() {
  const out = [];
  const visit = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, name.name);
      if (name.isDirectory()) visit(p);
      else if (/^expected.*\.ya?ml$/.test(name.name)) out.push(p);
    }
  };
  roots.forEach(visit);
  return out.sort();
}

const norm = (s) => String(s ?? '').toLowerCase().replace(/[^a-z0-9\u3040-\u30ff\u3400-\u9fff{}/]+/g, ' ').trim();
function namesEntity(finding, entry) {
  if (!entry.entity) return true;
  const want = [entry.entity, ...(entry.aliases ?? [])].map(norm).filter(Boolean);
  const have = finding.entity ? [finding.entity.name, ...finding.entity.aliases].map(norm).filter(Boolean) : [];
  // The finding's entity (or one of its aliases) contains the expected name or an expected alias.
  return have.some((h) => want.some((w) => h === w || (w.length >= 3 && h.includes(w))));
}

const { catalog, problems } = loadBuiltinCatalog();
for (const p of problems) console.error(`catalog: ${p.source}: ${p.message}`);

const total = { must: 0, hit: 0, anchored: 0, hits: 0, mustNot: 0, fp: 0 };
const rows = [];
for (const file of cases()) {
  const expected = parse(readFileSync(file, 'utf8'));
  const docPath = join(dirname(file), expected.doc);
  const text = readFileSync(docPath, 'utf8');
  const lines = text.split('\n');
  const { findings } = analyze(text, { catalog, today: '2026-11-22' });
  let hit = 0;
  let anchored = 0;
  const misses = [];
  const misplaced = [];
  for (const e of expected.must_flag ?? []) {
    const matching = findings.filter((f) => f.ruleId === e.rule && namesEntity(f, e));
    if (matching.length === 0) {
      misses.push(`${e.rule}${e.entity ? ` (${e.entity})` : ''}`);
      continue;
    }
    hit++;
    if (!e.line_hint || matching.some((f) => (lines[f.range.start.line] ?? '').includes(e.line_hint))) anchored++;
    else misplaced.push(`${e.rule}${e.entity ? ` (${e.entity})` : ''}: want "${e.line_hint}", got line ${matching[0].range.start.line + 1}: ${lines[matching[0].range.start.line].trim().slice(0, 80)}`);
  }
  const fps = [];
  for (const e of expected.must_not_flag ?? []) {
    const bad = findings.filter((f) => f.ruleId === e.rule && namesEntity(f, e));
    if (bad.length) fps.push(`${e.rule}${e.entity ? ` (${e.entity})` : ''} at line ${bad[0].range.start.line + 1}`);
  }
  const must = (expected.must_flag ?? []).length;
  const mustNot = (expected.must_not_flag ?? []).length;
  Object.assign(total, { must: total.must + must, hit: total.hit + hit, anchored: total.anchored + anchored, hits: total.hits + hit, mustNot: total.mustNot + mustNot, fp: total.fp + fps.length });
  const name = file.replace(`${root}/`, '').replace(/^\.\.\/shared\//, '').replace(join(root, '..', 'shared') + '/', '');
  rows.push({ name, must, hit, anchored, fp: fps.length, mustNot, findings: findings.length, misses, fps, misplaced });
}

const pct = (a, b) => (b === 0 ? '  -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
console.log(`${'document'.padEnd(58)} recall   anchors  false+  findings`);
for (const r of rows) {
  console.log(`${r.name.padEnd(58)} ${pct(r.hit, r.must)} ${pct(r.anchored, r.hit)}  ${String(r.fp).padStart(2)}/${String(r.mustNot).padEnd(3)} ${String(r.findings).padStart(5)}`);
  if (verbose) {
    for (const m of r.misses) console.log(`    miss      ${m}`);
    for (const m of r.fps) console.log(`    false+    ${m}`);
    for (const m of r.misplaced) console.log(`    anchor    ${m}`);
  }
}
console.log(`${'TOTAL'.padEnd(58)} ${pct(total.hit, total.must)} ${pct(total.anchored, total.hits)}  ${String(total.fp).padStart(2)}/${String(total.mustNot).padEnd(3)}`);
console.log(`recall ${total.hit}/${total.must}, anchors ${total.anchored}/${total.hits}, false positives ${total.fp}/${total.mustNot}`);
