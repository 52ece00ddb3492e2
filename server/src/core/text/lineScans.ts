import { positionAt } from '../document/designDoc';

/** An edit: the previous text's [from, oldTo) became `delta` characters longer. */
export interface TextEdit {
  from: number;
  oldTo: number;
  delta: number;
}

/**
 * Matches of global regexes that never span a line break ("`topic`", "**Worker**",
 * "NotificationWorker"), computed once per document. Made from the previous version's scans and
 * an edit, only the edited lines are scanned again: matches before them are kept, matches after
 * them shift. Equal to a full scan, since no match can cross the edited lines' bounds.
 */
export class LineScans {
  private readonly results = new Map<RegExp, RegExpExecArray[]>();

  constructor(
    private readonly text: string,
    readonly lineStarts: number[],
    private previous?: { scans: LineScans; edit: TextEdit },
  ) {}

  /**
   * All matches of `re` (global, no match across a line break), in order. With `literals`, one
   * of which every match contains, only the lines holding one are matched: an indexOf per
   * literal instead of running the regex over the whole text.
   */
  matches(re: RegExp, literals?: readonly string[]): RegExpExecArray[] {
    let out = this.results.get(re);
    if (out) return out;
    const prev = this.previous?.scans.results.get(re);
    out = prev && this.previous ? this.update(re, prev, this.previous.edit, literals) : this.scan(re, 0, this.text.length, literals);
    this.results.set(re, out);
    return out;
  }

  private scan(re: RegExp, start: number, end: number, literals?: readonly string[]): RegExpExecArray[] {
    if (!literals) return scan(re, this.text, start, end);
    // The lines holding a literal, in order and once each.
    const lines: number[] = [];
    for (const lit of literals) {
      for (let at = this.text.indexOf(lit, start); at >= 0 && at < end; at = this.text.indexOf(lit, at + lit.length)) {
        const line = positionAt(this, at).line;
        lines.push(line);
        // Skip to the next line: one entry per line.
        const next = this.lineStarts[line + 1];
        if (next === undefined) break;
        at = next - lit.length;
      }
    }
    if (lines.length === 0) return [];
    lines.sort((a, b) => a - b);
    const out: RegExpExecArray[] = [];
    let last = -1;
    for (const line of lines) {
      if (line === last) continue;
      last = line;
      const from = Math.max(start, this.lineStarts[line]);
      const to = Math.min(end, this.lineStarts[line + 1] ?? this.text.length);
      for (const m of scan(re, this.text, from, to)) out.push(m);
    }
    return out;
  }

  /** Forgets the previous version's scans (a chain of versions must not stay reachable). */
  release(): void {
    this.previous = undefined;
  }

  private update(re: RegExp, prev: RegExpExecArray[], edit: TextEdit, literals?: readonly string[]): RegExpExecArray[] {
    const newTo = edit.oldTo + edit.delta;
    // The edited lines, whole: from the start of the line holding `from` to the end of the line holding `newTo`.
    const first = positionAt(this, edit.from).line;
    const last = positionAt(this, newTo).line;
    const start = this.lineStarts[first];
    const end = last + 1 < this.lineStarts.length ? this.lineStarts[last + 1] : this.text.length;
    const oldEnd = end - edit.delta;
    const out: RegExpExecArray[] = [];
    for (const m of prev) if (m.index < start) out.push(m);
    out.push(...this.scan(re, start, end, literals));
    for (const m of prev) {
      if (m.index < oldEnd) continue;
      const moved = Object.assign([...m], { index: m.index + edit.delta, input: this.text, groups: m.groups }) as RegExpExecArray;
      out.push(moved);
    }
    return out;
  }
}

/** Matches of `re` in text[start, end), scanned as its own string, with offsets into the text. */
function scan(re: RegExp, text: string, start: number, end: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  const part = start === 0 && end === text.length ? text : text.slice(start, end);
  if (part.length === 0) return out;
  re.lastIndex = 0;
  for (let m = re.exec(part); m; m = re.exec(part)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (start > 0) m.index += start;
    out.push(m);
  }
  return out;
}
