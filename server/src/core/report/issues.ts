import type { CompiledRule } from '../rules/catalog';
import { ruleDocUrl } from '../rules/docs';
import { matchEntities } from '../rules/subjects';
import { CATEGORY_TITLES, SEVERITIES, type Category, type DataFlow, type Entity, type Finding, type Severity } from '../types';
import { anchorText, entitiesInUnit, flowPath, flowsThrough, sectionTitleAt, unitOfRange, type ReportContext } from './context';
import { esc, fillText, joinNames, quote, sectionRef, sectionsPhrase, sentenceCase } from './text';

/** One issue of the report: the findings of one rule at one tier, all entities together. */
export interface ReportIssue {
  /** "C1", "S2", "M3", "N1" (minor). */
  id: string;
  ruleId: string;
  rule: CompiledRule | undefined;
  severity: Severity;
  category: Category;
  findings: Finding[];
  /** Names of the entities (or endpoint groups / flows) the findings are about, document order. */
  subjects: string[];
}

export const TIER_PREFIX: Record<Severity, string> = { critical: 'C', significant: 'S', moderate: 'M', minor: 'N' };
const CATEGORY_ORDER = Object.keys(CATEGORY_TITLES) as Category[];

/**
 * Groups findings into issues: per-entity findings of the same rule and tier become one issue
 * listing every entity ("no circuit breaker for Slack API, SendGrid, …"). Issues are ordered by
 * tier, then category, then position, and numbered per tier.
 */
export function groupIssues(findings: readonly Finding[], rules: ReadonlyMap<string, CompiledRule>): ReportIssue[] {
  const groups = new Map<string, ReportIssue>();
  for (const f of findings) {
    const key = `${f.severity}\0${f.ruleId}`;
    let g = groups.get(key);
    if (!g) {
      g = { id: '', ruleId: f.ruleId, rule: rules.get(f.ruleId), severity: f.severity, category: f.category, findings: [], subjects: [] };
      groups.set(key, g);
    }
    g.findings.push(f);
    if (f.entity && !g.subjects.includes(f.entity.name)) g.subjects.push(f.entity.name);
  }
  const line = (g: ReportIssue) => Math.min(...g.findings.map((f) => f.range.start.line));
  const issues = [...groups.values()].sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) ||
      line(a) - line(b) ||
      a.ruleId.localeCompare(b.ruleId),
  );
  const counters: Record<Severity, number> = { critical: 0, significant: 0, moderate: 0, minor: 0 };
  for (const g of issues) g.id = `${TIER_PREFIX[g.severity]}${++counters[g.severity]}`;
  return issues;
}

/** The issue's heading text: rule title, the entities (or those involved), the sections. */
export function issueTitle(issue: ReportIssue, involved: readonly string[] = []): string {
  const title = issue.rule?.spec.title ?? issue.ruleId;
  const sections = sectionsPhrase(issue.findings.map((f) => f.section));
  const names = issue.subjects.length ? joinNames(issue.subjects) : joinNames(involved, 5);
  return `${issue.id}. ${esc(title)}${names ? ` — ${esc(names)}` : ''} (${sections})`;
}

