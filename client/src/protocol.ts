/**
 * The client's view of Faultline's custom LSP messages and of the analysis shapes it displays:
 * the server's protocol module and the core's types, shared rather than copied. Only the
 * protocol constants and two small tables of the core end up in the client bundle.
 */
export * from '../../server/src/lsp/protocol';
export type { Category, Entity, Finding, Position, Range, Severity, Structure } from '../../server/src/core/types';
export { CATEGORY_TITLES, SEVERITIES } from '../../server/src/core/types';
