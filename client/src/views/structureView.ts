import * as vscode from 'vscode';
import type { ActiveReview } from '../activeReview';
import type { Entity, Finding, Range, Structure } from '../protocol';

type GroupKey = keyof Structure;

/** A node of the Structure tree: a group, an item in it, or a mechanism/finding under an entity. */
export type StructureNode =
  | { type: 'group'; key: GroupKey; label: string; count: number }
  | { type: 'item'; label: string; description?: string; range: Range; entity?: Entity; occurrences?: Structure['mechanisms']; icon: string }
  | { type: 'detail'; label: string; description?: string; range: Range; covered: boolean };

const GROUPS: [GroupKey, string, string][] = [
  ['components', 'Components', 'symbol-class'],
  ['stores', 'Data stores', 'database'],
  ['messaging', 'Messaging', 'mail'],
  ['external', 'External dependencies', 'globe'],
  ['flows', 'Data flows', 'arrow-right'],
  ['endpoints', 'API endpoints', 'symbol-method'],
  ['mechanisms', 'Mechanisms present', 'shield'],
  ['targets', 'Targets', 'dashboard'],
];

function covers(covered: string[], e: Entity): boolean {
  return covered.includes(e.id) || covered.includes(`*${e.group}`) || covered.includes('*');
}

/** The structural analysis of the active design document; every item reveals its line. */
export class StructureView implements vscode.TreeDataProvider<StructureNode> {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly review: ActiveReview) {
    review.onDidChange(() => this.emitter.fire());
  }

  private mechanismsOf(s: Structure, e: Entity): Structure['mechanisms'] {
    const seen = new Set<string>();
    return s.mechanisms.filter((m) => covers(m.covers, e) && !seen.has(m.label) && seen.add(m.label) !== undefined);
  }

  private findingsOf(e: Entity): Finding[] {
    return (this.review.current?.findings ?? []).filter((f) => f.entity?.id === e.id);
  }

  getChildren(node?: StructureNode): StructureNode[] {
    const s = this.review.current?.structure;
    if (!s) return [];
    if (!node) return GROUPS.map(([key, label]) => ({ type: 'group' as const, key, label, count: s[key].length }));
    if (node.type === 'item' && node.occurrences) {
      return node.occurrences.map((m) => ({ type: 'detail' as const, label: m.text, description: `line ${m.range.start.line + 1}`, range: m.range, covered: true }));
    }
    if (node.type === 'item' && node.entity) {
      const covered = this.mechanismsOf(s, node.entity).map((m) => ({ type: 'detail' as const, label: m.label, description: 'present', range: m.range, covered: true }));
      const missing = this.findingsOf(node.entity).map((f) => ({ type: 'detail' as const, label: f.ruleId, description: 'missing', range: f.range, covered: false }));
      return [...covered, ...missing];
    }
    if (node.type !== 'group') return [];
    const icon = GROUPS.find((g) => g[0] === node.key)?.[2] ?? 'circle';
    switch (node.key) {
      case 'components':
      case 'stores':
      case 'messaging':
      case 'external':
        return s[node.key].map((e) => {
          const ok = this.mechanismsOf(s, e).map((m) => m.label);
          const missing = this.findingsOf(e).map((f) => f.ruleId);
          const description = [e.kind, ok.length ? `✓ ${ok.join(', ')}` : '', missing.length ? `✗ ${missing.join(', ')}` : ''].filter(Boolean).join('  ');
          return { type: 'item' as const, label: e.name, description, range: e.mentions[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, entity: e, icon };
        });
      case 'flows':
        return s.flows.map((f) => ({ type: 'item' as const, label: f.name || 'Flow', description: f.hops.map((h) => h.text).join(' → '), range: f.range, icon }));
      case 'endpoints':
        return s.endpoints.map((e) => ({ type: 'item' as const, label: `${e.method} ${e.path}`, description: e.mutating ? 'mutating' : undefined, range: e.range, icon }));
      case 'mechanisms': {
        // One item per mechanism, its occurrences below: a design says "Multi-AZ" many times.
        const byLabel = new Map<string, Structure['mechanisms']>();
        for (const m of s.mechanisms) byLabel.set(m.label, [...(byLabel.get(m.label) ?? []), m]);
        return [...byLabel].map(([label, occurrences]) => ({
          type: 'item' as const,
          label,
          description: `×${occurrences.length} · ${[...new Set(occurrences.map((o) => o.text))].slice(0, 3).join(', ')}`,
          range: occurrences[0].range,
          occurrences,
          icon,
        }));
      }
      case 'targets':
        return s.targets.map((t) => ({ type: 'item' as const, label: t.kind, description: t.text, range: t.range, icon }));
    }
  }

  getTreeItem(node: StructureNode): vscode.TreeItem {
    const uri = this.review.current?.uri;
    if (node.type === 'group') {
      // The entities open by default; flows, endpoints, mechanisms and targets on demand.
      const open = node.key === 'components' || node.key === 'stores' || node.key === 'messaging' || node.key === 'external';
      const state = node.count === 0 ? vscode.TreeItemCollapsibleState.None : open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
      const item = new vscode.TreeItem(node.label, state);
      item.description = String(node.count);
      item.iconPath = new vscode.ThemeIcon(GROUPS.find((g) => g[0] === node.key)?.[2] ?? 'circle');
      item.contextValue = 'group';
      return item;
    }
    const collapsible = node.type === 'item' && (node.entity || node.occurrences) ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.description = node.description;
    if (node.type === 'item') item.iconPath = new vscode.ThemeIcon(node.icon);
    else item.iconPath = new vscode.ThemeIcon(node.covered ? 'pass' : 'warning', new vscode.ThemeColor(node.covered ? 'testing.iconPassed' : 'problemsWarningIcon.foreground'));
    item.contextValue = node.type;
    if (uri) item.command = { command: 'faultline.reveal', title: 'Reveal', arguments: [uri, node.range] };
    return item;
  }
}

