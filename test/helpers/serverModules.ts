import { join } from 'node:path';
import type * as AnalysisCacheModule from '../../server/src/lsp/analysisCache';
import type * as CodeActionsModule from '../../server/src/lsp/codeActions';
import type * as GlobModule from '../../server/src/lsp/glob';
import type * as SettingsModule from '../../server/src/lsp/settings';
import type * as WarmupModule from '../../server/src/lsp/warmup';

/**
 * The server's LSP adapters, loaded from out/server at run time (tests compile to out/test, where
 * a relative import of server/src would not resolve); the types come from the sources.
 */
const REPO = join(__dirname, '..', '..', '..');

function load<T>(rel: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(REPO, 'out', 'server', rel)) as T;
}

export const { AnalysisCache } = load<typeof AnalysisCacheModule>('lsp/analysisCache');
export const { codeActions, fixAllAction, insertEdit, bodyStartLine } = load<typeof CodeActionsModule>('lsp/codeActions');
export const { globToRegExp, matchesAnyGlob } = load<typeof GlobModule>('lsp/glob');
export const { normalizeSettings, DEFAULT_SETTINGS } = load<typeof SettingsModule>('lsp/settings');
export const { warmUp } = load<typeof WarmupModule>('lsp/warmup');
