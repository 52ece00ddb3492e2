import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FIXTURES } from './core';

/** One finding a fixture expects. */
export interface ExpectedFinding {
  /** Entity the finding names (per-entity rules), matched like scripts/eval.mjs. */
  entity?: string;
  aliases?: string[];
  /** A string on the line where the squiggle belongs. */
  line_hint?: string;
  severity?: string;
  /** Strings the message must contain (e.g. the connection-budget arithmetic). */
  message_includes?: string[];
}

/** One fixture file and the findings of the folder's rule it must produce (exactly these). */
export interface FixtureCase {
  file: string;
  /** The behaviour, used as the test name: "fires for Slack API when only Stripe has a breaker". */
  says: string;
  findings: ExpectedFinding[];
  /** A string on the line of negated / undecided evidence the finding must point at as not counting. */
  negated_mention?: string;
}

export interface RuleFixtures {
  rule: string;
  dir: string;
  cases: FixtureCase[];
}

export const RULE_FIXTURES = join(FIXTURES, 'rules');

/** The files every rule folder must have; per-entity rules also need partial.md. */
export const REQUIRED_FILES = ['fires.md', 'fires.fixed.md', 'silent.md', 'covered.md', 'negated.md', 'ja.md', 'expected.yaml'];

export function ruleFixtureDirs(): string[] {
  if (!existsSync(RULE_FIXTURES)) return [];
  return readdirSync(RULE_FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function readRuleFixtures(id: string): RuleFixtures {
  const dir = join(RULE_FIXTURES, id);
  const data = parseYaml(readFileSync(join(dir, 'expected.yaml'), 'utf8')) as { rule: string; cases: FixtureCase[] };
  return { rule: data.rule, dir, cases: data.cases ?? [] };
}

export function readFixture(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}