/** Renders one issue: the issue with where it sits, scenario, impact, countermeasures, fix. */
export function renderIssue(ctx: ReportContext, issue: ReportIssue): string[] {
  const spec = issue.rule?.spec;
  const involved = involvedEntities(ctx, issue);
  const out: string[] = [`#### ${issueTitle(issue, involved.map((e) => e.name))}`, ''];
  const count = issue.findings.length;
  out.push(`*${CATEGORY_TITLES[issue.category]} · rule [${issue.ruleId}](${ruleDocUrl(issue.ruleId)})${count > 1 ? ` · ${count} findings` : ''}*`, '');

  const first = issue.findings[0];
  const names = issue.subjects.map(esc);
  const perEntity = names.length > 0;
  const issueText = perEntity && count > 1 && spec ? `${spec.summary} Not covered in this design for ${joinNames(names, 12)}.` : first.message;
  out.push(`**Issue**: ${issueText}`, '');
  for (const f of issue.findings) {
    const where = `${sectionRef(f.section)}, line ${f.range.start.line + 1}: ${quote(anchorText(ctx, f.range))}`;
    out.push(f.entity ? `- **${esc(f.entity.name)}**${detailOf(f) ? ` (${esc(detailOf(f))})` : ''} — ${where}` : `- ${sentenceCase(where)}`);
  }
  const partial = partialEvidence(ctx, issue.findings);
  if (partial.length) {
    out.push('', '**Mentioned, but not enough to count**:');
    for (const p of partial) out.push(`- ${p}`);
  }
  for (const f of issue.findings) if (f.note) out.push('', `**Note**: ${esc(f.note)}${f.entity ? ` (${esc(f.entity.name)})` : ''}.`);
  out.push('');

  if (!spec) return out;
  const lead = perEntity ? leadSubject(ctx, issue) : '';
  const all = perEntity ? joinNames(names) : esc(joinNames(involved.map((e) => e.name), 6));
  const trigger = first.entity ? '' : triggerText(ctx, first);
  const leadFinding = issue.findings.find((f) => f.entity?.name === lead);
  const leadText = leadFinding && detailOf(leadFinding) ? `${lead} (${detailOf(leadFinding)})` : lead;
  let scenario = sentenceCase(fillText(spec.scenario, perEntity ? esc(leadText) : all || 'the system', trigger));
  const others = perEntity ? names.filter((n) => n !== esc(lead)) : [];
  if (others.length) scenario += ` The same failure applies to ${joinNames(others)}.`;
  const here = inThisDesign(ctx, issue, involved);
  out.push(`**Failure scenario**: ${scenario}${here ? ` ${here}` : ''}`, '');
  out.push(`**Operational impact**: ${sentenceCase(fillText(spec.impact, all || 'the system', trigger))}`, '');
  out.push('**Countermeasures**:');
  spec.countermeasures.forEach((c, i) => out.push(`${i + 1}. ${sentenceCase(fillText(c, all || 'the system', trigger))}`));
  const fix = issue.findings.find((f) => f.fix)?.fix;
  if (fix) {
    const perEach = perEntity && count > 1 ? ` (shown for ${esc(issue.findings.find((f) => f.fix)?.entity?.name ?? '')}; the quick fix adds one per entity)` : '';
    const text = fix.text.replace(/^\s*\n/, '').replace(/\s+$/, '');
    out.push('', `<details><summary>Design text to add — quick fix “${esc(fix.title)}”, into ${sectionRef(sectionTitleAt(ctx, fix.position.line))}${perEach}</summary>`, '', '```markdown', text, '```', '', '</details>');
  }
  out.push('');
  return out;
}

