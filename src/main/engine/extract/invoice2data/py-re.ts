// Python `re` functions over translated patterns: search, findall, sub (with Python's
// replacement syntax), split and groupdict.
import { compilePy, PyRegexError, SIMPLE_ESCAPES } from './py-regex.js';

/** `re.search`: the first match, or null. */
export function pySearch(pattern: string, text: string): RegExpExecArray | null {
  return compilePy(pattern).search.exec(text);
}

/** `re.findall`: whole matches without groups, group 1 with one, tuples with several. */
export function pyFindall(pattern: string, text: string): (string | string[])[] {
  const re = compilePy(pattern);
  const out: (string | string[])[] = [];
  for (const m of text.matchAll(re.global)) {
    if (re.groupCount === 0) out.push(m[0]);
    else if (re.groupCount === 1) out.push(m[1] ?? '');
    else out.push(m.slice(1).map((g) => g ?? ''));
  }
  return out;
}

/** `match.groupdict()`: named groups, unmatched ones as undefined. */
export function groupDict(m: RegExpExecArray): Record<string, string | undefined> {
  return { ...(m.groups ?? {}) };
}

type TemplatePart = string | number | { name: string };

function parseTemplate(pattern: string, repl: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let lit = '';
  for (let i = 0; i < repl.length; i++) {
    const ch = repl[i]!;
    if (ch !== '\\' || i + 1 >= repl.length) {
      lit += ch;
      continue;
    }
    const c = repl[++i]!;
    let ref: TemplatePart | null = null;
    if (c === 'g') {
      const m = /^<([^>]+)>/.exec(repl.slice(i + 1));
      if (!m) throw new PyRegexError(pattern, `bad \\g reference in replacement ${JSON.stringify(repl)}`);
      i += m[0].length;
      ref = /^\d+$/.test(m[1]!) ? Number(m[1]) : { name: m[1]! };
    } else if (/\d/.test(c)) {
      const more = /^\d?/.exec(repl.slice(i + 1))![0];
      i += more.length;
      ref = Number(c + more);
    } else if (c in SIMPLE_ESCAPES) {
      lit += String.fromCharCode(SIMPLE_ESCAPES[c]!);
    } else if (c === 'b') {
      lit += '\b';
    } else if (c === '\\') {
      lit += '\\';
    } else if (/[A-Za-z]/.test(c)) {
      throw new PyRegexError(pattern, `bad escape \\${c} in replacement ${JSON.stringify(repl)}`);
    } else {
      lit += `\\${c}`;
    }
    if (ref !== null) {
      parts.push(lit, ref);
      lit = '';
    }
  }
  parts.push(lit);
  return parts;
}

/** `re.sub(pattern, repl, text)` with Python's replacement syntax (`\1`, `\g<name>`). */
export function pySub(pattern: string, repl: string, text: string): string {
  const re = compilePy(pattern);
  const parts = parseTemplate(pattern, repl);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(re.global)) {
    out += text.slice(last, m.index);
    for (const part of parts) {
      if (typeof part === 'string') out += part;
      else if (typeof part === 'number') out += m[part] ?? '';
      else out += m.groups?.[part.name] ?? '';
    }
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

/** `re.split(pattern, text)` (captured separators are kept, as in Python). */
export function pySplit(pattern: string, text: string): string[] {
  if (pattern === '\\n') return text.split('\n');
  return text.split(compilePy(pattern).search).map((s) => s ?? '');
}
