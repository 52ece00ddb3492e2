/**
 * Splits the prose between two offsets into sentences. Abbreviations (e.g., i.e., vs.),
 * decimals (1.5), versions (v3.2) and dotted names (Socket.IO, chat.postMessage) do not end a sentence.
 */
export function splitSentences(text: string, start: number, end: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let s = start;
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    // 。！？ end a Japanese sentence wherever they are.
    if (ch === 0x3002 || ch === 0xff01 || ch === 0xff1f) {
      push(i + 1);
      continue;
    }
    if (ch !== 46 /* . */ && ch !== 33 /* ! */ && ch !== 63 /* ? */) continue;
    const next = text.charCodeAt(i + 1);
    if (i + 1 < end && next !== 32 && next !== 10 && next !== 9) continue;
    if (ch === 46 && isAbbreviation(text, i)) continue;
    push(i + 1);
  }
  push(end);
  return out;

  function push(e: number) {
    let a = s;
    while (a < e && isSpace(text.charCodeAt(a))) a++;
    let b = e;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    if (b > a) out.push({ start: a, end: b });
    s = e;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 0x3000;
}

const ABBREVIATIONS = new Set(['e.g', 'i.e', 'vs', 'etc', 'approx', 'incl', 'cf', 'no', 'fig', 'resp', 'min', 'max', 'sec', 'mr', 'dr', 'st']);

function isAbbreviation(text: string, dot: number): boolean {
  let w = dot;
  while (w > 0 && /[A-Za-z.]/.test(text[w - 1])) w--;
  const word = text.slice(w, dot).toLowerCase();
  if (ABBREVIATIONS.has(word)) return true;
  // A single capital letter ("J. Smith") or a list ordinal ("1.") is not a sentence end.
  if (/^[a-z]$/i.test(word) && /[A-Z]/.test(text[dot - 1])) return true;
  let d = dot;
  while (d > 0 && /[0-9]/.test(text[d - 1])) d--;
  if (d < dot && (d === 0 || /\s/.test(text[d - 1])) && /^\s*$/.test(text.slice(text.lastIndexOf('\n', d) + 1, d))) return true;
  return false;
}
