import type { Catalog } from '../core/rules/catalog';
import type { Entity, Structure } from '../core/types';
import type { FileResult } from './fileResult';

/** Machine-readable output: findings and the structural analysis of every file. */
export function formatJson(results: FileResult[], catalog: Catalog, version: string): string {
  return (
    JSON.stringify(
      {
        tool: { name: 'faultline', version, rules: catalog.rules.length },
        files: results.map((r) => ({
          path: r.path,
          isDesign: r.analysis?.isDesign,
          findings: r.findings,
          suppressed: r.analysis?.suppressed ?? 0,
          structure: r.analysis ? structureJson(r.analysis.structure) : undefined,
          problems: r.problems,
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

function entityJson(e: Entity) {
  return { id: e.id, name: e.name, kind: e.kind, domain: e.domain, aliases: e.aliases, mentions: e.mentions.map((m) => ({ text: m.text, range: m.range })) };
}

export function structureJson(s: Structure) {
  return {
    components: s.components.map(entityJson),
    stores: s.stores.map(entityJson),
    messaging: s.messaging.map(entityJson),
    external: s.external.map(entityJson),
    flows: s.flows.map((f) => ({ name: f.name, source: f.source, hops: f.hops.map((h) => ({ text: h.text, entity: h.entityId })), range: f.range })),
    endpoints: s.endpoints.map((e) => ({ method: e.method, path: e.path, mutating: e.mutating, range: e.range })),
    mechanisms: s.mechanisms.map((m) => ({ rule: m.ruleId, label: m.label, text: m.text, covers: m.covers, range: m.range })),
    targets: s.targets.map((t) => ({ kind: t.kind, text: t.text, value: t.value, unit: t.unit, range: t.range })),
  };
}
