// What draws one page under the box overlay: a PDF page through pdf.js, an image as it is
// (through a blob URL), or a TIFF page decoded into a canvas. Each reports the page's own size.
import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import type { IFD } from 'utif2';
import type { Size } from './geometry.js';
import { IMAGE_MIME } from './source-kind.js';
import type { DrawnPage } from './turn.js';

/** A file to show: its bytes and the type the backend probed ('pdf', 'png', 'tiff', …). */
export interface PageFile {
  bytes: Uint8Array;
  file_type: string;
  filename: string;
}

/** Told each page's own size as drawn, and the turn the drawing applied (a PDF's /Rotate). */
export type NaturalSizeListener = (page: number, drawn: DrawnPage) => void;

/** Renders one PDF page at the display size (times the device pixel ratio), cancelling a
 *  render still running when the page or size changes. */
export function PdfPageCanvas({
  doc,
  page,
  display,
  onNaturalSize,
  onError,
}: {
  doc: PDFDocumentProxy;
  page: number;
  display: Size;
  onNaturalSize: NaturalSizeListener;
  onError: (message: string) => void;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let cancelled = false;
    let task: RenderTask | null = null;
    const canvas = canvasRef.current;
    if (!canvas || page < 1 || page > doc.numPages) return;
    doc
      .getPage(page)
      .then((pdfPage) => {
        if (cancelled) return;
        const natural = pdfPage.getViewport({ scale: 1 });
        onNaturalSize(page, { width: natural.width, height: natural.height, turn: pdfPage.rotate });
        const ratio = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
        const viewport = pdfPage.getViewport({ scale: (display.width / natural.width) * ratio });
        canvas.width = Math.max(1, Math.floor(viewport.width));
        canvas.height = Math.max(1, Math.floor(viewport.height));
        task = pdfPage.render({ canvas, viewport });
        return task.promise;
      })
      .catch((err: unknown) => {
        if (cancelled || (err instanceof Error && err.name === 'RenderingCancelledException')) return;
        onError(`Page ${page} could not be drawn (${err instanceof Error ? err.message : String(err)}).`);
      });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, page, display.width, onNaturalSize, onError]);
  return (
    <canvas
      ref={canvasRef}
      className="page-view__canvas"
      data-testid="page-canvas"
      style={{ width: display.width, height: display.height }}
      aria-hidden="true"
    />
  );
}

/** Shows an image file as it is; its pixels are the page's points (72 dpi-equivalent). */
export function ImagePage({ file, display, onNaturalSize }: { file: PageFile; display: Size; onNaturalSize: NaturalSizeListener }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const mime = IMAGE_MIME[file.file_type.toLowerCase()] ?? file.file_type;
    const next = URL.createObjectURL(new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: mime }));
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [file]);
  if (!url) return null;
  return (
    <img
      src={url}
      alt=""
      className="page-view__canvas"
      data-testid="page-canvas"
      draggable={false}
      style={{ width: display.width, height: display.height }}
      onLoad={(event) => onNaturalSize(1, { width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight, turn: 0 })}
    />
  );
}

/** A TIFF file read once for its pages: its bytes as one buffer and its page directories. */
interface ParsedTiff {
  buffer: ArrayBuffer;
  ifds: IFD[];
}

/** Decodes one TIFF page in the renderer (utif2, loaded on first use) into a canvas. The file is
 *  read for its pages once (not copied again at each page turn), each page's decoded data is let
 *  go once drawn, and a page's picture shows only once it is drawn: while the next page decodes,
 *  the last one is not left under the new page's boxes. */
export function TiffPage({
  file,
  page,
  display,
  onNaturalSize,
  onPageCount,
}: {
  file: PageFile;
  page: number;
  display: Size;
  onNaturalSize: NaturalSizeListener;
  onPageCount: (count: number) => void;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const parsed = useRef<{ file: PageFile; tiff: ParsedTiff } | null>(null);
  const [failed, setFailed] = useState(false);
  /** The file and page the canvas holds (null before the first one is drawn). */
  const [drawn, setDrawn] = useState<{ file: PageFile; page: number } | null>(null);
  const shown = drawn?.file === file && drawn.page === page;
  useEffect(() => {
    let cancelled = false;
    setFailed(false);
    import('utif2')
      .then((mod) => {
        const UTIF = mod.default ?? mod;
        if (cancelled) return;
        if (parsed.current?.file !== file) {
          const buffer = file.bytes.slice().buffer;
          parsed.current = { file, tiff: { buffer, ifds: UTIF.decode(buffer).filter((ifd) => ifd['t256'] !== undefined) } };
        }
        const { buffer, ifds } = parsed.current.tiff;
        onPageCount(ifds.length);
        const ifd = ifds[page - 1];
        const canvas = canvasRef.current;
        if (!ifd || !canvas) throw new Error('no such page');
        UTIF.decodeImage(buffer, ifd);
        const rgba = UTIF.toRGBA8(ifd);
        // The page's decoded strips are not kept with the file's pages.
        (ifd as { data?: unknown }).data = undefined;
        canvas.width = ifd.width;
        canvas.height = ifd.height;
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no 2D context');
        context.putImageData(new ImageData(new Uint8ClampedArray(rgba), ifd.width, ifd.height), 0, 0);
        setDrawn({ file, page });
        onNaturalSize(page, { width: ifd.width, height: ifd.height, turn: 0 });
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
    };
  }, [file, page, onNaturalSize, onPageCount]);
  if (failed) return <BlankPage display={display} note="Preview not available for TIFF." />;
  return (
    <canvas
      ref={canvasRef}
      className="page-view__canvas"
      data-testid="page-canvas"
      data-page={shown ? page : undefined}
      style={{ width: display.width, height: display.height, visibility: shown ? 'visible' : 'hidden' }}
      aria-hidden="true"
    />
  );
}

/** A page-sized blank with a note, where there is nothing to draw (boxes still go over it). */
export function BlankPage({ display, note }: { display: Size; note: string }) {
  return (
    <div className="page-view__blank" data-testid="page-canvas" style={{ width: display.width, height: display.height }}>
      <p>{note}</p>
    </div>
  );
}
