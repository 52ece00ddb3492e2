import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, analyze, buildWordIndex, builtinCatalog, parseDesignDoc, positionsOf, reparseDesignDoc, updateWordAliases, updateWordIndex, wordAliases } from './helpers/core';

/**
 * Re-parsing after a keystroke reuses the previous document model when the edit cannot change
 * the block structure. Whatever the edit, the result must equal a parse from scratch: this
 * replays thousands of random edits (typing prose at line ends, deleting, typing Markdown
 * markers, newlines, URLs) over real designs and compares the two models field by field.
 */

function generator(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const DOCS = [
  ...readdirSync(join(FIXTURES, 'designs')).filter((d) => !d.includes('.')).map((d) => join(FIXTURES, 'designs', d, 'design.md')),
  join(FIXTURES, 'golden', 'taskflow', 'design.md'),
  ...readdirSync(join(FIXTURES, 'corpus')).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => join(FIXTURES, 'corpus', f)),
].map((p) => ({ name: p.slice(FIXTURES.length + 1), text: readFileSync(p, 'utf8') }));

/** Prose typing (the common case) and everything that must force a full parse. */
const TYPED = ['e', 'x', ' ', 'Redis', ' RDS for PostgreSQL', 'Amazon ', 'Cloud ', ' Pub/Sub', ', and', '.', '. Next', '?', 'データ', '\n', '\n\n', '#', '- ', '1. ', '|', '`', '```', '*', '[', '](x)', 'https://a.b', 'www.', '<!--', '-->', '---', '===', '    ', '\t', ':', '/', '\r\n', '!'];

/** An edit at a line end (where authors type), inside a line, or a deletion. */
function edit(text: string, rnd: () => number): string {
  const lines = text.split('\n');
  const line = Math.floor(rnd() * lines.length);
  let at = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
  const r = rnd();
  if (r < 0.5) at += lines[line].length;
  else at += Math.floor(rnd() * (lines[line].length + 1));
  if (r > 0.85) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rnd() * 3)));
  const typed = TYPED[Math.floor(rnd() * TYPED.length) * (rnd() < 0.5 ? 0 : 1)];
  return text.slice(0, at) + typed + text.slice(at);
}

/** The model minus section kinds, which classifySections fills afterwards. */
function comparable(doc: ReturnType<typeof parseDesignDoc>) {
  return { ...doc, edited: undefined, sections: doc.sections.map((s) => ({ ...s, kinds: [] })), lineSection: [...doc.lineSection] };
}

/** A word index as plain data: the words, their keys, and the starts grouped by key. */
function wordsOf(w: ReturnType<typeof buildWordIndex>) {
  const keys = [...w.keys.subarray(0, w.count)];
  return {
    starts: [...w.starts.subarray(0, w.count)],
    ends: [...w.ends.subarray(0, w.count)],
    keys,
    byKey: [...new Set(keys)].sort().map((k) => [k, [...positionsOf(w, k)]]),
    hasCjk: w.hasCjk,
  };
}

