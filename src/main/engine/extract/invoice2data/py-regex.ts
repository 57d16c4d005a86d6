// Python `re` patterns run on JavaScript RegExp. invoice2data templates are written for
// Python's engine, whose syntax and defaults differ: `(?P<name>…)`, `{,n}`, literal `{`,
// leading `(?i)`, Unicode-aware `\w \d \s \b`, `.` that stops only at `\n`, and `$` that also
// matches before a final newline. Each pattern is translated once to an equivalent `v`-mode
// RegExp and cached.

/** A pattern Python would reject, or one using a feature JavaScript cannot express. */
export class PyRegexError extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`invalid regex ${JSON.stringify(pattern)}: ${reason}`);
    this.name = 'PyRegexError';
  }
}

/** A translated pattern: `search` for one match, `global` for findall / sub. */
export interface PyRegex {
  readonly pattern: string;
  readonly search: RegExp;
  readonly global: RegExp;
  /** Number of capturing groups, named ones included (what `re.findall` looks at). */
  readonly groupCount: number;
}

interface Flags {
  i: boolean;
  s: boolean;
  m: boolean;
  x: boolean;
  a: boolean;
}

const WORD = '\\p{L}\\p{N}_';
const SPACE = '\\s\\x1c-\\x1f\\x85';
const OUT_SYNTAX = '^$\\.*+?()[]{}|/';
// Characters a `v`-mode class needs escaped: syntax characters and reserved punctuators.
const CLASS_SYNTAX = '^$\\.*+?()[]{}|/&-!#%,:;<=>@`~';
/** Character escapes shared by patterns and replacement strings. */
export const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7 };

const codePoint = (cp: number): string => `\\u{${cp.toString(16)}}`;
const literalOut = (ch: string): string => (OUT_SYNTAX.includes(ch) ? `\\${ch}` : ch);
const literalClass = (ch: string): string => (CLASS_SYNTAX.includes(ch) ? `\\${ch}` : ch);

class Translator {
  private i = 0;
  private out = '';
  readonly seen: Flags;

  constructor(
    private readonly p: string,
    private readonly flags: Flags,
  ) {
    this.seen = { ...flags };
  }

  fail(reason: string): never {
    throw new PyRegexError(this.p, `${reason} at position ${this.i}`);
  }

  run(): string {
    const p = this.p;
    while (this.i < p.length) {
      const ch = p[this.i]!;
      if (this.flags.x && /\s/.test(ch)) {
        this.i++;
      } else if (this.flags.x && ch === '#') {
        while (this.i < p.length && p[this.i] !== '\n') this.i++;
      } else if (ch === '\\') {
        this.out += this.escapeOutside();
      } else if (ch === '[') {
        this.out += this.charClass();
      } else if (ch === '(') {
        this.out += this.group();
      } else if (ch === '{') {
        this.out += this.brace();
      } else {
        this.i++;
        this.out += this.plain(ch);
      }
    }
    return this.out;
  }

  private plain(ch: string): string {
    switch (ch) {
      case '.':
        return this.flags.s ? '[\\s\\S]' : '[^\\n]';
      case '^':
        return this.flags.m ? '(?<![^\\n])' : '(?<![\\s\\S])';
      case '$':
        return this.flags.m ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
      case ')':
      case '*':
      case '+':
      case '?':
      case '|':
        return ch;
      default:
        return literalOut(ch);
    }
  }

  /** Python repeats `{m}`, `{m,}`, `{,n}`, `{m,n}`; any other brace is a literal. */
  private brace(): string {
    const m = /^\{(\d*)(?:(,)(\d*))?\}/.exec(this.p.slice(this.i));
    if (!m || m[0] === '{}') {
      this.i++;
      return '\\{';
    }
    this.i += m[0].length;
    const lo = m[1] || '0';
    if (m[2] === undefined) return `{${lo}}`;
    return `{${lo},${m[3] ?? ''}}`;
  }

  private group(): string {
    const rest = this.p.slice(this.i);
    if (!rest.startsWith('(?')) {
      this.i++;
      return '(';
    }
    let m = /^\(\?P<([^>]+)>/.exec(rest);
    if (m) {
      this.i += m[0].length;
      return `(?<${m[1]}>`;
    }
    m = /^\(\?P=([^)]+)\)/.exec(rest);
    if (m) {
      this.i += m[0].length;
      return `\\k<${m[1]}>`;
    }
    m = /^\(\?(?::|=|!|<=|<!|<(?=[A-Za-z_]))/.exec(rest);
    if (m) {
      this.i += m[0].length;
      return m[0];
    }
    if (rest.startsWith('(?#')) {
      const end = this.p.indexOf(')', this.i);
      if (end < 0) this.fail('missing ) after comment');
      this.i = end + 1;
      return '';
    }
    m = /^\(\?([aiLmsux]*)(?:-([imsx]*))?([:)])/.exec(rest);
    if (m && (m[1] !== '' || m[2] !== undefined)) {
      this.i += m[0].length;
      // JavaScript has no scoped flags; a scoped `(?i:…)` is applied to the whole pattern.
      for (const f of m[1] ?? '') if (f in this.seen) this.seen[f as keyof Flags] = true;
      return m[3] === ':' ? '(?:' : '';
    }
    return this.fail('unsupported group syntax');
  }

  private readHex(len: number): number {
    const hex = this.p.slice(this.i, this.i + len);
    if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) this.fail('bad hex escape');
    this.i += len;
    return parseInt(hex, 16);
  }

