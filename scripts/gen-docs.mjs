#!/usr/bin/env node
// Generates the rule documentation from the catalog: docs/rules/<id>.md for every rule in
// rules/catalog/*.yaml and docs/rules/README.md as the index. The rule file is the source of
// truth; these pages are never edited by hand.
//
//   npm run docs          write the pages (and delete pages of removed rules)
//   npm run docs:check    exit 1 when a page is missing, stale or left over
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { parse } = require('yaml');
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const catalogDir = join(root, 'rules', 'catalog');
const outDir = join(root, 'docs', 'rules');

// Category titles and severity order come from the core (built by `npm run build`).
const { CATEGORY_TITLES: CATEGORIES, SEVERITIES } = require(join(root, 'out', 'server', 'core', 'types.js'));
const { splitTop } = require(join(root, 'out', 'server', 'core', 'text', 'gatedRegex.js'));
const GROUPS = { component: 'services or components', store: 'data stores', messaging: 'queues, streams or topics', external: 'third-party APIs' };
const HEADER = (id) => `<!-- Generated from rules/catalog/${id}.yaml by scripts/gen-docs.mjs. Do not edit: run \`npm run docs\`. -->`;

/** Best-effort plain-language rendering of a catalog pattern; undefined when it stays regex-like. */
export function readable(pattern) {
  let s = pattern.replace(/\\b/g, '').replace(/\(\?:/g, '(').replace(/\\\./g, '.').replace(/\\-/g, '-').replace(/\\\//g, '/');
  s = s.replace(/\[([- _]+)\]\?/g, ' ').replace(/\[([- _]+)\]/g, ' ');
  s = s.replace(/ \?/g, ' ').replace(/-\?/g, '-');
  s = s.replace(/\.\{0,\d+\}/g, ' … ');
  for (let i = 0; i < 4; i++) {
    s = s.replace(/\(([^()]*)\)\?/g, (_, inner) => `[${inner.split('|').map((x) => x.trim()).join(' / ')}]${/\s$/.test(inner) ? ' ' : ''}`);
    s = s.replace(/\(([^()]*)\)/g, (_, inner) => (inner.includes('|') ? `{${inner.split('|').join(' / ')}}` : inner));
  }
  s = s.replace(/([A-Za-z])\?/g, '($1)');
  s = s.replace(/\s+/g, ' ').trim();
  return /[\\^$*+[\]]|\(\?|\?/.test(s.replace(/\[[^\]]*\]/g, '')) ? undefined : s;
}


function patternList(patterns) {
  return patterns.flatMap(splitTop).map((p) => {
    const r = readable(p);
    return r ?? `\`${p.replace(/`/g, 'ˋ')}\``;
  });
}

function selectorText(sel) {
  const parts = [];
  const min = sel.minCount && sel.minCount > 1 ? `at least ${sel.minCount} ` : '';
  if (sel.groups?.length) parts.push(`${min}${sel.groups.map((g) => GROUPS[g] ?? g).join(' or ')}`);
  else parts.push(`${min}entities`);
  if (sel.kinds?.length) parts.push(`of kind ${sel.kinds.map((k) => `\`${k}\``).join(', ')}`);
  if (sel.domains?.length) parts.push(`in the domain ${sel.domains.map((d) => `\`${d}\``).join(', ')}`);
  if (sel.excludeKinds?.length) parts.push(`(except ${sel.excludeKinds.map((k) => `\`${k}\``).join(', ')})`);
  if (sel.context?.length) parts.push(`mentioned together with ${patternList(sel.context).slice(0, 6).join(', ')}`);
  return parts.join(' ');
}

/** The trigger as a list of conditions in words. */
function triggerLines(t) {
  const arr = (x) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
  const lines = [];
  if (t.always) lines.push('every design document');
  for (const sel of arr(t.entities)) lines.push(`the design names ${selectorText(sel)}`);
  if (t.endpoints) lines.push(`the API has ${t.endpoints.methods.join('/')} endpoints${t.endpoints.excludePaths?.length ? ` (not counting paths like ${patternList(t.endpoints.excludePaths).join(', ')})` : ''}`);
  for (const f of arr(t.flows)) lines.push(`a data flow passes through ${f.stages.map((st) => st.map((x) => `\`${x}\``).join(' or ')).join(', then ')}`);
  if (t.targets?.length) lines.push(`the design states a ${t.targets.join(', ')} target`);
  if (t.phrases?.length) {
    const list = patternList(t.phrases);
    lines.push(`the text mentions ${list.slice(0, 10).join(', ')}${list.length > 10 ? ` (and ${list.length - 10} more phrases)` : ''}`);
  }
  const req = (t.require ?? []).map((r) => triggerLines(r).any.join(' or '));
  return { any: lines, all: req };
}

/** A neutral stand-in for {entity}, chosen from what the rule is about. */
function genericEntity(rule) {
  const t = rule.trigger;
  const sel = (Array.isArray(t.entities) ? t.entities[0] : t.entities) ?? {};
  if (t.flows) return 'the checkout flow';
  if (t.endpoints && !t.entities) return 'the orders endpoints';
  const kinds = sel.kinds ?? [];
  if (kinds.includes('cache')) return 'the cache';
  if (kinds.some((k) => /db|key-value|wide-column|time-series/.test(k))) return 'the orders database';
  if (kinds.includes('queue') || kinds.includes('stream') || sel.groups?.includes('messaging')) return 'the orders queue';
  if (kinds.includes('realtime') || kinds.includes('pubsub')) return 'the notification channel';
  if (kinds.includes('load-balancer') || kinds.includes('api-gateway')) return 'the load balancer';
  if (sel.groups?.includes('external')) return 'the payment API';
  return 'the service';
}

const fill = (s, entity) => s.replace(/\{entity\}/g, entity).replace(/\{trigger\}/g, 'the triggering text').replace(/(^|[.!?]\s+)([a-z])/g, (_, a, c) => a + c.toUpperCase());
const fence = (lang, text) => {
  const ticks = /```/.test(text) ? '````' : '```';
  return `${ticks}${lang}\n${text.replace(/\s+$/, '')}\n${ticks}`;
};

