import type { Analysis } from '../analyze';
import type { Catalog, CompiledRule } from '../rules/catalog';
import type { DocIndex } from '../rules/docIndex';
import { triggerSpots } from '../rules/evaluate';
import { endpointSubjects, flowSubjects, matchEntities } from '../rules/subjects';
import { CATEGORY_TITLES, type Category, type Finding } from '../types';

/** How one category of checks stands for a document. */
export interface CategoryReadiness {
  category: Category;
  title: string;
  /** Rules of the category whose trigger applies to this design (or that reported a finding). */
  applicable: CompiledRule[];
  /** Applicable rules without an open finding. */
  met: CompiledRule[];
  /** Applicable rules with open findings. */
  open: CompiledRule[];
  /** Rules whose trigger does not apply (nothing in the design they could check). */
  notApplicable: CompiledRule[];
}

/**
 * Whether a rule has anything to judge in this design: the same trigger semantics as the
 * evaluator (per-entity subjects, or the document-level trigger spots), without the evidence.
 */
export function ruleApplies(rule: CompiledRule, analysis: Pick<Analysis, 'doc' | 'structure'>, index: DocIndex): boolean {
  const { doc, structure } = analysis;
  const t = rule.trigger;
  if (rule.spec.scope === 'document') return triggerSpots(t, doc, structure, index).length > 0;
  let subjects = matchEntities(doc, structure, t).length;
  if (t.spec.endpoints) subjects += endpointSubjects(doc, structure, t.spec.endpoints.methods, t.excludePaths).length;
  if (t.flows.length) subjects += flowSubjects(doc, structure, t.flows).length;
  return subjects > 0 && t.require.every((r) => triggerSpots(r, doc, structure, index).length > 0);
}

/**
 * Readiness per category: "checks met" are applicable rules with no open finding. Findings in
 * `extra` (e.g. hidden by a baseline) still count as open.
 */
export function readiness(analysis: Pick<Analysis, 'doc' | 'structure' | 'findings'>, catalog: Catalog, index: DocIndex, extra: readonly Finding[] = []): CategoryReadiness[] {
  const flagged = new Set([...analysis.findings, ...extra].map((f) => f.ruleId));
  const out: CategoryReadiness[] = [];
  for (const category of Object.keys(CATEGORY_TITLES) as Category[]) {
    const rules = catalog.rules.filter((r) => r.spec.category === category);
    if (rules.length === 0) continue;
    const row: CategoryReadiness = { category, title: CATEGORY_TITLES[category], applicable: [], met: [], open: [], notApplicable: [] };
    for (const rule of rules) {
      let applies: boolean;
      try {
        applies = flagged.has(rule.spec.id) || ruleApplies(rule, analysis, index);
      } catch {
        applies = flagged.has(rule.spec.id);
      }
      if (!applies) {
        row.notApplicable.push(rule);
        continue;
      }
      row.applicable.push(rule);
      (flagged.has(rule.spec.id) ? row.open : row.met).push(rule);
    }
    out.push(row);
  }
  return out;
}
