import { parse as parseYaml } from 'yaml';

export interface FrontMatter {
  /** The parsed YAML when it holds Faultline's keys (`faultline: true`), else empty. */
  data: Record<string, unknown>;
  /** Lines covered, inclusive of the `---` fences. */
  startLine: number;
  endLine: number;
}

/**
 * Splits YAML front matter off the top of a document. The returned body keeps every line
 * (front matter lines are blanked) so markdown-it's line maps stay valid for the original text.
 */
export function splitFrontMatter(text: string): { frontMatter: FrontMatter | undefined; body: string } {
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { frontMatter: undefined, body: text };
  const block = m[0];
  const lines = block.split('\n').length - (block.endsWith('\n') ? 1 : 0);
  let data: Record<string, unknown> = {};
  // Only Faultline's own keys are read: front matter without them is not worth a YAML parse.
  if (m[1].includes('faultline')) try {
    const parsed: unknown = parseYaml(m[1]);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
  } catch {
    // Malformed front matter is treated as absent data; the lines are still not prose.
  }
  const blank = block.replace(/[^\n]/g, '');
  return { frontMatter: { data, startLine: 0, endLine: lines - 1 }, body: blank + text.slice(block.length) };
}