function rulePage(rule) {
  const entity = genericEntity(rule);
  const trig = triggerLines(rule.trigger);
  const out = [HEADER(rule.id), '', `# ${rule.title}`, ''];
  out.push(`\`${rule.id}\` · ${CATEGORIES[rule.category] ?? rule.category} · default severity **${rule.severity}** · ${rule.scope === 'per-entity' ? 'checked per entity' : 'checked once per document'}`, '');
  out.push('## What it checks', '', rule.summary, '');
  out.push('It applies when any of these holds:', '', ...trig.any.map((l) => `- ${l}`), '');
  if (trig.all.length) out.push('and also:', '', ...trig.all.map((l) => `- ${l}`), '');
  if (rule.escalate?.length) {
    out.push('Severity is raised for:', '');
    for (const e of rule.escalate) out.push(`- ${[...(e.domains ?? []).map((d) => `domain \`${d}\``), ...(e.kinds ?? []).map((k) => `kind \`${k}\``)].join(', ')} → **${e.severity}**`);
    out.push('');
  }
  out.push('## Why it matters', '', `Told for ${entity}:`, '', `**Failure scenario.** ${fill(rule.scenario.trim(), entity)}`, '', `**Operational impact.** ${fill(rule.impact.trim(), entity)}`, '');
  out.push('## What counts as evidence', '');
  out.push(
    rule.evidence.length > 1 ? 'The design is covered when it describes **all** of the following:' : 'The design is covered when it describes the following:',
    '',
    '| Evidence | Phrases that count | Only together with |',
    '|---|---|---|',
  );
  for (const ev of rule.evidence) {
    const cell = (list) => list.join(', ').replace(/\|/g, '\\|');
    out.push(`| ${ev.label} | ${cell(patternList(ev.patterns))} | ${ev.qualifiers ? cell(patternList(ev.qualifiers)) : '—'} |`);
  }
  out.push(
    '',
    'Matching ignores case; `(s)` marks an optional letter, `[…]` an optional part and `{a / b}` alternatives. ' +
      'A phrase that is negated or left open in its clause ("no circuit breaker", "retry policy: TBD") does not count, ' +
      (rule.scope === 'per-entity'
        ? 'and for each entity only evidence in text that speaks about that entity (or about its whole group) counts.'
        : 'and text in "Alternatives" or "Out of scope" sections is ignored.'),
    '',
  );
  if (rule.examples) {
    out.push('## Examples', '', 'Reported:', '', fence('markdown', rule.examples.fires), '', 'Not reported:', '', fence('markdown', rule.examples.silent), '');
  }
  out.push('## How to fix', '', ...rule.countermeasures.map((c, i) => `${i + 1}. ${fill(c, entity)}`), '');
  out.push(`The quick fix **${fill(rule.fix.title, entity)}** inserts this text into the ${rule.fix.sections.map((s) => `\`${s}\``).join(' or ')} section:`, '', fence('markdown', rule.fix.template.replace(/\{entity\}/g, entity)), '');
  const target = rule.scope === 'per-entity' ? `${rule.id}:Entity name` : rule.id;
  out.push(
    '## Suppressing it',
    '',
    'When the design deliberately accepts the risk, record it next to the text, with a reason:',
    '',
    fence(
      'markdown',
      [
        `<!-- faultline-disable-next-line ${target} -- reason -->`,
        `<!-- faultline-accept ${target} -- reason; owner=@team; until=2027-03-01 -->`,
        `<!-- faultline-disable ${rule.id} -- reason -->   (until <!-- faultline-enable ${rule.id} --> or the end of the file)`,
      ].join('\n'),
    ),
    '',
    'An accepted risk (`faultline-accept`) hides the finding until its `until` date; after that the finding is reported again with a note. ' +
      `To turn the rule off for a whole repository, set \`rules: { ${rule.id}: off }\` in \`.faultline.yaml\` (or re-tier it with a severity instead of \`off\`).`,
    '',
  );
  return out.join('\n');
}

