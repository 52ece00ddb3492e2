import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FIXTURES, review } from './helpers/core';
import { namesEntity } from './helpers/text';

/**
 * Whole-document tests: the TaskFlow golden design (both variants), scored exactly like
 * scripts/eval.mjs, and real public designs that must analyse cleanly.
 */

interface GoldenEntry {
  rule: string;
  entity?: string;
  aliases?: string[];
  line_hint?: string;
  negated_mention?: string;
}

interface Golden {
  doc: string;
  must_flag?: GoldenEntry[];
  must_not_flag?: GoldenEntry[];
}

const label = (e: GoldenEntry) => `${e.rule}${e.entity ? ` (${e.entity})` : ''}`;

describe('golden: TaskFlow', () => {
  const dir = join(FIXTURES, 'golden', 'taskflow');
  for (const file of ['expected.yaml', 'expected-fixed.yaml']) {
    const golden = parseYaml(readFileSync(join(dir, file), 'utf8')) as Golden;
    const text = readFileSync(join(dir, golden.doc), 'utf8');
    const lines = text.split('\n');
    let findings: ReturnType<typeof review>['findings'] = [];

    describe(golden.doc, () => {
      before(() => {
        findings = review(text).findings;
      });

      it(`${golden.doc}: finds at least 90% of must_flag`, () => {
        const must = golden.must_flag ?? [];
        const missed = must.filter((e) => !findings.some((f) => f.ruleId === e.rule && namesEntity(f, e.entity, e.aliases)));
        const recall = (must.length - missed.length) / must.length;
        assert.ok(recall >= 0.9, `recall ${(100 * recall).toFixed(1)}% < 90%; missed: ${missed.map(label).join(', ')}`);
      });

      it(`${golden.doc}: reports none of must_not_flag`, () => {
        const hits = (golden.must_not_flag ?? []).flatMap((e) =>
          findings.filter((f) => f.ruleId === e.rule && namesEntity(f, e.entity, e.aliases)).map((f) => `${label(e)} at line ${f.range.start.line + 1}`),
        );
        assert.deepEqual(hits, [], 'false positives');
      });

      it(`${golden.doc}: anchors at least 85% of the hits on the line_hint`, () => {
        let hit = 0;
        const misplaced: string[] = [];
        for (const e of golden.must_flag ?? []) {
          const matching = findings.filter((f) => f.ruleId === e.rule && namesEntity(f, e.entity, e.aliases));
          if (matching.length === 0) continue;
          hit++;
          if (e.line_hint && !matching.some((f) => (lines[f.range.start.line] ?? '').includes(e.line_hint!))) {
            misplaced.push(`${label(e)}: want "${e.line_hint}", got line ${matching[0].range.start.line + 1}`);
          }
        }
        const anchored = (hit - misplaced.length) / Math.max(hit, 1);
        assert.ok(anchored >= 0.85, `anchors ${(100 * anchored).toFixed(1)}% < 85%:\n  ${misplaced.join('\n  ')}`);
      });
    });
  }
});

describe('corpus: real public designs', () => {
  const dir = join(FIXTURES, 'corpus');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort()) {
    it(`${name}: analyses without throwing and without problems`, () => {
      const text = readFileSync(join(dir, name), 'utf8');
      const analysis = review(text);
      assert.deepEqual(analysis.problems, []);
      assert.ok(analysis.doc.sections.length > 1, 'the heading tree was not built');
      for (const f of analysis.findings) {
        assert.ok(f.range.start.line >= 0 && f.range.start.line < analysis.doc.lineStarts.length, `${f.ruleId} anchored outside the document`);
      }
    });
  }
});
