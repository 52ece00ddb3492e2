import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ActiveReview } from './activeReview';
import { createClient } from './client';
import { registerCommands } from './commands';
import { AnalysisRequest, type AnalysisResponse } from './protocol';
import { FileOverrides } from './settings';
import { StatusBar } from './statusBar';
import { registerViews } from './views/views';

let client: LanguageClient | undefined;

/** What `activate` returns to other extensions and to the integration tests. */
export interface FaultlineApi {
  /** The analysis of an open document's current version, as the sidebar sees it. */
  analysis(uri: vscode.Uri): Promise<AnalysisResponse | null>;
}

/** Starts the language server and wires the views, status bar and commands to it. */
export function activate(context: vscode.ExtensionContext): FaultlineApi {
  const started = Date.now();
  const overrides = new FileOverrides(context.workspaceState);
  client = createClient(context, overrides);
  const review = new ActiveReview(client);
  context.subscriptions.push(
    review,
    registerViews(review),
    new StatusBar(review),
    registerCommands(client, review, overrides),
    // Workspace config and custom rules load only once the folder is trusted: restart to pick them up.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()),
  );
  // Activation returns at once; the server starts in the background (it loads the rule catalog).
  const c = client;
  const ready = c.start();
  ready.then(
    () => {
      c.info(`Faultline server ready ${Date.now() - started} ms after activation started`);
      review.refresh();
    },
    (err: unknown) => c.error('Faultline server failed to start', err, 'force'),
  );
  c.info(`Faultline activated in ${Date.now() - started} ms`);
  return {
    analysis: async (uri) => {
      await ready;
      return c.sendRequest<AnalysisResponse | null>(AnalysisRequest, { uri: uri.toString() });
    },
  };
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
