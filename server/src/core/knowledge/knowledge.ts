import type { EntityGroup } from '../types';
import { cjkPositions, compileGated, isCjkCode, splitTop, KeyTable, wordKey, type GatedRegex, type WordIndex } from '../text/gatedRegex';
import { compileAlternation, patternSource } from '../text/patterns';

/** One technology of the knowledge base (rules/knowledge/technologies.yaml). */
export interface Technology {
  id: string;
  name: string;
  kind: string;
  aliases: string[];
  caseSensitive?: string[];
  implements?: string[];
  domain?: string;
  critical?: boolean;
  /** Replicated across availability zones by the provider itself. */
  zoneRedundant?: boolean;
}

/** Compiled shared vocabulary (rules/knowledge/vocabulary.yaml). */
export interface Vocabulary {
  sectionKinds: { kind: string; re: RegExp }[];
  designKinds: Set<string>;
  negBefore: RegExp;
  negAfter: RegExp;
  /** Negation words that negate a multi-word match from inside ("is not carried"). */
  negInside: RegExp;
  negValues: Set<string>;
  negExceptions: RegExp;
  clauseBoundary: RegExp;
  /** Group phrases, domain and kind nouns: `re` tests a unit, `gated` finds the units worth testing. */
  groups: { group: EntityGroup; re: RegExp; gated: GatedRegex }[];
  domainNouns: { domain: string; re: RegExp; gated: GatedRegex }[];
  kindNouns: { kind: string; re: RegExp; gated: GatedRegex }[];
  /** Words in an unknown API's name that give its third-party domain ("Acme Maps API" → maps). */
  nameDomains: { domain: string; re: RegExp }[];
  /** The opening of a sentence about the system as it is before the design ("Today …", "The current system …"). */
  currentState: RegExp;
}

export interface Knowledge {
  technologies: Map<string, Technology>;
  aliasLookup: Map<string, { tech: Technology; exact?: string }>;
  /** Aliases by the wordKey of their first word: the root's position in `aliasRoots`, plus one. */
  aliasIndex: KeyTable<number>;
  aliasRoots: AliasRoot[];
  /**
   * Per root, the lengths its first words have (bit n: n letters; bit 31: 31 or more), or all bits
   * when it has regex aliases: a word of another length is passed over without reading the root.
   */
  aliasLengths: Int32Array;
  /** The most ASCII words any alias has: how far an alias match can look ahead. */
  maxAliasWords: number;
  /**
   * Aliases that do not start with an ASCII word (楽天トラベル, .gitlab-ci.yml), by first character:
   * the literal all of them start with, and one sticky regex, longest name first.
   */
  otherAliases: Map<number, { probe: string; re: RegExp }>;
  vocab: Vocabulary;
}

/**
 * Aliases that start with an ASCII word, as a trie of lower-cased words: the document's word
 * index is walked word by word, without a regex. Aliases with other characters inside
 * (APIゲートウェイ) keep a sticky regex.
 */
export interface AliasRoot {
  /** The first words of the aliases (those of one key), by length: a word is compared only with first words as long as it. */
  first: { word: string; node: AliasNode }[][];
  /** Aliases with other characters inside; `japanese` ones can only match in a text with Japanese. */
  regex: { re: RegExp; tech: Technology; exact?: string; japanese: boolean }[];
}

export interface AliasNode {
  /** The words that may follow, with the wordKey of each (compared before the word itself). */
  next?: { key: number; word: string; node: AliasNode }[];
  /** Aliases whose last word is this node's, longest first. */
  ends: AliasEnd[];
}

export interface AliasEnd {
  /** Between consecutive words: a literal ("." in Socket.IO), or null for a run of spaces/hyphens. */
  seps: (string | null)[];
  /** Non-word characters after the last word ("++" in C++). */
  trailing: string;
  tech: Technology;
  exact?: string;
}

export interface AliasMatch {
  start: number;
  end: number;
  text: string;
  tech: Technology;
}

/**
 * Every knowledge-base name in the text, longest alias first at each position, on word
 * boundaries. Aliases are indexed by their first word, so the cost is one look-up per word.
 */
export function findAliases(kb: Knowledge, words: WordIndex, wordMatches = wordAliases(kb, words)): AliasMatch[] {
  return withOtherAliases(kb, words, wordMatches.slice());
}

