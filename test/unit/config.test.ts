import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultlineConfig } from '../../server/src/core/config';
import { TODAY, analyze, builtinCatalog, findConfigFile, loadConfigFor, parseConfig, review } from './helpers/core';

/**
 * Configuration (.faultline.yaml / .faultline.json): a malformed file is one problem naming the
 * file and key while the defaults keep working; rules can be turned off, re-tiered, given extra
 * evidence, and the knowledge base extended with technologies.
 */

const DESIGN = [
  '# Alerts — Design',
  '',
  '## Architecture',
  '',
  '- The notifier posts each alert to the Slack API.',
  '- Refunds are paid out through AcmePay.',
  '- Calls to the Slack API go through our shared HTTP wrapper "relay-guard".',
  '',
].join('\n');

const parse = (path: string, text: string) => parseConfig(builtinCatalog(), path, text);
const ids = (config: FaultlineConfig | undefined, rule: string) =>
  review(DESIGN, config)
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => f.entity?.name ?? '(document)')
    .sort();

describe('configuration', () => {
  it('a malformed YAML file gives one error naming the file, and an empty config', () => {
    const { config, problems } = parse('/repo/.faultline.yaml', 'rules:\n  circuit-breaker: [off\n');
    assert.deepEqual(config, {});
    assert.equal(problems.length, 1);
    assert.equal(problems[0].severity, 'error');
    assert.equal(problems[0].source, '/repo/.faultline.yaml');
    assert.match(problems[0].message, /YAML/);
  });

  it('a malformed JSON file gives one error naming the file', () => {
    const { config, problems } = parse('/repo/.faultline.json', '{"rules": {"timeouts": "off",}}');
    assert.deepEqual(config, {});
    assert.equal(problems.length, 1);
    assert.equal(problems[0].source, '/repo/.faultline.json');
    assert.match(problems[0].message, /JSON/);
  });

  it('a schema error gives one error naming the file and the key', () => {
    const { config, problems } = parse('/repo/.faultline.yaml', 'rules:\n  circuit-breaker: loud\n');
    assert.deepEqual(config, {});
    assert.equal(problems.length, 1);
    assert.equal(problems[0].source, '/repo/.faultline.yaml');
    assert.match(problems[0].message, /rules\.circuit-breaker/);
  });

  it('an unknown top-level key is named in the error', () => {
    const { problems } = parse('/repo/.faultline.yaml', 'rulez:\n  timeouts: off\n');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /rulez/);
  });

  it('an unknown rule id is a warning naming it, and the rest of the config applies', () => {
    const { config, problems } = parse('/repo/.faultline.yaml', 'rules:\n  circuit-braker: off\n  timeouts: off\n');
    assert.deepEqual(problems.map((p) => [p.severity, p.message]), [['warning', 'rules.circuit-braker: unknown rule id']]);
    assert.deepEqual(ids(config, 'timeouts'), []);
  });

  it('after a malformed file the defaults keep working', () => {
    const { config } = parse('/repo/.faultline.yaml', 'rules: [\n');
    assert.deepEqual(review(DESIGN, config).findings, review(DESIGN).findings);
    assert.ok(ids(config, 'circuit-breaker').length > 0);
  });

  it('"off" turns a rule off and leaves the others running', () => {
    const { config } = parse('/repo/.faultline.yaml', 'rules:\n  circuit-breaker: off\n');
    assert.deepEqual(ids(config, 'circuit-breaker'), []);
    assert.ok(ids(config, 'timeouts').length > 0);
  });

  it('{ enabled: false } turns a rule off too', () => {
    const { config } = parse('/repo/.faultline.json', '{"rules": {"circuit-breaker": {"enabled": false}}}');
    assert.deepEqual(ids(config, 'circuit-breaker'), []);
  });

  it('a severity re-tiers the rule\'s findings', () => {
    const { config, problems } = parse('/repo/.faultline.yaml', 'rules:\n  timeouts: minor\n  circuit-breaker:\n    severity: moderate\n');
    assert.deepEqual(problems, []);
    const findings = review(DESIGN, config).findings;
    const tiers = (rule: string) => [...new Set(findings.filter((f) => f.ruleId === rule).map((f) => f.severity))];
    assert.deepEqual(tiers('timeouts'), ['minor']);
    assert.deepEqual(tiers('circuit-breaker'), ['moderate']);
  });

  it('extra evidence phrases count as evidence for that rule', () => {
    assert.ok(ids(undefined, 'circuit-breaker').includes('Slack API'));
    const { config } = parse('/repo/.faultline.yaml', 'rules:\n  circuit-breaker:\n    evidence: ["relay-guard"]\n');
    assert.ok(!ids(config, 'circuit-breaker').includes('Slack API'));
  });

  it('an extra technology is recognised as an entity with its kind and domain', () => {
    assert.ok(!ids(undefined, 'circuit-breaker').includes('AcmePay'), 'AcmePay should be unknown without the config');
    const { config, problems } = parse(
      '/repo/.faultline.yaml',
      'technologies:\n  - id: acmepay\n    name: AcmePay\n    kind: external-api\n    domain: payment\n    aliases: [Acme Payments]\n',
    );
    assert.deepEqual(problems, []);
    assert.ok(ids(config, 'circuit-breaker').includes('AcmePay'));
    const degradation = review(DESIGN, config).findings.find((f) => f.ruleId === 'graceful-degradation' && f.entity?.name === 'AcmePay');
    assert.equal(degradation?.severity, 'critical');
  });

  it('a technology added by the config is found even when the previous analysis was made without it', () => {
    const { config } = parse('/repo/.faultline.yaml', 'technologies:\n  - id: acmepay\n    name: AcmePay\n    kind: external-api\n    domain: payment\n');
    // A long paragraph after the mention, typed into far from it: the previous model and name matches are reused.
    const text = `${DESIGN}\nOperators review the alert volume every week and tune the thresholds with the team that owns each service, so that pages stay rare and useful for everyone on call.\n`;
    const previous = analyze(text, { catalog: builtinCatalog(), today: TODAY });
    const at = text.indexOf('everyone on call');
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const withConfig = analyze(edited, { catalog: builtinCatalog(), config, today: TODAY, previous });
    assert.ok(withConfig.structure.external.some((e) => e.name === 'AcmePay'));
  });

  it('a technology declared zoneRedundant is never a single point of failure', () => {
    const doc = '# Carts\n\n## Architecture\n\nThe order-api stores carts in Acme KV.\n';
    const spof = (redundant: boolean) => {
      const { config, problems } = parse('/repo/.faultline.yaml', `technologies:\n  - id: acme-kv\n    name: Acme KV\n    kind: key-value\n    zoneRedundant: ${redundant}\n`);
      assert.deepEqual(problems, []);
      return analyze(doc, { catalog: builtinCatalog(), config, today: TODAY }).findings.filter((f) => f.ruleId === 'single-point-of-failure').map((f) => f.entity?.name);
    };
    assert.deepEqual(spof(false), ['Acme KV']);
    assert.deepEqual(spof(true), []);
  });

  describe('config files on disk', () => {
    let root: string;
    before(() => {
      root = mkdtempSync(join(tmpdir(), 'faultline-config-'));
      mkdirSync(join(root, 'docs', 'payments'), { recursive: true });
      writeFileSync(join(root, '.faultline.yaml'), 'rules:\n  circuit-breaker: off\n');
      writeFileSync(join(root, 'docs', 'payments', 'design.md'), DESIGN);
      mkdirSync(join(root, 'broken'));
      writeFileSync(join(root, 'broken', '.faultline.json'), '{ "rules": ');
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('finds the nearest config file upward from the document', () => {
      assert.equal(findConfigFile(join(root, 'docs', 'payments', 'design.md')), join(root, '.faultline.yaml'));
      assert.equal(findConfigFile(join(root, 'broken', 'design.md')), join(root, 'broken', '.faultline.json'));
    });

    it('loads it for a trusted workspace and ignores it for an untrusted one', () => {
      const doc = join(root, 'docs', 'payments', 'design.md');
      assert.deepEqual(loadConfigFor(doc, { trusted: true, catalog: builtinCatalog() }).config, { rules: { 'circuit-breaker': 'off' } });
      assert.deepEqual(loadConfigFor(doc, { trusted: false }).config, {});
    });

    it('reports a broken file once, naming its path, with an empty config', () => {
      const r = loadConfigFor(join(root, 'broken', 'design.md'), { trusted: true, catalog: builtinCatalog() });
      assert.deepEqual(r.config, {});
      assert.equal(r.problems.length, 1);
      assert.equal(r.problems[0].source, join(root, 'broken', '.faultline.json'));
    });
  });
});
