import { monthFromName } from './invoice2data/date-names.js';

// Turns the text found next to a label into a typed value: numbers in either decimal
// convention, dates in common written forms (to YYYY-MM-DD), yes/no answers.

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  januar: 1, februar: 2, märz: 3, maerz: 3, mai: 5, juni: 6, juli: 7, okt: 10, dez: 12,
};

/** The first number in the text ("$1,234.56", "1.234,56 €", "-12"), or null. With a known
 *  decimal separator the other one is read as a thousands separator. */
export function parseNumber(text: string, decimal?: '.' | ','): number | null {
  // A dash right after a letter or digit joins an identifier ("INV-0042"); it is not a sign.
  const m = /((?<![\p{L}\p{N}])[-−]|)(\(?)(\d[\d.,' \u00a0]*\d|\d)(\)?)/u.exec(text);
  if (!m) return null;
  // "(1,000.00)" is the accounting way of writing a negative amount.
  const negative = m[1] !== '' || (m[2] === '(' && m[4] === ')');
  let s = m[3]!.replace(/[ '\u00a0]/g, '');
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (decimal) {
    const thousands = decimal === '.' ? ',' : '.';
    s = s.split(thousands).join('').replace(decimal, '.');
  } else if (lastDot >= 0 && lastComma >= 0) {
    // The later separator is the decimal one.
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma >= 0) {
    // "1,234" is a thousands group; "12,5" and "12,50" are decimals.
    s = /^-?\d{1,3}(,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  } else if ((s.match(/\./g) ?? []).length > 1) {
    s = s.replace(/\./g, '');
  }
  const n = Number(s);
  if (!Number.isFinite(n)) return null;
  return negative ? -n : n;
}

function monthNumber(name: string): number | undefined {
  const n = name.toLowerCase();
  // Month names in a dozen languages first, then the short forms kept here.
  return monthFromName(n) ?? MONTHS[n] ?? MONTHS[n.slice(0, 4)] ?? MONTHS[n.slice(0, 3)];
}

function iso(y: number, m: number, d: number): string | null {
  if (y < 100) y += y < 70 ? 2000 : 1900;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

export type DateOrder = 'dmy' | 'mdy';

/** Which way a document writes numeric dates, from the dates that can only be read one way
 *  (31/01 is day-first, 01/31 month-first); null when nothing tells. */
export function inferDateOrder(text: string): DateOrder | null {
  let dmy = 0;
  let mdy = 0;
  for (const m of text.matchAll(/(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})(?!\d)/g)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dmy++;
    else if (b > 12 && a <= 12) mdy++;
  }
  return dmy > mdy ? 'dmy' : mdy > dmy ? 'mdy' : null;
}

/** The first date in the text as YYYY-MM-DD, or null. Numeric dates follow `order` (from the
 *  document); without it they are read day-first unless only month-first makes sense. */
export function parseDate(text: string, order?: DateOrder | null): string | null {
  let m = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(text);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})/.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    if (order === 'mdy') return iso(y, a, b) ?? iso(y, b, a);
    return b > 12 ? iso(y, a, b) : iso(y, b, a) ?? iso(y, a, b);
  }
  m = /(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(\p{L}{3,10})\.?\s*,?\s+(\d{4})/u.exec(text);
  if (m) {
    const month = monthNumber(m[2]!);
    if (month) return iso(Number(m[3]), month, Number(m[1]));
  }
  m = /(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4})/u.exec(text);
  if (m) {
    const month = monthNumber(m[1]!);
    if (month) return iso(Number(m[3]), month, Number(m[2]));
  }
  return null;
}

const DATE_LIKE =
  /\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}(?:st|nd|rd|th|er)?\.?\s+\p{L}{3,10}\.?\s*,?\s+\d{4}|\p{L}{3,10}\.?\s+\d{1,2}(?:st|nd|rd|th)?\s*,?\s+\d{4}/gu;
const AMOUNT = /(?<![\p{L}\p{N}])(?:[$€£¥₹]\s?)?[-−]?\(?(?:\d{1,3}(?:[ ,.'\u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)\)?(?:\s?[$€£¥₹%])?/gu;

/** The amount a text states: dates are set aside, then a figure with a currency sign or with
 *  decimals is preferred, else the last figure (totals are written after their words). */
export function parseAmount(text: string, decimal?: '.' | ','): number | null {
  const withoutDates = text.replace(DATE_LIKE, ' ');
  const candidates = [...withoutDates.matchAll(AMOUNT)].map((m) => m[0].trim()).filter((c) => /\d/.test(c) && !c.endsWith('%'));
  if (candidates.length === 0) return null;
  const money = candidates.find((c) => /[$€£¥₹]/.test(c)) ?? [...candidates].reverse().find((c) => /[.,]\d{2}\)?$/.test(c)) ?? candidates.at(-1)!;
  return parseNumber(money, decimal);
}

/** yes/no, true/false, checked boxes; null when the text says neither. */
export function parseBoolean(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (/^(yes|y|true|ja|oui|x)\b/.test(t) || /^[☑☒✓✔]/u.test(t)) return true;
  if (/^(no|n|false|nein|non)\b/.test(t) || t.startsWith('☐')) return false;
  return null;
}
