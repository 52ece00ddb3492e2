import type { Analysis } from '../analyze';
import { applyConfig, type FaultlineConfig } from '../config';
import type { Catalog } from '../rules/catalog';
import { SEVERITIES, type Finding, type Severity } from '../types';
import { reportContext } from './context';
import { groupIssues, renderIssue } from './issues';
import { renderPhase1 } from './phase1';
import { findPractices } from './practices';
import { readiness } from './readiness';
import { renderActions, renderPositives, renderReadiness } from './summary';
import { esc } from './text';

export interface ReportOptions {
  /** Report title, e.g. the file name; defaults to the document's first heading. */
  title?: string;
  /** The config the analysis ran with, so that rules turned off are not counted as checks. */
  config?: FaultlineConfig;
  /** Findings hidden by a baseline: counted as open in the readiness summary, not listed. */
  baselined?: readonly Finding[];
}

const TIER_TITLES: Record<Severity, string> = {
  critical: 'Critical issues',
  significant: 'Significant issues',
  moderate: 'Moderate issues',
  minor: 'Minor issues',
};

/**
 * The written reliability review of one design document, as Markdown: structural analysis,
 * findings by tier (grouped per rule, with entity-specific scenario, impact and numbered
 * countermeasures), positive aspects, readiness per category and prioritised actions.
 * Pure: the same analysis and catalog always give the same text.
 */
export function renderReport(analysis: Analysis, catalog: Catalog, opts: ReportOptions = {}): string {
  const effective = applyConfig(catalog, opts.config).catalog;
  const ctx = reportContext(analysis, effective);
  const title = opts.title ?? (analysis.doc.sections.find((s) => s.level > 0)?.title || 'design document');
  const issues = groupIssues(analysis.findings, effective.byId);
  const practices = findPractices(ctx);
  const ready = readiness(analysis, effective, ctx.index, opts.baselined);

  const out: string[] = [`# Reliability design review: ${esc(title)}`, ''];
  const counts = SEVERITIES.filter((s) => analysis.findings.some((f) => f.severity === s)).map((s) => `${analysis.findings.filter((f) => f.severity === s).length} ${s}`);
  const hidden: string[] = [];
  if (analysis.suppressed) hidden.push(`${analysis.suppressed} suppressed or accepted in the document`);
  if (opts.baselined?.length) hidden.push(`${opts.baselined.length} already in the baseline`);
  out.push(
    `${analysis.findings.length} finding${analysis.findings.length === 1 ? '' : 's'} in ${issues.length} issue${issues.length === 1 ? '' : 's'}${counts.length ? ` (${counts.join(', ')})` : ''}${hidden.length ? `; not listed: ${hidden.join(', ')}` : ''}.`,
    '',
  );
  if (!analysis.isDesign) out.push('> This file does not read like a design document (no architecture, data-flow or API sections were recognised); the review below may have little to say.', '');

  out.push(...renderPhase1(ctx, practices), '---', '', '## Phase 2: Findings', '');
  if (issues.length === 0) out.push('No open findings.', '');
  for (const severity of SEVERITIES) {
    const tier = issues.filter((i) => i.severity === severity);
    if (tier.length === 0) continue;
    out.push(`### ${TIER_TITLES[severity]}`, '');
    for (const issue of tier) out.push(...renderIssue(ctx, issue));
  }

  out.push('---', '', '## Positive aspects', '', ...renderPositives(ctx, ready, practices), '');
  out.push('## Summary', '', '### Readiness by category', '', ...renderReadiness(ready, issues), '');
  out.push('### Prioritised actions', '', ...renderActions(issues));
  if (analysis.problems.length) {
    out.push('### Problems in the input', '');
    for (const p of analysis.problems) out.push(`- ${p.range ? `line ${p.range.start.line + 1}: ` : ''}${esc(p.source)}: ${esc(p.message)}`);
    out.push('');
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n');
}
