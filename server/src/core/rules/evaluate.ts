import { rangeOf, unitAt, type DesignDoc } from '../document/designDoc';
import { describesCurrentState, isAsideSection } from '../extract/sections';
import { fill } from '../text/template';
import { SEVERITIES, type Finding, type RelatedInfo, type Severity, type Structure } from '../types';
import type { CompiledRule, CompiledTrigger } from './catalog';
import { connectionBudget } from './connectionBudget';
import { isEmpty, type DocIndex, type EvidenceHit } from './docIndex';
import { buildFix } from './fix';
import { endpointSubjects, entitySubject, flowSubjects, matchEntities, type Spot, type Subject } from './subjects';

/** Runs one rule over the shared model. Pure; throws only on programming errors. */
export function evaluateRule(rule: CompiledRule, doc: DesignDoc, structure: Structure, index: DocIndex): Finding[] {
  return rule.spec.scope === 'per-entity' ? evaluatePerEntity(rule, doc, structure, index) : evaluateDocument(rule, doc, structure, index);
}

function evaluatePerEntity(rule: CompiledRule, doc: DesignDoc, structure: Structure, index: DocIndex): Finding[] {
  const t = rule.trigger;
  const subjects: Subject[] = [];
  subjects.push(...matchEntities(doc, structure, t).map(entitySubject));
  if (t.spec.endpoints) subjects.push(...endpointSubjects(doc, structure, t.spec.endpoints.methods, t.excludePaths));
  if (t.flows.length) subjects.push(...flowSubjects(doc, structure, t.flows));
  if (subjects.length === 0 || !t.require.every((r) => triggerSpots(r, doc, structure, index).length > 0)) return [];

  const findings: Finding[] = [];
  for (const subject of subjects) {
    const partial: EvidenceHit[] = [];
    let covered = true;
    for (const ev of rule.evidence) {
      const hits = index.hits(ev).filter((h) => covers(h, subject, subjects.length, index));
      const positive = hits.filter((h) => !h.negated && h.qualified);
      // "Amadeus: timeouts TBD" outweighs "all external calls have timeouts": a statement naming the
      // subject beats one about its group.
      // A gap stated next to the subject's name ("fleet-db, … single-AZ") is settled only by a
      // statement written about it too, not by one that merely shares its section.
      const ownGap = hits.some((h) => h.negated && ownNames(h, subject, index));
      const namedGap = ownGap || hits.some((h) => h.negated && names(h, subject, index));
      const settles = (h: EvidenceHit) => (ownGap ? ownNames(h, subject, index) : names(h, subject, index));
      if (positive.length === 0 || (namedGap && !positive.some(settles))) covered = false;
      partial.push(...hits.filter((h) => h.negated || !h.qualified));
    }
    if (covered) continue;
    const spot = chooseAnchor(rule, doc, [...subject.spots, ...topicSpots(rule, doc, subject, index, partial)], index, partial.filter((h) => h.negated), partial, subject);
    if (!spot) continue;
    findings.push(makeFinding(rule, doc, spot, subject, partial));
  }
  return findings;
}

