// Unicode clean-up for extracted text: ligatures expanded, invisible and private-use
// characters removed, so what users copy is what they read.

const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st',
  '\uFB06': 'st',
  '\u0132': 'IJ',
  '\u0133': 'ij',
  '\u01C7': 'LJ',
  '\u01C8': 'Lj',
  '\u01C9': 'lj',
  '\u01CA': 'NJ',
  '\u01CB': 'Nj',
  '\u01CC': 'nj',
};

// Soft hyphen, zero-width characters, BOM, C0/C1 controls (tab and newline are kept by callers
// that need them), replacement character and the private-use area.
// eslint-disable-next-line no-control-regex
const DROP = /[\u00AD\u200B-\u200D\u2060\uFEFF\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD\uE000-\uF8FF]/g;
const LIGATURE_RE = /[\uFB00-\uFB06\u0132\u0133\u01C7-\u01CC]/g;

/** Cleans one run of extracted text. */
export function cleanText(s: string): string {
  return s.replace(LIGATURE_RE, (c) => LIGATURES[c] ?? c).replace(DROP, '').replace(/[\t\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ');
}

/** Characters from the private-use area: a font without a Unicode map, usually a symbol. */
export function isPrivateUse(s: string): boolean {
  return /^[\uE000-\uF8FF]+$/.test(s);
}

/** One glyph with no real Unicode value (private-use or a control code): a symbol-font mark,
 *  in practice a bullet or a check box. */
export function isSymbolGlyph(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\uE000-\uF8FF\u0001-\u0008\u000E-\u001F\u007F-\u009F]$/.test(s);
}

const RTL_RE = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/g;
const LTR_RE = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u3040-\u30FF\u4E00-\u9FFF\uAC00-\uD7AF]/g;

/** Whether a string's strong characters are mostly right-to-left (Hebrew, Arabic…). */
export function isMostlyRtl(s: string): boolean {
  const rtl = s.match(RTL_RE)?.length ?? 0;
  if (rtl === 0) return false;
  const ltr = s.match(LTR_RE)?.length ?? 0;
  return rtl >= ltr;
}
