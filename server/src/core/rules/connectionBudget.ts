import type { Structure } from '../types';

/** PostgreSQL's default max_connections; used when the design states no limit. */
const TYPICAL_LIMIT = 100;

/**
 * The arithmetic of the connection-pool check: largest stated pool per instance × the instance
 * ceiling (the sum over a scaling table's services, else the largest ceiling stated in prose),
 * against the stated max_connections (or PostgreSQL's default).
 * Returns the explanation when the product exceeds the limit, else undefined.
 */
export function connectionBudget(structure: Structure): string | undefined {
  const pools = structure.targets.filter((t) => t.kind === 'pool-size' && t.value > 0);
  const instances = structure.targets.filter((t) => t.kind === 'instances' && t.value > 0);
  if (pools.length === 0 || instances.length === 0) return undefined;
  const pool = Math.max(...pools.map((p) => p.value));
  const perService = new Map<string, number>();
  for (const t of instances) if (t.subject) perService.set(t.subject, Math.max(perService.get(t.subject) ?? 0, t.value));
  const total = perService.size > 0 ? [...perService.values()].reduce((a, b) => a + b, 0) : Math.max(...instances.map((t) => t.value));
  const stated = structure.targets.find((t) => t.kind === 'connection-limit');
  const limit = stated?.value ?? TYPICAL_LIMIT;
  const needed = pool * total;
  if (needed <= limit) return undefined;
  const source = stated ? `the stated max_connections of ${limit}` : `a typical default limit of ${limit} (no limit is stated)`;
  return `At the scaling ceiling, ${pool} connections per instance × ${total} instances = ${needed} connections, more than ${source}.`;
}
