import type { Analysis } from '../analyze';
import { unitAt } from '../document/designDoc';
import type { Catalog } from '../rules/catalog';
import { DocIndex } from '../rules/docIndex';
import type { DataFlow, Entity, FlowHop, Range } from '../types';

/** What every part of the report reads: the analysis plus lookups built once. */
export interface ReportContext {
  analysis: Analysis;
  catalog: Catalog;
  entities: Entity[];
  byId: Map<string, Entity>;
  /** Evidence index over the document, shared by the report's parts. */
  index: DocIndex;
}

export function reportContext(analysis: Analysis, catalog: Catalog): ReportContext {
  const s = analysis.structure;
  const entities = [...s.components, ...s.stores, ...s.messaging, ...s.external];
  return { analysis, catalog, entities, byId: new Map(entities.map((e) => [e.id, e])), index: new DocIndex(analysis.doc, s, catalog.knowledge) };
}

/** Index of the unit (sentence, item, row) holding the start of a range, or -1. */
export function unitOfRange(ctx: ReportContext, range: Range): number {
  const doc = ctx.analysis.doc;
  const off = (doc.lineStarts[range.start.line] ?? 0) + range.start.character;
  return unitAt(doc, off);
}

/** Text of the unit holding the range, or the range's own line. */
export function anchorText(ctx: ReportContext, range: Range): string {
  const doc = ctx.analysis.doc;
  const u = unitOfRange(ctx, range);
  if (u >= 0) return doc.units[u].text;
  const start = doc.lineStarts[range.start.line] ?? 0;
  const end = doc.lineStarts[range.start.line + 1] ?? doc.text.length;
  return doc.text.slice(start, end);
}

/** Title of the section that holds a line. */
export function sectionTitleAt(ctx: ReportContext, line: number): string {
  const doc = ctx.analysis.doc;
  const s = doc.lineSection[line];
  return s === undefined ? '' : doc.sections[s]?.title ?? '';
}

/** Entities mentioned in a unit, in mention order. */
export function entitiesInUnit(ctx: ReportContext, unit: number): Entity[] {
  if (unit < 0) return [];
  return ctx.entities.filter((e) => e.mentions.some((m) => m.unit === unit));
}

/** A flow as "A → B → C". */
export function flowPath(f: DataFlow): string {
  return f.hops.map((h) => h.text.trim()).join(' → ');
}

/** Flows passing through any of the entities, with the components that call them (the hop before). */
export function flowsThrough(ctx: ReportContext, ids: ReadonlySet<string>): { flows: DataFlow[]; callers: Entity[] } {
  const flows: DataFlow[] = [];
  const callers = new Map<string, Entity>();
  for (const f of ctx.analysis.structure.flows) {
    let on = false;
    f.hops.forEach((h, i) => {
      if (![...ids].some((id) => hopNames(ctx, h, id))) return;
      on = true;
      for (let j = i - 1; j >= 0; j--) {
        const prev = f.hops[j].entityId ? ctx.byId.get(f.hops[j].entityId!) : undefined;
        if (!prev || ids.has(prev.id)) continue;
        if (prev.group === 'component') callers.set(prev.id, prev);
        break;
      }
    });
    if (on) flows.push(f);
  }
  return { flows, callers: [...callers.values()] };
}

/** Whether a hop is, or names, the entity ("Slack API / SendGrid" names both). */
export function hopNames(ctx: ReportContext, hop: FlowHop, id: string): boolean {
  if (hop.entityId === id) return true;
  const e = ctx.byId.get(id);
  if (!e) return false;
  const text = hop.text.toLowerCase();
  const names = new Set([e.name, ...e.aliases, ...e.mentions.map((m) => m.text)].filter((n) => n.length >= 3).map((n) => n.toLowerCase()));
  for (const n of names) {
    const i = text.indexOf(n);
    if (i >= 0 && !/\w/.test(text[i - 1] ?? '') && !/\w/.test(text[i + n.length] ?? '')) return true;
  }
  return false;
}
