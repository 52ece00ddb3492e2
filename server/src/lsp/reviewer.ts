import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { analyze, type Analysis } from '../core/analyze';
import type { FaultlineConfig } from '../core/config';
import type { Catalog } from '../core/rules/catalog';
import type { Finding, Problem } from '../core/types';
import { loadConfigFor } from '../node/catalogLoader';
import { matchesAnyGlob } from './glob';
import type { FaultlineSettings } from './settings';

export type { Catalog, FaultlineConfig };

/** A workspace config file and the folder its include/exclude globs are relative to. */
export interface LoadedConfig {
  config: FaultlineConfig;
  dir: string;
}

/** One analysed version of one document, with the settings it was judged under. */
export interface Review {
  uri: string;
  version: number;
  /** Whether the document gets diagnostics at all. */
  reviewed: boolean;
  /** `undefined` when the analysis threw (logged); the document then simply has no findings. */
  analysis: Analysis | undefined;
  /** Findings after `faultline.rules` overrides; empty when not reviewed. */
  findings: Finding[];
  settings: FaultlineSettings;
  /** The workspace config the analysis ran with, if any. */
  config?: FaultlineConfig;
}

/** What a review needs from the server beyond the text: all of it cheap and synchronous. */
export interface ReviewContext {
  catalog: Catalog;
  /** Workspace folder paths, for relative include globs. */
  roots(): readonly string[];
  /** The per-file switch from `faultline/setFileOverride`. */
  override(uri: string): boolean | undefined;
  config(uri: string): LoadedConfig | undefined;
  problems(problems: readonly Problem[]): void;
}

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri).replace(/\\/g, '/');
  } catch {
    return undefined;
  }
}

/** Applies `faultline.rules`: drops rules set to "off" and re-tiers the others. */
export function applyRuleSettings(findings: readonly Finding[], settings: FaultlineSettings): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const s = settings.rules[f.ruleId];
    if (s === 'off') continue;
    out.push(s && s !== f.severity ? { ...f, severity: s } : f);
  }
  return out;
}

/** Whether include/exclude globs (settings, then the config file) force a decision for this path. */
function globDecision(path: string | undefined, settings: FaultlineSettings, loaded: LoadedConfig | undefined, roots: readonly string[]): boolean | undefined {
  if (path === undefined) return undefined;
  const configRoots = loaded ? [loaded.dir] : [];
  if (loaded?.config.exclude && matchesAnyGlob(path, loaded.config.exclude, configRoots)) return false;
  if (matchesAnyGlob(path, settings.include, roots)) return true;
  if (loaded?.config.include && matchesAnyGlob(path, loaded.config.include, configRoots)) return true;
  return undefined;
}

/**
 * Analyses one document version and decides whether it is reviewed: the file switch wins, then
 * `faultline.enable`, then include/exclude globs, then "looks like a design".
 */
export function reviewDocument(uri: string, version: number, text: string, settings: FaultlineSettings, ctx: ReviewContext, previous?: Review): Review {
  const loaded = ctx.config(uri);
  const analysis = analyze(text, { catalog: ctx.catalog, config: loaded?.config, previous: previous?.analysis });
  if (analysis.problems.length > 0) ctx.problems(analysis.problems);
  const decided = globDecision(pathOf(uri), settings, loaded, ctx.roots());
  const reviewed = ctx.override(uri) ?? (settings.enable && (decided ?? analysis.isDesign));
  return {
    uri,
    version,
    reviewed,
    analysis,
    findings: reviewed ? applyRuleSettings(analysis.findings, settings) : [],
    settings,
    config: loaded?.config,
  };
}

/**
 * `.faultline.yaml` / `.faultline.json` per directory, loaded on first use and dropped when a
 * config file changes. In an untrusted workspace the loader reads no workspace config.
 */
export class ConfigStore {
  private readonly byDir = new Map<string, LoadedConfig | undefined>();

  constructor(
    private readonly context: () => { trusted: boolean; catalog: Catalog | undefined },
    private readonly report: (problems: readonly Problem[]) => void,
  ) {}

  get(uri: string): LoadedConfig | undefined {
    const path = pathOf(uri);
    if (path === undefined) return undefined;
    const dir = dirname(path);
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    let loaded: LoadedConfig | undefined;
    try {
      const { trusted, catalog } = this.context();
      const result = loadConfigFor(path, { trusted, catalog });
      this.report(result.problems);
      if (result.path) loaded = { config: result.config, dir: dirname(result.path).replace(/\\/g, '/') };
    } catch (err) {
      this.report([{ source: path, message: `could not load Faultline config: ${String(err)}`, severity: 'error' }]);
    }
    this.byDir.set(dir, loaded);
    return loaded;
  }

  clear(): void {
    this.byDir.clear();
  }
}
