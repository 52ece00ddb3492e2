/** Characters that can end a sentence: . ! ? and the Japanese 。！？ */
const END_CHARS = ['.', '!', '?', '\u3002', '\uff01', '\uff1f'];

/**
 * Offsets of every character that can end a sentence, ascending: found once per document
 * with indexOf (much faster than a per-character loop or a regex over two-byte text).
 */
export function sentenceEndCandidates(text: string): Int32Array {
  const found: number[] = [];
  let kinds = 0;
  for (const ch of END_CHARS) {
    const before = found.length;
    for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) found.push(i);
    if (found.length > before) kinds++;
  }
  // Each character's offsets come in order: one kind of end (usually only ".") needs no sort.
  return kinds > 1 ? Int32Array.from(found).sort() : Int32Array.from(found);
}

/**
 * Splits the prose between two offsets into sentences. Abbreviations (e.g., i.e., vs.),
 * decimals (1.5), versions (v3.2) and dotted names (Socket.IO, chat.postMessage) do not end a sentence.
 */
export function splitSentences(text: string, start: number, end: number, candidates = sentenceEndCandidates(text.slice(0, end))): { start: number; end: number }[] {
  const flat: number[] = [];
  sentenceBounds(text, start, end, candidates, flat);
  const out: { start: number; end: number }[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push({ start: flat[i], end: flat[i + 1] });
  return out;
}

/** splitSentences for the parser: appends each sentence's start and end to `out`, no object per sentence. */
export function sentenceBounds(text: string, start: number, end: number, candidates: ArrayLike<number>, out: number[]): void {
  let s = start;
  let lo = 0;
  let hi = candidates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (candidates[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  for (let c = lo; c < candidates.length && candidates[c] < end; c++) {
    const i = candidates[c];
    const ch = text.charCodeAt(i);
    // 。！？ end a Japanese sentence wherever they are; . ! ? only before a space or the end.
    const japanese = ch === 0x3002 || ch === 0xff01 || ch === 0xff1f;
    if (!japanese) {
      const next = text.charCodeAt(i + 1);
      if (i + 1 < end && next !== 32 && next !== 10 && next !== 9) continue;
      if (ch === 46 && isAbbreviation(text, i)) continue;
    }
    s = push(text, s, i + 1, out);
  }
  push(text, s, end, out);
}

/** Appends [s, e) without surrounding spaces when anything is left; returns where the next sentence starts. */
function push(text: string, s: number, e: number, out: number[]): number {
  let a = s;
  while (a < e && isSpace(text.charCodeAt(a))) a++;
  let b = e;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  if (b > a) out.push(a, b);
  return e;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 0x3000;
}

const ABBREVIATIONS = new Set(['e.g', 'i.e', 'vs', 'etc', 'approx', 'incl', 'cf', 'no', 'fig', 'resp', 'min', 'max', 'sec', 'mr', 'dr', 'st']);

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;

function isAbbreviation(text: string, dot: number): boolean {
  let w = dot;
  while (w > 0 && (isLetter(text.charCodeAt(w - 1)) || text.charCodeAt(w - 1) === 46)) w--;
  if (dot - w <= 6 && ABBREVIATIONS.has(text.slice(w, dot).toLowerCase())) return true;
  // A single capital letter ("J. Smith") or a list ordinal ("1.") is not a sentence end.
  const before = text.charCodeAt(dot - 1);
  if (dot - w === 1 && before >= 65 && before <= 90) return true;
  let d = dot;
  while (d > 0 && isDigit(text.charCodeAt(d - 1))) d--;
  if (d === dot) return false;
  // The number must open its line: only spaces before it.
  for (let k = d - 1; k >= 0; k--) {
    const c = text.charCodeAt(k);
    if (c === 10) return true;
    if (!isSpace(c) && c !== 13) return false;
  }
  return true;
}
