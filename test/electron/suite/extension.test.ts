import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'faultline.faultline';

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test workspace (test/fixtures/lsp) is open');
  return f.uri;
}

/** Resolves with the document's Faultline diagnostics once `ready` accepts them; event-driven, no sleeps. */
function faultlineDiagnostics(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const current = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'faultline');
  return new Promise((resolve) => {
    if (ready(current())) return resolve(current());
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const now = current();
      if (ready(now)) {
        sub.dispose();
        resolve(now);
      }
    });
  });
}

/** An untitled-free copy of a fixture, so tests can edit without touching the repo. */
async function openCopy(name: string): Promise<vscode.TextEditor> {
  const source = vscode.Uri.joinPath(folder(), name);
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
  const target = vscode.Uri.joinPath(folder(), `.electron-${Date.now()}-${name}`);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(target);
  return vscode.window.showTextDocument(doc);
}

describe('Faultline in VS Code', () => {
  const created: vscode.Uri[] = [];

  let api: { analysis(uri: vscode.Uri): Promise<{ reviewed: boolean } | null> };

  before(async () => {
    const ext = vscode.extensions.getExtension<typeof api>(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    api = await ext.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const u of created) await vscode.workspace.fs.delete(u);
  });

  it('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['faultline.openReport', 'faultline.toggleFile', 'faultline.fixAll', 'faultline.restartServer']) assert.ok(commands.includes(c), c);
  });

  it('reports gaps in a design document with rule ids and documentation links', async () => {
    const editor = await openCopy('design.md');
    created.push(editor.document.uri);
    const diagnostics = await faultlineDiagnostics(editor.document.uri, (d) => d.length > 0);
    for (const d of diagnostics) {
      assert.equal(typeof d.code, 'object');
      const code = d.code as { value: string; target: vscode.Uri };
      assert.match(code.target.toString(), new RegExp(`${code.value}\\.md$`));
    }
  });

  it('applies a quick fix and the finding disappears', async () => {
    const editor = await openCopy('design.md');
    created.push(editor.document.uri);
    const uri = editor.document.uri;
    const before = await faultlineDiagnostics(uri, (d) => d.length > 0);
    const target = before[0];
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, target.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.isPreferred && a.diagnostics?.some((d) => d.message === target.message));
    assert.ok(fix?.edit, 'a preferred quick fix is offered');
    const key = (d: vscode.Diagnostic): string => `${(d.code as { value: string }).value}|${d.message}`;
    const gone = faultlineDiagnostics(uri, (d) => !d.some((x) => key(x) === key(target)));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await gone;
  });

  it('keeps a README quiet', async () => {
    const editor = await openCopy('README.md');
    created.push(editor.document.uri);
    const analysis = await api.analysis(editor.document.uri);
    assert.equal(analysis?.reviewed, false);
    assert.deepEqual(vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'faultline'), []);
  });
});
