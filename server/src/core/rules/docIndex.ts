import { unitAt, type DesignDoc } from '../document/designDoc';
import { endpointGroup } from '../extract/endpoints';
import { isAsideSection } from '../extract/sections';
import type { Knowledge } from '../knowledge/knowledge';
import { test } from '../text/patterns';
import type { EntityGroup, Structure } from '../types';
import type { CompiledEvidence } from './catalog';
import { isNegated } from './negation';

/** What a piece of prose talks about: used to decide which entities its evidence covers. */
export interface UnitContext {
  entities: Set<string>;
  endpointGroups: Set<string>;
  groups: Set<EntityGroup>;
  domains: Set<string>;
}

export interface EvidenceHit {
  start: number;
  end: number;
  unit: number;
  text: string;
  negated: boolean;
  /** False when the requirement has qualifiers and none is near. */
  qualified: boolean;
}

const EMPTY: UnitContext = { entities: new Set(), endpointGroups: new Set(), groups: new Set(), domains: new Set() };

/**
 * Per-analysis indexes shared by all rules: mentions per unit, the context each unit speaks
 * about, and evidence hits per pattern set. Everything is computed lazily and once.
 */
export class DocIndex {
  readonly mentionsByUnit = new Map<number, Set<string>>();
  readonly endpointsByUnit = new Map<number, Set<string>>();
  private readonly contexts = new Map<number, UnitContext>();
  private readonly ownContexts = new Map<number, UnitContext>();
  private readonly blockUnits = new Map<number, number[]>();
  private readonly hitCache = new Map<CompiledEvidence, EvidenceHit[]>();

  constructor(
    readonly doc: DesignDoc,
    readonly structure: Structure,
    readonly kb: Knowledge,
  ) {
    for (const list of [structure.components, structure.stores, structure.messaging, structure.external]) {
      for (const e of list) for (const m of e.mentions) add(this.mentionsByUnit, m.unit, e.id);
    }
    for (const ep of structure.endpoints) add(this.endpointsByUnit, ep.unit, endpointGroup(ep.path));
    for (const u of doc.units) {
      const list = this.blockUnits.get(u.block) ?? [];
      list.push(u.index);
      this.blockUnits.set(u.block, list);
    }
  }

  /** What the unit itself names: entities, endpoints, group phrases, domain nouns. */
  ownContext(unit: number): UnitContext {
    let c = this.ownContexts.get(unit);
    if (c) return c;
    const u = this.doc.units[unit];
    const groups = new Set<EntityGroup>();
    for (const g of this.kb.vocab.groups) if (test(g.re, u.text)) groups.add(g.group);
    const domains = new Set<string>();
    for (const d of this.kb.vocab.domainNouns) if (test(d.re, u.text)) domains.add(d.domain);
    c = {
      entities: this.mentionsByUnit.get(unit) ?? new Set(),
      endpointGroups: this.endpointsByUnit.get(unit) ?? new Set(),
      groups,
      domains,
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

  private resolveContext(unit: number): UnitContext {
    const own = this.ownContext(unit);
    const u = this.doc.units[unit];
    const siblings = this.blockUnits.get(u.block) ?? [];
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
      const parents = this.blockUnits.get(u.parentBlock) ?? [];
      for (let i = parents.length - 1; i >= 0; i--) {
        const c = this.ownContext(parents[i]);
        if (!isEmpty(c)) return c;
      }
    }
    for (let s = u.section; s > 0; s = this.doc.sections[s].parent) {
      const heading = this.headingUnit(s);
      if (heading >= 0) {
        const c = this.ownContext(heading);
        if (!isEmpty(c)) return c;
      }
    }
    return EMPTY;
  }

  private headingUnit(section: number): number {
    const line = this.doc.sections[section].headingLine;
    if (line < 0) return -1;
    const off = this.doc.lineStarts[line];
    const idx = this.doc.unitStarts.indexOf(off);
    return idx >= 0 && this.doc.units[idx].kind === 'heading' ? idx : -1;
  }

  /** Evidence hits of one requirement, outside headings and aside sections, negation-checked. */
  hits(ev: CompiledEvidence): EvidenceHit[] {
    const cached = this.hitCache.get(ev);
    if (cached) return cached;
    const out: EvidenceHit[] = [];
    const { doc } = this;
    const re = ev.re;
    re.lastIndex = 0;
    for (let m = re.exec(doc.text); m; m = re.exec(doc.text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const unitIdx = unitAt(doc, m.index);
      if (unitIdx < 0) continue;
      const u = doc.units[unitIdx];
      if (u.kind === 'heading' || u.kind === 'table-header' || (u.kind === 'code' && u.lang === 'mermaid')) continue;
      if (isAsideSection(doc, u.section)) continue;
      const rel = m.index - u.start;
      const negated = isNegated(u, rel, rel + m[0].length, this.kb.vocab);
      let qualified = true;
      if (ev.qualifiers) {
        const blockText = (this.blockUnits.get(u.block) ?? [unitIdx]).map((i) => doc.units[i].text).join(' ');
        qualified = test(ev.qualifiers, blockText);
      }
      out.push({ start: m.index, end: m.index + m[0].length, unit: unitIdx, text: m[0], negated, qualified });
    }
    this.hitCache.set(ev, out);
    return out;
  }
}

export function isEmpty(c: UnitContext): boolean {
  return c.entities.size === 0 && c.endpointGroups.size === 0 && c.groups.size === 0 && c.domains.size === 0;
}

function add(map: Map<number, Set<string>>, key: number, value: string) {
  let s = map.get(key);
  if (!s) map.set(key, (s = new Set()));
  s.add(value);
}
