import * as assert from 'node:assert/strict';
import { parseDesignDoc, rangeOf } from './helpers/core';

/** The design-document model: heading tree, units with exact ranges, tables, front matter, sentences. */

const DOC = [
  '---', //                                                        0
  'title: Courier Dispatch',
  'faultline: true',
  '---', //                                                        3
  '# Courier Dispatch', //                                         4
  '',
  'Intro paragraph. It has two sentences.', //                     6
  '',
  '## Architecture', //                                            8
  '',
  '- **Dispatch API**: assigns couriers, e.g. the nearest one.', // 10
  '  - nested detail about v2.1 of the matcher.', //               11
  '',
  '### Stores', //                                                 13
  '',
  '| Store | Purpose |', //                                        15
  '|---|---|',
  '| PostgreSQL | orders and couriers |', //                      17
  '| Redis | live courier positions \\| TTL 30 s |', //           18
  '',
  '## Data flow', //                                               20
  '',
  '```mermaid', //                                                 22
  'flowchart LR',
  '  A[App] --> B[Dispatch API]',
  '```', //                                                        25
  '',
  'Socket.IO pushes updates to the app. Latency is 1.5 s at most!', // 27
].join('\n');

describe('document model', () => {
  const doc = parseDesignDoc(DOC);

  it('builds the heading tree with levels, parents and line ranges', () => {
    const titles = doc.sections.map((s) => [s.title, s.level, s.headingLine, s.startLine, s.endLine, s.parent]);
    assert.deepEqual(titles, [
      ['', 0, -1, 0, 4, -1],
      ['Courier Dispatch', 1, 4, 4, 28, 0],
      ['Architecture', 2, 8, 8, 20, 1],
      ['Stores', 3, 13, 13, 20, 2],
      ['Data flow', 2, 20, 20, 28, 1],
    ]);
  });

  it('maps every line to the innermost section that holds it', () => {
    assert.equal(doc.lineSection[6], 1);
    assert.equal(doc.lineSection[11], 2);
    assert.equal(doc.lineSection[17], 3);
    assert.equal(doc.lineSection[27], 4);
  });

  it('parses front matter and keeps it out of the prose', () => {
    assert.deepEqual(doc.frontMatter?.data, { title: 'Courier Dispatch', faultline: true });
    assert.equal(doc.frontMatter?.startLine, 0);
    assert.equal(doc.frontMatter?.endLine, 3);
    assert.ok(doc.units.every((u) => u.start >= doc.lineStarts[4]), 'a unit starts inside the front matter');
  });

  it('gives every unit the exact text of its offsets and a range that points at it', () => {
    for (const u of doc.units) {
      assert.equal(DOC.slice(u.start, u.end), u.text);
      const r = rangeOf(doc, u.start, u.end);
      const lines = DOC.split('\n');
      assert.equal(lines[r.start.line].slice(r.start.character, r.start.line === r.end.line ? r.end.character : undefined), u.text.split('\n')[0]);
    }
    const starts = doc.units.map((u) => u.start);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b), 'units are not in document order');
  });

  it('splits prose into sentences but not at abbreviations, versions or dotted names', () => {
    const texts = doc.units.filter((u) => u.kind === 'text').map((u) => u.text);
    assert.ok(texts.includes('Intro paragraph.'));
    assert.ok(texts.includes('It has two sentences.'));
    assert.ok(texts.some((t) => t.includes('e.g. the nearest one.')), 'split after "e.g."');
    assert.ok(texts.some((t) => t.includes('v2.1 of the matcher.')), 'split inside "v2.1"');
    assert.ok(texts.includes('Socket.IO pushes updates to the app.'), 'split inside "Socket.IO"');
    assert.ok(texts.includes('Latency is 1.5 s at most!'), 'split inside "1.5"');
  });

  it('marks list items and links a nested item to its parent item', () => {
    const item = doc.units.find((u) => u.text.includes('Dispatch API'))!;
    const nested = doc.units.find((u) => u.text.includes('nested detail'))!;
    assert.equal(item.inList, true);
    assert.equal(nested.inList, true);
    assert.equal(nested.parentBlock, item.block);
  });

  it('reads setext headings as markdown-it does (underline after one or more lines, not after an indented one)', () => {
    const heads = (t: string) => parseDesignDoc(t).sections.slice(1).map((x) => `${x.level}:${x.title}@${x.headingLine}`);
    assert.deepEqual(heads('Title\n===\n\nBody text.\n'), ['1:Title@0']);
    assert.deepEqual(heads('Two\nlines\n---\n'), ['2:Two\nlines@0']);
    assert.deepEqual(heads('Para\n    ---\n'), []);
    assert.deepEqual(heads('    code\nTitle\n---\n'), ['2:Title@1']);
    assert.deepEqual(heads('Title\n=== x\n'), []);
    assert.deepEqual(heads('- item\n  Sub\n  ---\n'), ['2:item\nSub@0']);
    const doc2 = parseDesignDoc('Intro line.\n\nMore prose here.\n');
    assert.deepEqual(doc2.units.map((u) => u.text), ['Intro line.', 'More prose here.']);
  });

  it('numbers blocks in text order, each block one run of units (rules find a block by binary search)', () => {
    const nestedDoc = parseDesignDoc('- item one. More.\n  - nested. Two.\n  Back in item one.\n\n| a |\n|---|\n| b |\n| c |\n\nText. More text.\n');
    for (const d of [doc, nestedDoc]) {
      for (let i = 1; i < d.units.length; i++) assert.ok(d.units[i].block >= d.units[i - 1].block, `unit ${i} goes back to an earlier block`);
    }
  });

  it('splits table rows into cells with offsets, keeps the header and honours escaped pipes', () => {
    const header = doc.units.find((u) => u.kind === 'table-header')!;
    assert.deepEqual(header.cells?.map((c) => c.text), ['Store', 'Purpose']);
    const rows = doc.units.filter((u) => u.kind === 'table-row');
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0].cells?.map((c) => c.text), ['PostgreSQL', 'orders and couriers']);
    assert.deepEqual(rows[0].header, ['Store', 'Purpose']);
    assert.deepEqual(rows[1].cells?.map((c) => c.text), ['Redis', 'live courier positions \\| TTL 30 s']);
    for (const row of rows) for (const c of row.cells!) assert.equal(row.text.slice(c.start, c.end), c.text);
    assert.equal(rangeOf(doc, rows[0].start, rows[0].end).start.line, 17);
  });

  it('keeps fenced code as code lines with the fence language', () => {
    const code = doc.units.filter((u) => u.kind === 'code');
    assert.deepEqual(code.map((u) => u.text.trim()), ['flowchart LR', 'A[App] --> B[Dispatch API]']);
    assert.ok(code.every((u) => u.lang === 'mermaid'));
    assert.deepEqual(code.map((u) => rangeOf(doc, u.start, u.end).start.line), [23, 24]);
  });

  it('treats Markdown inside a fence as code, not as headings', () => {
    const d = parseDesignDoc('# Real\n\n```md\n# Not a heading\n```\n');
    assert.deepEqual(d.sections.map((s) => s.title), ['', 'Real']);
  });

  it('reads Japanese headings and splits Japanese sentences at 。', () => {
    const d = parseDesignDoc('# 予約システム 設計書\n\n## データフロー\n\n予約を受け付ける。決済はStripeで行う。在庫を確保する\n');
    assert.deepEqual(d.sections.map((s) => s.title), ['', '予約システム 設計書', 'データフロー']);
    assert.deepEqual(
      d.units.filter((u) => u.kind === 'text').map((u) => u.text),
      ['予約を受け付ける。', '決済はStripeで行う。', '在庫を確保する'],
    );
    const u = d.units.find((x) => x.text === '決済はStripeで行う。')!;
    assert.deepEqual(rangeOf(d, u.start, u.end), { start: { line: 4, character: 9 }, end: { line: 4, character: 22 } });
  });

  it('keeps ranges right with CRLF line endings', () => {
    const text = '# Title\r\n\r\n## API\r\n\r\nThe app calls `POST /orders`.\r\n';
    const d = parseDesignDoc(text);
    const u = d.units.find((x) => x.kind === 'text')!;
    assert.equal(rangeOf(d, u.start, u.end).start.line, 4);
    assert.ok(u.text.startsWith('The app calls'));
  });

  it('never throws on empty, binary-looking or unbalanced input', () => {
    for (const text of ['', '\n\n', '---\n', '```\nunclosed', '| a |\n|---|', '\u0000\u0001\u0002', '#'.repeat(10), '- '.repeat(500), '> '.repeat(300) + 'x']) {
      const d = parseDesignDoc(text);
      assert.ok(d.sections.length >= 1);
    }
  });
});
