import MarkdownIt from 'markdown-it';
import type { Range } from '../types';
import { splitFrontMatter, type FrontMatter } from './frontMatter';
import { sentenceBounds, sentenceEndCandidates } from './sentences';

/**
 * The design-document model: built once per text, read by every extractor and rule.
 * Units are the smallest pieces of prose a rule judges (a sentence, a list item's sentence,
 * a table row, a code line); they never overlap and are sorted by offset.
 */
export interface Section {
  index: number;
  title: string;
  level: number;
  /** Line of the heading (-1 for the preamble section before the first heading). */
  headingLine: number;
  startLine: number;
  /** Exclusive. */
  endLine: number;
  parent: number;
  /** Section kinds from this heading and its ancestors, nearest first (filled by classifySections). */
  kinds: string[];
}

export type UnitKind = 'heading' | 'text' | 'table-row' | 'table-header' | 'code';

export interface Unit {
  index: number;
  kind: UnitKind;
  section: number;
  /** Absolute offsets into the document text; `end` exclusive. */
  start: number;
  end: number;
  text: string;
  /** Units of one paragraph / list item / table / fence share a block id. */
  block: number;
  /** For text inside a nested list item: the block of the enclosing item, else -1. */
  parentBlock: number;
  /** Text of a list item. */
  inList?: boolean;
  /** Table rows: cell spans relative to `start`. */
  cells?: { start: number; end: number; text: string }[];
  /** Table rows: the header cells of the table. */
  header?: string[];
  /** Code lines: the fence's info string (e.g. "mermaid", "sql"). */
  lang?: string;
}

export interface DesignDoc {
  /** The document as written. */
  text: string;
  /**
   * Same length as `text`, with what is not design prose blanked out: URLs and link targets,
   * table-of-contents links, images, HTML comments and code blocks in programming languages.
   * Every scan for entities, triggers and evidence reads this.
   */
  masked: string;
  lineStarts: number[];
  frontMatter: FrontMatter | undefined;
  sections: Section[];
  units: Unit[];
  /** Offsets of unit starts, for binary search. */
  unitStarts: number[];
  /** Line → section index. */
  lineSection: Int32Array;
  /**
   * Whether an HTML comment of the text mentions "faultline-": suppression comments can only be
   * there (every `<!-- faultline-… -->` lies inside a comment that masking found).
   */
  directives: boolean;
  /** Set when this model was derived from the previous version's: that text's [from, oldTo) became `delta` characters longer. */
  edited?: { from: number; oldTo: number; delta: number };
}

/**
 * Block structure only: sentences, cells and mentions are read from the source text, so inline
 * parsing (emphasis, links, typography) would be work thrown away on every keystroke.
 */
const md = new MarkdownIt({ html: true });
md.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);
md.block.ruler.at('paragraph', paragraphBounds);
md.block.ruler.disable('lheading');
/**
 * The same parser without markdown-it's `normalize` step, for text that has no \r and no NUL:
 * there normalize is the identity, yet its \n → \n regex replace copies the whole text.
 */
