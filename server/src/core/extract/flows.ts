import { rangeOf, stripInline, unitAt, type DesignDoc, type Unit } from '../document/designDoc';
import type { DataFlow, Entity, FlowHop } from '../types';

const ARROW = /\s*(?:→|->|=>|⇒|➜|➡|─+►|-+>|─+>|=+>)\s*/g;
/** The arrows that make a line a flow ("A → B", "A -> B", box-drawing "──►"). */
const ARROWS = ['→', '->', '=>', '⇒', '➜', '➡', '─►', '──>'];
const BOX = /[│┌┐└┘├┤┬┴┼─═║╔╗╚╝▼▲◄►|]+/g;
const MERMAID_EDGE = /^\s*([A-Za-z0-9_]+)(?:\s*[[({>]+([^\])}]*)[\])}]+)?\s*(?:-->|---|-\.->|==>|--[^-]*-->|-->\|[^|]*\|)\s*(?:\|[^|]*\|\s*)?([A-Za-z0-9_]+)(?:\s*[[({>]+([^\])}]*)[\])}]+)?/;
const MERMAID_NODE = /([A-Za-z0-9_]+)\s*(?:\[\(|\(\(|\[\[|\[|\(|\{\{|\{|>)\s*"?([^\])}"]+)"?\s*(?:\)\]|\)\)|\]\]|\]|\)|\}\}|\})/g;
const SEQ_MESSAGE = /^\s*([A-Za-z0-9_\u3040-\u30ff\u4e00-\u9fff]+)\s*(?:->>|-->>|->|-->|-x|--x|-\)|--\))\s*[+-]?([A-Za-z0-9_\u3040-\u30ff\u4e00-\u9fff]+)\s*:/;
const SEQ_PARTICIPANT = /^\s*(?:participant|actor)\s+([^\s]+)(?:\s+as\s+(.+))?$/;

/**
 * Data flows: arrow chains in prose and diagrams (A → B → C), Mermaid flowcharts and
 * sequence diagrams. Each hop is linked to the entity mentioned inside it.
 */
export function extractFlows(doc: DesignDoc, entities: Entity[]): DataFlow[] {
  const flows: DataFlow[] = [];
  const mentionsByUnit = new Map<number, { id: string; start: number; end: number }[]>();
  for (const e of entities) {
    for (const m of e.mentions) {
      const list = mentionsByUnit.get(m.unit) ?? [];
      list.push({ id: e.id, start: m.start, end: m.end });
      mentionsByUnit.set(m.unit, list);
    }
  }
  const entityAt = (unit: number, a: number, b: number) => mentionsByUnit.get(unit)?.find((m) => m.start < b && m.end > a)?.id;

  // Units holding an arrow, from one indexOf pass per arrow form instead of a regex per unit.
  const arrowUnits = new Set<number>();
  for (const arrow of ARROWS) {
    for (let at = doc.masked.indexOf(arrow); at !== -1; at = doc.masked.indexOf(arrow, at + 1)) {
      const u = unitAt(doc, at);
      if (u >= 0 && at + arrow.length <= doc.units[u].end) arrowUnits.add(u);
    }
  }
  let mermaidBlock = -1;
  const mermaidLines: Unit[] = [];
  const flushMermaid = () => {
    if (mermaidLines.length) flows.push(...mermaidFlows(doc, mermaidLines, entityAt));
    mermaidLines.length = 0;
  };
  for (const u of doc.units) {
    if (u.kind === 'code' && u.lang === 'mermaid') {
      if (u.block !== mermaidBlock) flushMermaid();
      mermaidBlock = u.block;
      mermaidLines.push(u);
      continue;
    }
    if (!arrowUnits.has(u.index) || u.kind === 'heading') continue;
    const hops = arrowHops(doc, u, entityAt);
    if (hops.length < 2) continue;
    // "`client_msg_id` → stored message key, expired by TTL after 24 hours": in prose an arrow
    // between a name and a clause maps one thing to another; a flow's hops are names.
    if (u.kind !== 'code' && hops.some((h) => h.text.replace(/\([^)]*\)/g, '').trim().split(/\s+/).length > 8)) continue;
    flows.push({ name: flowName(doc, u), hops, range: rangeOf(doc, u.start, u.end), source: 'arrow', section: u.section });
  }
  flushMermaid();
  flows.push(...stepFlows(doc, flows, mentionsByUnit));
  preferChannels(flows, entities);
  return flows.sort((a, b) => a.range.start.line - b.range.start.line);
}

/**
 * "Redis PUBLISH conv:{id}" is a hop through Redis Pub/Sub, not the Redis cache: a hop that says
 * publish / channel / subscribe goes to the messaging entity of the same technology.
 */
function preferChannels(flows: DataFlow[], entities: Entity[]): void {
  const channels = entities.filter((e) => e.group === 'messaging');
  if (channels.length === 0) return;
  const byId = new Map(entities.map((e) => [e.id, e]));
  for (const f of flows) {
    for (const h of f.hops) {
      const e = h.entityId ? byId.get(h.entityId) : undefined;
      if (!e || e.group === 'messaging' || !/\b(publish(es|ed)?|pub\/?sub|channels?|subscrib\w*)\b|配信|チャネル|チャンネル/i.test(h.text)) continue;
      const first = e.name.split(/\s+/)[0].toLowerCase();
      const channel = channels.find((c) => c.name.toLowerCase().startsWith(`${first} `) || c.aliases.some((a) => a.toLowerCase().startsWith(`${first} `)));
      if (channel) h.entityId = channel.id;
    }
  }
}

const STEP = /^\s*\d+[.)]\s/;

/**
 * Numbered steps in a data-flow section that has no arrow chain or diagram of its own
 * ("1. The API writes the order to PostgreSQL. 2. It publishes order.created to Kafka."):
 * the entities they mention, in order, are the hops.
 */
function stepFlows(doc: DesignDoc, existing: DataFlow[], mentionsByUnit: Map<number, { id: string; start: number; end: number }[]>): DataFlow[] {
  const out: DataFlow[] = [];
  const covered = new Set(existing.map((f) => f.section));
  let current: Unit[] = [];
  const flush = () => {
    const steps = current;
    current = [];
    if (steps.length < 2) return;
    const hops: FlowHop[] = [];
    for (const u of steps) {
      for (const m of (mentionsByUnit.get(u.index) ?? []).sort((a, b) => a.start - b.start)) {
        if (hops.length && hops[hops.length - 1].entityId === m.id) continue;
        hops.push({ text: doc.text.slice(m.start, m.end), entityId: m.id, range: rangeOf(doc, m.start, m.end) });
      }
    }
    if (new Set(hops.map((h) => h.entityId)).size < 2) return;
    const first = steps[0];
    out.push({ name: flowName(doc, first), hops, range: rangeOf(doc, first.start, steps[steps.length - 1].end), source: 'steps', section: first.section });
  };
  for (const u of doc.units) {
    const inSteps = u.kind === 'text' && u.inList && doc.sections[u.section].kinds.includes('dataflow') && !covered.has(u.section);
    if (!inSteps) {
      if (u.kind !== 'text' || !u.inList) flush();
      continue;
    }
    const last = current[current.length - 1];
    if (STEP.test(u.text) && last && (last.section !== u.section)) flush();
    if (STEP.test(u.text) || current.length > 0) current.push(u);
  }
  flush();
  return out;
}

function arrowHops(doc: DesignDoc, u: Unit, entityAt: (unit: number, a: number, b: number) => string | undefined): FlowHop[] {
  const hops: FlowHop[] = [];
  const t = u.text;
  let last = 0;
  const segs: { a: number; b: number }[] = [];
  ARROW.lastIndex = 0;
  for (let m = ARROW.exec(t); m; m = ARROW.exec(t)) {
    segs.push({ a: last, b: m.index });
    last = m.index + m[0].length;
  }
  segs.push({ a: last, b: t.length });
  for (const s of segs) {
    let a = s.a;
    let b = s.b;
    const raw = t.slice(a, b);
    const cleaned = raw.replace(BOX, ' ').replace(/^[\s`*>\-\d.)]+|[\s`*.:,;]+$/g, '');
    if (!cleaned || cleaned.length > 80) continue;
    a += raw.indexOf(cleaned[0]);
    b = a + cleaned.length;
    hops.push({ text: stripInline(cleaned), entityId: entityAt(u.index, u.start + a, u.start + b), range: rangeOf(doc, u.start + a, u.start + b) });
  }
  return hops;
}

function mermaidFlows(doc: DesignDoc, lines: Unit[], entityAt: (unit: number, a: number, b: number) => string | undefined): DataFlow[] {
  const labels = new Map<string, { text: string; unit: Unit; at: number }>();
  const edges: { from: string; to: string; unit: Unit }[] = [];
  const isSequence = /sequenceDiagram/.test(lines[0].text);
  for (const u of lines) {
    MERMAID_NODE.lastIndex = 0;
    for (let m = MERMAID_NODE.exec(u.text); m; m = MERMAID_NODE.exec(u.text)) {
      if (!labels.has(m[1])) labels.set(m[1], { text: m[2].trim(), unit: u, at: m.index + m[0].indexOf(m[2]) });
    }
    if (isSequence) {
      const p = SEQ_PARTICIPANT.exec(u.text);
      if (p) labels.set(p[1], { text: (p[2] ?? p[1]).trim(), unit: u, at: u.text.indexOf(p[2] ?? p[1]) });
      const s = SEQ_MESSAGE.exec(u.text);
      if (s && s[1] !== s[2]) edges.push({ from: s[1], to: s[2], unit: u });
    } else {
      const e = MERMAID_EDGE.exec(u.text);
      if (e) edges.push({ from: e[1], to: e[3], unit: u });
    }
  }
  const hop = (id: string, fallback: Unit): FlowHop => {
    const l = labels.get(id);
    const unit = l?.unit ?? fallback;
    const at = l ? l.at : Math.max(0, unit.text.indexOf(id));
    const text = l?.text ?? id;
    const a = unit.start + at;
    return { text, entityId: entityAt(unit.index, a, a + text.length), range: rangeOf(doc, a, a + text.length) };
  };
  const first = lines[0];
  const lastLine = lines[lines.length - 1];
  const name = flowName(doc, first);
  if (isSequence) {
    const hops: FlowHop[] = [];
    for (const e of edges) {
      if (hops.length === 0) hops.push(hop(e.from, e.unit));
      if (hops[hops.length - 1].text !== (labels.get(e.to)?.text ?? e.to)) hops.push(hop(e.to, e.unit));
    }
    return hops.length >= 2 ? [{ name, hops, range: rangeOf(doc, first.start, lastLine.end), source: 'mermaid', section: first.section }] : [];
  }
  // Flowchart: walk chains from sources along unused edges.
  const out: DataFlow[] = [];
  const used = new Set<number>();
  const incoming = new Set(edges.map((e) => e.to));
  const starts = [...new Set(edges.map((e) => e.from))].sort((a, b) => Number(incoming.has(a)) - Number(incoming.has(b)));
  for (const s of starts) {
    let cur = s;
    const chain: { id: string; unit: Unit }[] = [];
    for (;;) {
      const idx = edges.findIndex((e, i) => !used.has(i) && e.from === cur);
      if (idx < 0) break;
      used.add(idx);
      if (chain.length === 0) chain.push({ id: cur, unit: edges[idx].unit });
      chain.push({ id: edges[idx].to, unit: edges[idx].unit });
      cur = edges[idx].to;
      if (chain.length > 12) break;
    }
    if (chain.length >= 2) {
      out.push({ name: out.length ? `${name} (${out.length + 1})` : name, hops: chain.map((c) => hop(c.id, c.unit)), range: rangeOf(doc, chain[0].unit.start, chain[chain.length - 1].unit.end), source: 'mermaid', section: first.section });
    }
  }
  return out;
}

/** A bold label just before the flow ("**Task creation**"), else the section title. */
function flowName(doc: DesignDoc, u: Unit): string {
  for (let i = u.index - 1; i >= 0 && i >= u.index - 3; i--) {
    const p = doc.units[i];
    if (p.section !== u.section || p.kind === 'heading') break;
    const bold = /^\s*\*\*([^*]{2,60})\*\*[.:]?\s*$/.exec(p.text);
    if (bold) return stripInline(bold[1]);
  }
  const own = /^\s*\*\*([^*]{2,60})\*\*/.exec(u.text);
  if (own) return stripInline(own[1]);
  const title = doc.sections[u.section]?.title ?? '';
  return title.replace(/^[\d.]+\s*/, '') || 'Data flow';
}
