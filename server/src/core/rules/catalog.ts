import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { compileKnowledge, type Knowledge, type RawVocabulary, type Technology } from '../knowledge/knowledge';
import { compileGated, type GatedRegex } from '../text/gatedRegex';
import { compileAlternation } from '../text/patterns';
import type { Problem } from '../types';
import type { EntitySelector, FlowSelector, RuleSpec, TriggerSpec } from './ruleSpec';

/** A file handed to the core by an adapter (the core never touches the file system). */
export interface SourceFile {
  path: string;
  text: string;
}

export interface CatalogSources {
  rules: SourceFile[];
  technologies: SourceFile[];
  vocabulary: SourceFile;
  ruleSchema: SourceFile;
  technologySchema: SourceFile;
  configSchema: SourceFile;
}

export interface CompiledTrigger {
  spec: TriggerSpec;
  phrases?: GatedRegex;
  selectors: { spec: EntitySelector; context?: RegExp }[];
  excludePaths?: RegExp;
  flows: FlowSelector[];
  require: CompiledTrigger[];
}

export interface CompiledEvidence {
  label: string;
  /** For scanning documents. */
  gated: GatedRegex;
  /** For testing short strings (table headers). */
  re: RegExp;
  qualifiers?: RegExp;
  gaps?: GatedRegex;
  /** Table column headers that state the mechanism per row (besides headers matching `re`). */
  columns?: RegExp;
}

export interface CompiledRule {
  spec: RuleSpec;
  source: string;
  trigger: CompiledTrigger;
  evidence: CompiledEvidence[];
  /** Anchor contexts in priority order: gated for scanning, `re` for testing a sentence. */
  anchorPrefer: { gated: GatedRegex; re: RegExp }[];
}

export interface Catalog {
  rules: CompiledRule[];
  byId: Map<string, CompiledRule>;
  knowledge: Knowledge;
  technologies: Technology[];
  vocabulary: RawVocabulary;
  validateConfig: ValidateFunction;
}

/**
 * Parses, validates and compiles the rule catalog and knowledge base. A broken rule file is
 * reported once (file and key) and skipped; the other rules keep working.
 */
export function loadCatalog(src: CatalogSources): { catalog: Catalog; problems: Problem[] } {
  const problems: Problem[] = [];
  const ajv = new Ajv({ allErrors: false, strict: false });
  const validateRule = ajv.compile(JSON.parse(src.ruleSchema.text));
  const validateTech = ajv.compile(JSON.parse(src.technologySchema.text));
  const validateConfig = ajv.compile(JSON.parse(src.configSchema.text));

  const technologies: Technology[] = [];
  for (const f of src.technologies) {
    const data = parseData(f, problems);
    if (data === undefined) continue;
    if (!validateTech(data)) {
      problems.push(schemaProblem(f.path, validateTech.errors));
      continue;
    }
    technologies.push(...(data as { technologies: Technology[] }).technologies);
  }
  const vocabulary = (parseData(src.vocabulary, problems) ?? {}) as RawVocabulary;
  let knowledge: Knowledge;
  try {
    knowledge = compileKnowledge(technologies, vocabulary);
  } catch (e) {
    problems.push({ source: src.vocabulary.path, message: (e as Error).message, severity: 'error' });
    knowledge = compileKnowledge(technologies, {} as RawVocabulary);
  }

  const rules: CompiledRule[] = [];
  const byId = new Map<string, CompiledRule>();
  for (const f of src.rules) {
    const data = parseData(f, problems);
    if (data === undefined) continue;
    if (!validateRule(data)) {
      problems.push(schemaProblem(f.path, validateRule.errors));
      continue;
    }
    const spec = data as RuleSpec;
    if (byId.has(spec.id)) {
      problems.push({ source: f.path, message: `id: duplicate rule id "${spec.id}" (also in ${byId.get(spec.id)!.source})`, severity: 'error' });
      continue;
    }
    try {
      const rule = compileRule(spec, f.path);
      rules.push(rule);
      byId.set(spec.id, rule);
    } catch (e) {
      problems.push({ source: f.path, message: (e as Error).message, severity: 'error' });
    }
  }
  return { catalog: { rules, byId, knowledge, technologies, vocabulary, validateConfig }, problems };
}

/** Compiles one validated rule; throws an Error naming the key of a bad pattern. */
export function compileRule(spec: RuleSpec, source: string): CompiledRule {
  const at = (key: string, list: string[] | undefined) => {
    if (!list) return undefined;
    try {
      return compileAlternation(list);
    } catch (e) {
      throw new Error(`${key}: ${(e as Error).message}`);
    }
  };
  const gated = (key: string, list: string[] | undefined) => {
    if (!list) return undefined;
    at(key, list); // validates every pattern, naming the key
    return compileGated(list);
  };
  const trigger = (t: TriggerSpec, key: string): CompiledTrigger => ({
    spec: t,
    phrases: gated(`${key}.phrases`, t.phrases),
    selectors: asArray(t.entities).map((sel, i) => ({ spec: sel, context: at(`${key}.entities[${i}].context`, sel.context) })),
    flows: asArray(t.flows),
    excludePaths: at(`${key}.endpoints.excludePaths`, t.endpoints?.excludePaths),
    require: (t.require ?? []).map((r, i) => trigger(r, `${key}.require[${i}]`)),
  });
  return {
    spec,
    source,
    trigger: trigger(spec.trigger, 'trigger'),
    evidence: spec.evidence.map((e, i) => ({
      label: e.label,
      re: at(`evidence[${i}].patterns`, e.patterns)!,
      gated: gated(`evidence[${i}].patterns`, e.patterns)!,
      qualifiers: at(`evidence[${i}].qualifiers`, e.qualifiers),
      gaps: gated(`evidence[${i}].gaps`, e.gaps),
      columns: at(`evidence[${i}].columns`, e.columns),
    })),
    anchorPrefer: (spec.anchor?.prefer ?? []).map((p, i) => ({ re: at(`anchor.prefer[${i}]`, [p])!, gated: compileGated([p]) })),
  };
}

function asArray<T>(x: T | T[] | undefined): T[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

function parseData(f: SourceFile, problems: Problem[]): unknown {
  try {
    return f.path.endsWith('.json') ? JSON.parse(f.text) : parseYaml(f.text);
  } catch (e) {
    problems.push({ source: f.path, message: `not valid ${f.path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`, severity: 'error' });
    return undefined;
  }
}

/** One readable message naming the key: `evidence[0].patterns: must be array`. */
export function schemaProblem(path: string, errors: ErrorObject[] | null | undefined): Problem {
  const e = errors?.[0];
  if (!e) return { source: path, message: 'does not match the schema', severity: 'error' };
  const key = e.instancePath.replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.') || '(root)';
  let detail = e.message ?? 'is invalid';
  if (e.keyword === 'additionalProperties') detail = `unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'enum') detail = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'required') detail = `missing required key "${(e.params as { missingProperty: string }).missingProperty}"`;
  return { source: path, message: `${key}: ${detail}`, severity: 'error' };
}
