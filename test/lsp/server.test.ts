import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CodeActionRequest,
  HoverRequest,
  LSPErrorCodes,
  ResponseError,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { LspClient, REPO, fileUri } from '../helpers/lspClient';

const DESIGN_PATH = join(REPO, 'test', 'fixtures', 'lsp', 'design.md');
const DESIGN = readFileSync(DESIGN_PATH, 'utf8');
const README = readFileSync(join(REPO, 'test', 'fixtures', 'lsp', 'README.md'), 'utf8');

interface AnalysisResponse {
  version: number;
  reviewed: boolean;
  structure: { external: { id: string; name: string; mentions: { range: Diagnostic['range'] }[] }[] } | null;
  findings: { ruleId: string }[];
}

/** Same finding across versions: rule and entity, not position (the text above it moves). */
function key(d: Diagnostic): string {
  return `${String(d.code)}|${(d.data as { entity?: { id: string } } | undefined)?.entity?.id ?? ''}`;
}

/** A distinct uri per test, so tests share one server without sharing documents. */
let seq = 0;
function uri(name = 'design.md'): string {
  return fileUri('test', 'fixtures', 'lsp', `t${++seq}-${name}`);
}

async function quickFixes(client: LspClient, u: string, d: Diagnostic): Promise<CodeAction[]> {
  const actions = await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: u },
    range: d.range,
    context: { diagnostics: [d], only: ['quickfix'] },
  });
  return (actions ?? []).filter((a): a is CodeAction => 'title' in a && 'edit' in a);
}

