import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { Review } from '../../server/src/lsp/reviewer';
import type { FaultlineSettings } from '../../server/src/lsp/settings';
import type { Finding } from '../../server/src/core/types';
import { AnalysisCache, DEFAULT_SETTINGS, bodyStartLine, codeActions, fixAllAction, globToRegExp, insertEdit, matchesAnyGlob, normalizeSettings, warmUp } from '../helpers/serverModules';
import { builtinCatalog } from '../unit/helpers/core';

function review(doc: TextDocument, findings: Finding[] = []): Review {
  return { uri: doc.uri, version: doc.version, reviewed: true, analysis: undefined, findings, settings: DEFAULT_SETTINGS };
}

function finding(line: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'timeouts',
    category: 'failure-isolation',
    severity: 'critical',
    message: 'No timeout for Stripe API',
    range: { start: { line, character: 2 }, end: { line, character: 12 } },
    entity: { id: 'stripe', name: 'Stripe API', aliases: [] },
    related: [],
    ...extra,
  };
}

function diagnostic(f: Finding, version = 1): Diagnostic {
  return { range: f.range, message: f.message, source: 'faultline', code: f.ruleId, data: { ruleId: f.ruleId, severity: f.severity, entity: f.entity, fix: f.fix, version } };
}

describe('lsp adapters (in memory)', () => {
  describe('include globs', () => {
    it('match relative to a workspace root, by file name, and with braces', () => {
      assert.ok(matchesAnyGlob('/ws/docs/design/a/b.md', ['docs/design/**/*.md'], ['/ws']));
      assert.ok(matchesAnyGlob('/ws/docs/design/x.md', ['docs/design/**/*.md'], ['/ws']));
      assert.ok(!matchesAnyGlob('/ws/docs/notes/x.md', ['docs/design/**/*.md'], ['/ws']));
      assert.ok(matchesAnyGlob('/ws/a/checkout.design.md', ['*.design.md'], []));
      assert.ok(globToRegExp('{rfc,adr}-*.md').test('adr-12.md'));
      assert.ok(!globToRegExp('*.md').test('a/b.md'));
    });
  });

  describe('settings', () => {
    it('fall back to defaults field by field', () => {
      const s = normalizeSettings({ enable: 'yes', debounceMs: -5, severity: { critical: 'Error', minor: 'Loud' }, rules: { 'chaos-testing': false, runbooks: 'minor', x: 7 }, include: ['a/**', 3] });
      assert.equal(s.enable, true);
      assert.equal(s.debounceMs, 0);
      assert.equal(s.severity.critical, 'Error');
      assert.equal(s.severity.minor, DEFAULT_SETTINGS.severity.minor);
      assert.deepEqual(s.rules, { 'chaos-testing': 'off', runbooks: 'minor' });
      assert.deepEqual(s.include, ['a/**']);
    });
  });

  describe('analysis cache', () => {
    function harness(debounceMs: number, run: (doc: TextDocument) => Review = (d) => review(d)) {
      const analysed: number[] = [];
      const published: number[] = [];
      const errors: unknown[] = [];
      let published$: (() => void) | undefined;
      const settings: FaultlineSettings = { ...DEFAULT_SETTINGS, debounceMs };
      const cache = new AnalysisCache({
        settings: () => Promise.resolve(settings),
        review: (doc) => {
          analysed.push(doc.version);
          return run(doc);
        },
        onReview: (r) => {
          published.push(r.version);
          published$?.();
        },
        onError: (_uri, err) => errors.push(err),
      });
      const nextPublish = (): Promise<void> => new Promise((resolve) => (published$ = resolve));
      return { cache, analysed, published, errors, nextPublish };
    }

    it('analyses only the newest of quickly successive versions and tells older waiters they are stale', async () => {
      const h = harness(20);
      const doc = TextDocument.create('file:///a.md', 'markdown', 1, '# a');
      h.cache.schedule(doc);
      const v1 = h.cache.get(doc);
      TextDocument.update(doc, [{ text: '# ab' }], 2);
      h.cache.schedule(doc);
      const v2 = h.cache.get(doc);
      assert.equal(await v1, undefined);
      assert.equal((await v2)?.version, 2);
      assert.deepEqual(h.analysed, [2]);
      assert.deepEqual(h.published, [2]);
      assert.equal(h.cache.latest(doc.uri)?.version, 2);
    });

    it('contains an analysis that throws', async () => {
      const h = harness(0, () => {
        throw new Error('boom');
      });
      const doc = TextDocument.create('file:///b.md', 'markdown', 1, '# b');
      const r = await h.cache.get(doc);
      assert.equal(r?.findings.length, 0);
      assert.equal(h.errors.length, 1);
    });

    it('re-analyses on invalidate and resolves waiters on close', async () => {
      const h = harness(0);
      const doc = TextDocument.create('file:///c.md', 'markdown', 1, '# c');
      await h.cache.get(doc);
      const again = h.nextPublish();
      h.cache.invalidate(doc);
      await again;
      assert.deepEqual(h.analysed, [1, 1]);
      const slow = harness(10_000);
      const pending = slow.cache.get(doc);
      slow.cache.close(doc.uri);
      assert.equal(await pending, undefined);
    });
  });

  describe('code actions', () => {
    const text = ['---', 'faultline: true', '---', '# Checkout', '', '- one', '- calls the Stripe API', '', '| Dep | Use |', '|---|---|', '| Stripe API | cards |', ''].join('\n');
    const fix = { title: 'Add a timeout for Stripe API', position: { line: 8, character: 0 }, text: '\nStripe API calls time out after 3 s.\n' };

    it('inserts a template once: the same text already present yields no edit', () => {
      const doc = TextDocument.create('file:///d.md', 'markdown', 1, text);
      assert.ok(insertEdit(doc, fix));
      const fixed = TextDocument.create('file:///d.md', 'markdown', 2, text + fix.text);
      assert.equal(insertEdit(fixed, fix), undefined);
    });

    it('places ignore comments without breaking lists or tables, and disable-in-file after front matter', () => {
      const doc = TextDocument.create('file:///d.md', 'markdown', 1, text);
      assert.equal(bodyStartLine(doc), 3);
      const inList = finding(6, { fix });
      const inTable = finding(10);
      const actions = codeActions({ textDocument: { uri: doc.uri }, range: inList.range, context: { diagnostics: [diagnostic(inList), diagnostic(inTable)] } }, doc, undefined, { versionedEdits: false });
      const titles = actions.map((a) => a.title);
      assert.deepEqual(titles, ['Add a timeout for Stripe API', 'Ignore timeouts for Stripe API', 'Disable timeouts in this file', 'Ignore timeouts for Stripe API', 'Disable timeouts in this file']);
      const edit = (i: number) => actions[i].edit!.changes![doc.uri][0];
      assert.equal(edit(1).newText, '  <!-- faultline-disable-next-line timeouts:Stripe API -- TODO: reason -->\n');
      assert.equal(edit(1).range.start.line, 6);
      assert.equal(edit(2).range.start.line, 3);
      assert.equal(edit(3).newText, '<!-- faultline-disable timeouts:Stripe API -- TODO: reason -->\n');
      assert.equal(edit(3).range.start.line, 8, 'above the table, not inside it');
    });

    it('fix-all is version-guarded and merges inserts at one position', () => {
      const doc = TextDocument.create('file:///d.md', 'markdown', 1, text);
      const other = { ...fix, title: 'Add a circuit breaker', text: '\nA circuit breaker guards Stripe API.\n' };
      const r = review(doc, [finding(6, { fix }), finding(10, { fix: other, ruleId: 'circuit-breaker' }), finding(10, { fix, severity: 'moderate' })]);
      const all = fixAllAction(doc, r, { versionedEdits: true });
      const change = all!.edit!.documentChanges![0] as { textDocument: { version: number }; edits: { newText: string }[] };
      assert.equal(change.textDocument.version, 1);
      assert.deepEqual(change.edits.map((e) => e.newText), [fix.text + other.text]);
      TextDocument.update(doc, [{ text: text + ' ' }], 2);
      assert.equal(fixAllAction(doc, r, { versionedEdits: true }), undefined);
    });
  });

  it('warms the analysis up on a design built from the rules\' examples, typing and deleting a word', () => {
    const { runs, findings, reused } = warmUp(builtinCatalog(), 12, 60_000);
    assert.equal(runs, 13);
    assert.ok(warmUp(builtinCatalog(), 1000, 50).runs < 1000, 'the time budget bounds the warm-up');
    assert.ok(reused, 'the edits must take the incremental path typing takes');
    // The examples make most rules fire, so their code is compiled as well as the parser's.
    assert.ok(findings >= 20, `only ${findings} findings`);
  });
});
