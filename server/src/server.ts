import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SEVERITIES, type Severity } from './core/types';
import { warmUp } from './lsp/warmup';
import { loadBuiltinCatalog } from './node/catalogLoader';
import { AnalysisCache } from './lsp/analysisCache';
import { FIX_ALL_KIND, codeActions } from './lsp/codeActions';
import { hover } from './lsp/hover';
import { ProblemLog } from './lsp/problemLog';
import * as protocol from './lsp/protocol';
import { renderReportMarkdown } from './lsp/reportMarkdown';
import { ConfigStore, reviewDocument, type Catalog, type Review } from './lsp/reviewer';
import { SettingsCache } from './lsp/settings';
import { toDiagnostics } from './lsp/toDiagnostic';

/** Options a client may pass in `initializationOptions`. */
interface InitOptions {
  /** `false` in an untrusted workspace: workspace config and custom rules are then not loaded. */
  trusted?: boolean;
  /** Per-file switches the client persisted, uri → reviewed. */
  fileOverrides?: Record<string, boolean>;
}

/** Starts the Faultline language server on the transport named on the command line (--stdio, --node-ipc, --socket). */
export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const log = new ProblemLog(connection.console);
  const overrides = new Map<string, boolean>();
  let roots: string[] = [];
  let trusted = true;
  let pull = false;
  let versionedEdits = false;
  let configPull = false;
  let catalog: Catalog | undefined;

  const settings = new SettingsCache((uri) => (configPull ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'faultline' }) : Promise.resolve({})));
  const configs = new ConfigStore(() => ({ trusted, catalog }), (p) => log.report(p));
  const cache = new AnalysisCache({
    settings: (uri) => settings.get(uri),
    review: (doc, s, previous) => {
      if (!catalog) throw new Error('the rule catalog could not be loaded');
      return reviewDocument(doc.uri, doc.version, doc.getText(), s, {
        catalog,
        roots: () => roots,
        override: (uri) => overrides.get(uri),
        config: (uri) => configs.get(uri),
        problems: (p) => log.report(p.filter((x) => !x.range)),
      }, previous);
    },
    onReview: (review) => publish(review),
    onError: (uri, err) => log.exception(`analysis of ${uri} failed`, err),
  });

  function publish(review: Review): void {
    const doc = documents.get(review.uri);
    if (!doc || doc.version !== review.version) return; // a newer version is on its way
    if (!pull) void connection.sendDiagnostics({ uri: review.uri, version: review.version, diagnostics: toDiagnostics(review) });
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    for (const f of review.findings) counts[f.severity]++;
    const params: protocol.DidAnalyzeParams = { uri: review.uri, version: review.version, reviewed: review.reviewed, counts };
    void connection.sendNotification(protocol.DidAnalyzeNotification, params);
  }

  function reanalyseAll(): void {
    for (const doc of documents.all()) cache.invalidate(doc);
    if (pull) void connection.languages.diagnostics.refresh();
  }

  /** The review of the document's current version; a request that gets superseded is cancelled so the client re-asks. */
  async function current(uri: string): Promise<Review | undefined> {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const review = await cache.get(doc);
    if (!review) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'document changed', { retriggerRequest: true });
    return review;
  }

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    const init = (params.initializationOptions ?? {}) as InitOptions;
    trusted = init.trusted !== false;
    for (const [uri, on] of Object.entries(init.fileOverrides ?? {})) overrides.set(uri, on);
    roots = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri).replace(/\\/g, '/'));
    pull = caps.textDocument?.diagnostic !== undefined;
    versionedEdits = caps.workspace?.workspaceEdit?.documentChanges === true;
    configPull = caps.workspace?.configuration === true;
    try {
      const loaded = loadBuiltinCatalog();
      catalog = loaded.catalog;
      log.report(loaded.problems);
    } catch (err) {
      log.exception('loading the built-in rules', err);
    }
    // Compile the analysis before the author's first keystrokes (see warmUp); never fatal.
    try {
      if (catalog) warmUp(catalog);
    } catch (err) {
      log.exception('warming the analysis up', err);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        ...(pull ? { diagnosticProvider: { identifier: 'faultline', interFileDependencies: false, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'faultline' },
    };
  });

  connection.onInitialized(() => {
    if (configPull) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'faultline' });
    if (roots.length > 0) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => fileURLToPath(f.uri).replace(/\\/g, '/')));
        roots = roots.filter((r) => !removed.has(r)).concat(e.added.map((f) => fileURLToPath(f.uri).replace(/\\/g, '/')));
        reanalyseAll();
      });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    settings.reset(change.settings);
    reanalyseAll();
  });
  connection.onDidChangeWatchedFiles(() => {
    configs.clear();
    reanalyseAll();
  });

  documents.onDidChangeContent((e) => cache.schedule(e.document));
  documents.onDidClose((e) => {
    cache.close(e.document.uri);
    settings.forget(e.document.uri);
    if (!pull) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(async (params) => {
    const review = await current(params.textDocument.uri);
    return { kind: 'full', items: review ? toDiagnostics(review) : [] };
  });

  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    return codeActions(params, doc, cache.latest(doc.uri), { versionedEdits });
  });

  connection.onHover(async (params) => hover(await current(params.textDocument.uri), params.position));

  connection.onRequest(protocol.AnalysisRequest, async (params: protocol.UriParams): Promise<protocol.AnalysisResponse | null> => {
    const review = await current(params.uri);
    if (!review) return null;
    const structure = review.reviewed ? review.analysis?.structure ?? null : null;
    return { uri: review.uri, version: review.version, reviewed: review.reviewed, isDesign: review.analysis?.isDesign ?? false, structure, findings: review.findings };
  });

  connection.onRequest(protocol.ReportRequest, async (params: protocol.UriParams): Promise<protocol.ReportResponse | null> => {
    const review = await current(params.uri);
    if (!review || !catalog) return null;
    let markdown: string;
    try {
      markdown = renderReportMarkdown(review, catalog);
    } catch (err) {
      log.exception('rendering the review report', err);
      markdown = '# Faultline\n\nThe report could not be rendered; see the Faultline output channel.\n';
    }
    return { uri: review.uri, version: review.version, markdown };
  });

  connection.onNotification(protocol.SetFileOverrideNotification, (params: protocol.SetFileOverrideParams) => {
    if (params.enabled === null) overrides.delete(params.uri);
    else overrides.set(params.uri, params.enabled);
    const doc = documents.get(params.uri);
    if (doc) cache.invalidate(doc);
    if (pull) void connection.languages.diagnostics.refresh();
  });

  documents.listen(connection);
  connection.listen();
}

// Started directly by the VS Code client (dist/server.js --node-ipc) or another editor (--stdio).
if (require.main === module && /server\.js$/.test(__filename)) startServer();
