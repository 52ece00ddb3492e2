import * as vscode from 'vscode';
import type { ActiveReview } from '../activeReview';
import { CATEGORY_TITLES, SEVERITIES, type Category, type Finding, type Severity } from '../protocol';

/** A node of the Findings tree: severity group → category group → finding. */
export type FindingsNode =
  | { type: 'severity'; severity: Severity; findings: Finding[] }
  | { type: 'category'; severity: Severity; category: string; findings: Finding[] }
  | { type: 'finding'; uri: string; finding: Finding };

const ICON: Record<Severity, vscode.ThemeIcon> = {
  critical: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  significant: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  moderate: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
  minor: new vscode.ThemeIcon('lightbulb'),
};

function title(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

/** The active file's findings, by severity then category, with counts in the labels. */
export class FindingsView implements vscode.TreeDataProvider<FindingsNode> {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly review: ActiveReview) {
    review.onDidChange(() => this.emitter.fire());
  }

  getChildren(node?: FindingsNode): FindingsNode[] {
    const current = this.review.current;
    if (!current || !current.reviewed) return [];
    if (!node) {
      return SEVERITIES.map((severity) => ({ type: 'severity' as const, severity, findings: current.findings.filter((f) => f.severity === severity) }))
        .filter((n) => n.findings.length > 0);
    }
    if (node.type === 'severity') {
      const categories = [...new Set(node.findings.map((f) => f.category))];
      return categories.map((category) => ({ type: 'category' as const, severity: node.severity, category, findings: node.findings.filter((f) => f.category === category) }));
    }
    if (node.type === 'category') {
      return node.findings
        .slice()
        .sort((a, b) => a.range.start.line - b.range.start.line)
        .map((finding) => ({ type: 'finding' as const, uri: current.uri, finding }));
    }
    return [];
  }

  getTreeItem(node: FindingsNode): vscode.TreeItem {
    if (node.type === 'severity') {
      const item = new vscode.TreeItem(`${title(node.severity)} (${node.findings.length})`, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = ICON[node.severity];
      item.contextValue = 'severity';
      return item;
    }
    if (node.type === 'category') {
      const label = `${CATEGORY_TITLES[node.category as Category] ?? node.category} (${node.findings.length})`;
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
      item.contextValue = 'category';
      return item;
    }
    const f = node.finding;
    const item = new vscode.TreeItem(f.message, vscode.TreeItemCollapsibleState.None);
    item.description = `${f.ruleId} · line ${f.range.start.line + 1}`;
    item.tooltip = new vscode.MarkdownString(`**${f.ruleId}** (${f.severity})\n\n${f.message}${f.fix ? `\n\nQuick fix: ${f.fix.title}` : ''}`);
    item.iconPath = ICON[f.severity];
    item.contextValue = f.fix ? 'finding.fixable' : 'finding';
    item.command = { command: 'faultline.reveal', title: 'Reveal', arguments: [node.uri, f.range] };
    return item;
  }
}