/** Negated or unqualified evidence the evaluator reported next to the findings. */
function partialEvidence(ctx: ReportContext, findings: readonly Finding[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of findings) {
    for (const r of f.related) {
      if (/is also mentioned here$/.test(r.message)) continue;
      const key = `${r.range.start.line}:${r.range.start.character}:${r.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(`line ${r.range.start.line + 1}, ${quote(anchorText(ctx, r.range), 140)}: ${esc(r.message)}`);
    }
  }
  return out.slice(0, 6);
}

/** The text that triggered a document-level finding (its anchor). */
function triggerText(ctx: ReportContext, f: Finding): string {
  const doc = ctx.analysis.doc;
  const start = (doc.lineStarts[f.range.start.line] ?? 0) + f.range.start.character;
  const end = (doc.lineStarts[f.range.end.line] ?? 0) + f.range.end.character;
  return doc.text.slice(start, Math.max(start, end)).replace(/\s+/g, ' ').trim();
}

/**
 * Entities the issue concerns: the findings' own entities; for a flow its hops; for document
 * rules those named where the finding sits, then those the rule's trigger selects.
 */
function involvedEntities(ctx: ReportContext, issue: ReportIssue): Entity[] {
  const ids: string[] = [];
  const add = (id: string) => {
    if (ctx.byId.has(id) && !ids.includes(id)) ids.push(id);
  };
  for (const f of issue.findings) {
    if (f.entity) add(f.entity.id);
    const flow = flowOf(ctx, f);
    if (flow) for (const h of flow.hops) if (h.entityId) add(h.entityId);
  }
  if (issue.subjects.length === 0) {
    for (const f of issue.findings) for (const e of entitiesInUnit(ctx, unitOfRange(ctx, f.range))) add(e.id);
    if (issue.rule) {
      try {
        for (const e of matchEntities(ctx.analysis.doc, ctx.analysis.structure, issue.rule.trigger)) add(e.id);
      } catch {
        // A trigger the report cannot evaluate only loses context, never the issue.
      }
    }
  }
  return ids.map((id) => ctx.byId.get(id)!);
}

/** The data flow a flow-scoped finding is about ("flow:3"). */
function flowOf(ctx: ReportContext, f: Finding): DataFlow | undefined {
  const m = /^flow:(\d+)$/.exec(f.entity?.id ?? '');
  return m ? ctx.analysis.structure.flows[Number(m[1])] : undefined;
}

/**
 * The subject the scenario is told for: an entity on a data flow if there is one, else the
 * endpoint group used in a data-flow section (then the one with most endpoints), else the first.
 */
function leadSubject(ctx: ReportContext, issue: ReportIssue): string {
  for (const f of issue.findings) {
    if (f.entity && ctx.byId.has(f.entity.id) && flowsThrough(ctx, new Set([f.entity.id])).flows.length) return f.entity.name;
  }
  const doc = ctx.analysis.doc;
  const inFlow = (f: Finding) => (doc.sections[doc.lineSection[f.range.start.line]]?.kinds.includes('dataflow') ? 1 : 0);
  const groups = issue.findings.filter((f) => f.entity?.id.startsWith('endpoints:'));
  const better = (a: Finding, b: Finding) => inFlow(b) - inFlow(a) || b.entity!.aliases.length - a.entity!.aliases.length;
  if (groups.length) return groups.reduce((a, b) => (better(a, b) > 0 ? b : a)).entity!.name;
  return issue.subjects[0];
}

/** What an endpoint group stands for: its endpoints ("POST /api/tasks, PUT /api/tasks/{id}"). */
function detailOf(f: Finding): string {
  if (!f.entity?.id.startsWith('endpoints:')) return '';
  const list = f.entity.aliases;
  return list.length > 4 ? `${list.slice(0, 4).join(', ')}, …` : list.join(', ');
}

/**
 * "In this design: on the Task creation flow (A → B → C); used by X; involves Y." Document rules
 * take their flows only from the entities named where they sit, and only when few flows match.
 */
function inThisDesign(ctx: ReportContext, issue: ReportIssue, involved: Entity[]): string {
  const own = issue.findings.map((f) => flowOf(ctx, f)).filter((f): f is DataFlow => !!f);
  const perEntity = issue.subjects.length > 0;
  const anchorIds = new Set(issue.findings.flatMap((f) => entitiesInUnit(ctx, unitOfRange(ctx, f.range)).map((e) => e.id)));
  const ids = perEntity ? new Set(involved.map((e) => e.id)) : anchorIds;
  const through = own.length ? { flows: own, callers: [] as Entity[] } : flowsThrough(ctx, ids);
  const named = through.flows.filter((f) => !/overview|architecture|diagram|構成|全体/i.test(f.name));
  const candidates = named.length ? named : through.flows;
  const shown = perEntity || candidates.length <= 2 ? candidates.slice(0, 2) : [];
  const parts: string[] = [];
  if (shown.length) parts.push(`on ${shown.map((f) => `the **${esc(f.name.replace(/\s*flow$/i, ''))}** flow (${esc(flowPath(f))})`).join(' and ')}`);
  const callers = shown.length ? through.callers.filter((c) => !ids.has(c.id)).map((c) => c.name) : [];
  if (callers.length) parts.push(`used by ${esc(joinNames(callers))}`);
  if (!perEntity && involved.length) parts.push(`involves ${esc(joinNames(involved.map((e) => e.name), 6))}`);
  if (parts.length === 0) return `In this design: the gap is in ${sectionsPhrase(issue.findings.map((f) => f.section))}.`;
  return `In this design: ${parts.join('; ')}.`;
}
