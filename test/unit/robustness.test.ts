import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyFix, lineStarts } from './helpers/text';
import { review } from './helpers/core';

const DESIGN = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'golden', 'taskflow', 'design.md'), 'utf8');
const PIECES = ['|', '`', '```', '#', '-', '*', '\n', '\n\n', '[', ']', '(', ')', '<!--', '-->', '→', '---\n', '> ', '1. ', '\t', '💥', 'データ', '\u0000', '\r\n', '\\', '{', '}', '%', '99.9% ', 'POST /x ', 'Redis ', 'Kafka ', '**', '\u2028', '](#', 'https://'];

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function generator(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/** Random edits of a real design and random Markdown soup: what an editor sends mid-keystroke. */
function inputs(count: number): string[] {
  const rnd = generator(7);
  const pick = () => PIECES[Math.floor(rnd() * PIECES.length)];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 3 === 0) {
      let s = '';
      for (let k = 0; k < 200; k++) s += pick();
      out.push(s);
    } else if (i % 3 === 1) {
      const a = Math.floor(rnd() * DESIGN.length);
      out.push(DESIGN.slice(0, a) + pick().repeat(1 + Math.floor(rnd() * 5)) + DESIGN.slice(a + Math.floor(rnd() * 3000)));
    } else {
      out.push(DESIGN.split('\n').filter(() => rnd() > 0.3).join(rnd() > 0.5 ? '\n' : '\r\n'));
    }
  }
  return out;
}

describe('robustness', () => {
  it('analyses 150 mangled and random documents without throwing, with ranges inside the text and insert-only fixes', () => {
    for (const [i, text] of inputs(150).entries()) {
      const lines = lineStarts(text).length;
      let analysis;
      try {
        analysis = review(text);
      } catch (e) {
        assert.fail(`input ${i} threw: ${(e as Error).stack}`);
      }
      for (const f of analysis.findings) {
        assert.ok(f.range.start.line >= 0 && f.range.end.line < lines, `input ${i}: ${f.ruleId} range outside the text`);
        if (f.fix) {
          const fixed = applyFix(text, f.fix);
          assert.ok(fixed.length > text.length && fixed.includes(f.fix.text.trim()), `input ${i}: ${f.ruleId} fix does not insert`);
          assert.equal(fixed.replace(f.fix.text, ''), text, `input ${i}: ${f.ruleId} fix changes the author's text`);
        }
      }
    }
  });
});
