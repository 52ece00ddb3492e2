import { rangeOf, unitAt, type DesignDoc } from '../document/designDoc';
import { DIGIT_KEY, execAtWords, positionsOf, stickyAt, wordKey, type WordIndex } from '../text/gatedRegex';
import type { Target } from '../types';

interface TargetPattern {
  kind: Target['kind'];
  /** Sticky: tried only where the pattern can start. */
  re: RegExp;
  /** Capture group holding the number. */
  group: number;
  unitGroup?: number;
  /** The unit must also match this for the number to count. */
  context?: RegExp;
  /**
   * Where the pattern can start: words beginning with one of these prefixes ('#' = a number).
   * Patterns without it are Japanese only.
   */
  starts?: string[];
  /** Has Japanese alternatives: in a text with Japanese, scanned whole instead. */
  japanese?: boolean;
  /**
   * For patterns that start at a number: the characters one of which must come next, after the
   * number and any spaces ('%' for a percentage). Most numbers are followed by none of them.
   */
  follow?: string;
}

const NUM = '(\\d[\\d,]*(?:\\.\\d+)?)';
const TIME_UNIT = '(min(?:ute)?s?|hours?|h\\b|s\\b|seconds?|分|時間|秒)?';
const PATTERNS: TargetPattern[] = [
  { kind: 'availability', re: new RegExp(`${NUM}\\s?%`, 'y'), group: 1, context: /availab|uptime|\bsla\b|\bslo\b|可用性|稼働率/i, starts: ['#'], follow: '%' },
  { kind: 'latency', re: new RegExp(`${NUM}\\s?(ms|milliseconds?|ミリ秒|s\\b|seconds?|秒)`, 'y'), group: 1, unitGroup: 2, context: /\bp\d{2}|percentile|latency|response time|レイテンシ|応答時間|レスポンス/i, starts: ['#'], follow: 'mMsSミ秒' },
  { kind: 'rpo', re: new RegExp(`\\bRPO\\b[^\\d\\n|]{0,20}${NUM}\\s?${TIME_UNIT}`, 'iy'), group: 1, unitGroup: 2, starts: ['rpo'] },
  { kind: 'rto', re: new RegExp(`\\bRTO\\b[^\\d\\n|]{0,20}${NUM}\\s?${TIME_UNIT}`, 'iy'), group: 1, unitGroup: 2, starts: ['rto'] },
  { kind: 'throughput', re: new RegExp(`${NUM}\\s?([kKM])?\\s?(req(?:uests)?/s(?:ec)?|requests per (?:second|minute)|rps|qps|tps|msgs?/s|messages? per second|events?/s(?:ec)?|events per second|件/秒|リクエスト/秒)`, 'y'), group: 1, unitGroup: 3, starts: ['#'], follow: 'kKMrRqQtTmMeE件リ' },
  { kind: 'pool-size', re: new RegExp(`(?:maximumPoolSize|max(?:imum)?[ _]?pool[ _]?size|pool[ _]size|connection pool(?: size)?|MaxConns|max_conns|pool_max|(?:最大)?(?:コネクション)?プールサイズ|最大接続プール)[^\\d\\n|]{0,12}${NUM}`, 'iy'), group: 1, starts: ['maxi', 'max', 'maxp', 'max_', 'maxc', 'pool', 'conn'], japanese: true },
  { kind: 'pool-size', re: new RegExp(`${NUM}\\s+(?:database |db )?connections? per (?:instance|task|pod|node|replica|container|process)`, 'iy'), group: 1, starts: ['#'], follow: 'dDcC' },
  { kind: 'instances', re: new RegExp(`(?:max(?:imum)?|up to|at most)\\s+${NUM}\\s+(?:instances|tasks|pods|replicas|nodes|containers)`, 'iy'), group: 1, starts: ['max', 'maxi', 'up', 'at'] },
  { kind: 'instances', re: new RegExp(`\\d+\\s*(?:[-–〜~]|to)\\s*${NUM}\\s+(?:instances|tasks|pods|replicas|nodes|containers|タスク|台|インスタンス|Pod)`, 'iy'), group: 1, starts: ['#'], japanese: true, follow: '-–〜~tT' },
  { kind: 'instances', re: new RegExp(`(?:タスク|インスタンス|Pod|ポッド|レプリカ|ノード)\\s*数?\\s*(?:は|:|：)?\\s*最大\\s*${NUM}`, 'iy'), group: 1 },
  { kind: 'instances', re: new RegExp(`最大(?:タスク|インスタンス|Pod|ポッド|レプリカ|ノード)数?\\s*(?:は|:|：)?\\s*${NUM}`, 'iy'), group: 1 },
  { kind: 'instances', re: new RegExp(`最大\\s*${NUM}\\s*(?:タスク|台|インスタンス|Pod|ポッド|レプリカ|ノード)`, 'iy'), group: 1 },
  { kind: 'connection-limit', re: new RegExp(`(?:max_connections|最大接続数)[^\\d\\n|]{0,12}${NUM}`, 'iy'), group: 1, starts: ['max_'], japanese: true },
];
const COMPILED = PATTERNS.map((p) => ({
  ...p,
  keys: p.starts?.map(wordKey),
  global: new RegExp(p.re.source, p.re.flags.replace('y', 'g')),
}));

