// Where pdf.js finds its CMaps, standard fonts and decoders: inside the installed pdfjs-dist
// package in development and tests, or the app's resources folder when packaged.
import { createRequire } from 'node:module';
import path from 'node:path';
import { existsSync } from 'node:fs';

export interface PdfAssetPaths {
  cMapUrl: string;
  standardFontDataUrl: string;
  wasmUrl: string;
  iccUrl: string;
}

let cached: PdfAssetPaths | undefined;

function withSlash(dir: string): string {
  return dir.endsWith(path.sep) ? dir : dir + path.sep;
}

/** Resolves pdf.js asset folders once; PERFECTPARSER_RESOURCES points at a packaged copy. */
export function pdfAssetPaths(): PdfAssetPaths {
  if (cached) return cached;
  const override = process.env['PERFECTPARSER_RESOURCES'];
  let root: string;
  if (override && existsSync(path.join(override, 'pdfjs', 'cmaps'))) {
    root = path.join(override, 'pdfjs');
  } else {
    const require = createRequire(import.meta.url);
    root = path.dirname(require.resolve('pdfjs-dist/package.json'));
  }
  cached = {
    cMapUrl: withSlash(path.join(root, 'cmaps')),
    standardFontDataUrl: withSlash(path.join(root, 'standard_fonts')),
    wasmUrl: withSlash(path.join(root, 'wasm')),
    iccUrl: withSlash(path.join(root, 'iccs')),
  };
  return cached;
}