describe('language server over JSON-RPC (push diagnostics)', () => {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start({ pull: false, settings: { debounceMs: 0 } });
  });
  after(async () => {
    await client.stop();
  });

  it('does not advertise pull diagnostics to a client without them', () => {
    assert.equal(client.initializeResult?.capabilities.diagnosticProvider, undefined);
    assert.equal(client.initializeResult?.capabilities.hoverProvider, true);
  });

  it('publishes diagnostics on the anchor with rule id, docs link, source and fix data', async () => {
    const u = uri();
    const published = client.nextDiagnostics(u);
    await client.open(u, DESIGN);
    const p = await published;
    assert.equal(p.version, 1);
    assert.ok(p.diagnostics.length > 0, 'a design with gaps gets diagnostics');
    for (const d of p.diagnostics) {
      assert.equal(d.source, 'faultline');
      assert.equal(typeof d.code, 'string');
      assert.match(d.codeDescription?.href ?? '', new RegExp(`${String(d.code)}\\.md$`));
      assert.equal((d.data as { ruleId: string }).ruleId, d.code);
      assert.ok(d.range.end.line > d.range.start.line || d.range.end.character > d.range.start.character, 'range covers the mention, not a point');
    }
    assert.ok(p.diagnostics.some((d) => (d.data as { fix?: unknown }).fix), 'at least one diagnostic carries a fix');
  });

  it('quick fix inserts the template, the finding disappears, and it is not offered twice', async () => {
    const u = uri();
    const first = client.nextDiagnostics(u);
    await client.open(u, DESIGN);
    const before = (await first).diagnostics;
    const target = before.find((d) => (d.data as { fix?: unknown }).fix)!;
    const fix = (await quickFixes(client, u, target)).find((a) => a.isPreferred)!;
    assert.ok(fix, 'a preferred quick fix is offered');
    assert.equal(fix.title, (target.data as { fix: { title: string } }).fix.title);
    const edits = fix.edit!.documentChanges![0];
    assert.ok('edits' in edits && edits.edits.every((e) => e.range.start.line === e.range.end.line && e.range.start.character === e.range.end.character), 'insert only');

    const next = client.nextDiagnostics(u, (p) => p.version === 2);
    const doc = await client.applyEdit(u, fix.edit!);
    const after = (await next).diagnostics;
    assert.ok(!after.some((d) => key(d) === key(target)), `${key(target)} is gone after its fix`);
    assert.ok(doc.getText().startsWith(DESIGN.slice(0, 20)), 'the author text is kept');

    // The stale diagnostic still carries the fix: applying it again must not duplicate the template.
    const again = (await quickFixes(client, u, target)).filter((a) => a.title === fix.title);
    assert.equal(again.length, 0);
  });

  it('"Ignore <rule> for <entity>" and "Disable <rule> in this file" silence the finding', async () => {
    for (const title of [/^Ignore /, /^Disable .* in this file$/]) {
      const u = uri();
      const first = client.nextDiagnostics(u);
      await client.open(u, DESIGN);
      const target = (await first).diagnostics[0];
      const action = (await quickFixes(client, u, target)).find((a) => title.test(a.title))!;
      assert.ok(action, `action ${String(title)} is offered`);
      const next = client.nextDiagnostics(u, (p) => p.version === 2);
      const doc = await client.applyEdit(u, action.edit!);
      assert.match(doc.getText(), /<!-- faultline-disable(-next-line)? [^>]+ -- TODO: reason -->/);
      const after = (await next).diagnostics;
      assert.ok(!after.some((d) => key(d) === key(target)), `${String(title)} silenced ${key(target)}`);
      assert.ok(!after.some((d) => d.code === 'faultline-directive'), 'the inserted comment is a valid directive');
    }
  });

  it('source.fixAll.faultline inserts every critical template once', async () => {
    const u = uri();
    const first = client.nextDiagnostics(u);
    await client.open(u, DESIGN);
    const criticalWithFix = (p: PublishDiagnosticsParams): Diagnostic[] =>
      p.diagnostics.filter((d) => (d.data as { severity: string; fix?: unknown }).severity === 'critical' && (d.data as { fix?: unknown }).fix);
    const before = criticalWithFix(await first);
    assert.ok(before.length > 0);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: u },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    const all = (actions ?? []).find((a): a is CodeAction => 'kind' in a && a.kind === 'source.fixAll.faultline');
    assert.ok(all?.edit, 'fix-all is offered');
    const change = all.edit.documentChanges![0];
    assert.ok('textDocument' in change && change.textDocument.version === 1, 'the edit is guarded by the version it was computed for');
    const next = client.nextDiagnostics(u, (p) => p.version === 2);
    const doc = await client.applyEdit(u, all.edit);
    const after = criticalWithFix(await next);
    assert.ok(after.length < before.length, `critical findings with a fix went from ${before.length} to ${after.length}`);
    const text = doc.getText();
    const inserted = text.length - DESIGN.length;
    assert.ok(inserted > 0);
    for (const e of 'edits' in change ? change.edits : []) {
      const body = e.newText.trim();
      assert.equal(text.split(body).length - 1, 1, 'each template is inserted once');
    }
  });

  it('hover on an entity mention shows its kind, covering mechanisms and open findings', async () => {
    const u = uri();
    const first = client.nextDiagnostics(u);
    await client.open(u, DESIGN);
    await first;
    const analysis = await client.connection.sendRequest<AnalysisResponse>('faultline/analysis', { uri: u });
    assert.equal(analysis.reviewed, true);
    const entity = analysis.structure!.external[0];
    const position = entity.mentions[0].range.start;
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: { line: position.line, character: position.character + 1 } });
    const value = (hover?.contents as MarkupContent).value;
    assert.match(value, new RegExp(entity.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(value, /external dependency/);
    assert.match(value, /Covered by:/);
    assert.match(value, /Open findings \(\d+\):/);
    const nothing = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: { line: 0, character: 0 } });
    assert.equal(nothing, null);
  });

  it('answers faultline/analysis and faultline/report', async () => {
    const u = uri();
    const first = client.nextDiagnostics(u);
    await client.open(u, DESIGN);
    const p = await first;
    const analysis = await client.connection.sendRequest<AnalysisResponse>('faultline/analysis', { uri: u });
    assert.equal(analysis.findings.length, p.diagnostics.filter((d) => d.code !== 'faultline-directive').length);
    const report = await client.connection.sendRequest<{ markdown: string }>('faultline/report', { uri: u });
    assert.match(report.markdown, /^# .*design\.md/);
    assert.match(report.markdown, new RegExp(analysis.findings[0].ruleId));
  });

  it('keeps a non-design README quiet until the file switch turns review on', async () => {
    const u = uri('README.md');
    const quiet = client.nextDiagnostics(u);
    await client.open(u, README);
    assert.deepEqual((await quiet).diagnostics, []);
    const announced = client.nextNotification<{ uri: string; reviewed: boolean }>('faultline/didAnalyze', (n) => n.uri === u && n.reviewed);
    await client.connection.sendNotification('faultline/setFileOverride', { uri: u, enabled: true });
    assert.equal((await announced).reviewed, true);
    const analysis = await client.connection.sendRequest<AnalysisResponse>('faultline/analysis', { uri: u });
    assert.equal(analysis.reviewed, true);
  });

  it('survives malformed documents', async function () {
    this.timeout(60_000);
    const nasty = [
      '',
      '\u0000\uFFFF\uD800 binary \u0007',
      '```\nunclosed fence\n'.repeat(20),
      `---\n: : [\n---\n# x\n`,
      '<!-- faultline-disable\n<!-- faultline-disable-next-line :: -- -->\n',
      '|'.repeat(200) + '\n' + '|-'.repeat(100) + '\n',
      '#'.repeat(1_000),
      `# Architecture\n\n${'A → B → '.repeat(200)}C\n`,
      'x'.repeat(10_000),
    ];
    for (const text of nasty) {
      const u = uri('nasty.md');
      const published = client.nextDiagnostics(u);
      await client.open(u, text);
      await published;
      await client.close(u);
    }
    const u = uri();
    const published = client.nextDiagnostics(u);
    await client.open(u, DESIGN);
    assert.ok((await published).diagnostics.length > 0, 'the server still analyses');
    assert.equal(client.process.exitCode, null);
  });
});