/** The aliases that start with an ASCII word, scanning words from `w` with no match before `next`. */
export function wordAliases(kb: Knowledge, words: WordIndex, w = 0, next = 0, stop?: (w: number, next: number) => boolean): AliasMatch[] {
  const out: AliasMatch[] = [];
  const roots = rootsBySlot(kb, words);
  const slots = words.wordSlots;
  for (; w < words.count; w++) {
    if (stop !== undefined && stop(w, next)) break;
    const root = roots[slots[w]];
    if (root === 0 || words.starts[w] < next) continue;
    if (((kb.aliasLengths[root - 1] >>> Math.min(words.ends[w] - words.starts[w], 31)) & 1) === 0) continue;
    const m = aliasAt(words, w, kb.aliasRoots[root - 1]);
    if (m) {
      out.push(m);
      next = m.end;
    }
  }
  return out;
}

/**
 * The alias trie of each key of the word index (by slot): one look-up per distinct word key of
 * the text instead of one per word.
 */
function rootsBySlot(kb: Knowledge, words: WordIndex): Int32Array {
  const slotKey = words.slotKey;
  const roots = new Int32Array(slotKey.length);
  for (let s = 0; s < slotKey.length; s++) if (slotKey[s] !== 0) roots[s] = kb.aliasIndex.get(slotKey[s]) ?? 0;
  return roots;
}

/**
 * The word aliases of a text edited from the previous one (its [from, oldTo) became `delta`
 * characters longer): the previous matches well before the edit are kept, the words around it
 * are scanned again until the scan is back in step with the previous one, and the previous
 * matches from there on are shifted. Equal to wordAliases(kb, words).
 */
export function updateWordAliases(kb: Knowledge, prev: AliasMatch[], prevWords: WordIndex, words: WordIndex, from: number, oldTo: number, delta: number): AliasMatch[] {
  if (prevWords.hasCjk !== words.hasCjk) return wordAliases(kb, words);
  // Restart two alias-lengths of words before the edit: matches that end before that point never
  // looked at the edited words (a match looks ahead at most one alias length).
  let lo = 0;
  while (lo < words.count && words.ends[lo] < from) lo++;
  let r = Math.max(0, lo - 2 * kb.maxAliasWords);
  let restart = r < words.count ? words.starts[r] : from;
  // A previous match across the restart point is scanned again from its start.
  let keep = 0;
  while (keep < prev.length && prev[keep].end <= restart) keep++;
  if (keep < prev.length && prev[keep].start < restart) {
    restart = prev[keep].start;
    while (r > 0 && words.starts[r] > restart) r--;
  }
  const out = prev.slice(0, keep);
  const newTo = oldTo + delta;
  let resumeAt = -1;
  const covered = (oldOffset: number) => {
    let a = 0;
    let b = prev.length - 1;
    while (a <= b) {
      const mid = (a + b) >> 1;
      if (prev[mid].end <= oldOffset) a = mid + 1;
      else if (prev[mid].start >= oldOffset) b = mid - 1;
      else return true;
    }
    return false;
  };
  // Back in step: past the edit (and its neighbour character), no match running on either side.
  const inStep = (w: number, next: number) => {
    const at = words.starts[w];
    if (at <= newTo || next > at || covered(at - delta)) return false;
    resumeAt = at - delta;
    return true;
  };
  out.push(...wordAliases(kb, words, r, keep > 0 ? out[keep - 1].end : 0, inStep));
  if (resumeAt >= 0) {
    for (const m of prev) if (m.start >= resumeAt) out.push({ ...m, start: m.start + delta, end: m.end + delta });
  }
  return out;
}

/** The longest alias that starts at word `w` (whose key is the root's), if any. */
function aliasAt(words: WordIndex, w: number, root: AliasRoot): AliasMatch | undefined {
  const text = words.text;
  const start = words.starts[w];
  const prev = start > 0 ? text.charCodeAt(start - 1) : 32;
  if (prev === 46 || prev === 47 || prev === 45) return undefined; // . / -
  let best: AliasMatch | undefined;
  const end = words.ends[w];
  // In bounds: a read past a JavaScript array's end takes a slow path.
  if (end - start < root.first.length) {
    const sameLength = root.first[end - start];
    for (let i = 0; i < sameLength.length; i++) {
      if (!sameWord(text, start, end, sameLength[i].word)) continue;
      best = matchTrie(sameLength[i].node, words, w);
      break;
    }
  }
  if (root.regex.length === 0) return best;
  for (const r of root.regex) {
    if (r.japanese && !words.hasCjk) continue;
    r.re.lastIndex = start;
    const m = r.re.exec(text);
    if (!m || (r.exact !== undefined && m[0] !== r.exact)) continue;
    if (!best || start + m[0].length > best.end) best = { start, end: start + m[0].length, text: m[0], tech: r.tech };
  }
  return best;
}