function evaluateDocument(rule: CompiledRule, doc: DesignDoc, structure: Structure, index: DocIndex): Finding[] {
  const spots = triggerSpots(rule.trigger, doc, structure, index);
  if (spots.length === 0) return [];
  const partial: EvidenceHit[] = [];
  const openGaps: EvidenceHit[] = [];
  let covered = true;
  for (const ev of rule.evidence) {
    const hits = index.hits(ev);
    const positive = hits.filter((h) => !h.negated && h.qualified);
    if (positive.length === 0) covered = false;
    partial.push(...hits.filter((h) => h.negated || !h.qualified));
    // An explicit "TBD"/"no …" somewhere is a gap of its own unless the same sentence settles it;
    // a gap phrase ("retried every 10 s") always stands.
    const settled = new Set(positive.map((h) => h.unit));
    openGaps.push(...hits.filter((h) => h.gap || (h.negated && !settled.has(h.unit))));
  }
  let gap: Spot | undefined;
  if (covered && openGaps.length > 0) {
    covered = false;
    gap = { start: openGaps[0].start, end: openGaps[0].end, unit: openGaps[0].unit };
  }
  let detail: string | undefined;
  if (rule.spec.compute === 'connection-budget') {
    detail = connectionBudget(structure);
    if (covered && !detail) return [];
  } else if (covered) {
    return [];
  }
  const spot = gap ?? chooseAnchor(rule, doc, [...spots, ...preferSpots(rule, doc, index)], index, partial.filter((h) => h.negated), partial);
  if (!spot) return [];
  const f = makeFinding(rule, doc, spot, undefined, partial);
  if (detail) f.message = `${f.message} ${detail}`;
  return [f];
}

/** Places in the text that make a (document-level) trigger fire; empty when it does not fire. */
export function triggerSpots(t: CompiledTrigger, doc: DesignDoc, structure: Structure, index: DocIndex): Spot[] {
  const spec = t.spec;
  const spots: Spot[] = [];
  if (spec.always) {
    const first = doc.units.find((u) => u.kind === 'heading') ?? doc.units[0];
    if (first) spots.push({ start: first.start, end: first.end, unit: first.index });
  }
  if (t.selectors.length) {
    const ents = matchEntities(doc, structure, t);
    const min = Math.max(1, ...t.selectors.map((s) => s.spec.minCount ?? 1));
    if (ents.length >= min) for (const e of ents) spots.push(...entitySubject(e).spots);
  }
  if (spec.phrases) {
    for (const m of index.scan(t.phrases!)) {
      const unit = unitAt(doc, m.start);
      if (unit < 0 || doc.units[unit].kind === 'heading' || isAsideSection(doc, doc.units[unit].section)) continue;
      // The system the design replaces ("Today … a cron script") is not what is under review.
      if (describesCurrentState(doc, unit, index.kb.vocab)) continue;
      spots.push({ start: m.start, end: m.end, unit });
    }
  }
  if (spec.endpoints) for (const s of endpointSubjects(doc, structure, spec.endpoints.methods, t.excludePaths)) spots.push(...s.spots);
  if (t.flows.length) for (const s of flowSubjects(doc, structure, t.flows)) spots.push(...s.spots);
  if (spec.targets) {
    for (const tg of structure.targets) {
      if (!spec.targets.includes(tg.kind)) continue;
      const start = doc.lineStarts[tg.range.start.line] + tg.range.start.character;
      const end = doc.lineStarts[tg.range.end.line] + tg.range.end.character;
      spots.push({ start, end, unit: unitAt(doc, start) });
    }
  }
  if (spots.length === 0) return [];
  if (!t.require.every((r) => triggerSpots(r, doc, structure, index).length > 0)) return [];
  return spots.filter((s) => s.unit >= 0).sort((a, b) => a.start - b.start);
}

/** Whether no clause boundary ("; ", ", but", "。"…) separates two offsets of a text. */
function sameClause(text: string, a: number, b: number, boundary: RegExp): boolean {
  const between = text.slice(Math.min(a, b), Math.max(a, b));
  boundary.lastIndex = 0;
  const r = !boundary.test(between);
  boundary.lastIndex = 0;
  return r;
}

/** For document rules the squiggle may sit on any sentence matching `anchor.prefer`. */
function preferSpots(rule: CompiledRule, doc: DesignDoc, index: DocIndex): Spot[] {
  const out: Spot[] = [];
  for (const p of rule.anchorPrefer) {
    for (const m of index.scan(p.gated)) {
      const unit = unitAt(doc, m.start);
      if (unit < 0 || doc.units[unit].kind === 'heading' || isAsideSection(doc, doc.units[unit].section)) continue;
      out.push({ start: m.start, end: m.end, unit });
    }
  }
  return out;
}

