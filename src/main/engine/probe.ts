// A quick look at a file before it is queued: its type (from magic bytes) and its page count,
// so a job can state its pages and refuse what it cannot read up front.
import { detectFileType } from './detect.js';
import { decodeImage, IMAGE_KINDS } from './image/decode.js';
import { DEFAULT_MAX_FILE_SIZE } from './errors.js';
import { checkInputSize, unsupported } from './parse.js';
import { openPdf } from './pdf/open.js';

export interface ProbeResult {
  mime: string;
  pageCount: number;
}

/** The file's MIME type and page count; throws EngineError (FILE_TYPE_NOT_SUPPORTED,
 *  CORRUPT_FILE, PASSWORD_PROTECTED_FILE, FILE_SIZE_TOO_LARGE) when it cannot be parsed. A
 *  password opens an encrypted PDF (a wrong one is PASSWORD_PROTECTED_FILE). */
export async function probeDocument(bytes: Uint8Array, maxFileSize = DEFAULT_MAX_FILE_SIZE, password?: string): Promise<ProbeResult> {
  checkInputSize(bytes, maxFileSize);
  const type = detectFileType(bytes);
  if (type.kind === 'pdf') {
    // openPdf hands pdf.js a copy (pdf.js takes over the buffer it is given).
    const doc = await openPdf(bytes, { password });
    try {
      return { mime: type.mime, pageCount: doc.numPages };
    } finally {
      await doc.destroy();
    }
  }
  if (IMAGE_KINDS.has(type.kind)) {
    const image = decodeImage(bytes, type.kind);
    await image.frames.return(undefined);
    return { mime: type.mime, pageCount: image.count };
  }
  throw unsupported(type.label);
}
