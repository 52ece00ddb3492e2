import { unitAt, type DesignDoc } from '../document/designDoc';
import { LineScans } from '../text/lineScans';
import { normalizeAlias } from '../knowledge/knowledge';
import type { EntityGroup } from '../types';

/**
 * Passes that merge or re-classify the candidates entity extraction found: webhooks a provider
 * sends, product APIs of a known provider, named store instances, managed platforms, named
 * queues, and components named after a technology.
 */

export interface RawMention {
  key: string;
  start: number;
  end: number;
  unit: number;
}

export interface Candidate {
  key: string;
  name: string;
  kind: string;
  group: EntityGroup;
  domain?: string;
  techId?: string;
  implementsIds?: string[];
  aliases: Set<string>;
  mentions: RawMention[];
}

const INCOMING = /incoming[ -]$/i;

/** Webhook words; line scans of it are shared by the inbound and outbound webhook searches. */
export const WEBHOOK = /webhooks?|ウェブフック|callbacks? from/gi;

/**
 * Webhooks a provider sends us ("Stripe webhooks") are an inbound at-least-once channel of their
 * own: an entity of the messaging group, distinct from the provider's outbound API. When only one
 * provider sends webhooks, every mention of "webhook" refers to it.
 */
export function addWebhooks(doc: DesignDoc, cands: Map<string, Candidate>, scans: LineScans = new LineScans(doc.masked, doc.lineStarts)): void {
  const externals = [...cands.values()].filter((c) => c.group === 'external');
  const words: { start: number; end: number; unit: number }[] = [];
  const senders = new Set<Candidate>();
  // One scan of the text instead of one per unit; a match counts where it lies inside one unit.
  for (const m of scans.matches(WEBHOOK)) {
    const unit = unitAt(doc, m.index);
    if (unit < 0 || m.index + m[0].length > doc.units[unit].end) continue;
    // Slack's "Incoming Webhook" is a URL the system posts to: a call to the provider, not one from it.
    if (INCOMING.test(doc.masked.slice(Math.max(0, m.index - 9), m.index))) continue;
    words.push({ start: m.index, end: m.index + m[0].length, unit });
    for (const e of externals) if (e.mentions.some((x) => x.unit === unit)) senders.add(e);
  }
  for (const sender of senders) {
    const key = `wh:${sender.key}`;
    const mine = senders.size === 1 ? words : words.filter((w) => sender.mentions.some((x) => x.unit === w.unit));
    cands.set(key, { key, name: `${sender.name} webhooks`, kind: 'webhook', group: 'messaging', domain: sender.domain, aliases: new Set([sender.name]), mentions: mine.map((w) => ({ key, ...w })) });
  }
}

/** "Amadeus Flight API" is a product of the known provider "Amadeus": one dependency, not two. */
export function mergeProductApis(cands: Map<string, Candidate>, text: string): void {
  const known = [...cands.values()].filter((c) => c.techId && c.group === 'external');
  if (known.length === 0) return;
  // Each provider's names as written, lower-case, once.
  const forms = new Map(known.map((k) => [k, [...new Set([k.name, ...k.aliases, ...k.mentions.map((m) => text.slice(m.start, m.end))].map((n) => n.toLowerCase()))].filter(Boolean)]));
  for (const c of [...cands.values()]) {
    // An API named after a known provider is the provider's, whether or not its sentence says third party.
    if (!c.key.startsWith('x:') || (c.group !== 'external' && !(c.group === 'component' && /API$/.test(c.name)))) continue;
    const lower = c.name.toLowerCase();
    // "Amadeus Flight API"; in Japanese without a space: "freee会計API" (the alias freee会計 + API).
    const joins = (n: string) => lower.startsWith(`${n} `) || (lower.startsWith(n) && /^(api|[\u3040-\u30ff\u3400-\u9fff])/.test(lower.slice(n.length)) && /[\u3040-\u30ff\u3400-\u9fff]/.test(lower));
    const provider = known.find((k) => forms.get(k)!.some(joins) || lower.startsWith(`${k.name.toLowerCase().replace(/ api$/, '')} `));
    if (!provider) continue;
    provider.aliases.add(c.name);
    for (const m of c.mentions) provider.mentions.push({ ...m, key: provider.key });
    cands.delete(c.key);
  }
}

/**
 * "Hive" in a design that calls the "Hive Moderation API": when every mention of a known
 * technology is the first word of a third party's longer API name, it is that API's short name,
 * not the technology (here Apache Hive, a warehouse).
 */
