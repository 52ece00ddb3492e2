import { rangeOf, type DesignDoc } from '../document/designDoc';
import type { Endpoint } from '../types';

const INLINE = /(?<![A-Za-z])(GET|POST|PUT|PATCH|DELETE)\s+`?(\/[^\s`|)"',;]*)/g;
const METHOD_CELL = /^`?(GET|POST|PUT|PATCH|DELETE)`?$/;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `METHOD /path` mentions in prose and method/path table rows. Code examples are skipped. */
export function extractEndpoints(doc: DesignDoc): Endpoint[] {
  const out: Endpoint[] = [];
  for (const u of doc.units) {
    if (u.kind === 'code' || u.kind === 'table-header') continue;
    if (u.kind === 'table-row' && u.cells) {
      const mi = u.cells.findIndex((c) => METHOD_CELL.test(c.text));
      const pi = u.cells.findIndex((c) => c.text.replace(/`/g, '').startsWith('/'));
      if (mi >= 0 && pi >= 0) {
        const method = METHOD_CELL.exec(u.cells[mi].text)![1];
        const cell = u.cells[pi];
        const path = cell.text.replace(/`/g, '').split(/\s/)[0];
        const a = u.start + Math.min(u.cells[mi].start, cell.start);
        const b = u.start + Math.max(u.cells[mi].end, cell.end);
        out.push({ method, path, mutating: MUTATING.has(method), range: rangeOf(doc, a, b), unit: u.index });
        continue;
      }
    }
    INLINE.lastIndex = 0;
    for (let m = INLINE.exec(u.text); m; m = INLINE.exec(u.text)) {
      const path = m[2].replace(/[.:]$/, '');
      const a = u.start + m.index;
      out.push({ method: m[1], path, mutating: MUTATING.has(m[1]), range: rangeOf(doc, a, a + m[0].length), unit: u.index });
    }
  }
  return out;
}

/** Resource an endpoint belongs to: /api/projects/{id}/tasks and /api/tasks/{id} are both "tasks". */
export function endpointGroup(path: string): string {
  const segs = path.split('?')[0].split('/').filter(Boolean);
  const isParam = (s: string) => /^[{:<]|^\d+$|^\[/.test(s);
  const statics = segs.filter((s) => !isParam(s) && !/^(api|v\d+(\.\d+)?|internal|public|rest)$/i.test(s));
  if (statics.length === 0) return segs.join('/') || '/';
  // A static segment that follows a parameter names a nested collection.
  for (let i = segs.length - 1; i > 0; i--) if (!isParam(segs[i]) && isParam(segs[i - 1])) return segs[i].toLowerCase();
  return statics[0].toLowerCase();
}
