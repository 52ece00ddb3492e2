import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, FixEdit, Problem, Severity } from '../core/types';
import { ruleDocUrl } from '../core/rules/docs';
import type { Review } from './reviewer';
import type { DiagnosticLevel, FaultlineSettings } from './settings';

export const SOURCE = 'faultline';

/** Everything a code action needs, carried on the diagnostic so the code-action handler is stateless. */
export interface DiagnosticData {
  ruleId: string;
  severity: Severity;
  entity?: { id: string; name: string };
  fix?: FixEdit;
  /** Document version the finding was computed for. */
  version: number;
}

const LEVEL: Record<DiagnosticLevel, DiagnosticSeverity> = {
  Error: DiagnosticSeverity.Error,
  Warning: DiagnosticSeverity.Warning,
  Information: DiagnosticSeverity.Information,
  Hint: DiagnosticSeverity.Hint,
};

/** A finding as an LSP diagnostic: squiggle on the anchor, rule id as code, docs link, fix in `data`. */
export function toDiagnostic(finding: Finding, uri: string, version: number, settings: FaultlineSettings): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, severity: finding.severity, version };
  if (finding.entity) data.entity = { id: finding.entity.id, name: finding.entity.name };
  if (finding.fix) data.fix = finding.fix;
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: LEVEL[settings.severity[finding.severity]],
    code: finding.ruleId,
    source: SOURCE,
    message: finding.note ? `${finding.message} (${finding.note})` : finding.message,
    data,
  };
  const href = ruleDocUrl(finding.ruleId);
  if (href) diagnostic.codeDescription = { href };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  }
  return diagnostic;
}

/** A problem inside the document itself (a malformed suppression comment) as a diagnostic. */
export function problemToDiagnostic(problem: Problem & { range: NonNullable<Problem['range']> }): Diagnostic {
  return {
    range: problem.range,
    severity: problem.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: 'faultline-directive',
    source: SOURCE,
    message: problem.message,
  };
}

/** Reads back `Diagnostic.data`, which round-trips through the client untyped. */
export function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  if (diagnostic.source !== SOURCE) return undefined;
  const d = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (!d || typeof d.ruleId !== 'string' || typeof d.severity !== 'string') return undefined;
  return d as DiagnosticData;
}

/** All diagnostics of one review: its findings and the problems found in the document's own directives. */
export function toDiagnostics(review: Review): Diagnostic[] {
  if (!review.reviewed) return [];
  const out = review.findings.map((f) => toDiagnostic(f, review.uri, review.version, review.settings));
  for (const p of review.analysis?.problems ?? []) {
    if (p.range) out.push(problemToDiagnostic({ ...p, range: p.range }));
  }
  return out;
}
