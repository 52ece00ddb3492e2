import type { DesignDoc } from '../document/designDoc';
import type { FixEdit } from '../types';
import type { CompiledRule } from './catalog';
import type { Spot } from './subjects';
import { fill } from '../text/template';

/**
 * The quick fix of a finding: the rule's template, filled with the entity, inserted at the end
 * of the section where the concern belongs (error handling, deployment, monitoring…), else right
 * after the section holding the mention. It only inserts; it never touches the author's text.
 */
export function buildFix(rule: CompiledRule, doc: DesignDoc, spot: Spot, entity: string): FixEdit {
  const spec = rule.spec.fix;
  const anchorSection = doc.units[spot.unit].section;
  let target = -1;
  for (const kind of spec.sections) {
    // The most specific section whose own heading is of this kind.
    const candidates = doc.sections.filter((s) => s.index > 0 && s.kinds[0] === kind);
    if (candidates.length) {
      target = candidates.reduce((a, b) => (b.level > a.level ? b : a)).index;
      break;
    }
  }
  if (target < 0) target = anchorSection;
  const section = doc.sections[target];
  const lineCount = doc.lineStarts.length;
  // Insert after the section's last non-blank line (before its trailing blank lines).
  let line = Math.min(section.endLine, lineCount);
  while (line > section.startLine + 1 && isBlank(doc, line - 1)) line--;
  const atEnd = line >= lineCount;
  const body = fill(spec.template, entity || 'this design', '').trimEnd();
  const endsWithNewline = doc.text.endsWith('\n');
  let text: string;
  let position: { line: number; character: number };
  if (atEnd) {
    const last = lineCount - 1;
    const lastLen = doc.text.length - doc.lineStarts[last];
    position = { line: last, character: lastLen };
    text = `${endsWithNewline || lastLen === 0 ? '' : '\n'}\n${body}\n`;
  } else {
    position = { line, character: 0 };
    text = `\n${body}\n`;
  }
  return { title: fill(spec.title, entity || 'this design', ''), position, text };
}

function isBlank(doc: DesignDoc, line: number): boolean {
  const s = doc.lineStarts[line];
  const e = line + 1 < doc.lineStarts.length ? doc.lineStarts[line + 1] : doc.text.length;
  return doc.text.slice(s, e).trim() === '';
}
