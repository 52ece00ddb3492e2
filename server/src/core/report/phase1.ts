import type { Entity, MechanismHit } from '../types';
import { flowPath, flowsThrough, type ReportContext } from './context';
import type { PracticeHit } from './practices';
import { esc, joinNames, sectionRef, sectionShort } from './text';

const KIND_LABELS: Record<string, string> = {
  'relational-db': 'relational database',
  'document-db': 'document database',
  'key-value': 'key-value store',
  'wide-column': 'wide-column store',
  'graph-db': 'graph database',
  'time-series': 'time-series database',
  'object-store': 'object storage',
  'load-balancer': 'load balancer',
  'api-gateway': 'API gateway',
  'external-api': 'external API',
  pubsub: 'pub/sub',
  realtime: 'real-time service',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replace(/-/g, ' ');
}

/** Payment and authentication providers, and those the knowledge base flags, cannot be degraded. */
export function isCriticalDependency(ctx: ReportContext, e: Entity): boolean {
  if (e.domain === 'payment' || e.domain === 'auth' || e.domain === 'identity') return true;
  return ctx.catalog.technologies.some((t) => t.id === e.id && t.critical === true);
}

/** Phase 1 of the review: what the design is made of and what it already does for reliability. */
export function renderPhase1(ctx: ReportContext, practices: PracticeHit[]): string[] {
  const s = ctx.analysis.structure;
  const out: string[] = ['## Phase 1: Structural analysis', ''];

  out.push('### System components', '');
  const groups: [string, Entity[]][] = [
    ['Services and components', s.components],
    ['Data stores', s.stores],
    ['Messaging', s.messaging],
  ];
  let any = false;
  for (const [label, list] of groups) {
    if (list.length === 0) continue;
    any = true;
    out.push(`**${label}**`, '');
    for (const e of list) out.push(`- ${entityLine(ctx, e)}`);
    out.push('');
  }
  if (!any) out.push('No components, data stores or queues were recognised.', '');
  const others = unrecognisedHops(ctx);
  if (others.length) out.push(`Also on the data flows (clients, edge and parts not recognised as components): ${others.map(esc).join(', ')}.`, '');

  out.push('### Data flow paths', '');
  if (s.flows.length === 0) out.push('No data flow is written out (as `A → B → C` or as numbered steps).', '');
  s.flows.forEach((f, i) => {
    const section = ctx.analysis.doc.sections[f.section]?.title;
    out.push(`${i + 1}. **${esc(f.name)}** (${sectionRef(section)}, ${f.hops.length} hops): ${esc(flowPath(f))}`);
  });
  if (s.flows.length) out.push('');
  if (s.endpoints.length) {
    const mutating = s.endpoints.filter((e) => e.mutating);
    const methods = [...new Set(s.endpoints.map((e) => e.method))].map((m) => `${s.endpoints.filter((e) => e.method === m).length} ${m}`);
    out.push(`API surface: ${s.endpoints.length} endpoints (${methods.join(', ')}), ${mutating.length} of them change state.`, '');
  }

  out.push('### External dependencies', '');
  const critical = s.external.filter((e) => isCriticalDependency(ctx, e));
  const other = s.external.filter((e) => !critical.includes(e));
  if (s.external.length === 0) out.push('No third-party services were recognised.', '');
  for (const [label, list] of [
    ['Critical (the system cannot serve users without them)', critical],
    ['Other (their outage should degrade a feature, not the system)', other],
  ] as [string, Entity[]][]) {
    if (list.length === 0) continue;
    out.push(`**${label}**`, '');
    for (const e of list) out.push(`- ${dependencyLine(ctx, e)}`);
    out.push('');
  }

  out.push('### Reliability mechanisms already described', '');
  const lines = mechanismLines(ctx, s.mechanisms, practices);
  out.push(...(lines.length ? lines.map((l) => `- ${l}`) : ['None of the mechanisms Faultline knows was found in the text.']), '');
  return out;
}

