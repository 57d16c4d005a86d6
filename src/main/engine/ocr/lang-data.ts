// Where tesseract's language data lives, offline: English from the @tesseract.js-data/eng npm
// package (or its copy in the packaged app's resources/tessdata), other languages as local
// `<lang>.traineddata` files in a folder the user names (PERFECTPARSER_TESSDATA or an option).
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EngineError } from '../errors.js';

export interface LangData {
  /** Languages joined with '+', as tesseract takes them. */
  languages: string;
  /** Folder of bundled `<lang>.traineddata.gz` files (read as tesseract.js's langPath). */
  bundledDir: string;
  /** Folder of plain `<lang>.traineddata` files, read first (tesseract.js's read-only cachePath). */
  extraDir: string;
}

const LANG_RE = /^[a-z]{3}(?:_[a-z]{3,4})?$|^osd$/i;

/** The folder holding the bundled English data (packaged resources first, then node_modules). */
export function bundledLangDir(): string {
  const resources = process.env['PERFECTPARSER_RESOURCES'];
  if (resources && existsSync(path.join(resources, 'tessdata', 'eng.traineddata.gz'))) return path.join(resources, 'tessdata');
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/** Splits "eng+deu" (or ["eng","deu"]) into checked language codes. */
export function parseLanguages(spec: string | string[] | undefined): string[] {
  const list = (Array.isArray(spec) ? spec : (spec ?? 'eng').split('+')).map((s) => s.trim()).filter((s) => s !== '');
  const bad = list.filter((l) => !LANG_RE.test(l));
  if (bad.length > 0) {
    throw new EngineError('INVALID_CONFIG_OPTIONS', `Unknown OCR language code ${bad.map((b) => `"${b}"`).join(', ')}: use tesseract codes such as eng, deu, fra, chi_tra.`);
  }
  return list.length > 0 ? [...new Set(list)] : ['eng'];
}

function readableFile(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Resolves every language to a local file; names each one whose data is missing. */
export function resolveLangData(spec: string | string[] | undefined, extraDir = process.env['PERFECTPARSER_TESSDATA']): LangData {
  const langs = parseLanguages(spec);
  const bundled = bundledLangDir();
  const extra = extraDir && extraDir.trim() !== '' ? path.resolve(extraDir) : bundled;
  // Each language's file, as tesseract looks for it: the folder's first, then the bundled one.
  const files = langs.map((l) => [path.join(extra, `${l}.traineddata`), path.join(bundled, `${l}.traineddata.gz`)].find((f) => existsSync(f)));
  const missing = langs.filter((_, i) => files[i] === undefined);
  if (missing.length > 0) {
    const where = extraDir ? `the OCR language folder ${extra}` : 'an OCR language folder (set PERFECTPARSER_TESSDATA)';
    throw new EngineError(
      'INVALID_CONFIG_OPTIONS',
      `OCR language data is missing for ${missing.join(', ')}: put ${missing.map((m) => `${m}.traineddata`).join(', ')} in ${where}.`,
    );
  }
  const unreadable = files.filter((f): f is string => f !== undefined && !readableFile(f));
  if (unreadable.length > 0) {
    throw new EngineError('INVALID_CONFIG_OPTIONS', `OCR language data cannot be read: ${unreadable.join(', ')} ${unreadable.length > 1 ? 'are not readable files' : 'is not a readable file'}.`);
  }
  return { languages: langs.join('+'), bundledDir: bundled, extraDir: extra };
}
