import type { EntityGroup } from '../types';
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
  negValues: Set<string>;
  negExceptions: RegExp;
  clauseBoundary: RegExp;
  groups: { group: EntityGroup; re: RegExp }[];
  domainNouns: { domain: string; re: RegExp }[];
  callContext: RegExp;
}

export interface Knowledge {
  technologies: Map<string, Technology>;
  /** Matches any technology name or alias; longest alias first. */
  aliasRe: RegExp;
  aliasLookup: Map<string, { tech: Technology; exact?: string }>;
  vocab: Vocabulary;
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

export const KNOWN_KINDS = [
  ...Object.keys(KIND_GROUP),
  'cdn', 'service-mesh', 'dns', 'compute', 'orchestrator',
  'observability', 'ci-cd', 'secrets', 'iac', 'feature-flags', 'migration', 'resilience-lib',
];

export interface RawVocabulary {
  sectionKinds: Record<string, string[]>;
  designKinds: string[];
  negation: { before: string[]; after: string[]; values: string[]; exceptions: string[] };
  clauseBoundaries: string[];
  groups: Record<string, string[]>;
  domainNouns: Record<string, string[]>;
  callContext: string[];
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
  const alt = names.map((n) => {
    const esc = n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '[\\s\\-]+');
    const head = /^[A-Za-z0-9]/.test(n) ? '(?<![A-Za-z0-9_./\\-])' : '';
    const tail = /[A-Za-z0-9]$/.test(n) ? '(?![A-Za-z0-9_])' : '';
    return head + esc + tail;
  });
  const aliasRe = new RegExp(alt.length ? alt.join('|') : '(?!)', 'gi');

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
    negBefore: new RegExp(`(?:${(raw.negation?.before ?? []).map(patternSource).join('|') || '(?!)'})`, 'gi'),
    negAfter: compile(raw.negation?.after, 'negation.after'),
    negValues: new Set((raw.negation?.values ?? []).map((v) => v.toLowerCase())),
    negExceptions: compile(raw.negation?.exceptions, 'negation.exceptions'),
    clauseBoundary: new RegExp((raw.clauseBoundaries ?? []).map((b) => b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)', 'gi'),
    groups: Object.entries(raw.groups ?? {}).map(([group, list]) => ({ group: group as EntityGroup, re: compile(list, `groups.${group}`) })),
    domainNouns: Object.entries(raw.domainNouns ?? {}).map(([domain, list]) => ({ domain, re: compile(list, `domainNouns.${domain}`) })),
    callContext: compile(raw.callContext, 'callContext'),
  };
  return { technologies: techMap, aliasRe, aliasLookup, vocab };
}

export function normalizeAlias(s: string): string {
  return s.toLowerCase().replace(/[\s\-]+/g, ' ').trim();
}
