// Dates as invoice2data reads them: first the template's `date_formats` (Python strptime
// directives), then a forgiving reader for the usual written forms (numeric, ISO, month names
// in the template's languages, ordinals like "1er" / "3rd"). The result is `YYYY-MM-DD`.
import { fold, isWeekday, monthFromName } from './date-names.js';

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function iso({ y, m, d }: Ymd): string | null {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Python's `%y`: 69–99 are 1969–1999, 00–68 are 2000–2068. */
const century = (yy: number): number => (yy < 69 ? 2000 + yy : 1900 + yy);

const NAME = '(\\p{L}+\\.?)';
const DIRECTIVES: Record<string, string> = {
  d: '(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  m: '(1[0-2]|0[1-9]|[1-9])',
  Y: '(\\d{4})',
  y: '(\\d\\d)',
  B: NAME,
  b: NAME,
  h: NAME,
  A: NAME,
  a: NAME,
  H: '(2[0-3]|[0-1]\\d|\\d)',
  I: '(1[0-2]|0[1-9]|[1-9])',
  M: '([0-5]\\d|\\d)',
  S: '(6[0-1]|[0-5]\\d|\\d)',
  f: '(\\d{1,6})',
  p: '(am|pm|a\\.m\\.|p\\.m\\.)',
  j: '(36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])',
  z: '(Z|[+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d)?)',
  Z: '(\\p{L}+)',
};

/** Python `datetime.strptime(value, format)` for dates (the time part is read and dropped).
 *  Month names (`%B`, `%b`) are accepted in English and the given languages. */
export function strptime(value: string, format: string, languages: readonly string[] = []): string | null {
  let source = '';
  const order: string[] = [];
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === '%') {
      const dir = format[++i];
      if (dir === '%') source += '%';
      else if (dir !== undefined && dir in DIRECTIVES) {
        source += DIRECTIVES[dir];
        order.push(dir);
      } else return null;
    } else if (/\s/.test(ch)) {
      source += '\\s+';
      while (/\s/.test(format[i + 1] ?? '')) i++;
    } else {
      source += ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    }
  }
  const m = new RegExp(`^${source}$`, 'iu').exec(value);
  if (!m) return null;
  const date: Ymd = { y: 1900, m: 1, d: 1 };
  let yearDay: number | null = null;
  for (const [i, dir] of order.entries()) {
    const g = m[i + 1]!.trim();
    if (dir === 'd') date.d = Number(g);
    else if (dir === 'm') date.m = Number(g);
    else if (dir === 'Y') date.y = Number(g);
    else if (dir === 'y') date.y = century(Number(g));
    else if (dir === 'j') yearDay = Number(g);
    else if (dir === 'B' || dir === 'b' || dir === 'h') {
      const month = monthFromName(g, languages);
      if (month === null) return null;
      date.m = month;
    }
  }
  if (yearDay !== null && !order.includes('m') && !order.includes('d')) {
    const d = new Date(Date.UTC(2000, 0, yearDay));
    d.setUTCFullYear(date.y);
    return iso({ y: date.y, m: d.getUTCMonth() + 1, d: d.getUTCDate() });
  }
  return iso(date);
}

const STOP_WORDS = new Set(['de', 'del', 'of', 'the', 'le', 'den', 'der', 'du', 'am', 'on', 'el', 'la', 'di', 'dem']);

/** Lower case, accents, weekdays, ordinals, commas, times and filler words removed. */
function normalise(value: string): string {
  let s = fold(value).replace(/t(?=\d{1,2}:\d{2})/, ' ');
  s = s.replace(/\b\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?)?(?:\s*(?:z|[+-]\d\d:?\d\d))?/g, ' ');
  s = s.replace(/(\d)(?:st|nd|rd|th|er|re|e|eme|o|a|º|ª|°)(?=[\s.,/-]|$)/g, '$1');
  s = s.replace(/,/g, ' ');
  const words = s.split(/\s+/).filter((w) => w !== '' && !isWeekday(w) && !STOP_WORDS.has(w));
  return words.join(' ').replace(/[.\s]+$/, '');
}

/** The written date in `value` as `YYYY-MM-DD`, without a format. Ambiguous numeric dates are
 *  read month-first (as dateutil does) unless the languages are all non-English. */
export function parseLooseDate(value: string, languages: readonly string[] = []): string | null {
  const s = normalise(value);
  const dayFirst = languages.length > 0 && !languages.includes('en');
  let m = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$/.exec(s);
  if (m) return iso({ y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) });
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return iso({ y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) });
  m = /^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = m[4]!.length === 2 ? century(Number(m[4])) : Number(m[4]);
    const dmy = iso({ y, m: b, d: a });
    const mdy = iso({ y, m: a, d: b });
    return dayFirst ? (dmy ?? mdy) : (mdy ?? dmy);
  }
  const year = (t: string): number => (t.length === 2 ? century(Number(t)) : Number(t));
  m = /^(\d{1,2})\.?\s*-?\s*(\p{L}+)\.?\s*-?\s*(\d{4}|\d{2})$/u.exec(s);
  if (m) {
    const month = monthFromName(m[2]!, languages);
    return month === null ? null : iso({ y: year(m[3]!), m: month, d: Number(m[1]) });
  }
  m = /^(\p{L}+)\.?\s*-?\s*(\d{1,2})\.?\s*-?\s+(\d{4})$/u.exec(s);
  if (m) {
    const month = monthFromName(m[1]!, languages);
    return month === null ? null : iso({ y: Number(m[3]), m: month, d: Number(m[2]) });
  }
  m = /^(\d{4})\s*[-/.]?\s*(\p{L}+)\.?\s*[-/.]?\s*(\d{1,2})$/u.exec(s);
  if (m) {
    const month = monthFromName(m[2]!, languages);
    return month === null ? null : iso({ y: Number(m[1]), m: month, d: Number(m[3]) });
  }
  m = /^(\p{L}+)\.?\s*-?\s*(\d{4})$/u.exec(s);
  if (m) {
    const month = monthFromName(m[1]!, languages);
    return month === null ? null : iso({ y: Number(m[2]), m: month, d: 1 });
  }
  return null;
}

/** A date per the template: each `date_formats` entry in turn, then the forgiving reader. */
export function parseDate(value: string, dateFormats: readonly string[] = [], languages: readonly string[] = []): string | null {
  const v = value.trim();
  if (v === '') return null;
  for (const format of dateFormats) {
    const r = strptime(v, format, languages);
    if (r) return r;
  }
  return parseLooseDate(v, languages);
}
