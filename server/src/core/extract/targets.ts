import { rangeOf, unitAt, type DesignDoc } from '../document/designDoc';
import type { Target } from '../types';

interface TargetPattern {
  kind: Target['kind'];
  re: RegExp;
  /** Capture group holding the number. */
  group: number;
  unitGroup?: number;
  /** The unit must also match this for the number to count. */
  context?: RegExp;
  /** Literal strings one of which the text must contain for the pattern to be worth a scan. */
  hints?: string[];
}

const NUM = '(\\d[\\d,]*(?:\\.\\d+)?)';
const PATTERNS: TargetPattern[] = [
  { kind: 'availability', re: new RegExp(`${NUM}\\s?%`, 'g'), group: 1, context: /availab|uptime|\bsla\b|\bslo\b|可用性|稼働率/i, hints: ['%'] },
  { kind: 'latency', re: new RegExp(`${NUM}\\s?(ms|milliseconds?|ミリ秒|s\\b|seconds?|秒)`, 'g'), group: 1, unitGroup: 2, context: /\bp\d{2}|percentile|latency|response time|レイテンシ|応答時間|レスポンス/i },
  { kind: 'rpo', re: new RegExp(`\\bRPO\\b[^\\d\\n|]{0,20}${NUM}\\s?(min(?:ute)?s?|hours?|h\\b|s\\b|seconds?|分|時間|秒)?`, 'gi'), group: 1, unitGroup: 2, hints: ['RPO', 'rpo'] },
  { kind: 'rto', re: new RegExp(`\\bRTO\\b[^\\d\\n|]{0,20}${NUM}\\s?(min(?:ute)?s?|hours?|h\\b|s\\b|seconds?|分|時間|秒)?`, 'gi'), group: 1, unitGroup: 2, hints: ['RTO', 'rto'] },
  { kind: 'throughput', re: new RegExp(`${NUM}\\s?([kKM])?\\s?(req(?:uests)?/s(?:ec)?|requests per (?:second|minute)|rps|qps|tps|msgs?/s|messages? per second|events?/s(?:ec)?|events per second|件/秒|リクエスト/秒)`, 'g'), group: 1, unitGroup: 3, hints: ['/s', 'per s', 'per m', 'ps', 'PS', '/秒'] },
  { kind: 'pool-size', re: new RegExp(`(?:maximumPoolSize|max(?:imum)?[ _]?pool[ _]?size|pool[ _]size|connection pool(?: size)?|MaxConns|max_conns|pool_max|(?:最大)?(?:コネクション)?プールサイズ|最大接続プール)[^\\d\\n|]{0,12}${NUM}`, 'gi'), group: 1, hints: ['ool', 'OOL', 'MaxConns', 'max_conns', 'プール'] },
  { kind: 'pool-size', re: new RegExp(`${NUM}\\s+(?:database |db )?connections? per (?:instance|task|pod|node|replica|container|process)`, 'gi'), group: 1, hints: ['onnection'] },
  { kind: 'instances', re: new RegExp(`(?:max(?:imum)?|up to|at most)\\s+${NUM}\\s+(?:instances|tasks|pods|replicas|nodes|containers)`, 'gi'), group: 1, hints: ['ax', 'AX', 'up to', 'Up to', 'at most'] },
  { kind: 'instances', re: new RegExp(`\\d+\\s*(?:[-–〜~]|to)\\s*${NUM}\\s+(?:instances|tasks|pods|replicas|nodes|containers|タスク|台|インスタンス|Pod)`, 'gi'), group: 1 },
  { kind: 'instances', hints: ['最大'], re: new RegExp(`(?:タスク|インスタンス|Pod|ポッド|レプリカ|ノード)\\s*数?\\s*(?:は|:|：)?\\s*最大\\s*${NUM}`, 'gi'), group: 1 },
  { kind: 'instances', hints: ['最大'], re: new RegExp(`最大(?:タスク|インスタンス|Pod|ポッド|レプリカ|ノード)数?\\s*(?:は|:|：)?\\s*${NUM}`, 'gi'), group: 1 },
  { kind: 'instances', hints: ['最大'], re: new RegExp(`最大\\s*${NUM}\\s*(?:タスク|台|インスタンス|Pod|ポッド|レプリカ|ノード)`, 'gi'), group: 1 },
  { kind: 'connection-limit', re: new RegExp(`(?:max_connections|最大接続数)[^\\d\\n|]{0,12}${NUM}`, 'gi'), group: 1, hints: ['max_connections', '最大接続数'] },
];

/** Numeric targets and limits: availability, latency, RPO/RTO, throughput, pool sizes, instance ceilings. */
export function extractTargets(doc: DesignDoc): Target[] {
  const out: Target[] = [];
  const text = doc.masked;
  // One pass per pattern over the text; the unit's context is checked only where a number matched.
  for (const p of PATTERNS) {
    if (p.hints && !p.hints.some((h) => text.includes(h))) continue;
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const ui = unitAt(doc, m.index);
      if (ui < 0) continue;
      const u = doc.units[ui];
      if (u.kind === 'heading' || u.kind === 'table-header' || m.index + m[0].length > u.end) continue;
      if (p.context && !p.context.test(u.kind === 'table-row' ? `${u.text} ${(u.header ?? []).join(' ')}` : u.text)) continue;
      const value = Number(m[p.group].replace(/,/g, ''));
      if (!Number.isFinite(value)) continue;
      if (p.kind === 'availability' && (value < 90 || value > 100)) continue;
      out.push({ kind: p.kind, text: m[0], value, unit: p.unitGroup ? m[p.unitGroup] : undefined, range: rangeOf(doc, m.index, m.index + m[0].length) });
    }
  }
  for (const u of doc.units) {
    // Scaling tables: a "Max" column gives the instance ceiling per service.
    if (u.kind === 'table-row' && u.header && u.cells) {
      const col = u.header.findIndex((h) => /^max(imum)?\b.*(tasks|instances|pods|replicas|nodes)?/i.test(h) || /最大/.test(h));
      const cell = col >= 0 ? u.cells[col] : undefined;
      if (cell && /^\d+$/.test(cell.text)) {
        const a = u.start + cell.start;
        out.push({ kind: 'instances', text: `${u.cells[0]?.text ?? ''}: ${cell.text}`, value: Number(cell.text), subject: u.cells[0]?.text, range: rangeOf(doc, a, a + cell.text.length) });
      }
    }
  }
  return out;
}
