import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { FileOverrides } from './settings';

/** Markdown in files and untitled editors; diff and git views are not reviewed. */
export const DOCUMENT_SELECTOR = [
  { language: 'markdown', scheme: 'file' },
  { language: 'markdown', scheme: 'untitled' },
];

/** The language client for dist/server.js, talking over Node IPC. */
export function createClient(context: vscode.ExtensionContext, overrides: FileOverrides): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/.faultline.{yaml,yml,json}') },
    // Evaluated on every (re)start, so a trust grant or a file switch made earlier is passed on.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted, fileOverrides: overrides.all() }),
    diagnosticPullOptions: { onChange: true, onSave: false, onTabs: false },
  };
  return new LanguageClient('faultline', 'Faultline', serverOptions, clientOptions);
}
