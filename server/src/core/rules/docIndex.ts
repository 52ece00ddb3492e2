import { unitAt, type DesignDoc } from '../document/designDoc';
import { endpointGroup } from '../extract/endpoints';
import { isAsideSection } from '../extract/sections';
import type { Knowledge } from '../knowledge/knowledge';
import { buildWordIndex, execGated, type GatedRegex, type Match, type WordIndex } from '../text/gatedRegex';
import { test } from '../text/patterns';
import type { EntityGroup, Structure } from '../types';
import type { CompiledEvidence } from './catalog';
import { bareValue, isNegated } from './negation';

/** What a piece of prose talks about: used to decide which entities its evidence covers. */
export interface UnitContext {
  entities: Set<string>;
  endpointGroups: Set<string>;
  groups: Set<EntityGroup>;
  domains: Set<string>;
  /** Entity kinds named by a generic noun ("the cache"). */
  kinds: Set<string>;
}

export interface EvidenceHit {
  start: number;
  end: number;
  unit: number;
  text: string;
  negated: boolean;
  /** False when the requirement has qualifiers and none is near. */
  qualified: boolean;
  /** From an explicit gap phrase ("retried every 10 s"): stands even next to positive evidence. */
  gap?: boolean;
}

/** The reason that makes a mechanism unnecessary for a row: it changes nothing. */
const EXEMPT = /no side[- ]effects?|side[- ]effect[- ]free|副作用(が|は)?(なし|無し|ない)|read[- ]only|読み取り専用|参照のみ/i;
const COUNT_HEADER = /replica|instance|node|pod|task|count|台数|レプリカ|インスタンス|ノード/i;
const EMPTY_SET: ReadonlySet<string> = new Set();
const CONSUMES = /\b(consum(e|es|ed|ing|er)|long[- ]polls?|polls?|receiv(e|es|ed|ing)|subscrib(e|es|ed|ing)|reads? from|pulls?|listens?)\b|受信|購読|取り出|取得/i;

const EMPTY: UnitContext = { entities: new Set(), endpointGroups: new Set(), groups: new Set(), domains: new Set(), kinds: new Set() };

/**
 * Per-analysis indexes shared by all rules: mentions per unit, the context each unit speaks
 * about, and evidence hits per pattern set. Everything is computed lazily and once.
 */
export class DocIndex {
  readonly mentionsByUnit = new Map<number, Set<string>>();
  private readonly componentIds = new Set<string>();
  readonly endpointsByUnit = new Map<number, Set<string>>();
  private readonly contexts = new Map<number, UnitContext>();
  private readonly ownContexts = new Map<number, UnitContext>();
  private readonly localContexts = new Map<number, UnitContext>();
  private readonly blockUnits = new Map<number, number[]>();
  private readonly hitCache = new Map<CompiledEvidence, EvidenceHit[]>();
  private readonly scanCache = new Map<GatedRegex, Match[]>();
  private readonly unitSets = new Map<GatedRegex, Set<number>>();
  private words: WordIndex | undefined;
  private readonly touched = new Map<GatedRegex, Set<number>>();
  private consumers: Map<string, Set<string>> | undefined;
  /** Table rows by column header text, built on first use. */
  private columns: Map<string, { unit: number; col: number }[]> | undefined;

  constructor(
    readonly doc: DesignDoc,
    readonly structure: Structure,
    readonly kb: Knowledge,
    words?: WordIndex,
  ) {
    this.words = words;
    for (const list of [structure.components, structure.stores, structure.messaging, structure.external]) {
      for (const e of list) for (const m of e.mentions) add(this.mentionsByUnit, m.unit, e.id);
    }
    for (const e of structure.components) this.componentIds.add(e.id);
    for (const ep of structure.endpoints) add(this.endpointsByUnit, ep.unit, endpointGroup(ep.path));
  }

