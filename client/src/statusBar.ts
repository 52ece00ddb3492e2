import * as vscode from 'vscode';
import type { ActiveReview } from './activeReview';
import { SEVERITIES } from './protocol';
import { readSettings } from './settings';

/** Counts by tier for the active file; a click switches review for that file. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('faultline.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly review: ActiveReview) {
    this.item.name = 'Faultline';
    this.item.command = 'faultline.toggleFile';
    this.subscription = vscode.Disposable.from(
      review.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  private update(): void {
    const uri = this.review.activeUri();
    const current = this.review.current;
    if (!uri || !current || current.uri !== uri.toString()) {
      this.item.hide();
      return;
    }
    if (!current.reviewed) {
      this.item.text = '$(shield) Faultline: off';
      this.item.tooltip = readSettings(uri).enable
        ? 'Faultline does not review this file: it does not read like a design document. Click to review it.'
        : 'Faultline is disabled for this folder (faultline.enable). Click to review this file anyway.';
    } else {
      const counts = SEVERITIES.map((s) => [s, current.findings.filter((f) => f.severity === s).length] as const);
      const critical = counts[0][1];
      const rest = current.findings.length - critical;
      this.item.text = current.findings.length === 0 ? '$(shield) $(check) no findings' : `$(shield) ${critical} critical · ${rest} more`;
      const md = new vscode.MarkdownString('**Faultline** findings in this file\n\n');
      md.appendMarkdown(counts.map(([s, n]) => `- ${s}: ${n}`).join('\n'));
      md.appendMarkdown('\n\nClick to stop reviewing this file.');
      this.item.tooltip = md;
    }
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
