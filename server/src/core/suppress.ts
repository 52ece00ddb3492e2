import { rangeOf, type DesignDoc } from './document/designDoc';
import { normalizeAlias } from './knowledge/knowledge';
import type { Finding, Problem, Range } from './types';

/**
 * Suppression comments:
 *   <!-- faultline-disable rule-id[:Entity], … -- reason -->        rest of the file
 *   <!-- faultline-enable rule-id -->                                ends a disable
 *   <!-- faultline-disable-next-line rule-id[:Entity] -->            the next non-blank line
 *   <!-- faultline-accept rule-id:Entity -- reason; owner=@x; until=YYYY-MM-DD -->
 *                                                                    accepted risk, whole file, until the date
 * No rule id means every rule.
 */
export interface Suppression {
  kind: 'disable' | 'enable' | 'disable-next-line' | 'accept';
  targets: { rule: string; entity?: string }[];
  fromLine: number;
  toLine: number;
  reason?: string;
  owner?: string;
  until?: string;
  range: Range;
}

const COMMENT = /<!--\s*faultline-(disable-next-line|disable|enable|accept)\b([\s\S]*?)-->/g;

export function parseSuppressions(doc: DesignDoc, knownRules: Set<string>): { suppressions: Suppression[]; problems: Problem[] } {
  const suppressions: Suppression[] = [];
  const problems: Problem[] = [];
  const lastLine = doc.lineStarts.length - 1;
  COMMENT.lastIndex = 0;
  for (let m = COMMENT.exec(doc.text); m; m = COMMENT.exec(doc.text)) {
    const kind = m[1] as Suppression['kind'];
    const range = rangeOf(doc, m.index, m.index + m[0].length);
    const [targetPart, ...rest] = m[2].split(/\s--\s|\s--$/);
    const reasonPart = rest.join(' -- ').trim();
    const targets = parseTargets(targetPart);
    for (const t of targets) {
      if (!knownRules.has(t.rule)) problems.push({ source: 'suppression', message: `Unknown rule "${t.rule}" in faultline-${kind} comment`, range, severity: 'warning' });
    }
    const s: Suppression = { kind, targets, fromLine: range.start.line, toLine: lastLine, range };
    if (kind === 'disable-next-line') {
      let l = range.end.line + 1;
      while (l <= lastLine && lineText(doc, l).trim() === '') l++;
      s.fromLine = l;
      s.toLine = l;
    }
    if (kind === 'accept') {
      s.fromLine = 0;
      const fields = reasonPart.split(';').map((x) => x.trim());
      s.reason = fields.filter((f) => !/^(owner|until)\s*=/.test(f)).join('; ') || undefined;
      s.owner = /owner\s*=\s*([^;\s]+)/.exec(reasonPart)?.[1];
      s.until = /until\s*=\s*(\d{4}-\d{2}-\d{2})/.exec(reasonPart)?.[1];
      if (/until\s*=/.test(reasonPart) && !s.until) problems.push({ source: 'suppression', message: 'faultline-accept: "until" must be a date like 2027-03-01', range, severity: 'warning' });
    } else {
      s.reason = reasonPart || undefined;
    }
    suppressions.push(s);
  }
  // An enable comment closes earlier disables of the same rules.
  for (const en of suppressions.filter((s) => s.kind === 'enable')) {
    for (const d of suppressions) {
      if (d.kind !== 'disable' || d.fromLine > en.fromLine || d.toLine < en.fromLine) continue;
      if (en.targets.length === 0 || d.targets.some((t) => en.targets.some((e) => e.rule === t.rule))) d.toLine = en.fromLine;
    }
  }
  return { suppressions: suppressions.filter((s) => s.kind !== 'enable'), problems };
}

function parseTargets(part: string): { rule: string; entity?: string }[] {
  const out: { rule: string; entity?: string }[] = [];
  for (const piece of part.split(',').map((p) => p.trim()).filter(Boolean)) {
    const colon = piece.indexOf(':');
    if (colon > 0) out.push({ rule: piece.slice(0, colon).trim(), entity: piece.slice(colon + 1).trim() });
    else for (const r of piece.split(/\s+/)) out.push({ rule: r });
  }
  return out;
}

/**
 * Drops suppressed findings. An expired acceptance keeps the finding and adds a note.
 * Returns the findings that remain and how many were suppressed.
 */
export function applySuppressions(findings: Finding[], suppressions: Suppression[], today: string): { findings: Finding[]; suppressed: number } {
  const out: Finding[] = [];
  let suppressed = 0;
  for (const f of findings) {
    const line = f.range.start.line;
    const match = suppressions.find((s) => line >= s.fromLine && line <= s.toLine && targets(s, f));
    if (!match) {
      out.push(f);
      continue;
    }
    if (match.kind === 'accept' && match.until && match.until < today) {
      out.push({ ...f, note: `Accepted risk expired on ${match.until}${match.owner ? ` (owner ${match.owner})` : ''}${match.reason ? `: ${match.reason}` : ''}` });
      continue;
    }
    suppressed++;
  }
  return { findings: out, suppressed };
}

function targets(s: Suppression, f: Finding): boolean {
  if (s.targets.length === 0) return true;
  return s.targets.some((t) => {
    if (t.rule !== f.ruleId) return false;
    if (!t.entity) return true;
    const want = normalizeAlias(t.entity);
    return !!f.entity && [f.entity.name, ...f.entity.aliases].some((n) => normalizeAlias(n) === want);
  });
}

function lineText(doc: DesignDoc, line: number): string {
  const s = doc.lineStarts[line];
  const e = line + 1 < doc.lineStarts.length ? doc.lineStarts[line + 1] : doc.text.length;
  return doc.text.slice(s, e);
}