  /**
   * The units of a block, in order. Blocks are numbered in text order and their units are
   * contiguous, so the first is found by binary search (only blocks a rule asks about are read).
   */
  private unitsOfBlock(block: number): number[] {
    let list = this.blockUnits.get(block);
    if (list) return list;
    const units = this.doc.units;
    let lo = 0;
    let hi = units.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (units[mid].block < block) lo = mid + 1;
      else hi = mid;
    }
    list = [];
    for (let i = lo; i < units.length && units[i].block === block; i++) list.push(i);
    this.blockUnits.set(block, list);
    return list;
  }

  /**
   * Components that read a queue or topic: the hop after it in a flow ("SQS → ジョブワーカー"), or
   * named with it alone in a sentence that says so ("NotificationWorker long-polls the queue").
   * What a sentence says about the consumer holds for what it consumes.
   */
  consumersOf(id: string): ReadonlySet<string> {
    if (!this.consumers) {
      const consumers = new Map<string, Set<string>>();
      const messaging = new Set(this.structure.messaging.map((e) => e.id));
      for (const f of this.structure.flows) {
        for (let i = 0; i + 1 < f.hops.length; i++) {
          const from = f.hops[i].entityId;
          const to = f.hops[i + 1].entityId;
          if (from && to && messaging.has(from) && this.componentIds.has(to)) add(consumers, from, to);
        }
      }
      for (const [unit, ids] of this.mentionsByUnit) {
        const queues = [...ids].filter((x) => messaging.has(x));
        if (queues.length !== 1 || !CONSUMES.test(this.doc.units[unit].text)) continue;
        for (const x of ids) if (this.componentIds.has(x)) add(consumers, queues[0], x);
      }
      this.consumers = consumers;
    }
    return this.consumers.get(id) ?? EMPTY_SET;
  }

  /** Whether the entity is one of the design's own components (not a store, queue or third party). */
  isComponent(id: string): boolean {
    return this.componentIds.has(id);
  }

  /** What the unit itself names: entities, endpoints, group phrases, domain nouns. */
  ownContext(unit: number): UnitContext {
    let c = this.ownContexts.get(unit);
    if (c) return c;
    const u = this.doc.units[unit];
    const groups = new Set<EntityGroup>();
    const domains = new Set<string>();
    const kinds = new Set<string>();
    const v = this.kb.vocab;
    for (const g of v.groups) if (this.touchedBy(g.gated).has(unit) && test(g.re, u.text)) groups.add(g.group);
    for (const d of v.domainNouns) if (this.touchedBy(d.gated).has(unit) && test(d.re, u.text)) domains.add(d.domain);
    for (const k of v.kindNouns) if (this.touchedBy(k.gated).has(unit) && test(k.re, u.text)) kinds.add(k.kind);
    c = {
      entities: this.mentionsByUnit.get(unit) ?? new Set(),
      endpointGroups: this.endpointsByUnit.get(unit) ?? new Set(),
      groups,
      domains,
      kinds,
    };
    this.ownContexts.set(unit, c);
    return c;
  }

  /**
   * The context evidence in this unit applies to: the unit's own, else the nearest earlier
   * sentence of the same paragraph ("Both clients use a 2 s timeout"), else the enclosing list
   * item, else the nearest heading that names something.
   */
  context(unit: number): UnitContext {
    let c = this.contexts.get(unit);
    if (c) return c;
    c = this.resolveContext(unit);
    this.contexts.set(unit, c);
    return c;
  }

  /**
   * The context from the unit's own paragraph, item or row only (no heading fallback): what a
   * statement says about the entities it is written next to.
   */
  localContext(unit: number): UnitContext {
    let c = this.localContexts.get(unit);
    if (!c) this.localContexts.set(unit, (c = this.resolveContext(unit, true)));
    return c;
  }

  private resolveContext(unit: number, local = false): UnitContext {
    const own = this.ownContext(unit);
    const u = this.doc.units[unit];
    const siblings = this.unitsOfBlock(u.block);
    // "Lookups use Flink async I/O with a 2 s timeout": a sentence that names only the calling
    // component still speaks about the dependency of the sentence before.
    // (Only when it names a component: a table row naming just an endpoint is about that endpoint.)
    if (own.entities.size > 0 && own.groups.size === 0 && own.domains.size === 0 && own.kinds.size === 0 && [...own.entities].every((id) => this.componentIds.has(id))) {
      for (let i = siblings.indexOf(unit) - 1; i >= 0; i--) {
        const c = this.ownContext(siblings[i]);
        if (!isEmpty(c)) return { ...c, entities: new Set([...c.entities, ...own.entities]), endpointGroups: new Set([...c.endpointGroups, ...own.endpointGroups]) };
      }
    }
    if (!isEmpty(own)) {
      // In a list item the lead sentence names the topic ("Redis keys: …"); later sentences add to it.
      if (!u.inList || siblings[0] === unit) return own;
      const lead = this.ownContext(siblings[0]);
      return { ...own, entities: new Set([...lead.entities, ...own.entities]) };
    }
    for (let i = siblings.indexOf(unit) - 1; i >= 0; i--) {
      const c = this.ownContext(siblings[i]);
      if (!isEmpty(c)) return c;
    }
    if (u.parentBlock >= 0) {
      const parents = this.unitsOfBlock(u.parentBlock);
      for (let i = parents.length - 1; i >= 0; i--) {
        const c = this.ownContext(parents[i]);
        if (!isEmpty(c)) return c;
      }
    }
    if (local) return EMPTY;
    for (let s = u.section; s > 0; s = this.doc.sections[s].parent) {
      const heading = this.headingUnit(s);
      if (heading >= 0) {
        const c = this.ownContext(heading);
        if (!isEmpty(c)) return c;
      }
    }
    return EMPTY;
  }

  /**
   * Units a match of the pattern set touches, from one gated scan of the document: a superset of
   * the units whose own text matches (a unit-level test stays the judge), so most units are never
   * tested against the long group, domain and kind alternations.
   */
  private touchedBy(g: GatedRegex): Set<number> {
    let units = this.touched.get(g);
    if (units) return units;
    units = new Set<number>();
    this.words ??= buildWordIndex(this.doc.masked);
    for (const m of execGated(g, this.words)) {
      let u = unitAt(this.doc, m.start);
      if (u < 0) u = this.doc.unitStarts.findIndex((s) => s >= m.start);
      for (; u >= 0 && u < this.doc.units.length && this.doc.units[u].start < m.end; u++) units.add(u);
    }
    this.touched.set(g, units);
    return units;
  }

  private headingUnit(section: number): number {
    const line = this.doc.sections[section].headingLine;
    if (line < 0) return -1;
    // The unit that starts the heading's line (unit starts are ascending: binary search).
    const idx = unitAt(this.doc, this.doc.lineStarts[line]);
    return idx >= 0 && this.doc.unitStarts[idx] === this.doc.lineStarts[line] && this.doc.units[idx].kind === 'heading' ? idx : -1;
  }

  /** All matches of a vocabulary pattern set in the document (cached per analysis). */
  scan(g: GatedRegex): Match[] {
    let r = this.scanCache.get(g);
    if (!r) {
      this.words ??= buildWordIndex(this.doc.masked);
      // Patterns may span a wrapped line ('.' matches a line break) but never leave their sentence,
      // row or item.
      r = execGated(g, this.words).filter((m) => {
        const u = unitAt(this.doc, m.start);
        return u < 0 || m.end <= this.doc.units[u].end;
      });
      this.scanCache.set(g, r);
    }
    return r;
  }

  /** Units containing a match of the pattern set. */
  unitsMatching(g: GatedRegex): Set<number> {
    let r = this.unitSets.get(g);
    if (!r) {
      r = new Set();
      for (const m of this.scan(g)) {
        const u = unitAt(this.doc, m.start);
        if (u >= 0) r.add(u);
      }
      this.unitSets.set(g, r);
    }
    return r;
  }

  /** Evidence hits of one requirement, outside headings and aside sections, negation-checked. */
  hits(ev: CompiledEvidence): EvidenceHit[] {
    const cached = this.hitCache.get(ev);
    if (cached) return cached;
    const out: EvidenceHit[] = [];
    const { doc } = this;
    for (const m of this.scan(ev.gated)) {
      const unitIdx = unitAt(doc, m.start);
      if (unitIdx < 0) continue;
      const u = doc.units[unitIdx];
      if (u.kind === 'heading' || u.kind === 'table-header' || (u.kind === 'code' && u.lang === 'mermaid')) continue;
      if (isAsideSection(doc, u.section)) continue;
      const rel = m.start - u.start;
      // "trace context is not carried": a cue inside the matched phrase negates it too.
      const negated = isNegated(u, rel, rel + m.text.length, this.kb.vocab) || ((m.text.includes(' ') || m.text.charCodeAt(m.text.length - 1) > 0x3000) && test(this.kb.vocab.negInside, m.text));
      let qualified = true;
      if (ev.qualifiers) {
        const blockText = this.unitsOfBlock(u.block).map((i) => doc.units[i].text).join(' ');
        qualified = test(ev.qualifiers, blockText);
      }
      out.push({ start: m.start, end: m.end, unit: unitIdx, text: m.text, negated, qualified });
    }
    if (ev.gaps) {
      // Phrases that state the gap outright ("returns 200 only") count as negated evidence, and the
      // evidence words inside them are not evidence ("a single replica" names no replica).
      const gaps: EvidenceHit[] = [];
      for (const m of this.scan(ev.gaps)) {
        const unitIdx = unitAt(doc, m.start);
        if (unitIdx < 0 || doc.units[unitIdx].kind === 'heading' || isAsideSection(doc, doc.units[unitIdx].section)) continue;
        gaps.push({ start: m.start, end: m.end, unit: unitIdx, text: m.text, negated: true, qualified: true, gap: true });
      }
      if (gaps.length) {
        const inside = (h: EvidenceHit) => gaps.some((g) => h.start < g.end && h.end > g.start);
        for (let i = out.length - 1; i >= 0; i--) if (inside(out[i])) out.splice(i, 1);
        out.push(...gaps);
      }
    }
    out.push(...this.tableHits(ev, out));
    out.sort((a, b) => a.start - b.start);
    this.hitCache.set(ev, out);
    return out;
  }

  /**
   * A table whose column header names the mechanism ("Timeout", "Breaker", "Fallback") states it
   * for each row: the cell is the evidence, a bare "—"/"None"/「なし」 cell is negated evidence.
   */
  private tableHits(ev: CompiledEvidence, direct: EvidenceHit[]): EvidenceHit[] {
    const out: EvidenceHit[] = [];
    const { doc } = this;
    if (!this.columns) {
      this.columns = new Map();
      for (const u of doc.units) {
        if (u.kind !== 'table-row' || !u.header || !u.cells || isAsideSection(doc, u.section)) continue;
        for (let i = 1; i < u.cells.length; i++) {
          const head = u.header[i];
          if (!head) continue;
          const list = this.columns.get(head) ?? [];
          list.push({ unit: u.index, col: i });
          this.columns.set(head, list);
        }
      }
    }
    for (const [head, cells] of this.columns) {
      if (!test(ev.re, head) && !(ev.columns && test(ev.columns, head))) continue;
      for (const { unit, col } of cells) {
        const u = doc.units[unit];
        const cell = u.cells![col];
        const start = u.start + cell.start;
        const end = u.start + cell.end;
        if (!cell.text || direct.some((h) => h.start >= start && h.start < end)) continue;
        const bare = bareValue(cell.text);
        // A count column ("Replicas", 台数) that says 1 states the gap, not redundancy.
        const single = /^(1|one|single|1\s*台|×\s*1|x\s*1)$/.test(bare) && COUNT_HEADER.test(head);
        // "副作用なしのため不要", "not needed (read-only)": a reasoned exemption settles the row.
        if (EXEMPT.test(cell.text)) {
          out.push({ start, end, unit: u.index, text: cell.text, negated: false, qualified: true });
          continue;
        }
        const negated = single || this.kb.vocab.negValues.has(bare) || test(this.kb.vocab.negAfter, cell.text) || /^(n\/a|na|sdk default|default|defaults)\b/i.test(bare);
        const qualified = !ev.qualifiers || test(ev.qualifiers, `${head} ${cell.text}`);
        out.push({ start, end, unit: u.index, text: cell.text, negated, qualified });
      }
    }
    return out;
  }
}

export function isEmpty(c: UnitContext): boolean {
  return c.entities.size === 0 && c.endpointGroups.size === 0 && c.groups.size === 0 && c.domains.size === 0 && c.kinds.size === 0;
}

function add<K>(map: Map<K, Set<string>>, key: K, value: string) {
  let s = map.get(key);
  if (!s) map.set(key, (s = new Set()));
  s.add(value);
}