/** Flow hops that are no known entity ("Browser", "CloudFront"), without their annotations. */
function unrecognisedHops(ctx: ReportContext): string[] {
  const known = ctx.entities.flatMap((e) => [e.name, ...e.aliases, ...e.mentions.map((m) => m.text)]).map((n) => n.toLowerCase());
  const out: string[] = [];
  for (const f of ctx.analysis.structure.flows) {
    for (const h of f.hops) {
      if (h.entityId) continue;
      const name = h.text.replace(/\s*\([^)]*\)\s*/g, ' ').replace(/\s+/g, ' ').trim();
      if (name.length < 2 || name.length > 40 || /[%:=]|^[\d\W]+$|^[a-z]+$/.test(name)) continue;
      if (known.some((k) => k.length >= 3 && name.toLowerCase().includes(k))) continue;
      if (!out.some((o) => o.toLowerCase() === name.toLowerCase())) out.push(name);
    }
  }
  return out;
}

function entityLine(ctx: ReportContext, e: Entity): string {
  const first = e.mentions[0];
  const section = first ? ctx.analysis.doc.sections[ctx.analysis.doc.units[first.unit]?.section ?? 0]?.title : undefined;
  const aka = e.aliases.filter((a) => a.toLowerCase() !== e.name.toLowerCase()).slice(0, 3);
  // Only evidence in text that names the entity itself: group-wide statements are listed below.
  const units = new Set(e.mentions.map((m) => m.unit));
  const covered = ctx.analysis.structure.mechanisms.filter((m) => m.covers.includes(e.id) && units.has(m.unit) && ctx.catalog.byId.get(m.ruleId)?.spec.scope === 'per-entity');
  const mech = [...new Set(covered.map((m) => `${m.label}: ${m.text}`))].slice(0, 3);
  return [
    `**${esc(e.name)}** (${esc(kindLabel(e.kind))}${aka.length ? `; also “${esc(aka.join('”, “'))}”` : ''})`,
    first ? ` — first named in ${sectionRef(section)}` : '',
    mech.length ? `; described: ${esc(mech.join('; '))}` : '',
  ].join('');
}

function dependencyLine(ctx: ReportContext, e: Entity): string {
  const { flows, callers } = flowsThrough(ctx, new Set([e.id]));
  const parts = [`**${esc(e.name)}**${e.domain ? ` (${esc(e.domain)})` : ''}`];
  const flowNames = [...new Set(flows.map((f) => f.name))];
  if (flowNames.length) parts.push(`on ${flowNames.length === 1 ? 'flow' : 'flows'} ${flowNames.map((n) => `“${esc(n)}”`).join(', ')}`);
  if (callers.length) parts.push(`called from ${esc(joinNames(callers.map((c) => c.name)))}`);
  if (!flows.length && !callers.length && e.mentions[0]) {
    const doc = ctx.analysis.doc;
    parts.push(`named in ${sectionRef(doc.sections[doc.units[e.mentions[0].unit]?.section ?? 0]?.title)}`);
  }
  return parts.join(' — ');
}

/** One line per mechanism label: where the design describes it, plus practices and targets. */
function mechanismLines(ctx: ReportContext, mechanisms: MechanismHit[], practices: PracticeHit[]): string[] {
  const doc = ctx.analysis.doc;
  const byLabel = new Map<string, { text: string; section: number; line: number }[]>();
  const add = (label: string, text: string, section: number, line: number) => {
    const list = byLabel.get(label) ?? [];
    if (!list.some((x) => x.text.toLowerCase() === text.toLowerCase() && x.section === section)) list.push({ text, section, line });
    byLabel.set(label, list);
  };
  for (const m of mechanisms) add(m.label, m.text, m.section, m.range.start.line);
  for (const p of practices) add(p.label.toLowerCase(), p.text, p.section, p.range.start.line);
  const out: string[] = [];
  for (const [label, list] of byLabel) {
    const shown = list.slice(0, 6).map((x) => `${esc(x.text)} (${sectionShort(doc.sections[x.section]?.title)}, line ${x.line + 1})`);
    out.push(`**${esc(label)}** — ${shown.join('; ')}${list.length > 6 ? `; and ${list.length - 6} more` : ''}`);
  }
  const targets = ctx.analysis.structure.targets.filter((t) => ['availability', 'rpo', 'rto', 'latency', 'throughput'].includes(t.kind));
  if (targets.length) {
    out.push(`**stated targets** — ${targets.slice(0, 8).map((t) => `${t.kind === 'availability' || t.kind === 'latency' || t.kind === 'throughput' ? `${t.kind} ` : ''}${esc(t.text)} (${sectionShort(ctx.analysis.doc.sections[ctx.analysis.doc.lineSection[t.range.start.line]]?.title)})`).join('; ')}`);
  }
  return out;
}
