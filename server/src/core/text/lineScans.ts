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

  /** All matches of `re` (global, no match across a line break), in order. */
  matches(re: RegExp): RegExpExecArray[] {
    let out = this.results.get(re);
    if (out) return out;
    const prev = this.previous?.scans.results.get(re);
    out = prev && this.previous ? this.update(re, prev, this.previous.edit) : scan(re, this.text, 0, this.text.length);
    this.results.set(re, out);
    return out;
  }

  /** Forgets the previous version's scans (a chain of versions must not stay reachable). */
  release(): void {
    this.previous = undefined;
  }

  private update(re: RegExp, prev: RegExpExecArray[], edit: TextEdit): RegExpExecArray[] {
    const newTo = edit.oldTo + edit.delta;
    // The edited lines, whole: from the start of the line holding `from` to the end of the line holding `newTo`.
    const first = positionAt(this, edit.from).line;
    const last = positionAt(this, newTo).line;
    const start = this.lineStarts[first];
    const end = last + 1 < this.lineStarts.length ? this.lineStarts[last + 1] : this.text.length;
    const oldEnd = end - edit.delta;
    const out: RegExpExecArray[] = [];
    for (const m of prev) if (m.index < start) out.push(m);
    out.push(...scan(re, this.text, start, end));
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
