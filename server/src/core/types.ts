/**
 * Shared types of the analysis core. Pure data: no vscode, LSP or node imports.
 * Positions are 0-based (line, character) like LSP; converters add 1 for SARIF/CLI.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'critical' | 'significant' | 'moderate' | 'minor';
export const SEVERITIES: readonly Severity[] = ['critical', 'significant', 'moderate', 'minor'];

export type Category =
  | 'failure-isolation'
  | 'transaction-consistency'
  | 'fault-recovery'
  | 'availability'
  | 'capacity-overload'
  | 'data-integrity'
  | 'deployment-safety'
  | 'observability';

export const CATEGORY_TITLES: Record<Category, string> = {
  'failure-isolation': 'Failure Isolation',
  'transaction-consistency': 'Transaction & Consistency',
  'fault-recovery': 'Fault Recovery',
  availability: 'Availability',
  'capacity-overload': 'Capacity & Overload',
  'data-integrity': 'Data Integrity & Recovery',
  'deployment-safety': 'Deployment Safety',
  observability: 'Observability & Operations',
};

/** Which part of the structural analysis an entity belongs to. */
export type EntityGroup = 'component' | 'store' | 'messaging' | 'external';

/** A recognised thing in the design: a service, a store, a queue, a third-party API. */
export interface Entity {
  /** Stable within one analysis: knowledge-base id, or `x:<slug>` for discovered names. */
  id: string;
  /** Display name, e.g. "Slack API", "taskflow-notifications". */
  name: string;
  group: EntityGroup;
  /** Knowledge-base kind, e.g. relational-db, cache, queue, external-api, service. */
  kind: string;
  /** For external APIs: payment, auth, email, chat, … */
  domain?: string;
  /** Other names the document uses for it (technology behind a named queue, managed service, …). */
  aliases: string[];
  mentions: Mention[];
  /** The provider keeps it redundant across availability zones (DynamoDB, S3, SQS). */
  zoneRedundant?: boolean;
}

export interface Mention {
  entityId: string;
  /** Text as written in the document. */
  text: string;
  range: Range;
  /** Absolute offsets into the text. */
  start: number;
  end: number;
  /** Index into DesignDoc.units. */
  unit: number;
}

export interface FlowHop {
  text: string;
  entityId?: string;
  range: Range;
}

export interface DataFlow {
  /** Name from the nearest heading or bold label, e.g. "Task creation". */
  name: string;
  hops: FlowHop[];
  range: Range;
  source: 'arrow' | 'mermaid' | 'steps';
  /** Section the flow belongs to (index into DesignDoc.sections). */
  section: number;
}

export interface Endpoint {
  method: string;
  path: string;
  mutating: boolean;
  range: Range;
  unit: number;
}

export interface MechanismHit {
  /** Rule whose evidence this is. */
  ruleId: string;
  /** Human label, e.g. "circuit breaker". */
  label: string;
  text: string;
  range: Range;
  unit: number;
  section: number;
  /** Entities the evidence covers; empty when unattributed. `*group` entries cover a whole group. */
  covers: string[];
}

export interface Target {
  kind: 'availability' | 'latency' | 'rpo' | 'rto' | 'throughput' | 'pool-size' | 'instances' | 'connection-limit' | 'other';
  text: string;
  value: number;
  unit?: string;
  /** For a row of a scaling table: the service the number belongs to. */
  subject?: string;
  range: Range;
}

export interface Structure {
  components: Entity[];
  stores: Entity[];
  messaging: Entity[];
  external: Entity[];
  flows: DataFlow[];
  endpoints: Endpoint[];
  mechanisms: MechanismHit[];
  targets: Target[];
}

export interface RelatedInfo {
  range: Range;
  message: string;
}

/** Text the editor inserts to close a finding. Inserts only, never replaces. */
export interface FixEdit {
  title: string;
  /** Insert position (a line start). */
  position: Position;
  text: string;
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  /** One-line message naming the entity. */
  message: string;
  range: Range;
  entity?: { id: string; name: string; aliases: string[] };
  /** Section title that holds the anchor. */
  section?: string;
  related: RelatedInfo[];
  fix?: FixEdit;
  /** Set when a `faultline-accept` comment has expired and the finding reports again. */
  note?: string;
}

/** A problem with input (rule file, config, suppression comment): reported, never fatal. */
export interface Problem {
  source: string;
  message: string;
  range?: Range;
  severity: 'error' | 'warning';
}
