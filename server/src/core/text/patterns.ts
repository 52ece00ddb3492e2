/**
 * Vocabulary patterns: JavaScript regular expressions written by rule authors, compiled with
 * the conventions of rules/README: case-insensitive, `.` also matches the line break of a
 * wrapped sentence (not a blank line, list item, table row or heading), a space matches any run
 * of spaces or hyphens, and a pattern that starts or ends with
 * an ASCII word character only matches on a word boundary (Japanese terms match anywhere).
 */
/** Any character, including a line break that only wraps the same sentence. */
const WRAPPING_DOT = '(?:[^\\n]|\\n(?![ \\t]*(?:\\n|[-*+] |\\d+[.)] |\\||#)))';

export function patternSource(pattern: string, tailOf: string = pattern): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    if (ch === '.' && !inClass) {
      out += WRAPPING_DOT;
      continue;
    }
    if (ch === ' ' && !inClass) {
      // "time ?out" means an optional separator: "timeout", "time out", "time-out".
      if (pattern[i + 1] === '?' || pattern[i + 1] === '*') {
        out += '[\\s\\-]*';
        i++;
      } else {
        out += '[\\s\\-]+';
      }
      continue;
    }
    out += ch;
  }
  // Letter-led patterns start a word; a number needs no check (and the look-behind would slow the scan).
  const head = /^\(*(\\b)?[A-Za-z_]/.test(pattern) || pattern.startsWith('\\w') ? '(?<![A-Za-z0-9_])' : '';
  const tail = /[A-Za-z0-9_)?*+]$/.test(tailOf) && !/[\u3000-\u9fff\uff00-\uffef]/.test(tailOf.slice(-3)) ? '(?![A-Za-z0-9_])' : '';
  return `${head}(?:${out})${tail}`;
}

/** One regex matching any of the patterns. Throws SyntaxError naming the bad pattern. */
export function compileAlternation(patterns: readonly string[], flags = 'gi'): RegExp {
  for (const p of patterns) {
    try {
      new RegExp(patternSource(p), flags);
    } catch (e) {
      throw new SyntaxError(`invalid pattern ${JSON.stringify(p)}: ${(e as Error).message}`);
    }
  }
  if (patterns.length === 0) return /(?!)/g;
  return new RegExp(patterns.map((p) => patternSource(p)).join('|'), flags);
}

/** True when `re` matches somewhere in `s`. */
export function test(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  const r = re.test(s);
  re.lastIndex = 0;
  return r;
}
