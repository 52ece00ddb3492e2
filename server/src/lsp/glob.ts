/**
 * Minimal glob matching for `faultline.include`: `**`, `*`, `?`, `{a,b}` and `[...]`,
 * matched against a slash-separated path. Kept here so the server bundle needs no glob library.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more directories; a trailing `**` matches everything below.
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      inBraces++;
      re += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      re += ')';
    } else if (c === ',' && inBraces > 0) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += '[' + glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

/**
 * True when `path` (absolute, slash-separated) matches one of `globs`. Relative globs are tried
 * against the path relative to each root that contains it; a glob without a slash matches the
 * file name anywhere (like `.gitignore`).
 */
export function matchesAnyGlob(path: string, globs: readonly string[], roots: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const candidates = [path];
  for (const root of roots) {
    const prefix = root.endsWith('/') ? root : root + '/';
    if (path.startsWith(prefix)) candidates.push(path.slice(prefix.length));
  }
  const base = path.slice(path.lastIndexOf('/') + 1);
  return globs.some((g) => {
    const re = globToRegExp(g.replace(/^\.\//, ''));
    if (!g.includes('/')) return re.test(base);
    return candidates.some((c) => re.test(c));
  });
}