/** Whether the hit's own sentence (or its row/heading context) names the subject itself. */
function names(h: EvidenceHit, s: Subject, index: DocIndex): boolean {
  const ctx = index.context(h.unit);
  if (s.type === 'entity') return ctx.entities.has(s.id);
  if (s.type === 'endpoints') return ctx.endpointGroups.has(s.id.slice('endpoints:'.length));
  return !!s.region && h.start >= s.region.start && h.start < s.region.end;
}

/** Whether the hit's own sentence, paragraph, item or row names the entity (a heading does not count). */
function ownNames(h: EvidenceHit, s: Subject, index: DocIndex): boolean {
  if (s.type !== 'entity') return names(h, s, index);
  const u = index.doc.units[h.unit];
  if (u.kind === 'table-row' && u.cells?.length) {
    // A row speaks about the entity in its first cell; "| fulfilment-worker | 2–8 | shipping-adapter |"
    // says nothing about shipping-adapter's replicas.
    const cellOf = (at: number) => u.cells!.findIndex((c) => at - u.start >= c.start && at - u.start < c.end);
    return s.spots.some((sp) => sp.unit === h.unit && (cellOf(sp.start) === 0 || cellOf(sp.start) === cellOf(h.start)));
  }
  if (!index.localContext(h.unit).entities.has(s.id)) return false;
  // Named in the hit's own sentence: then in the same clause ("… max 6 pods = 60 connections;
  // fleet-db's max_connections is 800" says nothing about fleet-db's pods).
  const own = s.spots.filter((sp) => sp.unit === h.unit);
  return own.length === 0 || own.some((sp) => sameClause(u.text, sp.start - u.start, h.start - u.start, index.kb.vocab.clauseBoundary));
}

/** Whether an evidence hit speaks about the subject (see DocIndex.context). */
function covers(h: EvidenceHit, s: Subject, subjectCount: number, index: DocIndex): boolean {
  const ctx = index.context(h.unit);
  if (s.type === 'flow') {
    if (s.region && h.start >= s.region.start && h.start < s.region.end) return true;
    if (isEmpty(ctx)) return subjectCount === 1;
    return (s.hopEntities ?? []).filter((id) => ctx.entities.has(id)).length >= 2;
  }
  if (s.type === 'endpoints') {
    if (ctx.endpointGroups.has(s.id.slice('endpoints:'.length))) return true;
    if (ctx.endpointGroups.size > 0) return false;
    if (ctx.entities.size === 0) return true;
    // "chat-api returns the stored message instead of creating a second one": a statement about
    // the design's own services holds for the endpoints described in the same section.
    const section = index.doc.units[h.unit].section;
    return [...ctx.entities].every((id) => index.isComponent(id)) && s.spots.some((sp) => index.doc.units[sp.unit].section === section);
  }
  if (ctx.entities.has(s.id)) return true;
  // "ジョブワーカーは … 条件付き更新し": a statement about the queue's consumer, naming no other queue.
  if (s.group === 'messaging' && ctx.entities.size > 0) {
    const consumers = index.consumersOf(s.id);
    if (consumers.size > 0 && [...ctx.entities].every((id) => consumers.has(id) || index.isComponent(id)) && [...ctx.entities].some((id) => consumers.has(id))) return true;
  }
  if (s.group && ctx.groups.has(s.group)) return true;
  if (s.domain && ctx.domains.has(s.domain)) return true;
  if (s.kind && ctx.kinds.has(s.kind) && ctx.entities.size === 0) return true;
  return isEmpty(ctx) && subjectCount === 1;
}

/**
 * Where the design talks about the rule's topic for an entity without naming it in that sentence
 * ("AWS Backup takes a weekly backup of the table" in the DynamoDB item): the statement a
 * reviewer would point at, so it competes with the entity's own mentions.
 */
