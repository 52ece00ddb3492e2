/** Where a rule's documentation lives (docs/rules/<id>.md, generated from rules/catalog). */
export const DOCS_BASE = 'https://github.com/faultline-dev/faultline/blob/main/docs/rules';

export function ruleDocUrl(ruleId: string): string {
  return `${DOCS_BASE}/${ruleId}.md`;
}