/** Adds the names that start with another character (楽天トラベル, .gitlab-ci.yml) to the word aliases. */
function withOtherAliases(kb: Knowledge, words: WordIndex, out: AliasMatch[]): AliasMatch[] {
  const text = words.text;
  // Names that start with another character (楽天トラベル, .gitlab-ci.yml): tried where that character is.
  const others: AliasMatch[] = [];
  for (const [code, { probe, re }] of kb.otherAliases) {
    const japanese = isCjkCode(code);
    const positions = japanese ? (words.hasCjk ? cjkPositions(words, code) : []) : indexesOf(text, probe);
    for (const at of positions) {
      // Every name of the group starts with the probe ("楽天", "さくら"): most places fail it at once.
      if (probe.length > 1 && !text.startsWith(probe, at)) continue;
      re.lastIndex = at;
      const m = re.exec(text);
      const hit = m ? kb.aliasLookup.get(normalizeAlias(m[0])) : undefined;
      if (m && hit) others.push({ start: at, end: at + m[0].length, text: m[0], tech: hit.tech });
    }
  }
  if (others.length === 0) return out;
  others.sort((a, b) => a.start - b.start || b.end - a.end);
  let end = -1;
  for (const m of others) {
    if (m.start < end) continue;
    out.push(m);
    end = m.end;
  }
  return out.sort((a, b) => a.start - b.start);
}

function indexesOf(text: string, literal: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(literal); i !== -1; i = text.indexOf(literal, i + 1)) at.push(i);
  return at;
}

/** The longest literal every name starts with, up to its first space (names match across spaces and hyphens). */
function commonPrefix(names: string[]): string {
  let prefix = names[0].split(/\s/)[0];
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix || names[0][0];
}

const KIND_GROUP: Record<string, EntityGroup | undefined> = {
  'relational-db': 'store', 'document-db': 'store', 'key-value': 'store', 'wide-column': 'store', 'graph-db': 'store',
  cache: 'store', search: 'store', 'object-store': 'store', 'time-series': 'store', warehouse: 'store', 'file-system': 'store',
  queue: 'messaging', stream: 'messaging', pubsub: 'messaging',
  'external-api': 'external',
  'load-balancer': 'component', 'api-gateway': 'component', realtime: 'component', workflow: 'component', 'stream-processing': 'component', service: 'component',
};

/** Which part of the structure a technology kind belongs to; undefined for tools and platforms. */
export function groupOfKind(kind: string): EntityGroup | undefined {
  return KIND_GROUP[kind];
}

export interface RawVocabulary {
  sectionKinds: Record<string, string[]>;
  designKinds: string[];
  negation: { before: string[]; after: string[]; values: string[]; exceptions: string[] };
  clauseBoundaries: string[];
  groups: Record<string, string[]>;
  domainNouns: Record<string, string[]>;
  kindNouns?: Record<string, string[]>;
  nameDomains?: Record<string, string[]>;
  currentState?: string[];
}

