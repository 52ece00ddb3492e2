/**
 * The client's view of Faultline's custom LSP messages and of the analysis shapes it displays.
 * Mirrors server/src/lsp/protocol.ts and server/src/core/types.ts (only the fields the UI reads).
 */
export const AnalysisRequest = 'faultline/analysis';
export const ReportRequest = 'faultline/report';
export const DidAnalyzeNotification = 'faultline/didAnalyze';
export const SetFileOverrideNotification = 'faultline/setFileOverride';

export type Severity = 'critical' | 'significant' | 'moderate' | 'minor';
export const SEVERITIES: readonly Severity[] = ['critical', 'significant', 'moderate', 'minor'];

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export interface Entity {
  id: string;
  name: string;
  group: 'component' | 'store' | 'messaging' | 'external';
  kind: string;
  domain?: string;
  mentions: { range: Range }[];
}

export interface Structure {
  components: Entity[];
  stores: Entity[];
  messaging: Entity[];
  external: Entity[];
  flows: { name: string; hops: { text: string }[]; range: Range }[];
  endpoints: { method: string; path: string; mutating: boolean; range: Range }[];
  mechanisms: { ruleId: string; label: string; text: string; range: Range; covers: string[] }[];
  targets: { kind: string; text: string; range: Range }[];
}

export interface Finding {
  ruleId: string;
  category: string;
  severity: Severity;
  message: string;
  range: Range;
  entity?: { id: string; name: string };
  fix?: { title: string };
}

export interface AnalysisResponse {
  uri: string;
  version: number;
  reviewed: boolean;
  isDesign: boolean;
  structure: Structure | null;
  findings: Finding[];
}

export interface ReportResponse {
  uri: string;
  version: number;
  markdown: string;
}

export interface DidAnalyzeParams {
  uri: string;
  version: number;
  reviewed: boolean;
  counts: Record<Severity, number>;
}

export interface SetFileOverrideParams {
  uri: string;
  enabled: boolean | null;
}

export const CATEGORY_TITLES: Record<string, string> = {
  'failure-isolation': 'Failure Isolation',
  'transaction-consistency': 'Transaction & Consistency',
  'fault-recovery': 'Fault Recovery',
  availability: 'Availability',
  'capacity-overload': 'Capacity & Overload',
  'data-integrity': 'Data Integrity & Recovery',
  'deployment-safety': 'Deployment Safety',
  observability: 'Observability & Operations',
};
