import type { Severity } from '../core/types';
import { SEVERITIES } from '../core/types';

/** How a finding tier is shown; mirrors the `faultline.severity` enum in package.json. */
export type DiagnosticLevel = 'Error' | 'Warning' | 'Information' | 'Hint';
/** A per-rule override from `faultline.rules`. */
export type RuleSetting = 'off' | Severity;

/** The `faultline.*` settings for one resource, validated. The schema lives in package.json. */
export interface FaultlineSettings {
  enable: boolean;
  severity: Record<Severity, DiagnosticLevel>;
  debounceMs: number;
  rules: Record<string, RuleSetting>;
  include: string[];
}

export const DEFAULT_SETTINGS: FaultlineSettings = {
  enable: true,
  severity: { critical: 'Warning', significant: 'Warning', moderate: 'Information', minor: 'Hint' },
  debounceMs: 200,
  rules: {},
  include: [],
};

const LEVELS: readonly string[] = ['Error', 'Warning', 'Information', 'Hint'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Turns whatever the client sent into settings; invalid fields fall back to their defaults. */
export function normalizeSettings(raw: unknown, defaults: FaultlineSettings = DEFAULT_SETTINGS): FaultlineSettings {
  const r = isRecord(raw) ? raw : {};
  const severity = { ...defaults.severity };
  if (isRecord(r.severity)) {
    for (const tier of SEVERITIES) {
      const v = r.severity[tier];
      if (typeof v === 'string' && LEVELS.includes(v)) severity[tier] = v as DiagnosticLevel;
    }
  }
  const rules: Record<string, RuleSetting> = {};
  if (isRecord(r.rules)) {
    for (const [id, v] of Object.entries(r.rules)) {
      if (v === 'off' || (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v))) rules[id] = v as RuleSetting;
      else if (v === false) rules[id] = 'off';
    }
  }
  const debounce = typeof r.debounceMs === 'number' && Number.isFinite(r.debounceMs) ? r.debounceMs : defaults.debounceMs;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : defaults.enable,
    severity,
    debounceMs: Math.min(Math.max(0, debounce), 5000),
    rules,
    include: Array.isArray(r.include) ? r.include.filter((g): g is string => typeof g === 'string' && g.length > 0) : defaults.include,
  };
}

/**
 * Per-document settings, fetched from the client once and kept until the configuration changes
 * (the vscode-eslint pattern). Without `workspace/configuration` support every document gets the
 * global settings last pushed with `didChangeConfiguration`.
 */
export class SettingsCache {
  private readonly byUri = new Map<string, Promise<FaultlineSettings>>();
  private global: FaultlineSettings = DEFAULT_SETTINGS;

  constructor(private readonly fetch: ((uri: string) => Promise<unknown>) | undefined) {}

  get(uri: string): Promise<FaultlineSettings> {
    if (!this.fetch) return Promise.resolve(this.global);
    let p = this.byUri.get(uri);
    if (!p) {
      p = this.fetch(uri).then(
        (raw) => normalizeSettings(raw),
        () => this.global,
      );
      this.byUri.set(uri, p);
    }
    return p;
  }

  /** Drops cached values; `pushed` is the payload of a `didChangeConfiguration` notification, if any. */
  reset(pushed?: unknown): void {
    this.byUri.clear();
    if (isRecord(pushed) && isRecord(pushed.faultline)) this.global = normalizeSettings(pushed.faultline);
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}
