import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ActiveReview } from './activeReview';
import { SetFileOverrideNotification, type Range, type SetFileOverrideParams } from './protocol';
import { ReportPanel } from './reportPanel';
import type { FileOverrides } from './settings';
import type { FindingsNode } from './views/findingsView';

function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

async function reveal(uri: string, range: Range): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const editor = await vscode.window.showTextDocument(doc, { preview: true });
  editor.selection = new vscode.Selection(range.start.line, range.start.character, range.end.line, range.end.character);
  editor.revealRange(toRange(range), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Runs the server's code action for a finding shown in the Findings view. */
async function runFindingAction(node: FindingsNode | undefined, pick: (a: vscode.CodeAction) => boolean): Promise<void> {
  if (!node || node.type !== 'finding') return;
  const uri = vscode.Uri.parse(node.uri);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, toRange(node.finding.range), vscode.CodeActionKind.QuickFix.value);
  const mine = (actions ?? []).filter((a) => a.diagnostics?.some((d) => d.source === 'faultline' && d.code === node.finding.ruleId && d.message.startsWith(node.finding.message)));
  const action = mine.find(pick);
  if (action?.edit) await vscode.workspace.applyEdit(action.edit);
  else void vscode.window.showInformationMessage('Faultline: this finding has no such action any more.');
}

/** Registers the palette and view commands. */
export function registerCommands(client: LanguageClient, review: ActiveReview, overrides: FileOverrides): vscode.Disposable {
  const toggle = async (): Promise<void> => {
    const uri = review.activeUri();
    if (!uri) return;
    const key = uri.toString();
    const reviewed = review.current?.uri === key ? review.current.reviewed : review.announced.get(key)?.reviewed ?? false;
    await overrides.set(key, !reviewed);
    const params: SetFileOverrideParams = { uri: key, enabled: !reviewed };
    await client.sendNotification(SetFileOverrideNotification, params);
    void vscode.window.setStatusBarMessage(`Faultline: ${reviewed ? 'not reviewing' : 'reviewing'} ${vscode.workspace.asRelativePath(uri)}`, 3000);
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('faultline.reveal', reveal),
    vscode.commands.registerCommand('faultline.toggleFile', toggle),
    vscode.commands.registerCommand('faultline.openReport', () => ReportPanel.show(client, review)),
    vscode.commands.registerCommand('faultline.refresh', () => review.refresh()),
    vscode.commands.registerCommand('faultline.restartServer', () => client.restart()),
    vscode.commands.registerCommand('faultline.showOutput', () => client.outputChannel.show(true)),
    vscode.commands.registerCommand('faultline.fixAll', () =>
      vscode.commands.executeCommand('editor.action.sourceAction', { kind: 'source.fixAll.faultline', apply: 'first' }),
    ),
    vscode.commands.registerCommand('faultline.applyFix', (node?: FindingsNode) => runFindingAction(node, (a) => a.isPreferred === true)),
    vscode.commands.registerCommand('faultline.ignoreFinding', (node?: FindingsNode) => runFindingAction(node, (a) => a.title.startsWith('Ignore '))),
  );
}
