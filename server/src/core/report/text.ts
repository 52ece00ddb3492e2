/** Escapes text for inline Markdown (report prose, list items, table cells). */
export function esc(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>|]/g, '\\$&');
}

/** A short, single-line quotation of design text, inline markers removed. */
export function quote(s: string, max = 180): string {
  let t = plain(s.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ''));
  if (t.startsWith('|')) t = t.replace(/^\|\s*|\s*\|$/g, '').replace(/\s*\|\s*/g, ' · ');
  if (t.length > max) t = `${t.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
  return `“${esc(t)}”`;
}

/**
 * Design text without Markdown markers or diagram drawing: emphasis and code marks go, snake_case
 * stays, box-drawing arrows become "→".
 */
export function plain(s: string): string {
  return s
    .replace(/`+/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(?<![\w])[*_]+(?=\S)|(?<=\S)[*_]+(?![\w])/g, '')
    .replace(/[─━-]*[─━]+[►▶>]|[─━]*►/g, ' → ')
    .replace(/[\u2500-\u257f▼▲◄]+/g, ' ')
    .replace(/^\s*→\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "A", "A and B", "A, B and C"; long lists end with "and N more". */
export function joinNames(names: readonly string[], max = 8): string {
  const list = names.length > max ? [...names.slice(0, max - 1), `${names.length - max + 1} more`] : [...names];
  if (list.length <= 1) return list[0] ?? '';
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** Upper-cases the first letter of the text and of every sentence in it. */
export function sentenceCase(s: string): string {
  return s.replace(/(^|[.!?]\s+)([a-z])/g, (_, pre: string, c: string) => pre + c.toUpperCase());
}

/** Section reference as a reviewer writes it: "section 3.2 Component responsibilities". */
export function sectionRef(title: string | undefined): string {
  const t = plain(title ?? '');
  if (!t) return 'the preamble';
  return /^\d+(\.\d+)*\.?\s/.test(t) || /^[A-Z]\.\d/.test(t) ? `section ${esc(t)}` : `section “${esc(t)}”`;
}

/** Short form for titles: the section number when it has one ("3.2"), else its title. */
export function sectionShort(title: string | undefined): string {
  const t = plain(title ?? '');
  const n = /^(\d+(?:\.\d+)*)\.?\s/.exec(t);
  return n ? n[1] : t ? `“${esc(t)}”` : 'preamble';
}

/** "sections 2.1, 3.2" / "section 6.1 Error handling" for one or more section titles. */
export function sectionsPhrase(titles: readonly (string | undefined)[]): string {
  const unique = [...new Set(titles.map((t) => t ?? ''))];
  if (unique.length === 1) return sectionRef(unique[0]);
  return `sections ${unique.map(sectionShort).join(', ')}`;
}

/** Fills rule placeholders; `{entity}` may be a list of names. */
export function fillText(template: string, entity: string, trigger: string): string {
  return template.replace(/\{entity\}/g, entity).replace(/\{trigger\}/g, trigger.trim()).replace(/\s+/g, ' ').trim();
}
