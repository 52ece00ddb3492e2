import type { EntityGroup } from '../types';
import { wordKey, type WordIndex } from '../text/gatedRegex';
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
  groups: { group: EntityGroup; re: RegExp }[];
  domainNouns: { domain: string; re: RegExp }[];
  kindNouns: { kind: string; re: RegExp }[];
  /** Any group phrase, domain noun or kind noun: a cheap first test. */
  anyContextNoun: RegExp;
  /** Words in an unknown API's name that give its third-party domain ("Acme Maps API" → maps). */
  nameDomains: { domain: string; re: RegExp }[];
}

export interface Knowledge {
  technologies: Map<string, Technology>;
  aliasLookup: Map<string, { tech: Technology; exact?: string }>;
  /** Aliases by their lower-cased first word, longest first; each a sticky regex. */
  aliasIndex: Map<string, { re: RegExp; tech: Technology; exact?: string }[]>;
  /** wordKey of every alias's first word: words with other keys are skipped without a look-up. */
  aliasKeys: Set<number>;
  /** Aliases that start with a non-ASCII character (楽天トラベル), as one regex. */
  cjkAliasRe: RegExp;
  vocab: Vocabulary;
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
export function findAliases(kb: Knowledge, words: WordIndex): AliasMatch[] {
  const out: AliasMatch[] = [];
  const text = words.text;
  let next = 0;
  for (let w = 0; w < words.count; w++) {
    const start = words.starts[w];
    if (start < next || !kb.aliasKeys.has(words.keys[w])) continue;
    const prev = start > 0 ? text.charCodeAt(start - 1) : 32;
    if (prev === 46 || prev === 47 || prev === 45) continue; // . / -
    const first = text.slice(start, words.ends[w]);
    const candidates = kb.aliasIndex.get(first) ?? kb.aliasIndex.get(first.toLowerCase());
    if (!candidates) continue;
    for (const c of candidates) {
      c.re.lastIndex = start;
      const hit = c.re.exec(text);
      if (!hit) continue;
      if (c.exact !== undefined && hit[0] !== c.exact) continue;
      out.push({ start, end: start + hit[0].length, text: hit[0], tech: c.tech });
      next = start + hit[0].length;
      break;
    }
  }
  if (words.hasCjk) {
    kb.cjkAliasRe.lastIndex = 0;
    for (let m = kb.cjkAliasRe.exec(text); m; m = kb.cjkAliasRe.exec(text)) {
      const hit = kb.aliasLookup.get(normalizeAlias(m[0]));
      if (hit) out.push({ start: m.index, end: m.index + m[0].length, text: m[0], tech: hit.tech });
    }
    out.sort((a, b) => a.start - b.start);
  }
  return out;
}

const KIND_GROUP: Record<string, EntityGroup | undefined> = {
  'relational-db': 'store', 'document-db': 'store', 'key-value': 'store', 'wide-column': 'store', 'graph-db': 'store',
  cache: 'store', search: 'store', 'object-store': 'store', 'time-series': 'store', warehouse: 'store', 'file-system': 'store',
  queue: 'messaging', stream: 'messaging', pubsub: 'messaging',
  'external-api': 'external',
  'load-balancer': 'component', 'api-gateway': 'component', realtime: 'component', workflow: 'component', 'stream-processing': 'component',
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
  const aliasIndex = new Map<string, { re: RegExp; tech: Technology; exact?: string }[]>();
  const cjk: string[] = [];
  for (const n of names) {
    const first = /^[A-Za-z0-9]+/.exec(n);
    if (!first) {
      cjk.push(source(n));
      continue;
    }
    const hit = aliasLookup.get(normalizeAlias(n))!;
    const key = first[0].toLowerCase();
    const list = aliasIndex.get(key) ?? [];
    list.push({ re: new RegExp(source(n), 'iy'), tech: hit.tech, exact: hit.exact });
    aliasIndex.set(key, list);
  }
  const cjkAliasRe = new RegExp(cjk.length ? cjk.join('|') : '(?!)', 'g');

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
    negInside: /\b(not|never|no|without)\b|n't\b/i,
    negValues: new Set((raw.negation?.values ?? []).map((v) => v.toLowerCase())),
    negExceptions: compile(raw.negation?.exceptions, 'negation.exceptions'),
    clauseBoundary: new RegExp((raw.clauseBoundaries ?? []).map((b) => b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)', 'gi'),
    groups: Object.entries(raw.groups ?? {}).map(([group, list]) => ({ group: group as EntityGroup, re: compile(list, `groups.${group}`) })),
    domainNouns: Object.entries(raw.domainNouns ?? {}).map(([domain, list]) => ({ domain, re: compile(list, `domainNouns.${domain}`) })),
    kindNouns: Object.entries(raw.kindNouns ?? {}).map(([kind, list]) => ({ kind, re: compile(list, `kindNouns.${kind}`) })),
    nameDomains: Object.entries(raw.nameDomains ?? {}).map(([domain, list]) => ({ domain, re: compile(list, `nameDomains.${domain}`) })),
    anyContextNoun: compile([...Object.values(raw.groups ?? {}), ...Object.values(raw.domainNouns ?? {}), ...Object.values(raw.kindNouns ?? {})].flat(), 'groups'),
  };
  const aliasKeys = new Set([...aliasIndex.keys()].map(wordKey));
  return { technologies: techMap, aliasLookup, aliasIndex, aliasKeys, cjkAliasRe, vocab };
}

export function normalizeAlias(s: string): string {
  return s.toLowerCase().replace(/[\s-]+/g, ' ').trim();
}