describe('incremental re-parse', () => {
  it('equals a full parse after every one of 2,000 random edits, and reuses the model for prose typing', () => {
    const rnd = generator(11);
    const kb = builtinCatalog().knowledge;
    const aliasKeys = (ms: ReturnType<typeof wordAliases>) => ms.map((m) => `${m.start}-${m.end}:${m.tech.id}:${m.text}`);
    let reused = 0;
    let edits = 0;
    for (const { name, text } of DOCS) {
      let prev = parseDesignDoc(text);
      let prevWords = buildWordIndex(prev.masked);
      let prevAliases = wordAliases(kb, prevWords);
      let current = text;
      for (let i = 0; i < 2000 / DOCS.length; i++) {
        const next = edit(current, rnd);
        const incremental = reparseDesignDoc(prev, next);
        const full = parseDesignDoc(next);
        assert.deepEqual(comparable(incremental), comparable(full), `${name}: edit ${i} diverged`);
        const e = incremental.edited;
        const words = e ? updateWordIndex(prevWords, incremental.masked, e.from, e.oldTo, e.delta) : buildWordIndex(incremental.masked);
        assert.deepEqual(wordsOf(words), wordsOf(buildWordIndex(full.masked)), `${name}: word index after edit ${i} diverged`);
        const aliases = e ? updateWordAliases(kb, prevAliases, prevWords, words, e.from, e.oldTo, e.delta) : wordAliases(kb, words);
        assert.deepEqual(aliasKeys(aliases), aliasKeys(wordAliases(kb, words)), `${name}: knowledge-base names after edit ${i} diverged`);
        if (e) reused++;
        edits++;
        prev = incremental;
        prevWords = words;
        prevAliases = aliases;
        current = next;
      }
    }
    // Half the edits type at a line end and half of those type prose: a good share must reuse.
    assert.ok(reused > edits * 0.1, `only ${reused} of ${edits} edits reused the model`);
  });

  it('parses in full when typing after a table header\'s last pipe or emptying a line, which change the blocks', () => {
    const cases: [string, string][] = [
      // "| Field | Type |e" has three cells: no longer the header of the two-column table below it.
      ['- x\n    + Attributes\n       | Field | Type | Example |\n        |---|---|---|\n        | a | b | c |\n', '- x\n    + Attributes\n       | Field | Type | Example |e\n        |---|---|---|\n        | a | b | c |\n'],
      // A line of spaces is a blank line: the paragraph splits in two.
      ['Intro sentence here.\n                  abc\nMore text follows here.\n', 'Intro sentence here.\n                  \nMore text follows here.\n'],
    ];
    for (const [before, after] of cases) {
      const incremental = reparseDesignDoc(parseDesignDoc(before), after);
      assert.deepEqual(comparable(incremental), comparable(parseDesignDoc(after)));
    }
  });

  it('finds a longer knowledge-base name completed by typing a few words after a shorter one', () => {
    const kb = builtinCatalog().knowledge;
    const before = 'Orders live in Amazon RDS and nowhere else.\n';
    const after = 'Orders live in Amazon RDS for PostgreSQL and nowhere else.\n';
    const from = before.indexOf('and');
    const prevWords = buildWordIndex(before);
    const words = buildWordIndex(after);
    const names = (ms: ReturnType<typeof wordAliases>) => ms.map((m) => m.text);
    const updated = updateWordAliases(kb, wordAliases(kb, prevWords), prevWords, words, from, from, after.length - before.length);
    assert.deepEqual(names(updated), names(wordAliases(kb, words)));
    assert.ok(names(updated).includes('Amazon RDS for PostgreSQL'), names(updated).join(', '));
  });

  it('gives the same findings and structure with and without the previous analysis after 150 random edits', () => {
    const catalog = builtinCatalog();
    const rnd = generator(5);
    for (const doc of DOCS.filter((d) => /taskflow|chat-system|booking-ja/.test(d.name))) {
      let current = doc.text;
      let prev = analyze(current, { catalog, today: '2026-11-22' });
      for (let i = 0; i < 50; i++) {
        current = edit(current, rnd);
        const incremental = analyze(current, { catalog, today: '2026-11-22', previous: prev });
        const full = analyze(current, { catalog, today: '2026-11-22' });
        assert.deepEqual(incremental.findings, full.findings, `${doc.name}: findings after edit ${i} diverged`);
        assert.deepEqual(JSON.parse(JSON.stringify(incremental.structure)), JSON.parse(JSON.stringify(full.structure)), `${doc.name}: structure after edit ${i} diverged`);
        prev = incremental;
      }
    }
  });

  it('gives the same findings with and without the previous analysis while typing a sentence', () => {
    const catalog = builtinCatalog();
    const text = DOCS.find((d) => d.name.includes('taskflow'))!.text;
    const line = text.split('\n').findIndex((l) => /^[A-Za-z].{60,}[a-z.]$/.test(l));
    let at = text.split('\n').slice(0, line + 1).join('\n').length;
    let current = text;
    let prev = analyze(current, { catalog, today: '2026-11-22' });
    for (const ch of ' Calls to Stripe use a 2 s timeout and retry with backoff') {
      current = current.slice(0, at) + ch + current.slice(at);
      at++;
      const incremental = analyze(current, { catalog, today: '2026-11-22', previous: prev });
      const full = analyze(current, { catalog, today: '2026-11-22' });
      assert.deepEqual(incremental.findings, full.findings);
      assert.deepEqual(JSON.parse(JSON.stringify(incremental.structure)), JSON.parse(JSON.stringify(full.structure)));
      prev = incremental;
    }
  });
});
