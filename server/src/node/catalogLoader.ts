import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseConfig, type FaultlineConfig } from '../core/config';
import { loadCatalog, type Catalog, type SourceFile } from '../core/rules/catalog';
import type { Problem } from '../core/types';

/** The rules/ folder shipped next to the bundle (dist/) or the compiled sources (out/server/node/). */
export function defaultRulesDir(): string {
  const candidates = [join(__dirname, '..', 'rules'), join(__dirname, '..', '..', 'rules'), join(__dirname, '..', '..', '..', 'rules')];
  return candidates.find((d) => existsSync(join(d, 'schema', 'rule.schema.json'))) ?? candidates[0];
}

const read = (path: string): SourceFile => ({ path, text: readFileSync(path, 'utf8') });

let builtin: { catalog: Catalog; problems: Problem[]; dir: string } | undefined;

/** Loads and validates rules/catalog/*.yaml and the knowledge base. Cached per folder. */
export function loadBuiltinCatalog(rulesDir: string = defaultRulesDir()): { catalog: Catalog; problems: Problem[] } {
  if (builtin && builtin.dir === rulesDir) return builtin;
  const catalogDir = join(rulesDir, 'catalog');
  const knowledgeDir = join(rulesDir, 'knowledge');
  const ruleFiles = readdirSync(catalogDir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => read(join(catalogDir, f)));
  const techFiles = readdirSync(knowledgeDir)
    .filter((f) => /^technologies.*\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => read(join(knowledgeDir, f)));
  const result = loadCatalog({
    rules: ruleFiles,
    technologies: techFiles,
    vocabulary: read(join(knowledgeDir, 'vocabulary.yaml')),
    ruleSchema: read(join(rulesDir, 'schema', 'rule.schema.json')),
    technologySchema: read(join(rulesDir, 'schema', 'technologies.schema.json')),
    configSchema: read(join(rulesDir, 'schema', 'config.schema.json')),
  });
  builtin = { ...result, dir: rulesDir };
  return result;
}

export const CONFIG_NAMES = ['.faultline.yaml', '.faultline.yml', '.faultline.json'];

/** Finds the nearest config file at or above the document's folder. */
export function findConfigFile(documentPath: string): string | undefined {
  let dir = dirname(resolve(documentPath));
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

const configCache = new Map<string, { mtime: string; result: { config: FaultlineConfig; problems: Problem[] } }>();

/**
 * The config that applies to a document. In an untrusted workspace no config is read.
 * The parsed config object is reused while the file is unchanged, so applyConfig's cache holds.
 */
export function loadConfigFor(documentPath: string, opts: { trusted: boolean; catalog?: Catalog } = { trusted: true }): { config: FaultlineConfig; problems: Problem[]; path?: string } {
  if (!opts.trusted) return { config: {}, problems: [] };
  const path = findConfigFile(documentPath);
  if (!path) return { config: {}, problems: [] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { config: {}, problems: [{ source: path, message: `cannot read: ${(e as Error).message}`, severity: 'error' }], path };
  }
  const cached = configCache.get(path);
  if (cached && cached.mtime === text) return { ...cached.result, path };
  const catalog = opts.catalog ?? loadBuiltinCatalog().catalog;
  const result = parseConfig(catalog, path, text);
  configCache.set(path, { mtime: text, result });
  return { ...result, path };
}
