// One page of a document with its boxes: PDF pages through pdf.js, images as they are, TIFF
// decoded in the renderer; page navigation, zoom (fit width, 100 %, steps) and an SVG overlay.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ParseRun } from '../../../shared/parse-contract.js';
import { BoxOverlay, type OverlayBox } from './box-overlay.js';
import { DEFAULT_PAGE_SIZE, displaySize, hasNoPages, runPageCount, runPageSizes, turnedPlacement, zoomIn, zoomOut, zoomScale, type Zoom } from './geometry.js';
import { PageJump } from './page-jump.js';
import { BlankPage, ImagePage, PdfPageCanvas, TiffPage, type PageFile } from './page-sources.js';
import { sourceKind } from './source-kind.js';
import { pictureTurn, runPageRotations, turnNote, type DrawnPage } from './turn.js';
import { usePdfDocument } from './use-pdf-document.js';
import './page-view.css';

export type { OverlayBox } from './box-overlay.js';
export type { PageFile } from './page-sources.js';

export interface PageViewProps {
  /** The file to draw (null while it loads or when it is not available). */
  file: PageFile | null;
  /** Why the file is not available, as a sentence. */
  fileError?: string | null | undefined;
  /** The parse output: page sizes and page count come from it. */
  run: ParseRun | null;
  page: number;
  onPageChange: (page: number) => void;
  boxes: OverlayBox[];
  selectedId: string | null;
  onSelectBox?: ((box: OverlayBox) => void) | undefined;
  /** Names the viewer for assistive technology ("Page of invoice.pdf"). */
  label: string;
  /** Opens an encrypted PDF. */
  password?: string | undefined;
  /** Shown on the page of an encrypted PDF that needs its password (`wrong`: the one given does
   *  not open it), for example a box to type it. */
  renderLocked?: ((wrong: boolean) => ReactNode) | undefined;
}

