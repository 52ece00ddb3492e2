import type { Category, EntityGroup, Severity } from '../types';

/**
 * A rule as written in rules/catalog/<id>.yaml (validated by rules/schema/rule.schema.json).
 * Behaviour comes from the closed set of trigger and evidence kinds below; text is data.
 */
export interface RuleSpec {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  scope: 'per-entity' | 'document';
  /** One sentence: what the rule checks. */
  summary: string;
  trigger: TriggerSpec;
  /** All requirements must be met for the design to be covered. */
  evidence: EvidenceSpec[];
  /** Optional arithmetic check run in addition to the evidence (closed set). */
  compute?: 'connection-budget';
  anchor?: AnchorSpec;
  escalate?: EscalateSpec[];
  /** Message with {entity} (per-entity) or {trigger} (document) placeholders. */
  message: string;
  scenario: string;
  impact: string;
  countermeasures: string[];
  fix: FixSpec;
  examples?: { fires: string; silent: string };
}

export interface TriggerSpec {
  /** Entities of these groups/kinds/domains. Per-entity rules judge each; document rules need minCount. */
  entities?: EntitySelector | EntitySelector[];
  /** Phrases whose presence makes the rule relevant. */
  phrases?: string[];
  /** Mutating endpoints, judged per endpoint group. */
  endpoints?: { methods: string[]; /** Paths matching one of these are not judged (e.g. webhook receivers). */ excludePaths?: string[] };
  /** Data flows that pass through a hop of each stage, in order (kinds, or `domain:<d>`). */
  flows?: FlowSelector | FlowSelector[];
  /** Numeric targets of these kinds. */
  targets?: string[];
  /** The rule applies to every design document. */
  always?: boolean;
  /** Extra conditions that must all hold (document rules). */
  require?: TriggerSpec[];
}

/** Entities of these groups/kinds/domains (all given conditions must hold). */
export interface EntitySelector {
  groups?: EntityGroup[];
  kinds?: string[];
  domains?: string[];
  excludeKinds?: string[];
  /** Leave out services the provider keeps redundant across zones (knowledge base `zoneRedundant`). */
  excludeZoneRedundant?: boolean;
  /** Document rules: at least this many entities (default 1). */
  minCount?: number;
  /** Only entities with a mention in a unit matching one of these (e.g. consumer verbs). */
  context?: string[];
}

/** Flows passing through a hop of each stage in order: kinds, `group:<g>` or `domain:<d>`. */
export interface FlowSelector {
  stages: string[][];
}

export interface EvidenceSpec {
  /** Name of the mechanism, e.g. "circuit breaker". */
  label: string;
  patterns: string[];
  /** When given, a pattern only counts if one of these occurs in the same paragraph, item or row. */
  qualifiers?: string[];
  /** Phrases that state the gap outright ("health check returns 200 only"): treated as negated evidence. */
  gaps?: string[];
  /**
   * Headers of a table column that states the mechanism for each row ("Idempotency", 冪等性),
   * when they are too short to be evidence in prose.
   */
  columns?: string[];
}

export interface AnchorSpec {
  /** Context patterns that make a mention the best anchor, in priority order. */
  prefer?: string[];
  /** Section kinds where the anchor preferably sits. */
  sections?: string[];
}

export interface EscalateSpec {
  domains?: string[];
  kinds?: string[];
  severity: Severity;
}

export interface FixSpec {
  /** Action title with {entity}. */
  title: string;
  /** Section kinds where the template belongs, in priority order. */
  sections: string[];
  /** Markdown inserted by the quick fix, with {entity}. */
  template: string;
}
