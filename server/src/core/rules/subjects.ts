import { unitAt, type DesignDoc, type Unit } from '../document/designDoc';
import { endpointGroup } from '../extract/endpoints';
import { isAsideSection } from '../extract/sections';
import type { DataFlow, Entity, EntityGroup, Structure } from '../types';
import type { CompiledTrigger } from './catalog';
import type { FlowSelector } from './ruleSpec';
import { test } from '../text/patterns';

/** A place in the text a finding can be anchored on. */
export interface Spot {
  start: number;
  end: number;
  unit: number;
  /** A statement about the rule's topic in the subject's context, not a mention of its name. */
  topic?: boolean;
}

/** What a per-entity rule judges: an entity, an endpoint group or a data flow. */
export interface Subject {
  id: string;
  name: string;
  aliases: string[];
  type: 'entity' | 'endpoints' | 'flow';
  entity?: Entity;
  group?: EntityGroup;
  domain?: string;
  kind?: string;
  spots: Spot[];
  /** Text region that belongs to the subject (a flow and its numbered steps). */
  region?: { start: number; end: number };
  /** Entity ids a flow passes through. */
  hopEntities?: string[];
}

export function allEntities(s: Structure): Entity[] {
  return [...s.components, ...s.stores, ...s.messaging, ...s.external];
}

/** Each entity with its mentions outside aside sections (non-goals, alternatives), once per analysis. */
const liveMentions = new WeakMap<Structure, { e: Entity; live: Entity['mentions'] }[]>();

function liveEntities(doc: DesignDoc, structure: Structure): { e: Entity; live: Entity['mentions'] }[] {
  let list = liveMentions.get(structure);
  if (!list) {
    list = [];
    for (const e of allEntities(structure)) {
      const live = e.mentions.filter((m) => !isAsideSection(doc, doc.units[m.unit].section));
      if (live.length) list.push({ e, live });
    }
    liveMentions.set(structure, list);
  }
  return list;
}

/** Entities selected by any of a trigger's entity selectors (document order, no duplicates). */
export function matchEntities(doc: DesignDoc, structure: Structure, t: CompiledTrigger): Entity[] {
  if (t.selectors.length === 0) return [];
  const out: Entity[] = [];
  for (const { e, live } of liveEntities(doc, structure)) {
    const selected = t.selectors.some(({ spec, context }) => {
      if (spec.groups && !spec.groups.includes(e.group)) return false;
      if (spec.kinds && !spec.kinds.includes(e.kind)) return false;
      if (spec.domains && !(e.domain && spec.domains.includes(e.domain))) return false;
      if (spec.excludeKinds?.includes(e.kind)) return false;
      if (spec.excludeZoneRedundant && e.zoneRedundant) return false;
      return !context || live.some((m) => test(context, doc.units[m.unit].text) || test(context, continuation(doc, structure, m.unit)));
    });
    if (selected) out.push(e);
  }
  return out;
}

const mentionUnits = new WeakMap<Structure, Set<number>>();

/**
 * The sentence after a mention when it names nothing itself and so goes on about the same thing
 * ("Schema Registry holds the schemas. It runs as a single pod."); '' otherwise.
 */
function continuation(doc: DesignDoc, structure: Structure, unit: number): string {
  const next = doc.units[unit + 1];
  if (!next || next.block !== doc.units[unit].block) return '';
  let units = mentionUnits.get(structure);
  if (!units) {
    units = new Set(allEntities(structure).flatMap((e) => e.mentions.map((m) => m.unit)));
    mentionUnits.set(structure, units);
  }
  return units.has(next.index) ? '' : next.text;
}

export function entitySubject(e: Entity): Subject {
  return {
    id: e.id,
    name: e.name,
    aliases: e.aliases,
    type: 'entity',
    entity: e,
    group: e.group,
    domain: e.domain,
    kind: e.kind,
    spots: e.mentions.map((m) => ({ start: m.start, end: m.end, unit: m.unit })),
  };
}

/** Mutating endpoints grouped by resource ("tasks endpoints"). */
export function endpointSubjects(doc: DesignDoc, structure: Structure, methods: string[], exclude?: RegExp): Subject[] {
  const groups = new Map<string, Subject>();
  for (const ep of structure.endpoints) {
    if (!methods.includes(ep.method) || isAsideSection(doc, doc.units[ep.unit].section)) continue;
    if (exclude && test(exclude, ep.path)) continue;
    const key = endpointGroup(ep.path);
    let s = groups.get(key);
    if (!s) {
      s = { id: `endpoints:${key}`, name: `${singular(key)} endpoints`, aliases: [], type: 'endpoints', spots: [] };
      groups.set(key, s);
    }
    const label = `${ep.method} ${ep.path}`;
    if (!s.aliases.includes(label)) s.aliases.push(label);
    const start = doc.lineStarts[ep.range.start.line] + ep.range.start.character;
    const end = doc.lineStarts[ep.range.end.line] + ep.range.end.character;
    s.spots.push({ start, end, unit: ep.unit });
  }
  for (const s of groups.values()) s.spots.sort((a, b) => a.start - b.start);
  return [...groups.values()];
}

