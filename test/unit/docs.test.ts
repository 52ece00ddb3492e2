import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as DocsModule from '../../server/src/core/rules/docs';

const REPO = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ruleDocUrl } = require(join(REPO, 'out', 'server', 'core', 'rules', 'docs')) as typeof DocsModule;

describe('rule documentation (docs/rules)', () => {
  const ids = readdirSync(join(REPO, 'rules', 'catalog'))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''));

  it('is up to date with rules/catalog (npm run docs:check)', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'scripts', 'gen-docs.mjs'), '--check'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stderr}${r.stdout}\nRun \`npm run docs\` and commit docs/rules.`);
  });

  it('has a page per rule with every part, linked from the index and from diagnostics', () => {
    const index = readFileSync(join(REPO, 'docs', 'rules', 'README.md'), 'utf8');
    for (const id of ids) {
      const page = join(REPO, 'docs', 'rules', `${id}.md`);
      assert.ok(existsSync(page), `docs/rules/${id}.md is missing`);
      const text = readFileSync(page, 'utf8');
      for (const h of ['## What it checks', '## Why it matters', '## What counts as evidence', '## How to fix', '## Suppressing it']) assert.ok(text.includes(`\n${h}\n`), `${id}: no "${h}"`);
      assert.ok(!/\{entity\}|\{trigger\}/.test(text.replace(/```[\s\S]*?```/g, '')), `${id}: unfilled placeholder in prose`);
      assert.ok(index.includes(`](${id}.md)`), `${id} is not in docs/rules/README.md`);
      assert.ok(ruleDocUrl(id).endsWith(`/docs/rules/${id}.md`));
    }
  });
});
