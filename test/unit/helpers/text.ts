import type { FixEdit, Finding, Range } from '../../../server/src/core/types';

/** Offsets of line starts, as the core computes them. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Applies an insert-only quick fix to the text. */
export function applyFix(text: string, fix: FixEdit): string {
  const starts = lineStarts(text);
  const offset = (starts[fix.position.line] ?? text.length) + fix.position.character;
  return text.slice(0, offset) + fix.text + text.slice(offset);
}

/** The text a range covers. */
export function textOf(text: string, range: Range): string {
  const starts = lineStarts(text);
  return text.slice(starts[range.start.line] + range.start.character, starts[range.end.line] + range.end.character);
}

/** The line a finding is anchored on. */
export function anchorLine(text: string, f: Finding): string {
  return text.split('\n')[f.range.start.line] ?? '';
}

/** 0-based line of the first line containing `needle`; throws when absent (a broken fixture). */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`fixture has no line containing ${JSON.stringify(needle)}`);
  return i;
}

/** Whether every line of `original` still appears in `edited`, in order (nothing rewritten or lost). */
export function keepsAllLines(original: string, edited: string): boolean {
  const have = edited.split('\n');
  let j = 0;
  for (const line of original.split('\n')) {
    while (j < have.length && have[j] !== line) j++;
    if (j === have.length) return false;
    j++;
  }
  return true;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9\u3040-\u30ff\u3400-\u9fff{}/]+/g, ' ').trim();

/**
 * Whether a finding names the entity (or one of its aliases): the matching rule of
 * scripts/eval.mjs, so fixtures and the golden score agree on what "names" means.
 */
export function namesEntity(f: Finding, entity: string | undefined, aliases: string[] = []): boolean {
  if (!entity) return true;
  const want = [entity, ...aliases].map(norm).filter(Boolean);
  const have = f.entity ? [f.entity.name, ...f.entity.aliases].map(norm).filter(Boolean) : [];
  // The finding names the entity: its name or an alias contains the expected name or an expected alias.
  return have.some((h) => want.some((w) => h === w || (w.length >= 3 && h.includes(w))));
}
