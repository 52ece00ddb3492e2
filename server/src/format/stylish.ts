import { SEVERITIES, type Finding, type Severity } from '../core/types';
import type { FileResult } from './fileResult';

const COLORS: Record<Severity, string> = { critical: '\x1b[31m', significant: '\x1b[33m', moderate: '\x1b[36m', minor: '\x1b[90m' };
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';

/** ESLint-style output grouped per file: `line:col  severity  message  rule-id`. */
export function formatStylish(results: FileResult[], color: boolean): string {
  const paint = (code: string, s: string) => (color ? `${code}${s}${RESET}` : s);
  const out: string[] = [];
  const counts: Record<Severity, number> = { critical: 0, significant: 0, moderate: 0, minor: 0 };
  for (const r of results) {
    if (r.findings.length === 0 && r.problems.length === 0) continue;
    out.push(paint(BOLD, r.path));
    const rows = r.findings.map((f) => [`${f.range.start.line + 1}:${f.range.start.character + 1}`, f.severity, messageOf(f), f.ruleId] as const);
    const w0 = Math.max(0, ...rows.map((x) => x[0].length));
    const w2 = Math.max(0, ...rows.map((x) => x[2].length));
    rows.forEach(([pos, sev, msg, id], i) => {
      counts[sev]++;
      out.push(`  ${paint(DIM, pos.padEnd(w0))}  ${paint(COLORS[sev], sev.padEnd(11))}  ${msg.padEnd(w2)}  ${paint(DIM, id)}`);
      void i;
    });
    for (const p of r.problems) out.push(`  ${paint(COLORS.significant, p.severity.padEnd(11))}  ${p.range ? `${p.range.start.line + 1}:${p.range.start.character + 1} ` : ''}${p.source}: ${p.message}`);
    out.push('');
  }
  const total = SEVERITIES.reduce((n, s) => n + counts[s], 0);
  if (total === 0) {
    out.push(paint(COLORS.minor, `No findings in ${results.length} file${results.length === 1 ? '' : 's'}.`));
  } else {
    const parts = SEVERITIES.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
    out.push(paint(BOLD + (counts.critical ? COLORS.critical : COLORS.significant), `✖ ${total} finding${total === 1 ? '' : 's'} (${parts.join(', ')}) in ${results.length} file${results.length === 1 ? '' : 's'}`));
  }
  return out.join('\n') + '\n';
}

function messageOf(f: Finding): string {
  return f.note ? `${f.message} [${f.note}]` : f.message;
}
