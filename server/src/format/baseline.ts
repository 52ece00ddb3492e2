import { createHash } from 'node:crypto';
import type { Finding } from '../core/types';
import type { FileResult } from './fileResult';

/**
 * A baseline records the findings a team has already seen, so that CI reports only new ones.
 * Findings are matched by fingerprint: file path (relative to the baseline file), rule and
 * subject (the entity, else the section), so editing or moving text does not break the match.
 */
export interface BaselineEntry {
  fingerprint: string;
  path: string;
  rule: string;
  subject: string;
  severity: string;
  message: string;
}

export interface Baseline {
  faultline: 'baseline';
  version: 1;
  findings: BaselineEntry[];
}

/** What a finding is about, for matching: its entity, else its section title. */
export function subjectOf(f: Finding): string {
  return f.entity?.name ?? f.section ?? '';
}

/** Stable across line moves: file, rule and subject. Also SARIF's `faultline/v1` partial fingerprint. */
export function fingerprint(path: string, rule: string, subject: string): string {
  return createHash('sha256').update(`${path}\0${rule}\0${subject}`).digest('hex').slice(0, 32);
}

/** The baseline of the given results; `pathOf` maps a result path to the path stored. */
export function createBaseline(results: readonly FileResult[], pathOf: (path: string) => string = (p) => p): Baseline {
  const findings: BaselineEntry[] = [];
  for (const r of results) {
    const path = pathOf(r.path);
    for (const f of r.findings) {
      const subject = subjectOf(f);
      findings.push({ fingerprint: fingerprint(path, f.ruleId, subject), path, rule: f.ruleId, subject, severity: f.severity, message: f.message });
    }
  }
  findings.sort((a, b) => a.path.localeCompare(b.path) || a.rule.localeCompare(b.rule) || a.subject.localeCompare(b.subject));
  return { faultline: 'baseline', version: 1, findings };
}

export function serializeBaseline(b: Baseline): string {
  return JSON.stringify(b, null, 2) + '\n';
}

/** Parses a baseline file; throws an Error with a readable message when it is not one. */
export function parseBaseline(text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON: ${(e as Error).message}`);
  }
  const b = data as Partial<Baseline>;
  if (!b || typeof b !== 'object' || b.faultline !== 'baseline' || !Array.isArray(b.findings)) throw new Error('not a Faultline baseline (expected {"faultline": "baseline", "findings": [...]})');
  if (b.version !== 1) throw new Error(`unsupported baseline version ${String(b.version)}`);
  for (const [i, e] of b.findings.entries()) {
    if (!e || typeof e.fingerprint !== 'string') throw new Error(`findings[${i}]: missing "fingerprint"`);
  }
  return b as Baseline;
}

export interface BaselineOutcome<T extends FileResult> {
  /** Results with baselined findings removed; `baselined` holds what was removed. */
  results: (T & { baselined: Finding[] })[];
  /** Findings that matched the baseline. */
  matched: number;
  /** Baseline entries that no longer occur (fixed, or their file was not checked). */
  stale: number;
}

/** Removes findings recorded in the baseline (each entry matches at most one finding). */
export function applyBaseline<T extends FileResult>(results: readonly T[], baseline: Baseline, pathOf: (path: string) => string = (p) => p): BaselineOutcome<T> {
  const remaining = new Map<string, number>();
  for (const e of baseline.findings) remaining.set(e.fingerprint, (remaining.get(e.fingerprint) ?? 0) + 1);
  let matched = 0;
  const out = results.map((r) => {
    const path = pathOf(r.path);
    const kept: Finding[] = [];
    const baselined: Finding[] = [];
    for (const f of r.findings) {
      const fp = fingerprint(path, f.ruleId, subjectOf(f));
      const n = remaining.get(fp) ?? 0;
      if (n > 0) {
        remaining.set(fp, n - 1);
        baselined.push(f);
        matched++;
      } else {
        kept.push(f);
      }
    }
    return { ...r, findings: kept, baselined };
  });
  const stale = [...remaining.values()].reduce((a, b) => a + b, 0);
  return { results: out, matched, stale };
}