/** Every match of a target pattern: at the words it can start with, or over the whole text when it may be Japanese. */
function matchesOf(p: (typeof COMPILED)[number], words: WordIndex): RegExpExecArray[] {
  if (words.hasCjk && (p.japanese || !p.keys)) {
    const out: RegExpExecArray[] = [];
    p.global.lastIndex = 0;
    for (let m = p.global.exec(words.text); m; m = p.global.exec(words.text)) out.push(m);
    return out;
  }
  if (p.follow) return stickyAt(p.re, words.text, numbersFollowedBy(words, p.follow));
  return p.keys ? execAtWords(p.re, words, p.keys) : [];
}

/** Whether a UTF-16 code is one that /\s/ matches. */
function isSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Per word index: each number's start and the character after it and any spaces (0 at the end). */
const numberFollowers = new WeakMap<WordIndex, { starts: Int32Array; next: Int32Array }>();

/** Starts of the numbers (digits, commas, a decimal part) that one of `chars` follows after spaces. */
function numbersFollowedBy(words: WordIndex, chars: string): number[] {
  let f = numberFollowers.get(words);
  if (!f) {
    const text = words.text;
    const starts = positionsOf(words, DIGIT_KEY);
    const next = new Int32Array(starts.length);
    for (let i = 0; i < starts.length; i++) {
      let e = starts[i];
      let c = text.charCodeAt(e);
      while ((c >= 48 && c <= 57) || c === 44 || c === 46) c = text.charCodeAt(++e);
      while (e < text.length && isSpace(text.charCodeAt(e))) e++;
      next[i] = e < text.length ? text.charCodeAt(e) : 0;
    }
    numberFollowers.set(words, (f = { starts, next }));
  }
  const out: number[] = [];
  for (let i = 0; i < f.starts.length; i++) if (f.next[i] !== 0 && chars.includes(String.fromCharCode(f.next[i]))) out.push(f.starts[i]);
  return out;
}

const SCALE_MAX_HEADER = /^(max(imum)?|最大)$|^max(imum)?\b.*\b(tasks?|instances?|pods?|replicas?|nodes?|containers?|count)\b|最大.*(タスク|台|インスタンス|Pod|ポッド|レプリカ|ノード)/i;

/** Numeric targets and limits: availability, latency, RPO/RTO, throughput, pool sizes, instance ceilings. */
export function extractTargets(doc: DesignDoc, words: WordIndex): Target[] {
  const out: Target[] = [];
  // Patterns are tried only where they can start; the unit's context is checked only where a number matched.
  for (const p of COMPILED) {
    for (const m of matchesOf(p, words)) {
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
  // The rows of a table share its header: its "Max" column is looked for once.
  const maxColumn = new Map<string[], number>();
  for (const u of doc.units) {
    // Scaling tables: a "Max" column gives the instance ceiling per service.
    if (u.kind === 'table-row' && u.header && u.cells) {
      // "Max", "Max tasks", 「最大台数」 — not "Max retries" or 「最大受信回数」.
      let col = maxColumn.get(u.header);
      if (col === undefined) maxColumn.set(u.header, (col = u.header.findIndex((h) => SCALE_MAX_HEADER.test(h.trim()))));
      const cell = col >= 0 ? u.cells[col] : undefined;
      if (cell && /^\d+$/.test(cell.text)) {
        const a = u.start + cell.start;
        out.push({ kind: 'instances', text: `${u.cells[0]?.text ?? ''}: ${cell.text}`, value: Number(cell.text), subject: u.cells[0]?.text, range: rangeOf(doc, a, a + cell.text.length) });
      }
    }
  }
  return out;
}
