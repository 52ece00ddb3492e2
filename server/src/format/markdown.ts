import { renderReport } from '../core/report/renderReport';
import type { Catalog } from '../core/rules/catalog';
import type { FaultlineConfig } from '../core/config';
import type { Finding } from '../core/types';
import type { FileResult } from './fileResult';

/** A checked file with what the report needs besides the findings. */
export interface ReportFileResult extends FileResult {
  /** The config the file was analysed with (rules turned off are not counted as checks). */
  config?: FaultlineConfig;
  /** Findings hidden by `--baseline`. */
  baselined?: Finding[];
}

/** `--format markdown`: the full review report of every file, separated by a rule. */
export function formatMarkdown(results: ReportFileResult[], catalog: Catalog): string {
  const reports = results
    .filter((r) => r.analysis)
    .map((r) => renderReport({ ...r.analysis!, findings: r.findings }, catalog, { title: r.path, config: r.config, baselined: r.baselined }));
  if (reports.length === 0) return 'No file could be reviewed.\n';
  return reports.join('\n---\n\n');
}
