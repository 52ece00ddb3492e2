import { ruleDocUrl } from '../core/rules/docs';
import type { Catalog } from '../core/rules/catalog';
import type { Severity } from '../core/types';
import { fingerprint, subjectOf } from './baseline';
import type { FileResult } from './fileResult';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', significant: 'error', moderate: 'warning', minor: 'note' };
/** GitHub code scanning's security-severity scale, used to order alerts. */
const SCORE: Record<Severity, string> = { critical: '9.0', significant: '7.0', moderate: '4.0', minor: '2.0' };

/** SARIF 2.1.0 log: one run, every catalog rule in tool.driver.rules, 1-based regions. */
export function formatSarif(results: FileResult[], catalog: Catalog, version: string): string {
  const ruleIndex = new Map(catalog.rules.map((r, i) => [r.spec.id, i]));
  const rules = catalog.rules.map(({ spec }) => ({
    id: spec.id,
    name: spec.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: spec.title },
    fullDescription: { text: spec.summary },
    helpUri: ruleDocUrl(spec.id),
    help: {
      text: `${spec.summary}\n\nCountermeasures:\n${spec.countermeasures.map((c, i) => `${i + 1}. ${c.replace(/\{entity\}/g, 'the dependency')}`).join('\n')}`,
      markdown: `${spec.summary}\n\n**Countermeasures**\n\n${spec.countermeasures.map((c, i) => `${i + 1}. ${c.replace(/\{entity\}/g, 'the dependency')}`).join('\n')}\n\n[Rule documentation](${ruleDocUrl(spec.id)})`,
    },
    defaultConfiguration: { level: LEVEL[spec.severity] },
    properties: { category: spec.category, severity: spec.severity, tags: ['reliability', spec.category], 'security-severity': SCORE[spec.severity] },
  }));
  const sarifResults = results.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
      level: LEVEL[f.severity],
      message: { text: f.note ? `${f.message} (${f.note})` : f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(r.path), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        },
      ],
      partialFingerprints: { 'faultline/v1': fingerprint(r.path, f.ruleId, subjectOf(f)) },
      properties: { severity: f.severity, category: f.category, ...(f.entity ? { entity: f.entity.name } : {}) },
    })),
  );
  const notifications = results.flatMap((r) =>
    r.problems.map((p) => ({ level: p.severity === 'error' ? 'error' : 'warning', message: { text: `${r.path}: ${p.source}: ${p.message}` } })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Faultline', semanticVersion: version, version, informationUri: 'https://github.com/faultline-dev/faultline', rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///' + process.cwd().replace(/\\/g, '/').replace(/^\//, '') + '/' } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