function indexPage(rules) {
  const out = ['<!-- Generated from rules/catalog by scripts/gen-docs.mjs. Do not edit: run `npm run docs`. -->', '', '# Faultline rules', ''];
  out.push(`${rules.length} checks in ${Object.keys(CATEGORIES).filter((c) => rules.some((r) => r.category === c)).length} categories. Each page says what the rule checks, why, what counts as evidence, examples, the fix and how to suppress it.`, '');
  for (const [cat, title] of Object.entries(CATEGORIES)) {
    const list = rules.filter((r) => r.category === cat).sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.id.localeCompare(b.id));
    if (list.length === 0) continue;
    out.push(`## ${title}`, '', '| Rule | Checks | Severity | Scope |', '|---|---|---|---|');
    for (const r of list) out.push(`| [${r.id}](${r.id}.md) | ${r.title} | ${r.severity} | ${r.scope} |`);
    out.push('');
  }
  out.push(
    '## Suppressions and accepted risks',
    '',
    fence(
      'markdown',
      [
        '<!-- faultline-disable-next-line rule-id[:Entity] -- reason -->',
        '<!-- faultline-disable rule-id -- reason -->  …  <!-- faultline-enable rule-id -->',
        '<!-- faultline-accept rule-id:Entity -- reason; owner=@x; until=YYYY-MM-DD -->',
      ].join('\n'),
    ),
    '',
    'An expired acceptance reports the finding again, with a note naming the date, owner and reason. ' +
      'For CI gates that should only fail on new findings, see `faultline check --baseline` in [examples/ci](../../examples/ci/README.md).',
    '',
  );
  return out.join('\n');
}

function loadRules() {
  return readdirSync(catalogDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => parse(readFileSync(join(catalogDir, f), 'utf8')))
    .filter((r) => r && typeof r.id === 'string');
}

/** Every generated page: file name → content. */
export function generate() {
  const rules = loadRules();
  const pages = new Map(rules.map((r) => [`${r.id}.md`, rulePage(r)]));
  pages.set('README.md', indexPage(rules));
  return pages;
}

function main() {
  const check = process.argv.includes('--check');
  const pages = generate();
  const existing = existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('.md')) : [];
  const problems = [];
  if (!check) mkdirSync(outDir, { recursive: true });
  for (const [name, content] of pages) {
    const p = join(outDir, name);
    const current = existsSync(p) ? readFileSync(p, 'utf8') : undefined;
    if (current === content) continue;
    if (check) problems.push(`${current === undefined ? 'missing' : 'stale'}: docs/rules/${name}`);
    else writeFileSync(p, content);
  }
  for (const name of existing) {
    if (pages.has(name)) continue;
    const text = readFileSync(join(outDir, name), 'utf8');
    if (!text.startsWith('<!-- Generated')) continue;
    if (check) problems.push(`left over (its rule is gone): docs/rules/${name}`);
    else unlinkSync(join(outDir, name));
  }
  if (check) {
    if (problems.length) {
      console.error(`Rule documentation is out of date; run \`npm run docs\`.\n${problems.map((p) => `  ${p}`).join('\n')}`);
      process.exit(1);
    }
    console.log(`docs/rules is up to date (${pages.size} pages).`);
  } else {
    console.log(`Wrote docs/rules (${pages.size} pages).`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