/** Shows one page of a document with boxes over it. */
export function PageView({ file, fileError, run, page, onPageChange, boxes, selectedId, onSelectBox, label, password, renderLocked }: PageViewProps) {
  const kind = file ? sourceKind(file.file_type) : 'none';
  const pdf = usePdfDocument(file && kind === 'pdf' ? file.bytes : null, password);
  const [zoom, setZoom] = useState<Zoom>({ mode: 'fit' });
  const [hoveredId, setHoveredId] = useState<string | null>(null);
  const [natural, setNatural] = useState<ReadonlyMap<number, DrawnPage>>(new Map());
  const [sourcePages, setSourcePages] = useState(0);
  const [renderError, setRenderError] = useState<string | null>(null);
  /** Per page, the quarter turns the user chose for the picture under the boxes. */
  const [turns, setTurns] = useState<Readonly<Record<number, number>>>({});
  const [containerWidth, setContainerWidth] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setNatural(new Map());
    setSourcePages(0);
    setRenderError(null);
    setTurns({});
  }, [file]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setContainerWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onNaturalSize = useCallback((n: number, drawn: DrawnPage) => {
    setNatural((prev) => {
      const old = prev.get(n);
      if (old && old.width === drawn.width && old.height === drawn.height && old.turn === drawn.turn) return prev;
      return new Map(prev).set(n, drawn);
    });
  }, []);
  const onRenderError = useCallback((message: string) => setRenderError(message), []);

  // What the run says of its pages, read once per run (not on every hover or resize).
  const runPages = useMemo(() => ({ count: runPageCount(run), sizes: runPageSizes(run), rotations: runPageRotations(run) }), [run]);
  const pageCount = Math.max(runPages.count, pdf.doc?.numPages ?? 0, sourcePages, kind === 'image' ? 1 : 0, 1);
  const current = Math.min(Math.max(1, page), pageCount);
  const runSize = runPages.sizes.get(current);
  const naturalSize = natural.get(current);
  const pageSize = runSize ?? naturalSize ?? DEFAULT_PAGE_SIZE;
  const scale = zoomScale(zoom, pageSize.width, Math.max(0, containerWidth - 24));
  const display = displaySize(pageSize, scale);
  const pageBoxes = boxes.filter((b) => b.page === current);
  // A scan on its side or upside down is read upright, and its boxes are upright: the picture
  // is turned by the turn the engine states (or, for older runs, one guessed from the sizes).
  const engineTurn = pictureTurn(runPages.rotations.get(current), naturalSize, runSize);
  const turn = turns[current] ?? engineTurn.turn;
  const turnMessage = turns[current] === undefined ? turnNote(engineTurn) : null;
  const place = turnedPlacement(display, turn);
  // Pages the viewer's own reading of the file found (null while it is still reading).
  const shownPages = kind === 'pdf' ? (pdf.doc?.numPages ?? null) : kind === 'none' && file ? 0 : null;
  const surfaceSize = { width: Math.round(place.width), height: Math.round(place.height) };

  // PageUp / PageDown turn the page, except inside the page itself while it can still scroll
  // that way (a zoomed page is read down to its end first).
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if ((event.key !== 'PageUp' && event.key !== 'PageDown') || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const next = event.key === 'PageDown';
    const scroller = scrollRef.current;
    if (scroller && event.target instanceof Node && scroller.contains(event.target)) {
      const canScroll = next ? scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1 : scroller.scrollTop > 0;
      if (canScroll) return;
    }
    const target = current + (next ? 1 : -1);
    if (target < 1 || target > pageCount) return;
    event.preventDefault();
    onPageChange(target);
    if (scroller) scroller.scrollTop = next ? 0 : scroller.scrollHeight;
  };

  let surface;
  if (kind === 'pdf' && pdf.doc) {
    surface = <PdfPageCanvas doc={pdf.doc} page={current} display={surfaceSize} onNaturalSize={onNaturalSize} onError={onRenderError} />;
  } else if (kind === 'image' && file) {
    surface = <ImagePage file={file} display={surfaceSize} onNaturalSize={onNaturalSize} />;
  } else if (kind === 'tiff' && file) {
    surface = <TiffPage file={file} page={current} display={surfaceSize} onNaturalSize={onNaturalSize} onPageCount={setSourcePages} />;
  } else if (pdf.locked && renderLocked) {
    surface = (
      <div className="page-view__blank" data-testid="page-canvas" style={{ width: display.width, height: display.height }}>
        {renderLocked(pdf.locked === 'wrong')}
      </div>
    );
  } else {
    const note = fileError ?? pdf.error ?? (file ? (kind === 'none' ? 'No preview for this file type.' : 'Opening the page…') : 'Loading the file…');
    surface = <BlankPage display={display} note={note} />;
  }

  if (runPages.count === 0 && hasNoPages(run, shownPages)) {
    return (
      <section className="page-view" aria-label={label}>
        <div className="page-view__scroll">
          <p className="page-view__empty" role="status">
            This file has no pages.
          </p>
        </div>
      </section>
    );
  }

  return (
    <section className="page-view" aria-label={label} onKeyDown={onKeyDown}>
      <div className="page-view__toolbar" role="toolbar" aria-label="Page and zoom">
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => onPageChange(current - 1)}
          disabled={current <= 1}
          aria-label="Previous page"
          title="Previous page (Page Up)"
        >
          ‹
        </button>
        <PageJump current={current} pageCount={pageCount} onPageChange={onPageChange} />
        <span className="visually-hidden" aria-live="polite">
          Page {current} of {pageCount}
        </span>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => onPageChange(current + 1)}
          disabled={current >= pageCount}
          aria-label="Next page"
          title="Next page (Page Down)"
        >
          ›
        </button>
        <span className="page-view__spacer" />
        <button type="button" className="button button--secondary button--small" aria-label="Zoom out" onClick={() => setZoom({ mode: 'scale', scale: zoomOut(scale) })}>
          −
        </button>
        <span className="page-view__zoom" aria-label="Zoom level">
          {Math.round(scale * 100)}%
        </span>
        <button type="button" className="button button--secondary button--small" aria-label="Zoom in" onClick={() => setZoom({ mode: 'scale', scale: zoomIn(scale) })}>
          +
        </button>
        <button type="button" className="button button--secondary button--small" aria-label="Fit width" aria-pressed={zoom.mode === 'fit'} onClick={() => setZoom({ mode: 'fit' })}>
          Fit
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label="100%"
          aria-pressed={zoom.mode === 'scale' && zoom.scale === 1}
          onClick={() => setZoom({ mode: 'scale', scale: 1 })}
        >
          100%
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label="Rotate the picture a quarter turn"
          title="Rotate the picture (the boxes stay upright)"
          onClick={() => setTurns({ ...turns, [current]: (turn + 90) % 360 })}
        >
          ⟳
        </button>
      </div>
      {turnMessage ? <p className="page-view__note">{turnMessage}</p> : null}
      {renderError ? (
        <p className="page-view__error" role="alert">
          {renderError}
        </p>
      ) : null}
      <div className="page-view__scroll" ref={scrollRef}>
        <div className="page-view__page-frame" style={{ width: display.width, height: display.height }}>
          <div className="page-view__turn" style={{ left: place.left, top: place.top, width: place.width, height: place.height, transform: place.transform }}>
            {surface}
          </div>
          {/* An encrypted PDF's password box takes the page; boxes would cover it. */}
          {pdf.locked && renderLocked ? null : (
            <BoxOverlay
              boxes={pageBoxes}
              page={pageSize}
              display={display}
              selectedId={selectedId}
              hoveredId={hoveredId}
              onHover={setHoveredId}
              onSelect={onSelectBox}
            />
          )}
        </div>
      </div>
    </section>
  );
}
