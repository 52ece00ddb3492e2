import type { Unit } from '../document/designDoc';
import type { Vocabulary } from '../knowledge/knowledge';

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;
/** Japanese cues must follow the term closely (「DLQはなし」), not end a later verb (「開いたら呼び出さない」). */
const JA_AFTER_WINDOW = 9;
const JA_STRONG_WINDOW = 16;
const JA_WEAK_CUE = /^(ない|しない|していない|されていない|行わない|ありません)$/;
const EN_AFTER_WINDOW = 70;
const BEFORE_WORDS = 4;

/**
 * Whether evidence found at [start, end) of a unit (offsets relative to the unit text) is negated,
 * deferred or undecided in its own clause: "no retries", "timeouts are not defined",
 * "retry policy: TBD", 「DLQはなし」. A table cell is a clause; a bare "None"/「なし」 in the next
 * cell negates a key-value row.
 */
export function isNegated(unit: Unit, start: number, end: number, vocab: Vocabulary): boolean {
  const text = unit.text;
  let clauseStart = 0;
  let clauseEnd = text.length;
  if (unit.kind === 'table-row' && unit.cells) {
    const idx = unit.cells.findIndex((c) => start >= c.start && start < c.end);
    if (idx >= 0) {
      const cell = unit.cells[idx];
      const next = unit.cells[idx + 1];
      // "| Circuit breaker | — |": a label cell takes the value of the cell after it. A cell that
      // says more than the term ("cluster mode, 3 shards × 1 replica") is a value of its own.
      // (Measured on the whole cell: in "3 回(指数バックオフ)" the term is the parenthetical.)
      const label = idx === 0 || end - start >= cell.text.replace(/[*_`]/g, '').trim().length * 0.6;
      if (label && next && vocab.negValues.has(bareValue(next.text))) return true;
      clauseStart = cell.start;
      clauseEnd = cell.end;
    }
  }
  vocab.clauseBoundary.lastIndex = 0;
  for (let m = vocab.clauseBoundary.exec(text); m; m = vocab.clauseBoundary.exec(text)) {
    const b = m.index;
    if (b + m[0].length <= start && b + m[0].length > clauseStart) clauseStart = b + m[0].length;
    if (b >= end && b < clauseEnd) clauseEnd = b;
  }

  // A comma ends the look-back: "with no downtime, a circuit breaker" is not negated.
  const rawBefore = text.slice(clauseStart, start);
  const before = clean(rawBefore.slice(rawBefore.lastIndexOf(',') + 1), vocab);
  const words = before.split(/\s+/).filter(Boolean);
  const windowBefore = words.slice(-BEFORE_WORDS).join(' ');
  if (windowBefore && matches(vocab.negBefore, windowBefore)) return true;

  const afterAll = text.slice(end, clauseEnd);
  const ja = CJK.test(text.slice(Math.max(0, start - 2), Math.min(text.length, end + 2)));
  // A parenthetical between the term and its predicate does not count: 「フォールバック（縮退運転）は対象外」.
  const afterText = ja ? afterAll.replace(/[（(][^）)]{0,30}[）)]/g, '') : afterAll;
  const after = clean(afterText.slice(0, ja ? JA_STRONG_WINDOW : EN_AFTER_WINDOW), vocab);
  if (!after) return false;
  vocab.negAfter.lastIndex = 0;
  for (let m = vocab.negAfter.exec(after); m; m = vocab.negAfter.exec(after)) {
    const cue = m[0];
    if (!ja) {
      if (!CJK.test(cue)) return true;
      continue;
    }
    // A verb ending (ない, しない) must follow the term closely: 「開いたら呼び出さない」 is about the
    // call, not the breaker. Status words (対象外, 未定, なし) may come after a short phrase.
    if (!JA_WEAK_CUE.test(cue) || m.index + cue.length <= JA_AFTER_WINDOW) {
      vocab.negAfter.lastIndex = 0;
      return true;
    }
  }
  vocab.negAfter.lastIndex = 0;
  return false;
}

/** A cell's value without markup, trailing punctuation or a parenthetical: "未実施（GA 前に実施予定）" → "未実施". */
export function bareValue(cell: string): string {
  return cell
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[*_`.。、,]/g, '')
    .trim()
    .toLowerCase();
}

function clean(s: string, vocab: Vocabulary): string {
  vocab.negExceptions.lastIndex = 0;
  return s.replace(vocab.negExceptions, ' ');
}

function matches(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  const r = re.test(s);
  re.lastIndex = 0;
  return r;
}
