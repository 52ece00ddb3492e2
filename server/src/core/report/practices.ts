import { compileRule, type CompiledEvidence } from '../rules/catalog';
import type { RuleSpec } from '../rules/ruleSpec';
import type { Range } from '../types';
import { rangeOf } from '../document/designDoc';
import type { ReportContext } from './context';

/**
 * Reliability practices the review acknowledges as positive aspects although no rule checks
 * them on their own (the rules' evidence is reported separately). Patterns follow the catalog
 * conventions (rules/README); negated mentions ("no blue-green") do not count.
 */
const PRACTICES: { label: string; why: string; patterns: string[] }[] = [
  { label: 'Blue-green deployment', why: 'the previous version stays available to switch back to', patterns: ['blue[- ]green', 'ブルーグリーン'] },
  { label: 'Auto scaling', why: 'capacity follows load without manual action', patterns: ['auto ?scal(ing|es|ed|er)', 'horizontal pod autoscaler', '\\bHPA\\b', 'オートスケール', '自動スケール'] },
  { label: 'Automated backups', why: 'lost or corrupted data can be restored', patterns: ['automated backups?', 'automatic backups?', '(daily|hourly|nightly|weekly) (backups?|snapshots?)', 'snapshots? (per|every|each) (day|hour)', 'transaction logs? (retained|retention)', '自動バックアップ', '日次バックアップ'] },
  { label: 'Object versioning', why: 'overwritten or deleted files can be recovered', patterns: ['versioning (on|enabled|is enabled|turned on)', '(s3|bucket|object) versioning', 'バージョニング'] },
  { label: 'Structured logs with request ids', why: 'a request can be followed through the logs of every service', patterns: ['json logs?', 'structured (json )?log(s|ging)?', 'request[_ ]ids?', 'correlation[_ -]?ids?', 'x-request-id', '構造化ログ'] },
  { label: 'Rebuildable derived data', why: 'a lost index or cache can be recreated from the system of record', patterns: ['rebuilt from', 'rebuild(s|ing)? (the )?(index|indices|indexes) from', 'reindex (job|from)', '再構築'] },
  { label: 'Staging before production', why: 'changes run in a production-like environment first', patterns: ['staging (environment|automatically|first|before)', '(deploy(ed|s)?|released?) to staging', 'against staging', 'ステージング'] },
  { label: 'Integration tests against real dependencies', why: 'failure handling is exercised before release', patterns: ['testcontainers', 'localstack', 'wiremock', 'end[- ]to[- ]end (suite|tests?)', 'contract tests?', '結合テスト'] },
];

/** Compiled like rule evidence (through compileRule, so matching stays the catalog's). */
const COMPILED: { evidence: CompiledEvidence; why: string }[] = (() => {
  const spec = {
    id: 'report-practices',
    title: 'Practices acknowledged by the review report',
    category: 'observability',
    severity: 'minor',
    scope: 'document',
    summary: '',
    trigger: { always: true },
    evidence: PRACTICES.map((p) => ({ label: p.label, patterns: p.patterns })),
    message: '',
    scenario: '',
    impact: '',
    countermeasures: [],
    fix: { title: '', sections: [], template: '' },
  } satisfies RuleSpec;
  return compileRule(spec, 'server/src/core/report/practices.ts').evidence.map((evidence, i) => ({ evidence, why: PRACTICES[i].why }));
})();

export interface PracticeHit {
  label: string;
  why: string;
  text: string;
  range: Range;
  unit: number;
  section: number;
}

/** Practices named (and not negated) in the design, at most three places each. */
export function findPractices(ctx: ReportContext): PracticeHit[] {
  const { doc } = ctx.analysis;
  const out: PracticeHit[] = [];
  for (const { evidence: p, why } of COMPILED) {
    const seen = new Set<number>();
    for (const h of ctx.index.hits(p)) {
      if (h.negated || seen.has(doc.units[h.unit].section) || seen.size >= 3) continue;
      seen.add(doc.units[h.unit].section);
      out.push({ label: p.label, why, text: h.text, range: rangeOf(doc, h.start, h.end), unit: h.unit, section: doc.units[h.unit].section });
    }
  }
  return out;
}
