// A quick look at a file before it is queued: its type (from magic bytes) and its page count,
// so a job can state its pages and refuse what it cannot read up front.
import { detectFileType } from './detect.js';
import { EngineError } from './errors.js';
import { decodeImage, IMAGE_KINDS } from './image/decode.js';
import { DEFAULT_MAX_FILE_SIZE } from './parse.js';
import { openPdf } from './pdf/open.js';

export interface ProbeResult {
  mime: string;
  pageCount: number;
}

/** The file's MIME type and page count; throws EngineError (FILE_TYPE_NOT_SUPPORTED,
 *  CORRUPT_FILE, PASSWORD_PROTECTED_FILE, FILE_SIZE_TOO_LARGE) when it cannot be parsed. */
export async function probeDocument(bytes: Uint8Array, maxFileSize = DEFAULT_MAX_FILE_SIZE): Promise<ProbeResult> {
  if (bytes.length === 0) throw new EngineError('CORRUPT_FILE', 'The file is empty (0 bytes).');
  if (bytes.length > maxFileSize) {
    throw new EngineError('FILE_SIZE_TOO_LARGE', `The file is ${(bytes.length / 1048576).toFixed(1)} MB, above the limit of ${(maxFileSize / 1048576).toFixed(0)} MB.`);
  }
  const type = detectFileType(bytes);
  if (type.kind === 'pdf') {
    // pdf.js takes over the buffer it is given: hand it a copy.
    const doc = await openPdf(bytes.slice());
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
  throw new EngineError(
    'FILE_TYPE_NOT_SUPPORTED',
    `This file is a ${type.label}, which cannot be parsed. Supported files are PDF documents and PNG, JPEG, TIFF, WebP, BMP and GIF images.`,
  );
}
