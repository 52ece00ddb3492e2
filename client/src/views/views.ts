import * as vscode from 'vscode';
import type { ActiveReview } from '../activeReview';
import { FindingsView } from './findingsView';
import { StructureView } from './structureView';

/** Registers the Structure and Findings views of the Faultline activity-bar container. */
export function registerViews(review: ActiveReview): vscode.Disposable {
  const findings = new FindingsView(review);
  const findingsTree = vscode.window.createTreeView('faultline.findings', { treeDataProvider: findings });
  const update = (): void => {
    const n = review.current?.reviewed ? review.current.findings.length : 0;
    findingsTree.badge = n > 0 ? { value: n, tooltip: `${n} Faultline findings` } : undefined;
  };
  return vscode.Disposable.from(
    vscode.window.createTreeView('faultline.structure', { treeDataProvider: new StructureView(review), showCollapseAll: true }),
    findingsTree,
    review.onDidChange(update),
  );
}
