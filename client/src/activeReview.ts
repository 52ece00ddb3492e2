import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AnalysisRequest, DidAnalyzeNotification, type AnalysisResponse, type DidAnalyzeParams } from './protocol';

/**
 * The analysis of the active Markdown editor, kept current for the views, the status bar and the
 * report panel. Refreshed when the editor changes and when the server announces a new analysis.
 */
export class ActiveReview implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires after `current` changed. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private requestSeq = 0;
  current: AnalysisResponse | undefined;
  /** Latest announcement per uri, used for toggling without a round trip. */
  readonly announced = new Map<string, DidAnalyzeParams>();

  constructor(private readonly client: LanguageClient) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      client.onNotification(DidAnalyzeNotification, (p: DidAnalyzeParams) => {
        this.announced.set(p.uri, p);
        if (p.uri === this.activeUri()?.toString()) this.refreshSoon();
      }),
    );
  }

  /** The active editor's document if it is Markdown. */
  activeUri(): vscode.Uri | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    return doc && doc.languageId === 'markdown' ? doc.uri : undefined;
  }

  refreshSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 100);
  }

  /** Re-reads the active document's analysis; answers that arrive out of order are dropped. */
  refresh(): void {
    const uri = this.activeUri();
    // Keep showing the last Markdown document while focus is in a view or a non-Markdown editor.
    if (!uri) return;
    const seq = ++this.requestSeq;
    this.client.sendRequest<AnalysisResponse | null>(AnalysisRequest, { uri: uri.toString() }).then(
      (response) => {
        if (seq !== this.requestSeq) return;
        this.current = response ?? undefined;
        void vscode.commands.executeCommand('setContext', 'faultline.activeFileReviewed', response?.reviewed === true);
        this.emitter.fire();
      },
      () => undefined, // superseded by an edit: the next announcement refreshes again
    );
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
