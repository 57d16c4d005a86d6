// How each probed file type is drawn by the page viewer, and the MIME type of images shown as they are.

/** MIME types of the images shown through a blob URL. */
export const IMAGE_MIME: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
};

/** How a file type is drawn: pdf.js, an <img>, a TIFF decoded in the renderer, or nothing. */
export function sourceKind(fileType: string): 'pdf' | 'image' | 'tiff' | 'none' {
  const t = fileType.toLowerCase();
  if (t === 'pdf' || t === 'application/pdf') return 'pdf';
  if (t === 'tiff' || t === 'tif' || t === 'image/tiff') return 'tiff';
  if (IMAGE_MIME[t] || Object.values(IMAGE_MIME).includes(t)) return 'image';
  return 'none';
}