/** "|未定|未伝播|…": the Japanese negation values that can sit inside a matched phrase. */
function jaStatus(values: string[]): string {
  const ja = values.filter((v) => /^[\u3040-\u30ff\u3400-\u9fff]{2,}$/.test(v) && v !== 'なし' && v !== '無し');
  return ja.map((v) => `|${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).join('');
}

/** Compiles the knowledge base. Throws with a message naming the offending key. */
export function compileKnowledge(technologies: Technology[], raw: RawVocabulary): Knowledge {
  const techMap = new Map<string, Technology>();
  const aliasLookup = new Map<string, { tech: Technology; exact?: string }>();
  const names: string[] = [];
  for (const t of technologies) {
    techMap.set(t.id, t);
    const cs = new Set(t.caseSensitive ?? []);
    for (const name of [t.name, ...(t.aliases ?? [])]) {
      const key = normalizeAlias(name);
      if (aliasLookup.has(key)) continue;
      aliasLookup.set(key, { tech: t, exact: cs.has(name) ? name : undefined });
      names.push(name);
    }
  }
  names.sort((a, b) => b.length - a.length);
  const source = (n: string) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '[\\s\\-]+') + (/[A-Za-z0-9]$/.test(n) ? '(?![A-Za-z0-9_])' : '');
  const aliasIndex = new Map<number, AliasRoot>();
  const otherAliases = new Map<number, { probe: string; re: RegExp }>();
  const others = new Map<number, { names: string[]; sources: string[] }>();
  for (const n of names) {
    const first = /^[A-Za-z0-9]+/.exec(n);
    if (!first) {
      const code = n.charCodeAt(0);
      const group = others.get(code) ?? { names: [], sources: [] };
      group.names.push(n);
      group.sources.push(source(n));
      others.set(code, group);
      continue;
    }
    const hit = aliasLookup.get(normalizeAlias(n))!;
    indexAlias(aliasIndex, n, new RegExp(source(n), 'iy'), hit.tech, hit.exact);
  }
  for (const [code, group] of others) otherAliases.set(code, { probe: commonPrefix(group.names), re: new RegExp(group.sources.join('|'), 'y') });

  const compile = (list: string[] | undefined, where: string) => {
    try {
      return compileAlternation(list ?? []);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
  };
  const vocab: Vocabulary = {
    sectionKinds: Object.entries(raw.sectionKinds ?? {}).map(([kind, list]) => ({ kind, re: compile(list, `sectionKinds.${kind}`) })),
    designKinds: new Set(raw.designKinds ?? []),
    negBefore: new RegExp(`(?:${(raw.negation?.before ?? []).map((p) => patternSource(p)).join('|') || '(?!)'})`, 'gi'),
    negAfter: compile(raw.negation?.after, 'negation.after'),
    // 「トレースコンテキストを未伝播」: a Japanese status word inside the matched phrase negates it too.
    negInside: new RegExp(`\\b(not|never|no|without)\\b|n't\\b${jaStatus(raw.negation?.values ?? [])}`, 'i'),
    negValues: new Set((raw.negation?.values ?? []).map((v) => v.toLowerCase())),
    negExceptions: compile(raw.negation?.exceptions, 'negation.exceptions'),
    clauseBoundary: new RegExp((raw.clauseBoundaries ?? []).map((b) => b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)', 'gi'),
    groups: Object.entries(raw.groups ?? {}).map(([group, list]) => ({ group: group as EntityGroup, re: compile(list, `groups.${group}`), gated: prefilterOf(list) })),
    domainNouns: Object.entries(raw.domainNouns ?? {}).map(([domain, list]) => ({ domain, re: compile(list, `domainNouns.${domain}`), gated: prefilterOf(list) })),
    kindNouns: Object.entries(raw.kindNouns ?? {}).map(([kind, list]) => ({ kind, re: compile(list, `kindNouns.${kind}`), gated: prefilterOf(list) })),
    nameDomains: Object.entries(raw.nameDomains ?? {}).map(([domain, list]) => ({ domain, re: compile(list, `nameDomains.${domain}`) })),
    currentState: raw.currentState?.length ? compile(raw.currentState, 'currentState') : /(?!)/,
  };
  const maxAliasWords = Math.max(1, ...names.map((n) => n.match(/[A-Za-z0-9_]+/g)?.length ?? 1));
  const aliasRoots = [...aliasIndex.values()];
  const aliasLengths = Int32Array.from(aliasRoots, (r) =>
    r.regex.length > 0 ? -1 : r.first.reduce((bits, list, length) => (list.length > 0 ? bits | (1 << Math.min(length, 31)) : bits), 0),
  );
  const rootIds = new Map([...aliasIndex.keys()].map((key, i) => [key, i + 1]));
  return { technologies: techMap, aliasLookup, aliasIndex: new KeyTable(rootIds), aliasRoots, aliasLengths, maxAliasWords, otherAliases, vocab };
}

/** Trie nodes along the current walk (reused: the walk is synchronous and never nested). */
const PATH: AliasNode[] = [];

/** The longest alias of the trie that starts at word `w` (whose first word is the trie's root). */
function matchTrie(root: AliasNode, words: WordIndex, w: number): AliasMatch | undefined {
  const text = words.text;
  let depth = 0;
  PATH[0] = root;
  for (let node = root, k = w + 1; node.next && k < words.count; k++) {
    const child = childFor(node.next, words, k);
    if (!child) break;
    PATH[++depth] = node = child;
  }
  for (; depth >= 0; depth--) {
    for (const e of PATH[depth].ends) {
      const end = endOf(e, words, w, depth);
      if (end < 0) continue;
      const hit = text.slice(words.starts[w], end);
      if (e.exact !== undefined && hit !== e.exact) continue;
      return { start: words.starts[w], end, text: hit, tech: e.tech };
    }
  }
  return undefined;
}

/** The child whose word is word `k` of the text (compared without slicing it). */
function childFor(next: { key: number; word: string; node: AliasNode }[], words: WordIndex, k: number): AliasNode | undefined {
  const key = words.keys[k];
  for (const c of next) if (c.key === key && sameWord(words.text, words.starts[k], words.ends[k], c.word)) return c.node;
  return undefined;
}

/** End of the alias over words w..w+last when the text between them has its separators, else -1. */
function endOf(e: AliasEnd, words: WordIndex, w: number, last: number): number {
  const text = words.text;
  for (let k = 0; k < last; k++) {
    const from = words.ends[w + k];
    const to = words.starts[w + k + 1];
    const sep = e.seps[k];
    if (sep === null ? !SPACE_RUN.test(text.slice(from, to)) : to - from !== sep.length || !text.startsWith(sep, from)) return -1;
  }
  const end = words.ends[w + last];
  if (!e.trailing) return end;
  return text.startsWith(e.trailing, end) ? end + e.trailing.length : -1;
}

const SPACE_RUN = /^[\s-]+$/;

/** text[start, end) equals the lower-case ASCII word, ignoring case. */
function sameWord(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    let c = text.charCodeAt(start + i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** Words, separators and trailing characters of an alias that starts with an ASCII word; undefined when it needs a regex. */
function planOf(name: string): { words: string[]; seps: (string | null)[]; trailing: string } | undefined {
  if (/[^\t\n\r -~]/.test(name)) return undefined; // not printable ASCII
  const words: string[] = [];
  const seps: (string | null)[] = [];
  const re = /[A-Za-z0-9_]+/g;
  let last = 0;
  for (let m = re.exec(name); m; m = re.exec(name)) {
    if (words.length > 0) {
      const between = name.slice(last, m.index);
      if (/^\s+$/.test(between)) seps.push(null);
      else if (/\s/.test(between)) return undefined;
      else seps.push(between);
    } else if (m.index !== 0) return undefined;
    words.push(m[0].toLowerCase());
    last = m.index + m[0].length;
  }
  const trailing = name.slice(last);
  if (words.length === 0 || /\s/.test(trailing)) return undefined;
  return { words, seps, trailing };
}

/** Adds an alias to the index (names arrive longest first, so each list stays longest first). */
function indexAlias(index: Map<number, AliasRoot>, name: string, re: RegExp, tech: Technology, exact: string | undefined): void {
  const first = /^[A-Za-z0-9]+/.exec(name)![0];
  const key = wordKey(first);
  let root = index.get(key);
  if (!root) index.set(key, (root = { first: [], regex: [] }));
  const plan = planOf(name);
  if (!plan) {
    root.regex.push({ re, tech, exact, japanese: /[\u3040-\u30ff\u3400-\u9fff]/.test(name) });
    return;
  }
  const head = plan.words[0];
  // Dense, one list per length up to the longest first word (empty where none): no holes to read.
  while (root.first.length <= head.length) root.first.push([]);
  const sameLength = root.first[head.length];
  let entry = sameLength.find((f) => f.word === head);
  if (!entry) sameLength.push((entry = { word: head, node: { ends: [] } }));
  let node = entry.node;
  for (const word of plan.words.slice(1)) {
    node.next ??= [];
    let child = node.next.find((c) => c.word === word)?.node;
    if (!child) node.next.push({ key: wordKey(word), word, node: (child = { ends: [] }) });
    node = child;
  }
  node.ends.push({ seps: plan.seps, trailing: plan.trailing, tech, exact });
}

/**
 * A gated pattern that matches wherever the list does, started past a leading optional group:
 * "(the )?cache" is found at "cache", so the scan is not tried at every "the". Used only to find
 * the units worth a full test, so matching more than the list is fine and less is impossible.
 */
function prefilterOf(list: readonly string[]): GatedRegex {
  const alternatives = list.flatMap((p) => splitTop(p)).map((alt) => {
    if (!alt.startsWith('(')) return alt;
    let depth = 0;
    for (let i = 0; i < alt.length; i++) {
      if (alt[i] === '\\') i++;
      else if (alt[i] === '(') depth++;
      else if (alt[i] === ')' && --depth === 0) {
        const rest = alt.slice(i + 2).replace(/^ /, '');
        return alt[i + 1] === '?' && rest && !/^[?*+{]/.test(rest) ? rest : alt;
      }
    }
    return alt;
  });
  return compileGated(alternatives);
}

export function normalizeAlias(s: string): string {
  return s.toLowerCase().replace(/[\s-]+/g, ' ').trim();
}
