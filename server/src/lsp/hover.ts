import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { Entity, Finding, MechanismHit, Position, Range, Structure } from '../core/types';
import { ruleDocUrl } from '../core/rules/docs';
import type { Review } from './reviewer';

const GROUP_LABEL: Record<Entity['group'], string> = {
  component: 'component',
  store: 'data store',
  messaging: 'messaging',
  external: 'external dependency',
};

function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** The recognised entity whose mention covers `position`, with that mention's range. */
export function entityAt(structure: Structure, position: Position): { entity: Entity; range: Range } | undefined {
  for (const group of [structure.components, structure.stores, structure.messaging, structure.external]) {
    for (const entity of group) {
      const mention = entity.mentions.find((m) => contains(m.range, position));
      if (mention) return { entity, range: mention.range };
    }
  }
  return undefined;
}

/** Mechanisms whose evidence covers the entity, by id or through a whole-group (`*group`) entry. */
export function coveringMechanisms(structure: Structure, entity: Entity): MechanismHit[] {
  const seen = new Set<string>();
  return structure.mechanisms.filter((m) => {
    const covers = m.covers.includes(entity.id) || m.covers.includes(`*${entity.group}`) || m.covers.includes('*');
    if (!covers || seen.has(m.label)) return false;
    seen.add(m.label);
    return true;
  });
}

export function findingsFor(findings: readonly Finding[], entity: Entity): Finding[] {
  return findings.filter((f) => f.entity?.id === entity.id);
}

/** Hover card for an entity mention: kind, the mechanisms covering it, its open findings. */
export function hover(review: Review | undefined, position: Position): Hover | null {
  const structure = review?.analysis?.structure;
  if (!review || !review.reviewed || !structure) return null;
  const hit = entityAt(structure, position);
  if (!hit) return null;
  const { entity } = hit;
  const kind = [entity.kind, entity.domain].filter(Boolean).join(', ');
  const lines = [`**${entity.name}** — ${GROUP_LABEL[entity.group]}${kind ? ` (${kind})` : ''}`];
  const aliases = entity.aliases.filter((a) => a !== entity.name);
  if (aliases.length > 0) lines.push('', `Also written as: ${aliases.join(', ')}`);
  const mechanisms = coveringMechanisms(structure, entity);
  lines.push('', mechanisms.length > 0
    ? `Covered by: ${mechanisms.map((m) => `${m.label} (line ${m.range.start.line + 1})`).join(', ')}`
    : 'Covered by: no reliability mechanism stated');
  const open = findingsFor(review.findings, entity);
  if (open.length > 0) {
    lines.push('', `Open findings (${open.length}):`);
    for (const f of open) {
      const href = ruleDocUrl(f.ruleId);
      const id = href ? `[${f.ruleId}](${href})` : `\`${f.ruleId}\``;
      lines.push(`- ${f.severity} · ${id}: ${f.message}`);
    }
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: hit.range };
}
