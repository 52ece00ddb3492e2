import { applyConfig, type FaultlineConfig } from './config';
import { rangeOf, reparseDesignDoc, type DesignDoc } from './document/designDoc';
import { extractEndpoints } from './extract/endpoints';
import { extractEntities } from './extract/entities';
import { extractFlows } from './extract/flows';
import { classifySections } from './extract/sections';
import { extractTargets } from './extract/targets';
import type { Catalog } from './rules/catalog';
import { DocIndex } from './rules/docIndex';
import { evaluateRule } from './rules/evaluate';
import { buildWordIndex, updateWordIndex, type WordIndex } from './text/gatedRegex';
import { findAliases, updateWordAliases, wordAliases, type AliasMatch, type Knowledge } from './knowledge/knowledge';
import { LineScans } from './text/lineScans';
import { applySuppressions, parseSuppressions } from './suppress';
import type { Entity, Finding, MechanismHit, Problem, Structure } from './types';

export interface AnalyzeOptions {
  catalog: Catalog;
  config?: FaultlineConfig;
  /** "Today" for accepted-risk expiry (YYYY-MM-DD); defaults to the current date. */
  today?: string;
  /**
   * The analysis of an earlier version of the same document (the editor's previous keystroke):
   * its document model is reused when the edit cannot change the block structure.
   */
  previous?: Analysis;
}

export interface Analysis {
  doc: DesignDoc;
  structure: Structure;
  findings: Finding[];
  problems: Problem[];
  /** Whether the text reads like a design document (architecture, flows, API sections…). */
  isDesign: boolean;
  /** Findings hidden by suppression comments or accepted risks. */
  suppressed: number;
}

const ruleIds = new WeakMap<Catalog, Set<string>>();
/** The ids of the catalog's rules, for checking suppression comments (computed once per catalog). */
function ruleIdsOf(catalog: Catalog): Set<string> {
  let ids = ruleIds.get(catalog);
  if (!ids) ruleIds.set(catalog, (ids = new Set(catalog.rules.map((r) => r.spec.id))));
  return ids;
}

/** Word index and word-alias matches of each analysed model, for the next keystroke's update (weak: dropped with the model). */
const wordIndexes = new WeakMap<DesignDoc, WordIndex>();
const wordAliasCache = new WeakMap<DesignDoc, { kb: Knowledge; matches: AliasMatch[] }>();
const lineScanCache = new WeakMap<DesignDoc, LineScans>();

/**
 * The text-level indexes of a model: word index, knowledge-base names that start with a word, and
 * line-bound scans. For a model derived from the previous keystroke's, each is updated around the
 * edit instead of rebuilt (the previous name matches only if they came from the same knowledge
 * base: a config can add technologies).
 */
function indexText(doc: DesignDoc, kb: Knowledge, previous: Analysis | undefined) {
  const prevDoc = doc.edited ? previous?.doc : undefined;
  const edit = prevDoc ? doc.edited : undefined;
  const prevWords = prevDoc ? wordIndexes.get(prevDoc) : undefined;
  const words = prevWords && edit ? updateWordIndex(prevWords, doc.masked, edit.from, edit.oldTo, edit.delta) : buildWordIndex(doc.masked);
  wordIndexes.set(doc, words);
  const cached = prevDoc && prevWords ? wordAliasCache.get(prevDoc) : undefined;
  const wordMatches =
    cached?.kb === kb && prevWords && edit ? updateWordAliases(kb, cached.matches, prevWords, words, edit.from, edit.oldTo, edit.delta) : wordAliases(kb, words);
  wordAliasCache.set(doc, { kb, matches: wordMatches });
  const prevScans = prevDoc ? lineScanCache.get(prevDoc) : undefined;
  const scans = new LineScans(doc.masked, doc.lineStarts, prevScans && edit ? { scans: prevScans, edit } : undefined);
  lineScanCache.set(doc, scans);
  return { words, wordMatches, scans };
}

/**
 * The one entry point of the analysis core: text in, structure and findings out.
 * Pure and synchronous; a rule that throws becomes one problem, never a failed analysis.
 */
