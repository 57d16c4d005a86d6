// Opening a PDF with pdf.js (legacy build, Node), with passwords and every failure typed.
import { loadDocument, PasswordResponses, type PDFDocumentProxy } from './pdfjs.js';
import { EngineError } from '../errors.js';
import { pdfAssetPaths } from './assets.js';
import { linearizedPageCount, repairPageTree, withoutCutXref } from './repair.js';
import { NEEDS_PASSWORD_WORDS } from '../../../shared/password-words.js';

export interface OpenPdfOptions {
  password?: string | undefined;
}

interface PdfJsError {
  name?: string;
  message?: string;
  code?: number;
}

/** An open PDF and the number of pages the file says it has. */
export interface OpenedPdf {
  doc: PDFDocumentProxy;
  /** `doc.numPages`, or more when the page tree was rebuilt and the file's linearization
   *  dictionary names more pages than were found (their data is gone). */
  declaredPages: number;
}

/** Opens a PDF; throws EngineError with PASSWORD_PROTECTED_FILE or CORRUPT_FILE when it cannot.
 *  A file cut short inside its cross-reference table, or whose page tree is missing, is opened
 *  from a repaired copy (see repair.ts). */
export async function openPdf(bytes: Uint8Array, options: OpenPdfOptions = {}): Promise<PDFDocumentProxy> {
  return (await openPdfDocument(bytes, options)).doc;
}

/** openPdf, with the page count the file declares (see OpenedPdf). */
export async function openPdfDocument(bytes: Uint8Array, options: OpenPdfOptions = {}): Promise<OpenedPdf> {
  try {
    const doc = await load(bytes, options.password);
    return { doc, declaredPages: doc.numPages };
  } catch (err) {
    const e = err as PdfJsError;
    if (e?.name === 'InvalidPDFException') {
      // A file cut short inside its last cross-reference table: read without the table.
      const uncut = withoutCutXref(bytes);
      if (uncut) {
        try {
          const doc = await load(uncut, options.password);
          return { doc, declaredPages: doc.numPages };
        } catch {
          // Try the page tree repair below.
        }
      }
      const repaired = repairPageTree(uncut ?? bytes);
      if (repaired) {
        try {
          const doc = await load(repaired, options.password);
          return { doc, declaredPages: Math.max(doc.numPages, linearizedPageCount(bytes) ?? 0) };
        } catch {
          // Report the original problem, not the repair's.
        }
      }
    }
    throw mapOpenError(e, options.password);
  }
}

async function load(bytes: Uint8Array, password: string | undefined): Promise<PDFDocumentProxy> {
  const task = loadDocument({
    // pdf.js takes ownership of (and detaches) the buffer it is given.
    data: bytes.slice(),
    password,
    ...pdfAssetPaths(),
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    fontExtraProperties: true,
    stopAtErrors: false,
    enableXfa: false,
    // Images larger than this are skipped rather than decoded (bounded memory).
    maxImageSize: 64 * 1024 * 1024,
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw err;
  }
}

function mapOpenError(err: PdfJsError, password: string | undefined): EngineError {
  if (err?.name === 'PasswordException') {
    if (err.code === PasswordResponses.INCORRECT_PASSWORD && password) {
      return new EngineError('PASSWORD_PROTECTED_FILE', 'The password given for this PDF is not correct.');
    }
    return new EngineError(
      'PASSWORD_PROTECTED_FILE',
      `This PDF is ${NEEDS_PASSWORD_WORDS}. Provide the password to open it.`,
    );
  }
  if (err?.name === 'InvalidPDFException') {
    return new EngineError('CORRUPT_FILE', 'The file is damaged and cannot be read as a PDF (no valid structure was found).');
  }
  if (err?.name === 'UnknownErrorException' || err?.name === 'FormatError' || err?.name === 'MissingPDFException') {
    return new EngineError('CORRUPT_FILE', `The PDF is damaged and could not be opened (${err.message ?? 'format error'}).`);
  }
  return new EngineError('CORRUPT_FILE', `The PDF could not be opened: ${err?.message ?? String(err)}.`);
}
