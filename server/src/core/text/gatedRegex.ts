import { patternSource } from './patterns';

/**
 * Fast matching of vocabulary patterns. Almost every pattern starts at a word with a known
 * literal prefix ("circuit ?breakers?" can only start at a word beginning with "circ"), so instead
 * of running a large alternation over the whole text, each alternative is tried (sticky) only at
 * the words of the document that begin with one of its prefixes. Numbers start at number words,
 * punctuation at indexOf hits; what cannot be derived runs as an ordinary regex over the text.
 */
export interface GatedRegex {
  /**
   * The alternatives that start at a word, grouped by the word key they can start with (see
   * wordKey; digits share one key): each group is a sticky, case-insensitive regex tried only at
   * the document's words with that key. A word has one key, so only its group can match there.
   */
  byKey: KeyedSticky[];
  /**
   * Alternatives that start with an English word or with Japanese ("(availability|可用性)…"):
   * by word key, as `byKey`; their Japanese starts are also filed in `byCjk`.
   */
  mixed: KeyedSticky[];
  /** Alternatives that can start with a Japanese character, by that character: tried only in texts with Japanese. */
  byCjk: KeyedSticky[];
  /** Alternatives that start with punctuation ("->", "/health", "@Scheduled"): tried where indexOf finds one of these. */
  literals: string[];
  literalSticky?: RegExp;
  /** Global: alternatives that cannot be gated. */
  rest?: RegExp;
  /** Global: Japanese alternatives whose start cannot be derived, scanned only in texts that contain Japanese. */
  cjk?: RegExp;
  /** The whole alternation, for testing short strings. */
  all: RegExp;
}

export interface KeyedSticky {
  key: number;
  sticky: RegExp;
  /**
   * When every alternative of the group is a word, a separator and more ("in[- ]flight",
   * "\\d+ (retries|retry attempts)"): the keys the following word must have for a match.
   */
  next?: Int32Array;
  /**
   * How the word itself must begin (see wordHeads), when that says more than its key: per head,
   * its letters 5 to 8 and which of them it has (packed like a key) and the word's least and
   * greatest length.
   */
  heads?: Int32Array;
}

/** The ASCII words of a text ([A-Za-z0-9_]+) in order, and their starts grouped by key. Built once per analysis. */
export interface WordIndex {
  text: string;
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  /** wordKey of each word. */
  keys: Int32Array;
  /**
   * Open-addressing table over the distinct keys (size a power of two): slot → key (0 = empty),
   * and where that key's word starts sit in `positions` (ascending).
   */
  slotKey: Int32Array;
  slotFrom: Int32Array;
  slotCount: Int32Array;
  positions: Int32Array;
  /** The word (its index) at each entry of `positions`. */
  positionWords: Int32Array;
  /** Slot of each word's key in `slotKey`. */
  wordSlots: Int32Array;
  hasCjk: boolean;
  /** Offsets of each Japanese character (by code), built on first use. */
  cjkChars?: Map<number, number[]>;
}

const EMPTY = new Int32Array(0);

function slotOf(slotKey: Int32Array, key: number): number {
  const mask = slotKey.length - 1;
  // Fibonacci hashing: the high bits of the product mix all four characters of the key.
  let slot = Math.imul(key, 0x9e3779b1) >>> (Math.clz32(slotKey.length) + 1);
  while (slotKey[slot] !== 0 && slotKey[slot] !== key) slot = (slot + 1) & mask;
  return slot;
}

/** A read-only map from word keys to values, probed like the word index (faster than a Map on the hot path). */
export class KeyTable<T> {
  private readonly slotKey: Int32Array;
  private readonly values: (T | undefined)[];

  constructor(entries: Map<number, T>) {
    let size = 64;
    while (size < entries.size * 2) size <<= 1;
    this.slotKey = new Int32Array(size);
    this.values = new Array<T | undefined>(size).fill(undefined);
    for (const [key, value] of entries) {
      const slot = slotOf(this.slotKey, key);
      this.slotKey[slot] = key;
      this.values[slot] = value;
    }
  }

  get(key: number): T | undefined {
    const slot = slotOf(this.slotKey, key);
    return this.slotKey[slot] === key ? this.values[slot] : undefined;
  }
}