describe('language server over JSON-RPC (debounced)', () => {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start({ pull: false, settings: { debounceMs: 100 } });
  });
  after(async () => {
    await client.stop();
  });

  it('never publishes a stale version over a newer one', async () => {
    const u = uri();
    const first = client.nextDiagnostics(u);
    await client.open(u, DESIGN);
    await first;
    const last = client.nextDiagnostics(u, (p) => p.version === 11);
    for (let i = 0; i < 10; i++) {
      const doc = client.docs.get(u)!;
      const at = doc.positionAt(doc.getText().indexOf('## Overview') + 2);
      await client.change(u, [{ range: { start: at, end: at }, newText: 'x' }]);
    }
    await last;
    const versions = client.published.filter((p) => p.uri === u).map((p) => p.version ?? 0);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `published versions in order: ${versions.join(',')}`);
    assert.equal(versions.at(-1), 11);
    assert.ok(versions.length < 11, 'debouncing skipped intermediate versions');
  });
});

describe('language server over JSON-RPC (pull diagnostics)', () => {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start({ pull: true, settings: { debounceMs: 300 } });
  });
  after(async () => {
    await client.stop();
  });

  it('advertises diagnosticProvider and answers for the current version', async () => {
    assert.ok(client.initializeResult?.capabilities.diagnosticProvider);
    const u = uri();
    await client.open(u, DESIGN);
    const items = await client.pullDiagnostics(u);
    assert.ok(items.length > 0);
    assert.equal(client.published.filter((p) => p.uri === u).length, 0, 'nothing is pushed to a pull client');
  });

  it('cancels a request superseded by a newer version, and fix-all waits for the current analysis', async () => {
    const u = uri();
    await client.open(u, DESIGN);
    await client.pullDiagnostics(u);
    const at = { line: 0, character: 2 };
    await client.change(u, [{ range: { start: at, end: at }, newText: 'x' }]);
    const stale = client.pullDiagnostics(u);
    const fixAll = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: u },
      range: { start: at, end: at },
      context: { diagnostics: [], only: ['source.fixAll.faultline'] },
    });
    assert.deepEqual(fixAll, [], 'no fix-all from the analysis of an older version');
    await client.change(u, [{ range: { start: at, end: at }, newText: 'y' }]);
    await assert.rejects(stale, (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.ServerCancelled);
    const fresh = await client.pullDiagnostics(u);
    assert.ok(fresh.length > 0);
    const ready = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: u },
      range: { start: at, end: at },
      context: { diagnostics: [], only: ['source.fixAll.faultline'] },
    });
    const action = (ready ?? [])[0] as CodeAction;
    const change = action.edit!.documentChanges![0];
    assert.ok('textDocument' in change && change.textDocument.version === 3);
  });
});