export function analyze(text: string, options: AnalyzeOptions): Analysis {
  const { catalog, problems: configProblems } = applyConfig(options.catalog, options.config);
  const kb = catalog.knowledge;
  const doc = reparseDesignDoc(options.previous?.doc, text);
  classifySections(doc, kb.vocab);
  const { words, wordMatches, scans } = indexText(doc, kb, options.previous);
  const entities = extractEntities(doc, kb, words, findAliases(kb, words, wordMatches), scans);
  scans.release();
  let mechanisms: MechanismHit[] | undefined;
  const structure: Structure = {
    components: entities.filter((e) => e.group === 'component'),
    stores: entities.filter((e) => e.group === 'store'),
    messaging: entities.filter((e) => e.group === 'messaging'),
    external: entities.filter((e) => e.group === 'external'),
    flows: extractFlows(doc, entities),
    endpoints: extractEndpoints(doc),
    // Read by the report, the sidebar and hovers, not by the rules: computed on first read.
    get mechanisms() {
      return (mechanisms ??= collectMechanisms(catalog, doc, index, entities));
    },
    set mechanisms(v: MechanismHit[]) {
      mechanisms = v;
    },
    targets: extractTargets(doc, words),
  };
  const index = new DocIndex(doc, structure, kb, words);
  const problems: Problem[] = [...configProblems];
  let findings: Finding[] = [];
  for (const rule of catalog.rules) {
    try {
      findings.push(...evaluateRule(rule, doc, structure, index));
    } catch (e) {
      problems.push({ source: rule.source, message: `rule ${rule.spec.id} failed: ${(e as Error).message}`, severity: 'error' });
    }
  }

  const { suppressions, problems: supProblems } = doc.directives ? parseSuppressions(doc, ruleIdsOf(options.catalog)) : { suppressions: [], problems: [] };
  problems.push(...supProblems);
  // The date matters only for accepted risks with an expiry; most documents have none.
  const today = options.today ?? (suppressions.some((x) => x.until) ? new Date().toISOString().slice(0, 10) : '');
  const applied = suppressions.length > 0 ? applySuppressions(findings, suppressions, today) : { findings, suppressed: 0 };
  findings = applied.findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  return { doc, structure, findings, problems, isDesign: looksLikeDesign(doc, structure, kb.vocab.designKinds), suppressed: applied.suppressed };
}

/** Every piece of evidence found, with the entities it covers: the review's positive aspects. */
function collectMechanisms(catalog: Catalog, doc: DesignDoc, index: DocIndex, entities: Entity[]): MechanismHit[] {
  const out: MechanismHit[] = [];
  const groups = new Map<string, string[]>();
  for (const e of entities) groups.set(e.group, [...(groups.get(e.group) ?? []), e.id]);
  const byGroup = (g: string) => groups.get(g) ?? [];
  for (const rule of catalog.rules) {
    for (const ev of rule.evidence) {
      for (const h of index.hits(ev)) {
        if (h.negated || !h.qualified) continue;
        const ctx = index.context(h.unit);
        const covers = new Set(ctx.entities);
        for (const g of ctx.groups) for (const id of byGroup(g)) covers.add(id);
        for (const d of ctx.domains) for (const e of entities) if (e.domain === d) covers.add(e.id);
        out.push({ ruleId: rule.spec.id, label: ev.label, text: h.text, range: rangeOf(doc, h.start, h.end), unit: h.unit, section: doc.units[h.unit].section, covers: [...covers] });
      }
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** A design names its architecture, flows, API, data model, deployment… (or says `faultline: true`). */
export function looksLikeDesign(doc: DesignDoc, structure: Structure, designKinds: Set<string>): boolean {
  const flag = doc.frontMatter?.data.faultline;
  if (flag === true || flag === false) return flag;
  const kinds = new Set<string>();
  for (const s of doc.sections) for (const k of s.kinds.slice(0, 1)) kinds.add(k);
  const n = [...designKinds].filter((k) => kinds.has(k)).length;
  return n >= 2 || (n >= 1 && (structure.flows.length > 0 || structure.endpoints.length > 0));
}
