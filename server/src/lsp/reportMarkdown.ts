import { renderReport } from '../core/report/renderReport';
import type { Catalog, Review } from './reviewer';

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/**
 * The review report for the panel, as Markdown: the core's report over the findings the editor
 * shows (after `faultline.rules`), or a short note when the file is not reviewed.
 */
export function renderReportMarkdown(review: Review, catalog: Catalog): string {
  const title = fileName(review.uri);
  if (!review.reviewed || !review.analysis) {
    return `# Faultline: ${title}\n\nThis file is not reviewed: it does not read like a design document. Run **Faultline: Toggle Review for Current File** to review it anyway.\n`;
  }
  return renderReport({ ...review.analysis, findings: review.findings }, catalog, { title, config: review.config });
}
