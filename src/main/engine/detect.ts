// File type detection from magic bytes (never from the extension alone).

export type FileKind =
  | 'pdf'
  | 'png'
  | 'jpeg'
  | 'tiff'
  | 'webp'
  | 'bmp'
  | 'gif'
  | 'zip'
  | 'ole'
  | 'text'
  | 'unknown';

export interface DetectedType {
  kind: FileKind;
  mime: string;
  label: string;
}

const TYPES: Record<FileKind, Omit<DetectedType, 'kind'>> = {
  pdf: { mime: 'application/pdf', label: 'PDF document' },
  png: { mime: 'image/png', label: 'PNG image' },
  jpeg: { mime: 'image/jpeg', label: 'JPEG image' },
  tiff: { mime: 'image/tiff', label: 'TIFF image' },
  webp: { mime: 'image/webp', label: 'WebP image' },
  bmp: { mime: 'image/bmp', label: 'BMP image' },
  gif: { mime: 'image/gif', label: 'GIF image' },
  zip: { mime: 'application/zip', label: 'ZIP archive (for example a Word, Excel or PowerPoint file)' },
  ole: { mime: 'application/x-ole-storage', label: 'legacy Microsoft Office file' },
  text: { mime: 'text/plain', label: 'plain text file' },
  unknown: { mime: 'application/octet-stream', label: 'file of unknown type' },
};

function startsWith(bytes: Uint8Array, sig: number[], offset = 0): boolean {
  if (bytes.length < offset + sig.length) return false;
  return sig.every((b, i) => bytes[offset + i] === b);
}

/** Where the PDF header starts; readers accept junk before `%PDF-` within the first KiB. */
export function pdfHeaderOffset(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length - 5, 1023);
  for (let i = 0; i <= limit; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) {
      return i;
    }
  }
  return -1;
}

function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  if (n === 0) return false;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) bad++;
  }
  return bad / n < 0.01;
}

/** Decides a file's type from its first bytes. */
export function detectFileType(bytes: Uint8Array): DetectedType {
  let kind: FileKind = 'unknown';
  // Signatures at offset 0 first: an image or archive that mentions %PDF- inside stays what it is.
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) kind = 'pdf';
  else if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) kind = 'png';
  else if (startsWith(bytes, [0xff, 0xd8, 0xff])) kind = 'jpeg';
  else if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) kind = 'tiff';
  else if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) kind = 'webp';
  else if (startsWith(bytes, [0x42, 0x4d]) && bytes.length > 26) kind = 'bmp';
  else if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) kind = 'gif';
  else if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) kind = 'zip';
  else if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) kind = 'ole';
  else if (pdfHeaderOffset(bytes) >= 0) kind = 'pdf';
  else if (looksLikeText(bytes)) kind = 'text';
  return { kind, ...TYPES[kind] };
}
