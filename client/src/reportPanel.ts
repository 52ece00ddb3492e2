import * as vscode from 'vscode';
import MarkdownIt from 'markdown-it';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ActiveReview } from './activeReview';
import { ReportRequest, type ReportResponse } from './protocol';

const md = new MarkdownIt({ html: false, linkify: false });

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1.2em 2em; line-height: 1.5; }
code, pre { font-family: var(--vscode-editor-font-family); font-size: 0.92em; }
pre { background: var(--vscode-textCodeBlock-background); padding: 0.6em 0.8em; overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid var(--vscode-panel-border); padding: 0.2em 0.6em; text-align: left; vertical-align: top; }
a { color: var(--vscode-textLink-foreground); }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; border-bottom: 1px solid var(--vscode-panel-border); }`;

/**
 * "Faultline: Open Review Report": the whole review of the active design document in a webview
 * beside the editor. It follows the active Markdown editor and re-renders after every analysis.
 */
export class ReportPanel implements vscode.Disposable {
  private static instance: ReportPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private seq = 0;

  static show(client: LanguageClient, review: ActiveReview): void {
    if (ReportPanel.instance) {
      ReportPanel.instance.panel.reveal(vscode.ViewColumn.Beside, true);
      ReportPanel.instance.update();
      return;
    }
    const panel = vscode.window.createWebviewPanel('faultline.report', 'Faultline Review', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: false,
      enableFindWidget: true,
    });
    ReportPanel.instance = new ReportPanel(panel, client, review);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    private readonly review: ActiveReview,
  ) {
    this.disposables.push(review.onDidChange(() => this.update()), panel.onDidDispose(() => this.dispose()));
    this.update();
  }

  private update(): void {
    const uri = this.review.current?.uri ?? this.review.activeUri()?.toString();
    if (!uri) {
      this.render('No Markdown document is open.', 'Faultline Review');
      return;
    }
    const seq = ++this.seq;
    this.client.sendRequest<ReportResponse | null>(ReportRequest, { uri }).then(
      (report) => {
        if (seq !== this.seq) return;
        const name = uri.slice(uri.lastIndexOf('/') + 1);
        this.render(report ? report.markdown : 'This document is not open in an editor.', `Faultline Review: ${decodeURIComponent(name)}`);
      },
      () => undefined, // superseded by an edit; the next analysis re-renders
    );
  }

  private render(markdown: string, title: string): void {
    this.panel.title = title;
    const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src ${this.panel.webview.cspSource} https: data:;`;
    this.panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><style>${STYLE}</style></head><body>${md.render(markdown)}</body></html>`;
  }

  dispose(): void {
    ReportPanel.instance = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
