import {
  CodeActionKind,
  TextDocumentEdit,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FixEdit, Position } from '../core/types';
import type { Review } from './reviewer';
import { diagnosticData, type DiagnosticData } from './toDiagnostic';

/** The kind of the fix-all source action, also usable in `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.faultline`;

export interface CodeActionOptions {
  /** Client accepts versioned `documentChanges` (then the client rejects edits for another version). */
  versionedEdits: boolean;
}

/** True when an action of `kind` was asked for by `only` (LSP kinds are hierarchical, dot-separated). */
function wanted(kind: string, only: readonly string[] | undefined, explicitOnly: boolean): boolean {
  if (!only || only.length === 0) return !explicitOnly;
  return only.some((k) => k === '' || kind === k || kind.startsWith(`${k}.`));
}

function workspaceEdit(doc: TextDocument, edits: TextEdit[], opts: CodeActionOptions): WorkspaceEdit {
  if (opts.versionedEdits) return { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, edits)] };
  return { changes: { [doc.uri]: edits } };
}

/**
 * The insert for a template, or `undefined` when the very same text is already there (so a
 * second application, or a stale diagnostic, never duplicates it).
 */
export function insertEdit(doc: TextDocument, fix: Pick<FixEdit, 'position' | 'text'>): TextEdit | undefined {
  const text = doc.getText();
  const offset = doc.offsetAt(fix.position);
  const body = fix.text.trim();
  if (body.length > 0 && text.includes(body)) return undefined;
  // At the end of a file without a final newline, start the template on a line of its own.
  const prefix = offset === text.length && text.length > 0 && !text.endsWith('\n') && !fix.text.startsWith('\n') ? '\n' : '';
  const position = doc.positionAt(offset);
  return { range: { start: position, end: position }, newText: prefix + fix.text };
}

function lineText(doc: TextDocument, line: number): string {
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/** Where a document's body starts: the line after YAML front matter, else 0. */
export function bodyStartLine(doc: TextDocument): number {
  const m = /^---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(doc.getText());
  return m ? m[0].split('\n').length - (m[0].endsWith('\n') ? 1 : 0) : 0;
}

/** Indentation that keeps an inserted comment line inside the list item or block quote it precedes. */
function indentFor(doc: TextDocument, line: number): string {
  const current = lineText(doc, line);
  const lead = /^[ \t>]*/.exec(current)?.[0] ?? '';
  const prev = line > 0 ? lineText(doc, line - 1) : '';
  const marker = /^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+/.exec(current);
  // Between two items of one list, indent to the item's content so the list is not split.
  if (marker && /^\s*(?:[-*+]|\d{1,9}[.)])\s|^\s+\S/.test(prev)) return ' '.repeat(marker[0].length - lead.length) + lead;
  return lead;
}

/**
 * The line where a table or fenced code block holding `line` starts, or `undefined` when the line
 * is ordinary prose. A comment line cannot go inside those blocks without breaking them.
 */
function enclosingBlockStart(doc: TextDocument, line: number): number | undefined {
  let fenceStart: number | undefined;
  for (let l = 0; l < line; l++) {
    if (/^\s{0,3}(```|~~~)/.test(lineText(doc, l))) fenceStart = fenceStart === undefined ? l : undefined;
  }
  if (fenceStart !== undefined) return fenceStart;
  if (!/^\s*\|/.test(lineText(doc, line))) return undefined;
  let start = line;
  while (start > 0 && /^\s*\|/.test(lineText(doc, start - 1))) start--;
  return start;
}

/**
 * "Ignore <rule> for <entity>": a disable-next-line comment above the anchor; inside a table or a
 * code block, an entity-scoped disable comment above the block instead.
 */
function ignoreAction(doc: TextDocument, d: Diagnostic, data: DiagnosticData, opts: CodeActionOptions): CodeAction {
  const target = data.entity ? `${data.ruleId}:${data.entity.name}` : data.ruleId;
  const block = enclosingBlockStart(doc, d.range.start.line);
  const line = block ?? d.range.start.line;
  const at: Position = { line, character: 0 };
  const newText = block === undefined
    ? `${indentFor(doc, line)}<!-- faultline-disable-next-line ${target} -- TODO: reason -->\n`
    : `<!-- faultline-disable ${target} -- TODO: reason -->\n`;
  return {
    title: data.entity ? `Ignore ${data.ruleId} for ${data.entity.name}` : `Ignore ${data.ruleId} on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: workspaceEdit(doc, [{ range: { start: at, end: at }, newText }], opts),
  };
}

function disableInFileAction(doc: TextDocument, d: Diagnostic, data: DiagnosticData, opts: CodeActionOptions): CodeAction {
  const at: Position = { line: bodyStartLine(doc), character: 0 };
  const newText = `<!-- faultline-disable ${data.ruleId} -- TODO: reason -->\n`;
  return {
    title: `Disable ${data.ruleId} in this file`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: workspaceEdit(doc, [{ range: { start: at, end: at }, newText }], opts),
  };
}

/**
 * Inserts the templates of all critical findings. Computed only from the review of the document's
 * current version, and the edit is versioned, so it never lands on text it was not computed for.
 */
export function fixAllAction(doc: TextDocument, review: Review | undefined, opts: CodeActionOptions): CodeAction | undefined {
  if (!review || review.version !== doc.version || !review.reviewed) return undefined;
  const byOffset = new Map<number, string[]>();
  for (const f of review.findings) {
    if (f.severity !== 'critical' || !f.fix) continue;
    const edit = insertEdit(doc, f.fix);
    if (!edit) continue;
    const offset = doc.offsetAt(edit.range.start);
    const texts = byOffset.get(offset) ?? [];
    if (!texts.includes(edit.newText)) texts.push(edit.newText);
    byOffset.set(offset, texts);
  }
  if (byOffset.size === 0) return undefined;
  const edits: TextEdit[] = [...byOffset.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([offset, texts]) => {
      const p = doc.positionAt(offset);
      return { range: { start: p, end: p }, newText: texts.join('') };
    });
  return { title: 'Add templates for all critical Faultline findings', kind: FIX_ALL_KIND, edit: workspaceEdit(doc, edits, opts) };
}

/** Stateless: quick fixes come from the diagnostics' `data`; fix-all from the current review. */
export function codeActions(params: CodeActionParams, doc: TextDocument, review: Review | undefined, opts: CodeActionOptions): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix, only, false)) {
    const ignores: CodeAction[] = [];
    for (const d of params.context.diagnostics) {
      const data = diagnosticData(d);
      if (!data) continue;
      if (data.fix) {
        const edit = insertEdit(doc, data.fix);
        if (edit) {
          actions.push({
            title: data.fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            isPreferred: true,
            edit: workspaceEdit(doc, [edit], opts),
          });
        }
      }
      ignores.push(ignoreAction(doc, d, data, opts), disableInFileAction(doc, d, data, opts));
    }
    actions.push(...ignores);
  }
  if (wanted(FIX_ALL_KIND, only, true)) {
    const all = fixAllAction(doc, review, opts);
    if (all) actions.push(all);
  }
  return actions;
}
