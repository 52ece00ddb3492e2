import type { Finding, Severity, Structure } from '../core/types';

/** Faultline's custom LSP messages, shared with the client (client/src/protocol.ts re-exports them). */
export const AnalysisRequest = 'faultline/analysis';
export const ReportRequest = 'faultline/report';
export const DidAnalyzeNotification = 'faultline/didAnalyze';
export const SetFileOverrideNotification = 'faultline/setFileOverride';

export interface UriParams {
  uri: string;
}

/** Answer to `faultline/analysis`: what the sidebar shows for one document. */
export interface AnalysisResponse {
  uri: string;
  version: number;
  /** Whether the document gets diagnostics (design-like, included by a glob, or switched on). */
  reviewed: boolean;
  isDesign: boolean;
  structure: Structure | null;
  findings: Finding[];
}

/** Answer to `faultline/report`: the whole review as Markdown. */
export interface ReportResponse {
  uri: string;
  version: number;
  markdown: string;
}

/** Sent after every analysis so views and the status bar can refresh without polling. */
export interface DidAnalyzeParams {
  uri: string;
  version: number;
  reviewed: boolean;
  counts: Record<Severity, number>;
}

/** Switches review on or off for one file; `enabled: null` returns it to the automatic choice. */
export interface SetFileOverrideParams {
  uri: string;
  enabled: boolean | null;
}