/** Kana and CJK ideographs: the characters the Japanese index holds. */
export function isCjkCode(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff);
}

/** Offsets of a Japanese character in the text, ascending (all characters are indexed in one pass, on first use). */
export function cjkPositions(index: WordIndex, code: number): readonly number[] {
  if (!index.cjkChars) {
    const map = new Map<number, number[]>();
    const text = index.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!isCjkCode(c)) continue;
      const list = map.get(c);
      if (list) list.push(i);
      else map.set(c, [i]);
    }
    index.cjkChars = map;
  }
  return index.cjkChars.get(code) ?? [];
}

/** Starts of the words with this key, ascending. */
export function positionsOf(index: WordIndex, key: number): Int32Array {
  const slot = slotOf(index.slotKey, key);
  if (index.slotKey[slot] !== key) return EMPTY;
  const from = index.slotFrom[slot];
  return index.positions.subarray(from, from + index.slotCount[slot]);
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

/** Key shared by every word that starts with a digit. */
export const DIGIT_KEY = 1;

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * Numeric key of the word starting at `at`: its first four characters, lower-cased, 7 bits each
 * (0 past its end), so that keys stay small integers for fast Map and Set look-ups.
 */
function keyAt(text: string, at: number, end: number): number {
  const c0 = text.charCodeAt(at);
  if (c0 >= 48 && c0 <= 57) return DIGIT_KEY;
  const c1 = at + 1 < end ? lower(text.charCodeAt(at + 1)) : 0;
  const c2 = at + 2 < end ? lower(text.charCodeAt(at + 2)) : 0;
  const c3 = at + 3 < end ? lower(text.charCodeAt(at + 3)) : 0;
  return (lower(c0) << 21) | (c1 << 14) | (c2 << 7) | c3;
}

/** Key of a literal word prefix as produced by patternPrefixes ("cir", "no", "#"). */
export function wordKey(prefix: string): number {
  if (prefix === '#') return DIGIT_KEY;
  return keyAt(prefix, 0, prefix.length);
}

/** For every UTF-16 code unit: 0 unless it is [A-Za-z0-9_], else its lower-case code (digits stay ≤ 57). */
const WORD_LOWER = new Uint8Array(65536);
for (let c = 0; c < 128; c++) if (isWordChar(c)) WORD_LOWER[c] = lower(c);

function grow(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

export function buildWordIndex(text: string): WordIndex {
  const words = scanWords(text, 0, text.length);
  return grouped(text, words.count, words.starts, words.ends, words.keys, words.hasCjk);
}

/**
 * The word index of a text made from the previous one by replacing previous[from, oldTo) with
 * `delta` more characters: words before the change are kept, words after it shift, only the
 * words around the change are read again. Equal to buildWordIndex(text).
 */
export function updateWordIndex(prev: WordIndex, text: string, from: number, oldTo: number, delta: number): WordIndex {
  // Words that touch the change may grow or split: read again from the first that ends at or
  // after `from` to the last that starts at or before `oldTo`.
  let lo = 0;
  while (lo < prev.count && prev.ends[lo] < from) lo++;
  let hi = lo;
  while (hi < prev.count && prev.starts[hi] <= oldTo) hi++;
  const regionStart = lo < hi ? Math.min(prev.starts[lo], from) : from;
  const regionEnd = (lo < hi ? Math.max(prev.ends[hi - 1], oldTo) : oldTo) + delta;
  const mid = scanWords(text, regionStart, regionEnd);
  const count = lo + mid.count + (prev.count - hi);
  const starts = new Int32Array(count + 64);
  const ends = new Int32Array(count + 64);
  const keys = new Int32Array(count + 64);
  starts.set(prev.starts.subarray(0, lo));
  ends.set(prev.ends.subarray(0, lo));
  keys.set(prev.keys.subarray(0, lo));
  starts.set(mid.starts.subarray(0, mid.count), lo);
  ends.set(mid.ends.subarray(0, mid.count), lo);
  keys.set(mid.keys.subarray(0, mid.count), lo);
  keys.set(prev.keys.subarray(hi, prev.count), lo + mid.count);
  for (let w = hi, at = lo + mid.count; w < prev.count; w++, at++) {
    starts[at] = prev.starts[w] + delta;
    ends[at] = prev.ends[w] + delta;
  }
  // Japanese can only appear with inserted text and disappear with removed text.
  const removedCjk = prev.hasCjk && CJK.test(prev.text.slice(from, oldTo));
  const hasCjk = removedCjk ? CJK.test(text) : prev.hasCjk || CJK.test(text.slice(from, oldTo + delta));
  return grouped(text, count, starts, ends, keys, hasCjk);
}

/** The words of text[from, to) — which must start and end outside a word — with their keys. */
function scanWords(text: string, from: number, to: number): { count: number; starts: Int32Array; ends: Int32Array; keys: Int32Array; hasCjk: boolean } {
  // Prose has about one word per six characters; the arrays grow when a text has more.
  let size = ((to - from) >> 3) + 64;
  let starts = new Int32Array(size);
  let ends = new Int32Array(size);
  let keys = new Int32Array(size);
  let count = 0;
  let hasCjk = false;
  const n = to;
  let i = from;
  while (i < n) {
    // One table look-up per character: 0 for a non-word character, else its lower-case code.
    const c = text.charCodeAt(i);
    let l = WORD_LOWER[c];
    if (l === 0) {
      if (c >= 0x3040 && !hasCjk) hasCjk = isCjkCode(c);
      i++;
      continue;
    }
    const start = i;
    let key: number;
    if (l <= 57) {
      key = DIGIT_KEY;
      for (i++; i < n && WORD_LOWER[text.charCodeAt(i)] !== 0; i++);
    } else {
      key = l << 21;
      i++;
      if (i < n && (l = WORD_LOWER[text.charCodeAt(i)]) !== 0) {
        key |= l << 14;
        i++;
        if (i < n && (l = WORD_LOWER[text.charCodeAt(i)]) !== 0) {
          key |= l << 7;
          i++;
          if (i < n && (l = WORD_LOWER[text.charCodeAt(i)]) !== 0) {
            key |= l;
            for (i++; i < n && WORD_LOWER[text.charCodeAt(i)] !== 0; i++);
          }
        }
      }
    }
    if (count === size) {
      size *= 2;
      starts = grow(starts, size);
      ends = grow(ends, size);
      keys = grow(keys, size);
    }
    starts[count] = start;
    ends[count] = i;
    keys[count++] = key;
  }
  return { count, starts, ends, keys, hasCjk };
}

/**
 * Groups the word starts by key with a counting sort over a hash of the keys: typed arrays only,
 * so a 3,000-line document costs a few allocations instead of thousands of small arrays.
 */
function grouped(text: string, count: number, starts: Int32Array, ends: Int32Array, keys: Int32Array, hasCjk: boolean): WordIndex {
  // Distinct keys are a fraction of the words (about one in five in prose): half as many slots
  // as words is usually plenty.
  let tableSize = 64;
  while (tableSize < count >> 1) tableSize <<= 1;
  let slotKey = new Int32Array(tableSize);
  let slotCount = new Int32Array(tableSize);
  const wordSlot = new Int32Array(count);
  for (let w = 0, distinct = 0; w < count; w++) {
    const slot = slotOf(slotKey, keys[w]);
    if (slotKey[slot] === 0) {
      // Kept under three-quarters full: a text with unusually many distinct words starts over bigger.
      if (++distinct * 4 > tableSize * 3) {
        tableSize <<= 1;
        slotKey = new Int32Array(tableSize);
        slotCount = new Int32Array(tableSize);
        w = -1;
        distinct = 0;
        continue;
      }
      slotKey[slot] = keys[w];
    }
    slotCount[slot]++;
    wordSlot[w] = slot;
  }
  const slotFrom = new Int32Array(tableSize);
  for (let s = 0, at = 0; s < tableSize; s++) {
    slotFrom[s] = at;
    at += slotCount[s];
  }
  const fill = slotFrom.slice();
  const positions = new Int32Array(count);
  const positionWords = new Int32Array(count);
  for (let w = 0; w < count; w++) {
    const at = fill[wordSlot[w]]++;
    positions[at] = starts[w];
    positionWords[at] = w;
  }
  return { text, count, starts, ends, keys, slotKey, slotFrom, slotCount, positions, positionWords, wordSlots: wordSlot, hasCjk };
}

export function compileGated(patterns: readonly string[]): GatedRegex {
  const gated = new Map<number, string[]>();
  const mixed = new Map<number, string[]>();
  const byCjk = new Map<number, string[]>();
  const literals = new Set<string>();
  const literal: string[] = [];
  const rest: string[] = [];
  const cjk: string[] = [];
  /** Per key: the keys the next word must have, null once an alternative of the key has no such gate. */
  const nextOf = new Map<Map<number, string[]>, Map<number, Set<number> | null>>([[gated, new Map()], [mixed, new Map()]]);
  /** Per key: how its words must begin, null once an alternative of the key says nothing about it. */
  const headsOf = new Map<Map<number, string[]>, Map<number, Set<string> | null>>([[gated, new Map()], [mixed, new Map()]]);
  const file = (into: Map<number, string[]>, prefixes: Set<string>, source: string, next?: number[], heads?: string[]) => {
    const gates = nextOf.get(into)!;
    const headGates = headsOf.get(into)!;
    for (const k of new Set([...prefixes].map(wordKey))) {
      const list = into.get(k);
      if (list) list.push(source);
      else into.set(k, [source]);
      const hs = headGates.get(k);
      if (hs !== null) {
        // Only the heads that fit this key ("conf" keeps "configur", not "datadog").
        const own = heads?.filter((h) => wordKey(h.replace('\u0000', '').slice(0, 4) || '#') === k);
        if (!own || own.length === 0) headGates.set(k, null);
        else if (hs) for (const h of own) hs.add(h);
        else headGates.set(k, new Set(own));
      }
      const gate = gates.get(k);
      if (gate === null) continue;
      if (!next) gates.set(k, null);
      else if (gate) for (const n of next) gate.add(n);
      else gates.set(k, new Set(next));
    }
  };
  const fileCjk = (chars: Set<string>, source: string) => {
    for (const ch of chars) {
      const list = byCjk.get(ch.charCodeAt(0));
      if (list) list.push(source);
      else byCjk.set(ch.charCodeAt(0), [source]);
    }
  };
  // Each top-level alternative is gated on its own: "calls?|→" gates "calls?" and scans for "→".
  // The end-of-word check stays the whole pattern's: "auto ?scal|オートスケール" keeps its stem.
  for (const [p, whole] of patterns.flatMap((w) => splitTop(w).map((alt) => [alt, w] as const))) {
    const source = patternSource(p, whole);
    const starts = patternPrefixes(p);
    if (CJK.test(p.slice(-1))) {
      // A pattern that ends in Japanese ("(DB|RDS).{0,20}レプリカ"): only Japanese text can match.
      // Tried where its first character is when that is Japanese too ("決済サーバー"), else scanned for.
      if (starts && starts.words.size === 0 && starts.cjk.size > 0) fileCjk(starts.cjk, source);
      else cjk.push(source);
      continue;
    }
    const head = starts ? undefined : literalHead(p);
    if (starts && !starts.cjk.size) file(gated, starts.words, source, nextWordKeys(p), wordHeads(p));
    else if (starts) {
      file(mixed, starts.words, source, nextWordKeys(p), wordHeads(p));
      fileCjk(starts.cjk, source);
    } else if (head) {
      literals.add(head);
      literal.push(source);
    } else if (CJK.test(p.replace(/\[[^\]]*\]/g, '')) && !/[A-Za-z]{2}/.test(p.replace(/\\[a-z]/g, ''))) {
      cjk.push(source);
    } else {
      rest.push(source);
    }
  }
  const all = patterns.length ? new RegExp(patterns.map((p) => patternSource(p)).join('|'), 'gi') : /(?!)/g;
  const re = (list: string[], flags: string) => (list.length ? new RegExp(list.join('|'), flags) : undefined);
  const keyed = (m: Map<number, string[]>): KeyedSticky[] =>
    [...m].map(([key, list]) => {
      const next = nextOf.get(m)?.get(key);
      const heads = headsOf.get(m)?.get(key);
      // Heads of four characters or fewer say no more than the key.
      const useful = heads && heads.size <= 16 && [...heads].some((h) => h.length > 4) ? packHeads([...heads]) : undefined;
      return { key, sticky: new RegExp(list.join('|'), 'iy'), next: next ? Int32Array.from(next) : undefined, heads: useful };
    });
  return {
    byKey: keyed(gated),
    mixed: keyed(mixed),
    byCjk: keyed(byCjk),
    literals: [...literals],
    literalSticky: re(literal, 'iy'),
    rest: re(rest, 'gi'),
    cjk: re(cjk, 'gi'),
    all,
  };
}

/** The punctuation a pattern starts with ("->" of "->", "/" of "\\/health"), if it starts with a literal one. */
function literalHead(pattern: string): string | undefined {
  let head = '';
  for (let i = 0; i < pattern.length; i++) {
    let ch = pattern[i];
    if (ch === '\\') {
      ch = pattern[++i] ?? '';
      if (!/[./@#:-]/.test(ch)) break;
    } else if (/[\w\s()[\]{}?*+|.^$\\]/.test(ch) || CJK.test(ch)) break;
    // A quantified character is not a fixed start.
    if (/[?*{]/.test(pattern[i + 1] ?? '')) break;
    head += ch;
  }
  return head || undefined;
}

export interface Match {
  start: number;
  end: number;
  text: string;
}

/** Starts of the words with any of these keys, ascending. */
export function positionsOfAny(index: WordIndex, keys: readonly number[]): ArrayLike<number> {
  if (keys.length === 1) return positionsOf(index, keys[0]);
  let n = 0;
  for (const k of keys) n += positionsOf(index, k).length;
  const out = new Int32Array(n);
  let i = 0;
  for (const k of keys) for (const p of positionsOf(index, k)) out[i++] = p;
  return out.sort();
}

/**
 * Non-overlapping matches of a sticky regex tried only at the starts of words with the given
 * keys (DIGIT_KEY for numbers), in document order; capture groups kept.
 */
export function execAtWords(sticky: RegExp, index: WordIndex, keys: readonly number[]): RegExpExecArray[] {
  return stickyAt(sticky, index.text, positionsOfAny(index, keys));
}

/** Whether a short list holds the key (a loop beats a Set for the few keys a gate has). */
function includes(keys: Int32Array, key: number): boolean {
  for (let i = 0; i < keys.length; i++) if (keys[i] === key) return true;
  return false;
}

/** Non-overlapping matches of a sticky regex tried at ascending positions. */
export function stickyAt(sticky: RegExp, text: string, positions: ArrayLike<number>): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let next = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    if (p < next) continue;
    sticky.lastIndex = p;
    const m = sticky.exec(text);
    if (m && m[0].length > 0) {
      out.push(m);
      next = p + m[0].length;
    }
  }
  return out;
}

/**
 * All matches in document order, without overlaps: where two overlap, the one that starts
 * first wins (the longer one when both start at the same place).
 */
export function execGated(g: GatedRegex, index: WordIndex): Match[] {
  const out: Match[] = [];
  const text = index.text;
  // Matches arrive in document order unless several groups match: then they are sorted.
  let last = -1;
  let sorted = true;
  const push = (start: number, end: number, matched: string) => {
    if (start <= last) sorted = false;
    last = start;
    out.push({ start, end, text: matched });
  };
  const lists = index.hasCjk ? 3 : 2;
  for (let l = 0; l < lists; l++) {
    const list = l === 0 ? g.byKey : l === 1 ? g.mixed : g.byCjk;
    for (let e = 0; e < list.length; e++) {
      const entry = list[e];
      const key = entry.key;
      // Straight from the index's grouped starts: no view object per key.
      let positions: ArrayLike<number> = index.positions;
      let from = 0;
      let to = 0;
      if (l === 2) {
        positions = cjkPositions(index, key);
        to = positions.length;
      } else {
        const slot = slotOf(index.slotKey, key);
        if (index.slotKey[slot] !== key) continue;
        from = index.slotFrom[slot];
        to = from + index.slotCount[slot];
      }
      const { sticky, next, heads } = entry;
      for (let i = from; i < to; i++) {
        if (next !== undefined) {
          // The word after this one must start like the alternatives' second word.
          const w = index.positionWords[i] + 1;
          if (w >= index.count || !includes(next, index.keys[w])) continue;
        }
        if (heads !== undefined) {
          const w = index.positionWords[i];
          if (!beginsLike(text, index.starts[w], index.ends[w], heads)) continue;
        }
        const p = positions[i];
        sticky.lastIndex = p;
        // test, not exec: a sticky match ends at lastIndex, and no match array is built.
        if (sticky.test(text) && sticky.lastIndex > p) push(p, sticky.lastIndex, text.slice(p, sticky.lastIndex));
      }
    }
  }
  if (g.literalSticky) {
    const at: number[] = [];
    for (const lit of g.literals) for (let i = text.indexOf(lit); i !== -1; i = text.indexOf(lit, i + 1)) at.push(i);
    for (const m of stickyAt(g.literalSticky, text, g.literals.length > 1 ? Int32Array.from(at).sort() : at)) push(m.index, m.index + m[0].length, m[0]);
  }
  for (const re of [g.rest, index.hasCjk ? g.cjk : undefined]) {
    if (!re) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      push(m.index, m.index + m[0].length, m[0]);
    }
  }
  if (out.length < 2) return out;
  if (!sorted) out.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Match[] = [out[0]];
  for (let i = 1; i < out.length; i++) if (out[i].start >= kept[kept.length - 1].end) kept.push(out[i]);
  return kept;
}


/**
 * For an alternative made of one word, a separator and more ("in[- ]flight", "alter table",
 * "\\d+ (retries|retry attempts)"), the keys the word after the first can have; undefined for
 * any other shape. The first part may only match word characters and the separator only
 * spaces or hyphens, at least one: then wherever the alternative matches, the first part is the
 * whole word it starts at and the rest starts at the next word.
 */
export function nextWordKeys(alt: string): number[] | undefined {
  let depth = 0;
  let sepEnd = -1;
  for (let i = 0; i < alt.length && sepEnd < 0; i++) {
    const c = alt[i];
    if (c === '\\') {
      const e = alt[i + 1];
      if (e === 's' && depth === 0) sepEnd = i + 2;
      else if (e !== 'd' && e !== 'b' && e !== 'w') return undefined;
      i++;
    } else if (c === '[') {
      const close = alt.indexOf(']', i + 1);
      if (close < 0) return undefined;
      const body = alt.slice(i + 1, close);
      if (depth === 0 && /^(\\s|\\-| |-)+$/.test(body)) sepEnd = close + 1;
      else if (!/^([A-Za-z0-9_]|[A-Za-z0-9]-[A-Za-z0-9])+$/.test(body)) return undefined;
      i = close;
    } else if (c === '(') {
      if (alt[i + 1] === '?' && alt[i + 2] !== ':') return undefined;
      if (alt[i + 1] === '?') i += 2;
      depth++;
    } else if (c === ')') depth--;
    else if (c === '{') {
      // A quantifier ({2}, {1,3}), not literal braces.
      const close = alt.indexOf('}', i);
      if (close < 0 || !/^\d+(,\d*)?$/.test(alt.slice(i + 1, close))) return undefined;
      i = close;
    } else if (c === ' ') {
      if (depth !== 0) return undefined;
      sepEnd = i + 1;
    } else if (!/[A-Za-z0-9_|?*+]/.test(c)) return undefined;
    if (sepEnd >= 0 && i === 0) return undefined;
  }
  if (sepEnd < 0) return undefined;
  // The separator must be there: "time ?out" may be one word.
  const q = alt[sepEnd];
  if (q === '?' || q === '*' || (q === '{' && alt[sepEnd + 1] === '0')) return undefined;
  const tail = alt.slice(q === '+' ? sepEnd + 1 : sepEnd);
  if (!tail || /^[+?*{]/.test(tail)) return undefined;
  const starts = patternPrefixes(tail);
  if (!starts || starts.cjk.size > 0 || starts.words.size === 0) return undefined;
  return [...new Set([...starts.words].map(wordKey))];
}

/**
 * The word keys a pattern can start with, or undefined when that cannot be derived. Handles the
 * subset of regex syntax rule authors use: literals, groups with alternatives, ?, *, +, {m,n},
 * small character classes, \b, \d, \s and escaped punctuation.
 */
export function patternPrefixes(pattern: string): { words: Set<string>; cjk: Set<string> } | undefined {
  const alts = splitTop(pattern);
  const words = new Set<string>();
  const cjk = new Set<string>();
  for (const alt of alts) {
    const seqs = prefixesOf(alt, 0);
    if (!seqs || seqs.size === 0) return undefined;
    for (const s of seqs) {
      if (s === '#') {
        words.add('#');
        continue;
      }
      // The key is the first word's: cut at the first character that ends a word ("ws:" → "ws").
      const cut = /^[A-Za-z0-9_]*/.exec(s)![0].slice(0, 4).toLowerCase();
      if (cut) words.add(cut);
      else if (CJK.test(s[0] ?? '')) cjk.add(s[0]);
      else return undefined;
    }
  }
  return { words, cjk };
}

const LIMIT = 64;

/**
 * How the first word of a match of the pattern begins, up to eight characters, lower-case; "\0"
 * where that word must end ("configur", "db\0", "dead\0"). Undefined when that cannot be derived
 * or the pattern can start with a number or Japanese. A word the key lets through ("config",
 * "confirm" for "configuration") that none of these begin need not be tried.
 */
export function wordHeads(pattern: string): string[] | undefined {
  const heads = new Set<string>();
  for (const alt of splitTop(pattern)) {
    const seqs = prefixesOf(alt, 0, 8);
    if (!seqs || seqs.size === 0) return undefined;
    for (const s of seqs) {
      if (s === '' || s.includes('#') || CJK.test(s)) return undefined;
      // A character that cannot be in a word ends the word there ("socket." of "socket\.io").
      const end = s.search(/[^A-Za-z0-9_]/);
      heads.add((end < 0 ? s : `${s.slice(0, end)}\u0000`).toLowerCase());
    }
  }
  return [...heads];
}

/**
 * Heads packed for beginsLike: the word key already holds letters 1 to 4, so each head keeps
 * letters 5 to 8 (7 bits each, as keys are), a mask of those it has, and the length range of the
 * words it fits ("db\0": exactly 2; "configur": 8 or more).
 */
function packHeads(heads: string[]): Int32Array {
  const out = new Int32Array(heads.length * 4);
  heads.forEach((h, n) => {
    const z = h.indexOf('\u0000');
    const letters = z < 0 ? h : h.slice(0, z);
    let key = 0;
    let mask = 0;
    for (let j = 4; j < Math.min(8, letters.length); j++) {
      key |= letters.charCodeAt(j) << (7 * (7 - j));
      mask |= 0x7f << (7 * (7 - j));
    }
    out.set([key, mask, letters.length, z < 0 ? 0x7fffffff : z], n * 4);
  });
  return out;
}

/** Whether the word text[start, end), whose key is the heads' key, begins like one of them (see packHeads). */
function beginsLike(text: string, start: number, end: number, heads: Int32Array): boolean {
  const length = end - start;
  let key = 0;
  for (let j = 4; j < 8 && j < length; j++) {
    let c = text.charCodeAt(start + j);
    if (c >= 65 && c <= 90) c += 32;
    key |= c << (7 * (7 - j));
  }
  for (let h = 0; h < heads.length; h += 4) {
    if (length >= heads[h + 2] && length <= heads[h + 3] && (key & heads[h + 1]) === heads[h]) return true;
  }
  return false;
}

/**
 * Literal starts (up to four characters) of a sequence. A string ending in "\0" ended at a word
 * boundary before four characters (a whole short word such as "no").
 */
function prefixesOf(seq: string, depth: number, limit = 4): Set<string> | undefined {
  if (depth > 8) return undefined;
  let acc = new Set<string>(['']);
  let i = 0;
  // Done: `limit` characters, a word end, or a character that cannot be in a word (the key stops there).
  const done = (s: string) => s === '#' || s.length >= limit || /[^A-Za-z0-9_]/.test(s);
  while (i < seq.length) {
    if ([...acc].every(done)) break;
    // Read one atom.
    let atom: Set<string> | undefined;
    let end = i + 1;
    const ch = seq[i];
    if (ch === '\\') {
      const e = seq[i + 1];
      end = i + 2;
      if (e === 'b') {
        // A word boundary after some letters ends the word: "\\bdb\\b" is the whole word "db".
        if (i > 0) acc = new Set([...acc].map((s) => (s === '' || done(s) ? s : `${s}\u0000`)));
        i = end;
        continue;
      }
      if (e === 'd') atom = new Set(['#']);
      else if (e === 's') atom = new Set(['\u0000']);
      else if (e === '-') atom = new Set(['\u0000']);
      else if (/[./@#:()[\]{}?*+|$^&'"]/.test(e)) atom = new Set([e]);
      else return undefined;
    } else if (ch === '(') {
      const close = matching(seq, i);
      if (close < 0) return undefined;
      let inner = seq.slice(i + 1, close);
      if (inner.startsWith('?:')) inner = inner.slice(2);
      else if (inner.startsWith('?')) return undefined;
      const parts = splitTop(inner);
      atom = new Set();
      for (const part of parts) {
        const sub = prefixesOf(part, depth + 1, limit);
        if (!sub) return undefined;
        for (const s of sub) atom.add(s);
      }
      end = close + 1;
    } else if (ch === '[') {
      const close = seq.indexOf(']', i + 1);
      if (close < 0) return undefined;
      const body = seq.slice(i + 1, close);
      if (/^(\d(-\d)?)+$/.test(body)) atom = new Set(['#']); // [2-9]: a digit
      else if (body.startsWith('^') || /\\[dws]/.test(body) || body.length > 12) return undefined;
      else atom = new Set();
      if (!atom.has('#')) for (const c of body.replace(/\\/g, '')) atom.add(c === ' ' || c === '-' ? '\u0000' : c);
      end = close + 1;
    } else if (ch === '.' || ch === '^' || ch === '$') {
      return undefined;
    } else if (ch === ' ' || ch === '-') {
      atom = new Set(['\u0000']);
    } else {
      atom = new Set([ch]);
    }
    // Quantifier.
    let optional = false;
    const q = seq[end];
    if (q === '?' || q === '*') {
      optional = true;
      end++;
    } else if (q === '+') {
      end++;
    } else if (q === '{') {
      const close = seq.indexOf('}', end);
      if (close < 0) return undefined;
      optional = /^\{0/.test(seq.slice(end, close + 1));
      end = close + 1;
    }
    if (seq[end] === '?') end++; // lazy
    const next = new Set<string>();
    for (const a of acc) {
      if (done(a)) {
        next.add(a);
        continue;
      }
      if (optional) next.add(a);
      for (const piece of atom) {
        if (piece === '#') {
          if (a === '') next.add('#');
          else for (let d = 0; d <= 9; d++) next.add(a + d); // a digit inside the first word ("p9\\d")
        } else if (piece === '\u0000') {
          // A pattern cannot start at a word end; inside a group the caller prepends the word before.
          if (a === '' && depth === 0) return undefined;
          next.add(a + '\u0000');
        } else {
          next.add(a + piece);
        }
      }
    }
    acc = new Set([...next].map((s) => (s.includes('\u0000') ? s.slice(0, s.indexOf('\u0000') + 1) : s)));
    if (acc.size > LIMIT) return undefined;
    i = end;
  }
  // Strings shorter than four characters without a boundary are unfinished: inside a group the
  // caller continues them; at the top level the pattern ends there, which is a word end.
  return acc;
}

function matching(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] === '[') {
      const close = s.indexOf(']', i + 1);
      if (close < 0) return -1;
      i = close;
      continue;
    }
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Splits a pattern at its top-level `|` ("a|b(c|d)" → ["a", "b(c|d)"]). */
export function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      const close = s.indexOf(']', i + 1);
      if (close > 0) i = close;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(s.slice(last, i));
      last = i + 1;
    }
  }
  parts.push(s.slice(last));
  return parts;
}