function topicSpots(rule: CompiledRule, doc: DesignDoc, subject: Subject, index: DocIndex, partial: EvidenceHit[]): Spot[] {
  if (subject.type !== 'entity') return [];
  const out: Spot[] = [];
  // A unit can inherit the subject only from its own paragraph or item, the item around it, or a
  // heading above it that names the subject: a cheap test before the context is resolved.
  const blocks = new Set<number>();
  const headed = new Set<number>();
  for (const sp of subject.spots) {
    const u = doc.units[sp.unit];
    if (u.kind === 'heading') headed.add(u.section);
    else blocks.add(u.block);
  }
  const near = (unit: number) => {
    const u = doc.units[unit];
    if (blocks.has(u.block) || blocks.has(u.parentBlock)) return true;
    for (let s = u.section; s > 0; s = doc.sections[s].parent) if (headed.has(s)) return true;
    return false;
  };
  const about = (unit: number) => near(unit) && !index.ownContext(unit).entities.has(subject.id) && index.context(unit).entities.has(subject.id);
  // A statement can only win against the mentions when it matches an earlier context than any
  // described mention does (see chooseAnchor): later contexts are not scanned.
  let limit = rule.anchorPrefer.length;
  for (const sp of subject.spots) {
    const u = doc.units[sp.unit];
    if (u.kind === 'heading' || diagramUnit(doc, sp.unit, index.structure)) continue;
    for (let i = 0; i < limit; i++) if (index.unitsMatching(rule.anchorPrefer[i].gated).has(sp.unit)) limit = i;
  }
  for (const p of rule.anchorPrefer.slice(0, limit)) {
    for (const m of index.scan(p.gated)) {
      const unit = unitAt(doc, m.start);
      if (unit < 0 || !proseUnit(doc, unit) || !about(unit)) continue;
      out.push({ start: m.start, end: m.end, unit, topic: true });
    }
  }
  // Mechanisms mentioned without the specifics, and phrases that state the gap ("It runs as a
  // single pod"), whatever the contexts above.
  for (const h of partial) if ((!h.negated || h.gap) && proseUnit(doc, h.unit) && about(h.unit)) out.push({ start: h.start, end: h.end, unit: h.unit, topic: true });
  return out;
}

function proseUnit(doc: DesignDoc, unit: number): boolean {
  const u = doc.units[unit];
  return u.kind !== 'heading' && u.kind !== 'code' && u.kind !== 'table-header' && !isAsideSection(doc, u.section);
}

const flowLines = new WeakMap<Structure, Set<number>>();

/**
 * A line of a diagram or of an `A → B → C` chain: it shows an entity but says nothing about it.
 * Code lines, and the units the flow extraction read an arrow chain from.
 */
function diagramUnit(doc: DesignDoc, unit: number, structure: Structure): boolean {
  if (doc.units[unit].kind === 'code') return true;
  let lines = flowLines.get(structure);
  if (!lines) {
    lines = new Set();
    for (const f of structure.flows) if (f.source === 'arrow' && f.hops.length >= 3) lines.add(unitAt(doc, doc.lineStarts[f.range.start.line] + f.range.start.character));
    flowLines.set(structure, lines);
  }
  return lines.has(unit);
}

/**
 * The best anchor among candidate spots, the way a reviewer points at a design: a sentence about
 * the rule's topic (the first `anchor.prefer` context it matches, or a mechanism mentioned
 * without the specifics) over a bare mention; the preferred section kinds; a described mention
 * over a diagram, a flow line, a heading or the overview; then document order. A clause that only
 * states the gap ("automatic rollback: TBD") is not the triggering mention.
 */
