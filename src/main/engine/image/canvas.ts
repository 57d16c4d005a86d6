// @napi-rs/canvas (Skia), loaded at its first use: decoding a PNG, JPEG, WebP, BMP or GIF,
// rendering a page for OCR or for its figures' pictures. Its native library took 25-30 ms of
// every engine thread's start, where a PDF read from its text layer never draws anything
// (pdf.js's own load of it is deferred too: scripts/pdfjs-patches.js).
import { createRequire } from 'node:module';
import type * as NapiCanvas from '@napi-rs/canvas';

let loaded: typeof NapiCanvas | undefined;

/** The @napi-rs/canvas module. */
export function napiCanvas(): typeof NapiCanvas {
  return (loaded ??= createRequire(import.meta.url)('@napi-rs/canvas') as typeof NapiCanvas);
}
