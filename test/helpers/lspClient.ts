import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPO = join(__dirname, '..', '..', '..');
export const SERVER = join(REPO, 'dist', 'server.js');

export interface ClientOptions {
  /** Advertise pull diagnostics (LSP 3.17); otherwise the server pushes. */
  pull: boolean;
  /** Answer `workspace/configuration` with these `faultline.*` settings. */
  settings?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
  rootPath?: string;
}

/** A notification the test is waiting for. */
interface Waiter<T> {
  match(value: T): boolean;
  resolve(value: T): void;
}

/**
 * A minimal LSP client over the real server process (node dist/server.js --stdio). Tests wait on
 * protocol events (diagnostics published, responses), never on timers.
 */
export class LspClient {
  readonly connection: ProtocolConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly logs: string[] = [];
  readonly docs = new Map<string, TextDocument>();
  private readonly diagnosticWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  private readonly notificationWaiters: Waiter<{ method: string; params: unknown }>[] = [];
  stderr = '';
  initializeResult: InitializeResult | undefined;

  private constructor(readonly process: ChildProcess, private readonly options: ClientOptions) {
    this.connection = createProtocolConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    process.stderr!.on('data', (b: Buffer) => (this.stderr += b.toString()));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      for (const w of this.diagnosticWaiters.splice(0)) {
        if (w.match(p)) w.resolve(p);
        else this.diagnosticWaiters.push(w);
      }
    });
    for (const method of ['window/logMessage', 'faultline/didAnalyze']) {
      this.connection.onNotification(method, (params: unknown) => {
        if (method === 'window/logMessage') this.logs.push((params as { message: string }).message);
        const n = { method, params };
        this.notifications.push(n);
        for (const w of this.notificationWaiters.splice(0)) {
          if (w.match(n)) w.resolve(n);
          else this.notificationWaiters.push(w);
        }
      });
    }
    this.connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => this.options.settings ?? {}));
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.onRequest('workspace/diagnostic/refresh', () => undefined);
    this.connection.listen();
  }

  static async start(options: ClientOptions): Promise<LspClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(child, options);
    const capabilities: ClientCapabilities = {
      workspace: { configuration: true, workspaceEdit: { documentChanges: true }, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
    };
    const root = options.rootPath ?? REPO;
    client.initializeResult = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(root).toString(),
      workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'root' }],
      capabilities,
      initializationOptions: options.initializationOptions,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Resolves with the next published diagnostics for `uri` that satisfy `match`. */
  nextDiagnostics(uri: string, match: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.diagnosticWaiters.push({ match: (p) => p.uri === uri && match(p), resolve }));
  }

  /** Resolves with the next custom notification `method` satisfying `match`. */
  nextNotification<T>(method: string, match: (p: T) => boolean = () => true): Promise<T> {
    return new Promise((resolve) =>
      this.notificationWaiters.push({ match: (n) => n.method === method && match(n.params as T), resolve: (n) => resolve(n.params as T) }),
    );
  }

  async open(uri: string, text: string): Promise<TextDocument> {
    const doc = TextDocument.create(uri, 'markdown', 1, text);
    this.docs.set(uri, doc);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    return doc;
  }

  /** Applies incremental edits locally and sends them as one didChange with the next version. */
  async change(uri: string, edits: TextEdit[]): Promise<TextDocument> {
    const doc = this.docs.get(uri)!;
    const version = doc.version + 1;
    // LSP applies content changes in order, each against the result of the previous one.
    const ordered = [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start));
    const contentChanges = ordered.map((e) => ({ range: e.range, text: e.newText }));
    const next = TextDocument.update(doc, contentChanges, version);
    this.docs.set(uri, next);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    return next;
  }

  /** Applies a WorkspaceEdit returned by a code action to the open document (as an editor would). */
  async applyEdit(uri: string, edit: WorkspaceEdit): Promise<TextDocument> {
    const doc = this.docs.get(uri)!;
    let edits: TextEdit[] = edit.changes?.[uri] ?? [];
    for (const change of edit.documentChanges ?? []) {
      if ('textDocument' in change && change.textDocument.uri === uri) {
        if (change.textDocument.version !== null && change.textDocument.version !== doc.version) throw new Error(`edit for version ${change.textDocument.version}, document is at ${doc.version}`);
        edits = edits.concat(change.edits);
      }
    }
    return this.change(uri, edits);
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  pullDiagnostics(uri: string): Promise<Diagnostic[]> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }).then((r) => (r.kind === 'full' ? r.items : []));
  }

  async configure(settings: Record<string, unknown>): Promise<void> {
    this.options.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { faultline: settings } });
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = once(this.process, 'exit');
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    await exited;
    this.connection.dispose();
  }
}

export function fileUri(...parts: string[]): string {
  return pathToFileURL(join(REPO, ...parts)).toString();
}
