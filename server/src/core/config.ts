import { parse as parseYaml } from 'yaml';
import { compileKnowledge, type Technology } from './knowledge/knowledge';
import { compileRule, schemaProblem, type Catalog, type CompiledRule } from './rules/catalog';
import type { Problem, Severity } from './types';

export type RuleSetting = 'off' | 'on' | Severity | { enabled?: boolean; severity?: Severity; evidence?: string[] };

/** Contents of .faultline.yaml / .faultline.json (rules/schema/config.schema.json). */
export interface FaultlineConfig {
  rules?: Record<string, RuleSetting>;
  technologies?: Technology[];
  include?: string[];
  exclude?: string[];
}

/**
 * Parses and validates a config file's text. A malformed file yields one problem naming the
 * file and key, and an empty config: the defaults keep working.
 */
export function parseConfig(catalog: Catalog, path: string, text: string): { config: FaultlineConfig; problems: Problem[] } {
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    return { config: {}, problems: [{ source: path, message: `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`, severity: 'error' }] };
  }
  if (data === null || data === undefined) return { config: {}, problems: [] };
  if (!catalog.validateConfig(data)) return { config: {}, problems: [schemaProblem(path, catalog.validateConfig.errors)] };
  const config = data as FaultlineConfig;
  const problems: Problem[] = [];
  for (const id of Object.keys(config.rules ?? {})) {
    if (!catalog.byId.has(id)) problems.push({ source: path, message: `rules.${id}: unknown rule id`, severity: 'warning' });
  }
  return { config, problems };
}

const effective = new WeakMap<Catalog, WeakMap<FaultlineConfig, { catalog: Catalog; problems: Problem[] }>>();

/**
 * The catalog with a config applied: rules turned off or re-tiered, extra evidence phrases,
 * extra technologies. Cached per (catalog, config) pair, so it is computed once per config.
 */
export function applyConfig(catalog: Catalog, config: FaultlineConfig | undefined): { catalog: Catalog; problems: Problem[] } {
  if (!config || (!config.rules && !config.technologies)) return { catalog, problems: [] };
  let perCatalog = effective.get(catalog);
  if (!perCatalog) effective.set(catalog, (perCatalog = new WeakMap()));
  const hit = perCatalog.get(config);
  if (hit) return hit;
  const problems: Problem[] = [];
  const rules: CompiledRule[] = [];
  for (const rule of catalog.rules) {
    const setting = config.rules?.[rule.spec.id];
    if (setting === undefined || setting === 'on') {
      rules.push(rule);
      continue;
    }
    if (setting === 'off' || (typeof setting === 'object' && setting.enabled === false)) continue;
    const severity = typeof setting === 'string' ? setting : setting.severity ?? rule.spec.severity;
    const extra = typeof setting === 'object' ? setting.evidence ?? [] : [];
    const spec = { ...rule.spec, severity, evidence: rule.spec.evidence.map((e, i) => (i === 0 && extra.length ? { ...e, patterns: [...e.patterns, ...extra] } : e)) };
    try {
      rules.push(compileRule(spec, rule.source));
    } catch (e) {
      problems.push({ source: '.faultline config', message: `rules.${rule.spec.id}.evidence: ${(e as Error).message}`, severity: 'error' });
      rules.push(rule);
    }
  }
  let knowledge = catalog.knowledge;
  if (config.technologies?.length) {
    const ids = new Set(config.technologies.map((t) => t.id));
    knowledge = compileKnowledge([...config.technologies, ...catalog.technologies.filter((t) => !ids.has(t.id))], catalog.vocabulary);
  }
  const result = { catalog: { ...catalog, rules, byId: new Map(rules.map((r) => [r.spec.id, r])), knowledge }, problems };
  perCatalog.set(config, result);
  return result;
}