/** "tasks" → "task", "entries" → "entry": endpoint groups read as "task endpoints". */
function singular(word: string): string {
  if (/ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(sh|ch|x|ss)es$/.test(word)) return word.slice(0, -2);
  return word.replace(/s$/, '');
}

interface FlowFacts {
  index: number;
  flow: DataFlow;
  region: { start: number; end: number };
  /** The flow's own hops, then what its numbered steps mention, in order of appearance. */
  hops: (Entity | undefined)[];
  units: Unit[];
  endpoints: string[];
}

/** What every flow passes through and covers, computed once per analysis for all flow rules. */
const flowFactsCache = new WeakMap<Structure, FlowFacts[]>();

function flowFacts(doc: DesignDoc, structure: Structure): FlowFacts[] {
  let facts = flowFactsCache.get(structure);
  if (facts) return facts;
  facts = [];
  const byId = new Map(allEntities(structure).map((e) => [e.id, e]));
  const mentions = allEntities(structure)
    .flatMap((e) => e.mentions.map((m) => ({ e, at: m.start })))
    .sort((a, b) => a.at - b.at);
  structure.flows.forEach((f, i) => {
    if (isAsideSection(doc, f.section)) return;
    const region = flowRegion(doc, f, structure.flows[i + 1]);
    const hops = f.hops.map((h) => (h.entityId ? byId.get(h.entityId) : undefined));
    // Mentions and units are in text order: the region's are one run, found by binary search.
    for (let k = firstAtOrAfter(mentions.length, (k) => mentions[k].at, region.start); k < mentions.length && mentions[k].at < region.end; k++) hops.push(mentions[k].e);
    const units = doc.units.slice(firstAtOrAfter(doc.units.length, (k) => doc.unitStarts[k], region.start), firstAtOrAfter(doc.units.length, (k) => doc.unitStarts[k], region.end));
    const endpoints = structure.endpoints.filter((ep) => units.some((u) => u.index === ep.unit)).map((ep) => `${ep.method} ${ep.path}`);
    facts!.push({ index: i, flow: f, region, hops, units, endpoints });
  });
  flowFactsCache.set(structure, facts);
  return facts;
}

/**
 * Flows that pass through a hop of each stage in order. A stage lists entity kinds, groups
 * (`group:messaging`) or domains (`domain:payment`).
 */
export function flowSubjects(doc: DesignDoc, structure: Structure, selectors: FlowSelector[]): Subject[] {
  const matchesStage = (e: Entity | undefined, stage: string[]) =>
    !!e && stage.some((s) => s === e.kind || s === `group:${e.group}` || (e.domain !== undefined && s === `domain:${e.domain}`));
  const out: Subject[] = [];
  for (const { index: i, flow: f, region, hops, units, endpoints } of flowFacts(doc, structure)) {
    // Each stage needs a hop after the previous stage's, on an entity not used by an earlier stage
    // (PostgreSQL → MongoDB is two stores; PostgreSQL → PostgreSQL is one).
    const passes = selectors.some(({ stages }) => {
      let stage = 0;
      const used = new Set<string>();
      for (const e of hops) {
        if (stage < stages.length && e && !used.has(e.id) && matchesStage(e, stages[stage])) {
          used.add(e.id);
          stage++;
        }
      }
      return stage === stages.length;
    });
    if (!passes) continue;
    out.push({
      id: `flow:${i}`,
      name: /flow$/i.test(f.name) ? f.name : `${f.name} flow`,
      aliases: [f.hops.map((h) => h.text).join(' → '), ...new Set(endpoints)],
      type: 'flow',
      spots: units.map((u) => ({ start: u.start, end: u.end, unit: u.index })),
      region,
      hopEntities: [...new Set(hops.filter((e): e is Entity => !!e).map((e) => e.id))],
    });
  }
  return out;
}

/** A flow's region: its own line and the prose after it, up to the next heading, bold label or flow. */
function flowRegion(doc: DesignDoc, f: DataFlow, next: DataFlow | undefined): { start: number; end: number } {
  const start = doc.lineStarts[f.range.start.line];
  // A line of a diagram is a flow of its own; the diagram's other lines are not its steps.
  const own = doc.units[unitAt(doc, start)];
  if (f.source === 'arrow' && own?.kind === 'code') return { start, end: own.end };
  const section = doc.sections[f.section];
  let end = section.endLine < doc.lineStarts.length ? doc.lineStarts[section.endLine] : doc.text.length;
  const first = firstAtOrAfter(doc.units.length, (k) => doc.unitStarts[k], start);
  const firstUnit = first < doc.units.length ? first : -1;
  for (let i = Math.max(firstUnit, 0) + 1; i < doc.units.length; i++) {
    const u = doc.units[i];
    if (u.start >= end) break;
    if (u.kind === 'heading' || /^\s*\*\*[^*]{2,60}\*\*[.:]?\s*$/.test(u.text)) {
      end = u.start;
      break;
    }
  }
  if (next && next.section === f.section) {
    const nextStart = doc.lineStarts[next.range.start.line];
    if (nextStart > start && nextStart < end) end = nextStart;
  }
  return { start, end };
}

/** The first index in [0, n) whose ascending value is at least `offset` (n when none is). */
function firstAtOrAfter(n: number, valueAt: (k: number) => number, offset: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (valueAt(mid) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