const mdNormalized = new MarkdownIt({ html: true });
mdNormalized.core.ruler.disable(['normalize', 'inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);
mdNormalized.block.ruler.at('paragraph', paragraphBounds);
mdNormalized.block.ruler.disable('lheading');

type BlockState = Parameters<Parameters<typeof md.block.ruler.at>[1]>[0];

/**
 * markdown-it's `lheading` and `paragraph` rules in one (`lheading` is disabled): both read the
 * same lines up to the same terminators, the first looking for a setext underline ("===",
 * "---"), the second, when there is none, reading the lines again. Here they are read once: with
 * an underline the tokens are `lheading`'s, without one they are the paragraph's, minus its
 * text: the content string it would hand to inline parsing, which is disabled, is never built
 * (sentences are read from the source text).
 */
function paragraphBounds(state: BlockState, startLine: number, endLine: number): boolean {
  const terminators = state.md.block.ruler.getRules('paragraph');
  const oldParentType = state.parentType;
  // lheading's own condition: a first line indented by four or more is never a setext heading.
  const setext = state.sCount[startLine] - state.blkIndent < 4;
  let level = 0;
  let marker = 0;
  let nextLine = startLine + 1;
  state.parentType = 'paragraph';
  for (; nextLine < endLine && !state.isEmpty(nextLine); nextLine++) {
    // Indented more than 3 past the block: a lazy continuation, not a new block.
    if (state.sCount[nextLine] - state.blkIndent > 3) continue;
    if (setext && state.sCount[nextLine] >= state.blkIndent) {
      let pos = state.bMarks[nextLine] + state.tShift[nextLine];
      const max = state.eMarks[nextLine];
      const c = pos < max ? state.src.charCodeAt(pos) : 0;
      if (c === 0x2d || c === 0x3d) {
        pos = state.skipSpaces(state.skipChars(pos, c));
        if (pos >= max) {
          level = c === 0x3d ? 1 : 2;
          marker = c;
          break;
        }
      }
    }
    if (state.sCount[nextLine] < 0) continue;
    let terminate = false;
    for (let i = 0; i < terminators.length && !terminate; i++) terminate = terminators[i](state, nextLine, endLine, true);
    if (terminate) break;
  }
  if (level) {
    state.line = nextLine + 1;
    const open = state.push('heading_open', `h${level}`, 1);
    open.markup = String.fromCharCode(marker);
    open.map = [startLine, state.line];
    const inline = state.push('inline', '', 0);
    inline.content = asciiTrim(state.getLines(startLine, nextLine, state.blkIndent, false));
    inline.map = [startLine, state.line - 1];
    inline.children = [];
    state.push('heading_close', `h${level}`, -1).markup = String.fromCharCode(marker);
  } else {
    state.line = nextLine;
    // One token, with the lines: no inline child and no closing token, which only rendering would read
    // (nesting 0, so the levels of the tokens after it are what they would be with the pair).
    state.push('paragraph_open', 'p', 0).map = [startLine, nextLine];
  }
  state.parentType = oldParentType;
  return true;
}

/** markdown-it's trim for block content: ASCII spaces, tabs and line breaks only. */
function asciiTrim(s: string): string {
  const trimmable = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  let a = 0;
  let b = s.length;
  while (a < b && trimmable(s.charCodeAt(a))) a++;
  while (b > a && trimmable(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** Parses Markdown once into the design-document model. Never throws on any string. */
export function parseDesignDoc(original: string): DesignDoc {
  const lineStarts = computeLineStarts(original);
  const lineCount = lineStarts.length;
  const { frontMatter, body } = splitFrontMatter(original);
  const tokens = (body.includes('\r') || body.includes('\0') ? md : mdNormalized).parse(body, {});
  const { masked: text, directives } = maskNonProse(original, tokens, lineStarts);

  const sections: Section[] = [
    { index: 0, title: '', level: 0, headingLine: -1, startLine: 0, endLine: lineCount, parent: -1, kinds: [] },
  ];
  const units: Unit[] = [];
  let block = 0;
  const listStack: number[] = [];
  let currentItemBlock = -1;
  let tableHeader: string[] | undefined;
  let sentenceEnds: Int32Array | undefined;
  const bounds: number[] = [];

  const lineStart = (l: number) => lineStarts[Math.min(l, lineCount - 1)] ?? text.length;
  const lineEnd = (l: number) => (l + 1 < lineCount ? lineStarts[l + 1] - 1 : text.length);
  const addUnit = (u: Omit<Unit, 'index' | 'section'>) => {
    if (u.end <= u.start) return;
    units.push(makeUnit(u, units.length, sections.length - 1, 0));
  };

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    switch (tok.type) {
      case 'heading_open': {
        const inline = tokens[i + 1];
        const line = tok.map ? tok.map[0] : 0;
        const level = Number(tok.tag.slice(1));
        let parent = sections.length - 1;
        while (parent > 0 && sections[parent].level >= level) parent = sections[parent].parent;
        sections.push({
          index: sections.length,
          title: stripInline(inline?.content ?? ''),
          level,
          headingLine: line,
          startLine: line,
          endLine: lineCount,
          parent,
          kinds: [],
        });
        addUnit({ kind: 'heading', start: lineStart(line), end: lineEnd(line), text: text.slice(lineStart(line), lineEnd(line)), block: ++block, parentBlock: -1 });
        break;
      }
      case 'list_item_open':
        listStack.push(currentItemBlock);
        currentItemBlock = -2; // assigned by the item's first paragraph
        break;
      case 'list_item_close':
        currentItemBlock = listStack.pop() ?? -1;
        break;
      case 'paragraph_open': {
        if (!tok.map) break;
        const b = ++block;
        const parentBlock = listStack.length > 0 ? (listStack[listStack.length - 1] ?? -1) : -1;
        if (currentItemBlock === -2) currentItemBlock = b;
        const start = lineStart(tok.map[0]);
        const end = lineEnd(tok.map[1] - 1);
        // Appended to, never cleared: emptying an array drops its storage, which then grows again.
        const from = bounds.length;
        sentenceBounds(text, start, end, (sentenceEnds ??= sentenceEndCandidates(text)), bounds);
        for (let k = from; k < bounds.length; k += 2) {
          addUnit({ kind: 'text', start: bounds[k], end: bounds[k + 1], text: text.slice(bounds[k], bounds[k + 1]), block: b, parentBlock: parentBlock < 0 ? -1 : parentBlock, inList: listStack.length > 0 });
        }
        break;
      }
      case 'table_open':
        tableHeader = undefined;
        ++block;
        break;
      case 'tr_open': {
        if (!tok.map) break;
        const line = tok.map[0];
        const start = lineStart(line);
        const end = lineEnd(line);
        const rowText = text.slice(start, end);
        const cells = splitCells(rowText);
        const isHeader = tokens[i + 1]?.type === 'th_open';
        if (isHeader) tableHeader = cells.map((c) => stripInline(c.text));
        addUnit({ kind: isHeader ? 'table-header' : 'table-row', start, end, text: rowText, block, parentBlock: -1, cells, header: isHeader ? undefined : tableHeader });
        break;
      }
      case 'fence':
      case 'code_block': {
        if (!tok.map) break;
        const b = ++block;
        const lang = tok.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
        // Program code was blanked by maskNonProse: no line of it holds text.
        if (CODE_LANGS.has(lang)) break;
        const first = tok.type === 'fence' ? tok.map[0] + 1 : tok.map[0];
        const last = tok.type === 'fence' ? tok.map[1] - 2 : tok.map[1] - 1;
        for (let l = first; l <= last && l < lineCount; l++) {
          const s = lineStart(l);
          const e = lineEnd(l);
          if (hasText(text, s, e)) addUnit({ kind: 'code', start: s, end: e, text: text.slice(s, e), block: b, parentBlock: -1, lang });
        }
        break;
      }
      default:
        break;
    }
  }

  for (let s = 1; s < sections.length; s++) {
    // A section runs until the next heading of the same or a higher level.
    let end = lineCount;
    for (let n = s + 1; n < sections.length; n++) {
      if (sections[n].level <= sections[s].level) {
        end = sections[n].headingLine;
        break;
      }
    }
    sections[s].endLine = end;
  }
  if (sections.length > 1) sections[0].endLine = sections[1].headingLine;

  const lineSection = new Int32Array(lineCount);
  for (let s = 1; s < sections.length; s++) {
    const until = s + 1 < sections.length ? sections[s + 1].headingLine : lineCount;
    lineSection.fill(s, sections[s].headingLine, until);
  }

  return { text: original, masked: text, lineStarts, frontMatter, sections, units, unitStarts: units.map((u) => u.start), lineSection, directives };
}

/**
 * The model of `text` reusing the model of an earlier version of it, when the two differ only
 * inside one line of prose in a way that cannot change the block structure: the line stays a
 * paragraph line, no line is added or removed, nothing masked or maskable is touched, and the
 * start of the line (where block markers live) is unchanged. Then only that paragraph is split
 * into sentences again and later offsets shift; otherwise the text is parsed in full. Typing in
 * a long document thus skips markdown-it entirely. The result equals `parseDesignDoc(text)`.
 */
export function reparseDesignDoc(previous: DesignDoc | undefined, text: string): DesignDoc {
  return (previous && reuse(previous, text)) ?? parseDesignDoc(text);
}

/** Characters whose insertion or removal in prose changes neither blocks nor masking. */
const INERT = /^[A-Za-z0-9 \t,.;'"?%\u3040-\u30ff\u3400-\u9fff]*$/;
const CHUNK = 256;
/** Block markers sit in the first columns of a line (indent, list number, fence, heading…). */
const MARKER_COLUMNS = 16;

function reuse(prev: DesignDoc, text: string): DesignDoc | undefined {
  const old = prev.text;
  if (old === text) return { ...prev, sections: prev.sections.map((sec) => ({ ...sec, kinds: [] })), edited: { from: 0, oldTo: 0, delta: 0 } };
  // The changed span: old[from, oldTo) became text[from, newTo).
  const max = Math.min(old.length, text.length);
  // Equal chunks are compared natively; only the last chunk goes character by character.
  let from = 0;
  while (from + CHUNK <= max && old.substr(from, CHUNK) === text.substr(from, CHUNK)) from += CHUNK;
  while (from < max && old.charCodeAt(from) === text.charCodeAt(from)) from++;
  let tail = 0;
  while (tail + CHUNK <= max - from && old.substr(old.length - tail - CHUNK, CHUNK) === text.substr(text.length - tail - CHUNK, CHUNK)) tail += CHUNK;
  while (tail < max - from && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  const oldTo = old.length - tail;
  const newTo = text.length - tail;
  const delta = newTo - oldTo;
  if (!INERT.test(old.slice(from, oldTo)) || !INERT.test(text.slice(from, newTo))) return undefined;
  // One line of one paragraph, edited past its marker columns, nothing masked near it.
  const line = positionAt(prev, from).line;
  const lineStart = prev.lineStarts[line];
  const oldLineEnd = line + 1 < prev.lineStarts.length ? prev.lineStarts[line + 1] - 1 : old.length;
  if (oldTo > oldLineEnd || from - lineStart < MARKER_COLUMNS) return undefined;
  const u = unitAt(prev, Math.min(from, oldLineEnd - 1));
  const unit = u >= 0 ? prev.units[u] : undefined;
  const para = unit && unit.kind === 'text' ? paragraphOf(prev, u) : undefined;
  if (!unit || !para || from < para[0] || oldTo > para[1]) return undefined;
  const oldLine = old.slice(lineStart, oldLineEnd);
  const newLine = text.slice(lineStart, oldLineEnd + delta);
  if (prev.masked.slice(lineStart, oldLineEnd) !== oldLine || PROBES.some((p) => oldLine.includes(p.literal) || newLine.includes(p.literal))) return undefined;
  // A line with pipes can head a table whose delimiter row follows; its cell count decides
  // whether there is a table ("| a | b |" + "|---|---|", but not "| a | b |e"). A line left blank
  // ends the paragraph. Either way the blocks may change: parse in full.
  if (oldLine.includes('|') || !hasText(newLine, 0, newLine.length)) return undefined;

  // join, not +: a flat string, which every scan after this reads character by character.
  const masked = [prev.masked.slice(0, from), text.slice(from, newTo), prev.masked.slice(oldTo)].join('');
  const lineStarts = prev.lineStarts.slice();
  for (let l = line + 1; l < lineStarts.length; l++) lineStarts[l] += delta;
  const paraEnd = para[1] + delta;
  // The paragraph's units are contiguous: replace them with its sentences split again; shift the rest.
  const units: Unit[] = [];
  let placed = false;
  for (const x of prev.units) {
    if (x.block !== unit.block) units.push(x.start >= para[1] ? makeUnit(x, units.length, x.section, delta) : x);
    else if (!placed) {
      placed = true;
      const ends = sentenceEndCandidates(masked.slice(para[0], paraEnd)).map((e) => e + para[0]);
      const bounds: number[] = [];
      sentenceBounds(masked, para[0], paraEnd, ends, bounds);
      for (let k = 0; k < bounds.length; k += 2) {
        units.push(makeUnit({ ...unit, start: bounds[k], end: bounds[k + 1], text: masked.slice(bounds[k], bounds[k + 1]) }, units.length, unit.section, 0));
      }
    }
  }
  for (let i = 0; i < units.length; i++) if (units[i].index !== i) units[i] = makeUnit(units[i], i, units[i].section, 0);
  return {
    text,
    masked,
    lineStarts,
    frontMatter: prev.frontMatter,
    sections: prev.sections.map((sec) => ({ ...sec, kinds: [] })),
    units,
    unitStarts: units.map((x) => x.start),
    lineSection: prev.lineSection,
    // An edit made of inert characters, outside masked text, changes no HTML comment.
    directives: prev.directives,
    edited: { from, oldTo, delta },
  };
}

/**
 * The offsets a paragraph's sentences were split from: its first line's start to its last line's
 * end (a paragraph's lines all hold text, so its first and last sentences sit on them).
 */
function paragraphOf(doc: DesignDoc, u: number): [number, number] {
  const block = doc.units[u].block;
  let first = u;
  while (first > 0 && doc.units[first - 1].block === block) first--;
  let last = u;
  while (last + 1 < doc.units.length && doc.units[last + 1].block === block) last++;
  const firstLine = positionAt(doc, doc.units[first].start).line;
  const lastLine = positionAt(doc, doc.units[last].end - 1).line;
  const end = lastLine + 1 < doc.lineStarts.length ? doc.lineStarts[lastLine + 1] - 1 : doc.text.length;
  return [doc.lineStarts[firstLine], end];
}

/**
 * Every unit is built here, with all fields in one order, so all units share one hidden class:
 * the re-parse copies thousands of them per keystroke, and mixed shapes made that 10× slower.
 */
function makeUnit(u: Omit<Unit, 'index' | 'section'>, index: number, section: number, shift: number): Unit {
  return {
    index,
    kind: u.kind,
    section,
    start: u.start + shift,
    end: u.end + shift,
    text: u.text,
    block: u.block,
    parentBlock: u.parentBlock,
    inList: u.inList,
    cells: u.cells,
    header: u.header,
    lang: u.lang,
  };
}

/** Offset → (line, character). */
export function positionAt(doc: Pick<DesignDoc, 'lineStarts'>, offset: number): { line: number; character: number } {
  const starts = doc.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

export function rangeOf(doc: Pick<DesignDoc, 'lineStarts'>, start: number, end: number): Range {
  return { start: positionAt(doc, start), end: positionAt(doc, end) };
}

/** Index of the unit containing `offset`, or -1. */
export function unitAt(doc: DesignDoc, offset: number): number {
  const starts = doc.unitStarts;
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || offset < starts[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return offset < doc.units[lo].end ? lo : -1;
}

/** Code in these languages is configuration or program text, not a description of the design. */
const CODE_LANGS = new Set(['go', 'golang', 'yaml', 'yml', 'json', 'jsonc', 'java', 'javascript', 'js', 'ts', 'typescript', 'python', 'py', 'sh', 'bash', 'shell', 'console', 'zsh', 'sql', 'proto', 'protobuf', 'c', 'cpp', 'c++', 'rust', 'rs', 'http', 'hcl', 'terraform', 'tf', 'toml', 'xml', 'html', 'dockerfile', 'ini', 'diff', 'kotlin', 'kt', 'ruby', 'rb', 'csharp', 'cs', 'php', 'scala', 'swift', 'graphql', 'cue', 'jsonnet', 'makefile', 'cmake', 'nginx', 'log', 'promql', 'rego']);
/**
 * What is blanked: images, HTML comments (suppression comments are read from the original
 * text), URLs, link targets (the link text stays) and table-of-contents links (whole link).
 * `literal` is searched with indexOf; the sticky pattern then starts `back` characters before it.
 */
const PROBES: { literal: string; back: number; re: RegExp }[] = [
  { literal: '![', back: 0, re: /!\[[^\]]*\]\([^)]*\)/y },
  { literal: '<!--', back: 0, re: /<!--[\s\S]*?-->/y },
  { literal: '://', back: 0, re: /:\/\/[^\s)>\]`'"]+/y },
  { literal: 'www.', back: 0, re: /www\.[^\s)>\]`'"]+/y },
  { literal: '](', back: 0, re: /\]\([^)\s]+(?:\s+"[^"]*")?\)/y },
];

function maskNonProse(text: string, tokens: ReturnType<typeof md.parse>, lineStarts: number[]): { masked: string; directives: boolean } {
  const ranges: [number, number][] = [];
  let directives = false;
  // Each construct starts with a fixed string: find those with indexOf (fast) and try the
  // construct's pattern only there.
  for (const probe of PROBES) {
    for (let at = text.indexOf(probe.literal); at !== -1; at = text.indexOf(probe.literal, at + 1)) {
      const start = at - probe.back;
      if (start < 0) continue;
      probe.re.lastIndex = start;
      const m = probe.re.exec(text);
      if (!m) continue;
      if (probe.literal === '<!--' && !directives) directives = m[0].includes('faultline-');
      ranges.push(m[0].startsWith('](') ? [start + 2, start + m[0].length - 1] : [start, start + m[0].length]);
      at = start + m[0].length - 1;
    }
  }
  for (const tok of tokens) {
    if ((tok.type !== 'fence' && tok.type !== 'code_block') || !tok.map) continue;
    const lang = tok.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (!CODE_LANGS.has(lang)) continue;
    const end = tok.map[1] < lineStarts.length ? lineStarts[tok.map[1]] : text.length;
    ranges.push([lineStarts[tok.map[0]], end]);
  }
  // A URL's scheme ("https") and a table-of-contents link's text ("[Goals](#goals)") go too.
  for (const r of ranges) {
    const head = text.slice(Math.max(0, r[0] - 8), r[0]);
    const scheme = /[A-Za-z][A-Za-z0-9+.-]*$/.exec(head);
    if (text.startsWith('://', r[0]) && scheme) r[0] -= scheme[0].length;
    if (text.startsWith('(#', r[0] - 1) && text[r[0] - 2] === ']') {
      const open = text.lastIndexOf('[', r[0] - 2);
      const lineStart = text.lastIndexOf('\n', r[0]) + 1;
      if (open >= lineStart) {
        r[0] = open;
        r[1] += 1;
      }
    }
  }
  if (ranges.length === 0) return { masked: text, directives };
  ranges.sort((a, b) => a[0] - b[0]);
  // Built with join, not +=, so the result is a flat string: character scans over a rope are slow.
  const out: string[] = [];
  let pos = 0;
  for (const [a0, b] of ranges) {
    const a = Math.max(a0, pos);
    if (b <= a) continue;
    out.push(text.slice(pos, a), blank(text, a, b));
    pos = b;
  }
  out.push(text.slice(pos));
  return { masked: out.join(''), directives };
}

const SPACES = ' '.repeat(4096);
const spaces = (n: number) => (n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n));

/** text[a, b) with every character but line breaks turned into a space (a regex replace is ~20× slower). */
function blank(text: string, a: number, b: number): string {
  const parts: string[] = [];
  let from = a;
  for (let nl = text.indexOf('\n', from); nl !== -1 && nl < b; nl = text.indexOf('\n', from)) {
    parts.push(spaces(nl - from));
    from = nl + 1;
  }
  parts.push(spaces(b - from));
  return parts.join('\n');
}

const SPACE = /\s/;
/** Whether text[a, b) holds anything but whitespace (as trim() sees it), without slicing. */
function hasText(text: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if (c < 128 || !SPACE.test(text[i])) return true;
  }
  return false;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function splitCells(row: string): { start: number; end: number; text: string }[] {
  const cells: { start: number; end: number; text: string }[] = [];
  let i = 0;
  const n = row.length;
  while (i < n && /\s/.test(row[i])) i++;
  if (row[i] === '|') i++;
  let cellStart = i;
  for (; i <= n; i++) {
    const ch = row[i];
    if (i === n || (ch === '|' && row[i - 1] !== '\\')) {
      const raw = row.slice(cellStart, i);
      const lead = raw.length - raw.trimStart().length;
      const t = raw.trim();
      if (i < n || t) cells.push({ start: cellStart + lead, end: cellStart + lead + t.length, text: t });
      cellStart = i + 1;
    }
  }
  return cells;
}

const INLINE_MARK = /[*_`[]/;

/** Removes inline Markdown markers from a heading or cell. */
export function stripInline(s: string): string {
  // Most headings and cells hold no marker at all.
  if (!INLINE_MARK.test(s)) return s.trim();
  return s.replace(/[*_`]+/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim();
}
