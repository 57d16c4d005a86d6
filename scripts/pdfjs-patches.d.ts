// Types for ./pdfjs-patches.js (a build script, plain JavaScript), for the tests that import it.
export interface PdfjsPatch {
  name: string;
  find: string;
  replace: string;
}
export const API_PATCHES: PdfjsPatch[];
export const WORKER_PATCHES: PdfjsPatch[];
export function patchPdfjs(source: string, patches: PdfjsPatch[]): string;
