import type { Analysis } from '../core/analyze';
import type { Finding, Problem } from '../core/types';

/** One checked file, as the formatters see it. */
export interface FileResult {
  /** Path as given / relative to the working directory, with forward slashes. */
  path: string;
  findings: Finding[];
  problems: Problem[];
  analysis?: Analysis;
}