  /** A single-character escape (`\n`, `\x41`, `\0`, `\-` …), or null if not one. */
  private charEscape(c: string): number | null {
    if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c]!;
    if (c === 'x') return this.readHex(2);
    if (c === 'u') return this.readHex(4);
    if (c === 'U') return this.readHex(8);
    if (c === '0') {
      const oct = /^[0-7]{0,2}/.exec(this.p.slice(this.i))![0];
      this.i += oct.length;
      return parseInt(`0${oct}`, 8);
    }
    if (/[A-Za-z0-9]/.test(c)) return null;
    return c.codePointAt(0)!;
  }

  private escapeOutside(): string {
    const c = this.p[this.i + 1];
    if (c === undefined) this.fail('trailing backslash');
    this.i += 2;
    const ascii = this.flags.a;
    switch (c) {
      case 'w':
        return ascii ? '[A-Za-z0-9_]' : `[${WORD}]`;
      case 'W':
        return ascii ? '[^A-Za-z0-9_]' : `[^${WORD}]`;
      case 'd':
        return ascii ? '[0-9]' : '\\p{Nd}';
      case 'D':
        return ascii ? '[^0-9]' : '\\P{Nd}';
      case 's':
        return ascii ? '[ \\t\\n\\r\\f\\v]' : `[${SPACE}]`;
      case 'S':
        return ascii ? '[^ \\t\\n\\r\\f\\v]' : `[^${SPACE}]`;
      case 'b':
        return ascii ? '\\b' : `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`;
      case 'B':
        return ascii ? '\\B' : `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`;
      case 'A':
        return '(?<![\\s\\S])';
      case 'Z':
        return '(?![\\s\\S])';
    }
    if (/[1-9]/.test(c)) {
      const more = /^\d?/.exec(this.p.slice(this.i))![0];
      this.i += more.length;
      return `\\${c}${more}`;
    }
    const cp = this.charEscape(c);
    if (cp === null) return this.fail(`bad escape \\${c}`);
    const ch = String.fromCodePoint(cp);
    return cp < 0x20 || cp === 0x7f ? codePoint(cp) : literalOut(ch);
  }

  /** One class member: an escape, or a literal character (as a code point). */
  private classAtom(): { text: string; single: boolean } {
    const ch = this.p[this.i]!;
    if (ch !== '\\') {
      this.i += ch.length;
      const cp = ch.codePointAt(0)!;
      return { text: cp < 0x20 ? codePoint(cp) : literalClass(ch), single: true };
    }
    const c = this.p[this.i + 1];
    if (c === undefined) this.fail('trailing backslash');
    this.i += 2;
    const ascii = this.flags.a;
    const sets: Record<string, string> = ascii
      ? { w: 'A-Za-z0-9_', W: '[^A-Za-z0-9_]', d: '0-9', D: '[^0-9]', s: ' \\t\\n\\r\\f\\v', S: '[^ \\t\\n\\r\\f\\v]' }
      : { w: WORD, W: `[^${WORD}]`, d: '\\p{Nd}', D: '\\P{Nd}', s: SPACE, S: `[^${SPACE}]` };
    if (c in sets) return { text: sets[c]!, single: false };
    if (c === 'b') return { text: codePoint(8), single: true };
    let cp: number | null;
    if (/[1-7]/.test(c)) {
      const oct = /^[0-7]{0,2}/.exec(this.p.slice(this.i))![0];
      this.i += oct.length;
      cp = parseInt(c + oct, 8);
    } else {
      cp = this.charEscape(c);
    }
    if (cp === null) return this.fail(`bad escape \\${c}`);
    return { text: cp < 0x20 || cp > 0x7e ? codePoint(cp) : literalClass(String.fromCodePoint(cp)), single: true };
  }

  private charClass(): string {
    const p = this.p;
    this.i++;
    let out = '[';
    if (p[this.i] === '^') {
      out += '^';
      this.i++;
    }
    let first = true;
    while (this.i < p.length && (first || p[this.i] !== ']')) {
      first = false;
      const atom = this.classAtom();
      // `a-z` is a range unless the dash is last; Python rejects ranges on class escapes.
      if (atom.single && p[this.i] === '-' && this.i + 1 < p.length && p[this.i + 1] !== ']') {
        this.i++;
        const to = this.classAtom();
        if (!to.single) this.fail('bad character range');
        out += `${atom.text}-${to.text}`;
      } else {
        out += atom.text;
      }
    }
    if (p[this.i] !== ']') this.fail('unterminated character set');
    this.i++;
    return `${out}]`;
  }
}

function translate(pattern: string): { source: string; flags: Flags } {
  let flags: Flags = { i: false, s: false, m: false, x: false, a: false };
  // Inline flags act on the whole pattern, wherever they are: translate again once known.
  for (let pass = 0; pass < 2; pass++) {
    const t = new Translator(pattern, flags);
    const source = t.run();
    const same = (Object.keys(flags) as (keyof Flags)[]).every((k) => flags[k] === t.seen[k]);
    if (same) return { source, flags };
    flags = t.seen;
  }
  return { source: new Translator(pattern, flags).run(), flags };
}

const cache = new Map<string, PyRegex>();

/** Compiles a Python pattern (cached); throws PyRegexError when it cannot be translated. */
export function compilePy(pattern: string): PyRegex {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const { source, flags } = translate(pattern);
  const jsFlags = `v${flags.i ? 'i' : ''}`;
  let search: RegExp;
  try {
    search = new RegExp(source, jsFlags);
  } catch (e) {
    throw new PyRegexError(pattern, (e as Error).message);
  }
  const groupCount = new RegExp(`${source}|`, jsFlags).exec('')!.length - 1;
  const compiled: PyRegex = { pattern, search, global: new RegExp(source, `g${jsFlags}`), groupCount };
  if (cache.size > 5000) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}