export function mergeShortNames(cands: Map<string, Candidate>, text: string): void {
  const apis = [...cands.values()].filter((c) => c.key.startsWith('x:') && c.group === 'external' && / API$/.test(c.name) && c.name.split(' ').length >= 3);
  if (apis.length === 0) return;
  for (const tech of [...cands.values()]) {
    if (!tech.techId || tech.group === 'external' || tech.mentions.length === 0) continue;
    const api = apis.find((a) => tech.mentions.every((m) => a.name.toLowerCase().startsWith(`${text.slice(m.start, m.end).toLowerCase()} `)));
    if (!api) continue;
    for (const m of tech.mentions) if (!api.mentions.some((x) => x.start <= m.start && m.end <= x.end)) api.mentions.push({ ...m, key: api.key });
    api.aliases.add(text.slice(tech.mentions[0].start, tech.mentions[0].end));
    cands.delete(tech.key);
  }
}

/**
 * "**fleet-db**, an RDS for PostgreSQL instance": a name introduced as an instance of a store or
 * messaging technology is that instance, not a component.
 */
export function promoteStoreInstances(doc: DesignDoc, cands: Map<string, Candidate>, text: string, instanceOf: Map<string, string>): void {
  const techs = [...cands.values()].filter((c) => (c.group === 'store' || c.group === 'messaging') && c.techId);
  for (const comp of [...cands.values()]) {
    if (!comp.key.startsWith('x:') || comp.group !== 'component') continue;
    for (const m of comp.mentions.slice(0, 3)) {
      if (doc.units[m.unit].kind === 'table-row') continue;
      const tech = techs.find((t) => t.mentions.some((x) => x.unit === m.unit && x.start > m.end && APPOSITION.test(text.slice(m.end, x.start))));
      if (!tech) continue;
      comp.group = tech.group;
      comp.kind = tech.kind;
      comp.aliases.add(tech.name);
      instanceOf.set(comp.key, tech.key);
      break;
    }
  }
}
const APPOSITION = /^\**`?\s*(,\s*(an?|the|our)\s+[^.;()\n]{0,30}|\(\s*[^.;()\n]{0,20}|\s+(is|=)\s+(an?|the|our)\s+[^.;()\n]{0,30})$/;

/** "Amazon RDS" next to "PostgreSQL" is PostgreSQL: a managed platform merges into the engine it hosts. */
export function mergeManagedPlatforms(cands: Map<string, Candidate>): void {
  for (const platform of [...cands.values()]) {
    if (!platform.implementsIds?.length) continue;
    const units = new Set(platform.mentions.map((m) => m.unit));
    const present = platform.implementsIds.map((id) => cands.get(id)).filter((e): e is Candidate => !!e);
    // Next to the engine it hosts, or the only such engine in the document.
    const engine = present.find((e) => e.mentions.some((m) => units.has(m.unit))) ?? (present.length === 1 ? present[0] : undefined);
    if (!engine) continue;
    engine.aliases.add(platform.name);
    for (const m of platform.mentions) engine.mentions.push({ ...m, key: engine.key });
    cands.delete(platform.key);
  }
}

/**
 * Mentions of "SQS" belong to the named queue that runs on it. With several named queues a bare
 * "SQS" names none of them in particular, so it stays an alias only.
 */
export function mergeInstances(cands: Map<string, Candidate>, instanceOf: Map<string, string>): void {
  const byTech = new Map<string, Candidate[]>();
  for (const [inst, tech] of instanceOf) {
    const c = cands.get(inst);
    if (c) byTech.set(tech, [...(byTech.get(tech) ?? []), c]);
  }
  for (const [techKey, instances] of byTech) {
    const tech = cands.get(techKey);
    if (!tech) continue;
    for (const inst of instances) {
      for (const a of tech.aliases) inst.aliases.add(a);
      if (instances.length === 1) for (const m of tech.mentions) inst.mentions.push({ ...m, key: inst.key });
    }
    cands.delete(techKey);
  }
  for (const [key, c] of cands) if (key.startsWith('q:') && c.mentions.length === 0) cands.delete(key);
}

/** "WebSocket service" absorbs the bare "WebSocket" technology it is named after. */
export function absorbTechnologiesIntoComponents(cands: Map<string, Candidate>): void {
  for (const comp of [...cands.values()]) {
    if (comp.group !== 'component' || !comp.key.startsWith('x:')) continue;
    for (const tech of [...cands.values()]) {
      if (tech === comp || !tech.techId || tech.group !== 'component') continue;
      if (!normalizeAlias(comp.name).includes(normalizeAlias(tech.name))) continue;
      comp.kind = tech.kind;
      comp.aliases.add(tech.name);
      for (const m of tech.mentions) comp.mentions.push({ ...m, key: comp.key });
      cands.delete(tech.key);
    }
  }
}
