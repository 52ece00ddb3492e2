import { matchEntities } from '../rules/subjects';
import type { Entity, MechanismHit } from '../types';
import type { ReportContext } from './context';
import type { ReportIssue } from './issues';
import type { PracticeHit } from './practices';
import type { CategoryReadiness } from './readiness';
import { esc, fillText, joinNames, quote, sectionShort } from './text';

/** Positive aspects: checks the design meets, redundancy it states, practices and targets. */
export function renderPositives(ctx: ReportContext, ready: CategoryReadiness[], practices: PracticeHit[]): string[] {
  const { doc, structure, findings } = ctx.analysis;
  const where = (m: { section: number; range: { start: { line: number } } }) => `${sectionShort(doc.sections[m.section]?.title)}, line ${m.range.start.line + 1}`;
  /** The sentences that carry the evidence, at most `max` distinct ones. */
  const evidence = (list: MechanismHit[], max = 2) => {
    const units = new Set<number>();
    const out: string[] = [];
    for (const m of list) {
      if (units.has(m.unit) || out.length >= max) continue;
      units.add(m.unit);
      out.push(`${esc(m.label)}: ${quote(doc.units[m.unit]?.text ?? m.text, 120)} (${where(m)})`);
    }
    return out.join('; ');
  };
  const out: string[] = [];
  for (const row of ready) {
    for (const rule of row.met) {
      const hits = structure.mechanisms.filter((m) => m.ruleId === rule.spec.id);
      out.push(`- **${esc(rule.spec.title)}** — check met${hits.length ? `. ${evidence(hits)}` : ''}.`);
    }
  }
  // A per-entity rule with findings for some entities may already be met for others.
  const flaggedByRule = new Map<string, Set<string>>();
  for (const f of findings) if (f.entity) flaggedByRule.set(f.ruleId, new Set([...(flaggedByRule.get(f.ruleId) ?? []), f.entity.id]));
  for (const [ruleId, flagged] of flaggedByRule) {
    const rule = ctx.catalog.byId.get(ruleId);
    if (!rule) continue;
    const hits = structure.mechanisms.filter((m) => m.ruleId === ruleId);
    let subjects: Entity[] = [];
    try {
      subjects = matchEntities(doc, structure, rule.trigger);
    } catch {
      subjects = [];
    }
    const parts: string[] = [];
    for (const e of subjects) {
      if (flagged.has(e.id)) continue;
      const mine = hits.filter((m) => m.covers.includes(e.id));
      if (mine.length === 0) continue;
      const named = mine.filter((m) => e.mentions.some((x) => x.unit === m.unit));
      parts.push(`${esc(e.name)} (${evidence(named.length ? named : mine, 1)})`);
    }
    if (parts.length) out.push(`- **${esc(rule.spec.title)}** — already covered for ${parts.join(', ')}.`);
  }
  const byPractice = new Map<string, PracticeHit[]>();
  for (const p of practices) byPractice.set(p.label, [...(byPractice.get(p.label) ?? []), p]);
  for (const [label, hits] of byPractice) {
    out.push(`- **${esc(label)}** — ${esc(hits[0].why)}: ${hits.map((h) => `${quote(doc.units[h.unit]?.text ?? h.text, 120)} (${where(h)})`).slice(0, 2).join('; ')}.`);
  }
  const targets = structure.targets.filter((t) => ['availability', 'rpo', 'rto'].includes(t.kind));
  if (targets.length) {
    out.push(`- **Explicit targets** — ${targets.map((t) => `${esc(t.text)} (${sectionShort(doc.sections[doc.lineSection[t.range.start.line]]?.title)})`).join(', ')}: the rest of the review can be measured against them.`);
  }
  return out.length ? out : ['- No reliability mechanism was recognised in the text yet.'];
}

/** Readiness per category ("Fault Recovery: 2 of 6 checks met") as a table. */
export function renderReadiness(ready: CategoryReadiness[], issues: ReportIssue[]): string[] {
  const out = ['| Category | Checks met | Open issues | Not applicable |', '|---|---|---|---|'];
  let met = 0;
  let applicable = 0;
  for (const row of ready) {
    met += row.met.length;
    applicable += row.applicable.length;
    const open = issues.filter((i) => i.category === row.category).map((i) => i.id);
    const na = row.notApplicable.map((r) => r.spec.id);
    const score = row.applicable.length ? `${row.met.length} of ${row.applicable.length}` : 'no applicable check';
    out.push(`| ${esc(row.title)} | ${score} | ${open.join(', ') || '—'} | ${na.length ? esc(na.join(', ')) : '—'} |`);
  }
  out.push('', `**Overall**: ${met} of ${applicable} applicable checks met.`);
  return out;
}

/** Prioritised actions: critical issues first, then significant, then the rest. */
export function renderActions(issues: ReportIssue[]): string[] {
  const action = (i: ReportIssue) => {
    const spec = i.rule?.spec;
    const names = joinNames(i.subjects.map(esc));
    const title = spec ? fillText(spec.fix.title, names || 'the design', '') : i.findings[0].message;
    return `${title} (${i.id})`;
  };
  const tiers: [string, ReportIssue[]][] = [
    ['Immediate (critical, before launch)', issues.filter((i) => i.severity === 'critical')],
    ['Next (significant)', issues.filter((i) => i.severity === 'significant')],
    ['Then (moderate and minor)', issues.filter((i) => i.severity === 'moderate' || i.severity === 'minor')],
  ];
  const out: string[] = [];
  let n = 0;
  for (const [label, list] of tiers) {
    if (list.length === 0) continue;
    out.push(`**${label}**`, '');
    for (const i of list) out.push(`${++n}. ${action(i)}`);
    out.push('');
  }
  return out.length ? out : ['No open issues: nothing to prioritise.', ''];
}
