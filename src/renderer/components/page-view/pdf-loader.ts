// Loads pdf.js in the renderer, once and lazily: its worker comes from a URL the bundler emits
// (never a CDN), and documents open with nothing that reaches the network or evaluates code.
import type { PDFDocumentLoadingTask } from 'pdfjs-dist';

type PdfJs = typeof import('pdfjs-dist');

let pdfjsPromise: Promise<PdfJs> | null = null;

/** pdf.js with its worker configured; the first call loads both. */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([pdfjs, worker]) => {
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
    return pdfjs;
  });
  return pdfjsPromise;
}

/** Opens a PDF from bytes (copied: pdf.js takes ownership of the buffer it is given), with its
 *  password when it is encrypted. */
export async function openPdf(bytes: Uint8Array, password?: string): Promise<PDFDocumentLoadingTask> {
  const pdfjs = await loadPdfJs();
  return pdfjs.getDocument({
    data: bytes.slice(),
    ...(password !== undefined ? { password } : {}),
    isEvalSupported: false,
    // No standard font or CMap files are fetched: fonts a PDF does not embed fall back to system fonts.
    useSystemFonts: true,
    useWorkerFetch: false,
    useWasm: false,
    enableXfa: false,
    stopAtErrors: false,
    // Errors only: pdf.js warns about every font quirk it works around (about 90 lines for one
    // 117-page PDF), which says nothing to the user and buries real problems in the console.
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
}
