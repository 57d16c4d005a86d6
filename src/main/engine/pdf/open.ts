// Opening a PDF with pdf.js (legacy build, Node), with passwords and every failure typed.
import { getDocument, PasswordResponses, type PDFDocumentProxy } from './pdfjs.js';
import { EngineError } from '../errors.js';
import { pdfAssetPaths } from './assets.js';

export interface OpenPdfOptions {
  password?: string | undefined;
}

interface PdfJsError {
  name?: string;
  message?: string;
  code?: number;
}

/** Opens a PDF; throws EngineError with PASSWORD_PROTECTED_FILE or CORRUPT_FILE when it cannot. */
export async function openPdf(bytes: Uint8Array, options: OpenPdfOptions = {}): Promise<PDFDocumentProxy> {
  const assets = pdfAssetPaths();
  const task = getDocument({
    // pdf.js takes ownership of (and detaches) the buffer it is given.
    data: bytes.slice(),
    password: options.password,
    ...assets,
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
    throw mapOpenError(err as PdfJsError, options.password);
  }
}

function mapOpenError(err: PdfJsError, password: string | undefined): EngineError {
  if (err?.name === 'PasswordException') {
    if (err.code === PasswordResponses.INCORRECT_PASSWORD && password) {
      return new EngineError('PASSWORD_PROTECTED_FILE', 'The password given for this PDF is not correct.');
    }
    return new EngineError(
      'PASSWORD_PROTECTED_FILE',
      'This PDF is protected by a password. Provide the password to open it.',
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
