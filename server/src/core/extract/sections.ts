import type { DesignDoc } from '../document/designDoc';
import type { Vocabulary } from '../knowledge/knowledge';
import { test } from '../text/patterns';

/** Fills `kinds` of every section: its own heading's kinds first, then its ancestors'. */
export function classifySections(doc: DesignDoc, vocab: Vocabulary): void {
  // A lone top-level heading that opens the document is its title ("X – System Design Document"),
  // not a section of the design: it gets no kinds, so nothing inherits them.
  const h1 = doc.sections.filter((s) => s.level === 1);
  const title = h1.length === 1 && doc.sections[1] === h1[0] ? h1[0].index : -1;
  for (const s of doc.sections) {
    const own = s.index !== title && s.title ? kindsOf(vocab, s.title) : [];
    const inherited = s.parent >= 0 ? doc.sections[s.parent].kinds : [];
    s.kinds = [...new Set([...own, ...inherited])];
  }
}

/**
 * Kinds named by a heading, memoised per vocabulary: headings repeat across documents
 * ("Goals", "Risks and Mitigations") and across every keystroke's analysis of one document.
 */
const kindsMemo = new WeakMap<Vocabulary, Map<string, string[]>>();
function kindsOf(vocab: Vocabulary, title: string): string[] {
  let memo = kindsMemo.get(vocab);
  if (!memo) kindsMemo.set(vocab, (memo = new Map()));
  let kinds = memo.get(title);
  if (!kinds) {
    kinds = vocab.sectionKinds.filter(({ re }) => test(re, title)).map(({ kind }) => kind);
    if (memo.size > 10_000) memo.clear();
    memo.set(title, kinds);
  }
  return kinds;
}

/** Whether the section (or an ancestor) is of one of the kinds. */
export function sectionIs(doc: DesignDoc, section: number, kinds: readonly string[]): boolean {
  const s = doc.sections[section];
  return s !== undefined && s.kinds.some((k) => kinds.includes(k));
}

/** Sections describing rejected alternatives, non-goals or graduation paperwork: not the design itself. */
export function isAsideSection(doc: DesignDoc, section: number): boolean {
  return sectionIs(doc, section, ['alternatives', 'graduation']);
}

/**
 * Whether a unit belongs to a paragraph of a background or overview section that describes the
 * system as it is before the design ("Today uploads go through a single EC2 box … a cron
 * script."): the paragraph's first sentence, or an earlier one of the same paragraph, opens with
 * a current-state phrase of the vocabulary.
 */
export function describesCurrentState(doc: DesignDoc, unit: number, vocab: Vocabulary): boolean {
  const u = doc.units[unit];
  if (u.kind !== 'text' || doc.sections[u.section]?.kinds[0] !== 'overview') return false;
  for (let i = unit; i >= 0 && doc.units[i].block === u.block; i--) if (test(vocab.currentState, doc.units[i].text)) return true;
  return false;
}
