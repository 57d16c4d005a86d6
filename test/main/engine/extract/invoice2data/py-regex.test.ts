// Python `re` semantics on JavaScript: the translation of template regexes.
import { describe, expect, it } from 'vitest';
import { compilePy, PyRegexError } from '../../../../../src/main/engine/extract/invoice2data/py-regex.js';
import { groupDict, pyFindall, pySearch, pySplit, pySub } from '../../../../../src/main/engine/extract/invoice2data/py-re.js';

describe('Python regex syntax', () => {
  it('reads named groups and named backreferences', () => {
    const m = pySearch('(?P<word>\\w+) (?P=word)', 'say hello hello');
    expect(groupDict(m!)).toEqual({ word: 'hello' });
  });

  it('reads {,n} as {0,n} and a brace that is no repeat as a literal', () => {
    expect(pySearch('^a{,2}$', 'aa')).not.toBeNull();
    expect(pySearch('^a{,2}$', 'aaa')).toBeNull();
    expect(pySearch('x{y}', 'x{y}')?.[0]).toBe('x{y}');
    expect(pySearch('{}', 'a{}')?.[0]).toBe('{}');
  });

  it('applies inline flags such as (?i) to the whole pattern', () => {
    expect(pyFindall('(?i)(paypal)', 'PayPal')).toEqual(['PayPal']);
    expect(pySearch('a.b(?s)', 'a\nb')).not.toBeNull();
    expect(pySearch('(?x) a b  # comment', 'ab')).not.toBeNull();
  });

  it('uses Unicode \\w, \\d, \\s and \\b like Python 3', () => {
    expect(pyFindall('(\\w+)', 'Płock Chemików')).toEqual(['Płock', 'Chemików']);
    expect(pySearch('^\\d+$', '٣٤')).not.toBeNull();
    expect(pySearch('\\bété\\b', "l'été dernier")).not.toBeNull();
    expect(pySearch('a\\sb', 'a\u00a0b')).not.toBeNull();
  });

  it("matches '.' on anything but a newline, carriage return included", () => {
    expect(pySearch('a.b', 'a\rb')).not.toBeNull();
    expect(pySearch('a.b', 'a\nb')).toBeNull();
  });

  it("lets '$' match before a final newline, and \\A / \\Z only at the ends", () => {
    expect(pySearch('total$', 'the total\n')).not.toBeNull();
    expect(pySearch('total\\Z', 'the total\n')).toBeNull();
    expect(pySearch('\\Afoo', 'foo')).not.toBeNull();
    expect(pyFindall('(?m)^(\\d)', '1\n2\n3')).toEqual(['1', '2', '3']);
    expect(pyFindall('^(\\d)', '1\n2\n3')).toEqual(['1']);
  });

  it('accepts escapes Python allows and JavaScript Unicode mode does not', () => {
    expect(pySearch('\\s+\\#\\s+(\\S+)', 'no # 42')?.[1]).toBe('42');
    expect(pySearch('[-|\\/]', 'a/b')?.[0]).toBe('/');
    expect(pySearch('[]a]+', 'x]a]')?.[0]).toBe(']a]');
    expect(pySearch('Total\\:\\s(\\d+)', 'Total: 5')?.[1]).toBe('5');
  });

  it('rejects what Python rejects, with the pattern in the message', () => {
    expect(() => compilePy('\\q')).toThrow(PyRegexError);
    expect(() => compilePy('(unclosed')).toThrow(/unclosed/);
    expect(() => compilePy('[abc')).toThrow(PyRegexError);
  });
});

describe('re functions', () => {
  it('findall returns whole matches, group 1, or tuples', () => {
    expect(pyFindall('\\d+', 'a1 b22')).toEqual(['1', '22']);
    expect(pyFindall('x(\\d)?', 'x1 x')).toEqual(['1', '']);
    expect(pyFindall('(a)(b)', 'abab')).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('sub expands \\g<name>, \\g<1> and \\1, and keeps $ literal', () => {
    expect(pySub('(?P<qty>\\d{2}\\s)L', '\\g<qty>LTR', '1.00 L  x')).toBe('1.00 LTR  x');
    expect(pySub('(\\w+)@(\\w+)', '\\2 at \\g<1> $1', 'me@home')).toBe('home at me $1');
    expect(pySub('a(x)?', '[\\1]', 'a')).toBe('[]');
    expect(() => pySub('a', '\\q', 'a')).toThrow(PyRegexError);
  });

  it('split keeps captured separators, like re.split', () => {
    expect(pySplit('\\n', 'a\nb')).toEqual(['a', 'b']);
    expect(pySplit('(;)', 'a;b')).toEqual(['a', ';', 'b']);
  });
});
