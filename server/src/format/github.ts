import { ruleDocUrl } from '../core/rules/docs';
import type { Catalog } from '../core/rules/catalog';
import { SEVERITIES, type Severity } from '../core/types';
import type { FileResult } from './fileResult';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { critical: 'error', significant: 'error', moderate: 'warning', minor: 'notice' };

/** Escapes a workflow-command message (actions/toolkit `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow-command property value (actions/toolkit `escapeProperty`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `--format github`: one GitHub Actions workflow command per finding (`::error file=…,line=…::…`),
 * critical/significant as errors, moderate as warnings, minor as notices, 1-based positions.
 */
export function formatGithub(results: FileResult[], catalog: Catalog): string {
  const out: string[] = [];
  const counts: Record<Severity, number> = { critical: 0, significant: 0, moderate: 0, minor: 0 };
  for (const r of results) {
    for (const f of r.findings) {
      counts[f.severity]++;
      const spec = catalog.byId.get(f.ruleId)?.spec;
      const props = [
        `file=${escapeProperty(r.path)}`,
        `line=${f.range.start.line + 1}`,
        `col=${f.range.start.character + 1}`,
        `endLine=${f.range.end.line + 1}`,
        `endColumn=${f.range.end.character + 1}`,
        `title=${escapeProperty(`Faultline ${f.severity}: ${spec?.title ?? f.ruleId} (${f.ruleId})`)}`,
      ];
      const first = spec?.countermeasures[0]?.replace(/\{entity\}/g, f.entity?.name ?? 'it').replace(/\{trigger\}/g, '');
      const body = [f.message, f.note ? `Note: ${f.note}` : '', first ? `Countermeasure: ${first}` : '', `Docs: ${ruleDocUrl(f.ruleId)}`].filter(Boolean).join('\n');
      out.push(`::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(body)}`);
    }
    for (const p of r.problems) {
      const at = p.range ? `,line=${p.range.start.line + 1},col=${p.range.start.character + 1}` : '';
      out.push(`::warning file=${escapeProperty(r.path)}${at},title=${escapeProperty(`Faultline: ${p.source}`)}::${escapeData(p.message)}`);
    }
  }
  const total = SEVERITIES.reduce((n, s) => n + counts[s], 0);
  const parts = SEVERITIES.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  out.push(total ? `Faultline: ${total} finding${total === 1 ? '' : 's'} (${parts.join(', ')}) in ${results.length} file${results.length === 1 ? '' : 's'}.` : `Faultline: no findings in ${results.length} file${results.length === 1 ? '' : 's'}.`);
  return out.join('\n') + '\n';
}
