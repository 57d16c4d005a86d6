// Types for ./pdfjs-patches.js (a build script, plain JavaScript), for the tests that import it.
export interface WorkerPatch {
  name: string;
  find: string;
  replace: string;
}
export const WORKER_PATCHES: WorkerPatch[];
export function patchPdfjsWorker(source: string, patches?: WorkerPatch[]): string;