function chooseAnchor(rule: CompiledRule, doc: DesignDoc, spots: Spot[], index: DocIndex, gaps: EvidenceHit[] = [], partial: EvidenceHit[] = [], subject?: Subject): Spot | undefined {
  const name = subject?.type === 'entity' ? subject.name.toLowerCase() : '';
  const live = spots.filter((s) => s.unit >= 0 && !isAsideSection(doc, doc.units[s.unit].section));
  if (live.length === 0) return undefined;
  const prefer = rule.anchorPrefer.map((p) => index.unitsMatching(p.gated));
  const mentioned = new Set(partial.filter((h) => !h.negated).map((h) => h.unit));
  // A phrase that states the gap itself ("a single node", "returns 200 only") is what to point at.
  const stated = new Set(gaps.filter((h) => h.gap).map((h) => h.unit));
  const sections = rule.spec.anchor?.sections ?? [];
  let best: Spot | undefined;
  let bestScore = -Infinity;
  for (const s of live) {
    const u = doc.units[s.unit];
    let p = prefer.findIndex((units) => units.has(s.unit));
    if (stated.has(s.unit)) p = -1;
    else if (p < 0) p = mentioned.has(s.unit) ? prefer.length : prefer.length + 1;
    const inSection = doc.sections[u.section].kinds.some((k) => sections.includes(k)) ? 1 : 0;
    // A heading or a table's header row labels a topic; it states nothing about it.
    const heading = u.kind === 'heading' || u.kind === 'table-header' ? 1 : 0;
    const diagram = diagramUnit(doc, s.unit, index.structure) ? 1 : 0;
    const kinds = doc.sections[u.section].kinds;
    // An entity named in the overview is only introduced there; a topic stated there is still stated.
    const overview = subject && kinds.includes('overview') && !kinds.includes('architecture') ? 1 : 0;
    // The name spelt in full ("WebSocket service", not "WebSocket task") when all else is equal.
    const fullName = name && !s.topic && s.end - s.start >= name.length ? 0.5 : 0;
    const gapOnly = gaps.some((h) => !h.gap && h.unit === s.unit && sameClause(u.text, h.start - u.start, s.start - u.start, index.kb.vocab.clauseBoundary)) ? 1 : 0;
    const score = -p * 4 + inSection * 2 - heading - diagram * 3 - overview - (s.topic ? 1 : 0) + fullName - gapOnly * 64;
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

function makeFinding(rule: CompiledRule, doc: DesignDoc, spot: Spot, subject: Subject | undefined, partial: EvidenceHit[]): Finding {
  const spec = rule.spec;
  const range = rangeOf(doc, spot.start, spot.end);
  const name = subject?.name ?? '';
  const related: RelatedInfo[] = [];
  if (subject) {
    for (const other of subject.spots) {
      if (related.length >= 5) break;
      if (other.start === spot.start || subject.type === 'flow') continue;
      related.push({ range: rangeOf(doc, other.start, other.end), message: `${subject.name} is also mentioned here` });
    }
  }
  for (const h of partial.slice(0, 5)) {
    related.push({ range: rangeOf(doc, h.start, h.end), message: h.negated ? `"${h.text}" is negated or undecided here, so it does not count as evidence` : `"${h.text}" is mentioned without the specifics the check needs` });
  }
  const severity = escalate(spec.severity, spec.escalate, subject);
  const section = doc.sections[doc.units[spot.unit].section];
  const message = fill(spec.message, name, doc.text.slice(spot.start, spot.end));
  return {
    ruleId: spec.id,
    category: spec.category,
    severity,
    message,
    range,
    entity: subject ? { id: subject.id, name: subject.name, aliases: subject.aliases } : undefined,
    section: section?.title || undefined,
    related,
    fix: buildFix(rule, doc, spot, name),
  };
}

function escalate(base: Severity, rules: CompiledRule['spec']['escalate'], s: Subject | undefined): Severity {
  let sev = base;
  for (const r of rules ?? []) {
    const hit = (r.domains && s?.domain && r.domains.includes(s.domain)) || (r.kinds && s?.kind && r.kinds.includes(s.kind));
    if (hit && SEVERITIES.indexOf(r.severity) < SEVERITIES.indexOf(sev)) sev = r.severity;
  }
  return sev;
}
