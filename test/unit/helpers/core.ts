import { join } from 'node:path';
import type * as AnalyzeModule from '../../../server/src/core/analyze';
import type * as CatalogModule from '../../../server/src/core/rules/catalog';
import type * as CatalogLoaderModule from '../../../server/src/node/catalogLoader';
import type * as CliModule from '../../../server/src/cli';
import type * as ConfigModule from '../../../server/src/core/config';
import type * as DesignDocModule from '../../../server/src/core/document/designDoc';
import type * as GatedModule from '../../../server/src/core/text/gatedRegex';
import type * as KnowledgeModule from '../../../server/src/core/knowledge/knowledge';
import type * as SentencesModule from '../../../server/src/core/document/sentences';
import type * as NegationModule from '../../../server/src/core/rules/negation';
import type * as SuppressModule from '../../../server/src/core/suppress';
import type { Catalog } from '../../../server/src/core/rules/catalog';
import type { Analysis } from '../../../server/src/core/analyze';
import type { FaultlineConfig } from '../../../server/src/core/config';

/**
 * The compiled analysis core, loaded from out/server at run time. Tests compile to out/test, so a
 * relative import of server/src would not resolve there; the types still come from the sources.
 */
export const REPO = join(__dirname, '..', '..', '..', '..');
export const FIXTURES = join(REPO, 'test', 'fixtures');

function load<T>(rel: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(REPO, 'out', 'server', rel)) as T;
}

export const { analyze } = load<typeof AnalyzeModule>('core/analyze');
export const { loadCatalog } = load<typeof CatalogModule>('core/rules/catalog');
export const { loadBuiltinCatalog, findConfigFile, loadConfigFor } = load<typeof CatalogLoaderModule>('node/catalogLoader');
export const { main } = load<typeof CliModule>('cli');
export const { parseConfig } = load<typeof ConfigModule>('core/config');
export const { parseDesignDoc, reparseDesignDoc, rangeOf, positionAt } = load<typeof DesignDocModule>('core/document/designDoc');
export const { buildWordIndex, updateWordIndex, positionsOf, compileGated, execGated, patternPrefixes, nextWordKeys, wordHeads, wordKey } = load<typeof GatedModule>('core/text/gatedRegex');
export const { findAliases, wordAliases, updateWordAliases } = load<typeof KnowledgeModule>('core/knowledge/knowledge');
export const { splitSentences } = load<typeof SentencesModule>('core/document/sentences');
export const { isNegated } = load<typeof NegationModule>('core/rules/negation');
export const { parseSuppressions, applySuppressions } = load<typeof SuppressModule>('core/suppress');

/** A fixed "today" so accepted-risk expiry never depends on the calendar. */
export const TODAY = '2026-11-22';

/** The built-in catalog; fails loudly when it does not load cleanly. */
export function builtinCatalog(): Catalog {
  const { catalog, problems } = loadBuiltinCatalog();
  if (problems.length) throw new Error(`built-in catalog has problems:\n${problems.map((p) => `${p.source}: ${p.message}`).join('\n')}`);
  return catalog;
}

/** Analyses text with the built-in catalog and a fixed date. */
export function review(text: string, config?: FaultlineConfig, today = TODAY): Analysis {
  return analyze(text, { catalog: builtinCatalog(), config, today });
}
