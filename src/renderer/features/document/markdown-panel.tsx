// The parse output as blocks, page by page: each block's markdown as plain text with its type,
// and for text read by OCR how sure the reading was. Clicking a block (or Enter on it) selects
// it, which highlights its box on the page; turning the viewer's page brings that page's blocks
// into view.
import { useEffect, useRef, useState } from 'react';
import type { Block } from '../../../shared/parse-contract.js';
import { FIGURE_FILE_NAME } from '../../../shared/rpc-contract.js';
import { useBackend } from '../../backend/backend-context.js';
import { formatPercent } from '../../components/format.js';
import { blockFamily, blockSummary, blockTypeLabel } from '../../components/page-view/geometry.js';
import { revealInParent, scrollingParent } from '../../components/reveal.js';
import { Confidence } from './confidence.js';

/** Above this many blocks only the page on show is listed, so huge documents stay quick. */
const ALL_PAGES_LIMIT = 1500;

interface MarkdownPanelProps {
  /** The job and document the blocks are of (for their figures' pictures). */
  documentRef: { extraction_id: string; document_id: string };
  pages: Map<number, Block[]>;
  page: number;
  selectedBlockId: string | null;
  onSelect: (id: string) => void;
}

export function MarkdownPanel({ documentRef, pages, page, selectedBlockId, onSelect }: MarkdownPanelProps) {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const sections = useRef(new Map<number, HTMLElement>());
  const total = [...pages.values()].reduce((n, list) => n + list.length, 0);
  const onePage = total > ALL_PAGES_LIMIT;
  const numbers = [...pages.keys()].sort((a, b) => a - b);
  const shown = onePage ? numbers.filter((n) => n === page) : numbers;

  useEffect(() => {
    const block = selectedBlockId ? refs.current.get(selectedBlockId) : undefined;
    if (block) revealInParent(block);
  }, [selectedBlockId]);

  // The page the viewer turned to starts the list; a selected block on it (which turned the page)
  // is shown by its own reveal instead.
  useEffect(() => {
    if (selectedBlockId && pages.get(page)?.some((b) => b.id === selectedBlockId)) return;
    const section = sections.current.get(page);
    // The first page (or the only one listed) shows from the panel's very top.
    if (section) scrollToTop(section, page === shown[0]);
    // Only a page turn moves the list (not a new selection, nor new blocks of the same page):
    // the selection and blocks are read as they are when the page turns.
  }, [page]);

  if (total === 0) return <p className="doc-panel__empty">The document was read, but it contains no text.</p>;

  return (
    <div className="md-blocks">
      {onePage ? <p className="doc-panel__note">This document is long: the blocks of page {page} are listed. Turn pages in the viewer to see others.</p> : null}
      {shown.map((n) => (
        <section
          key={n}
          className="md-page"
          aria-label={`Page ${n}`}
          ref={(el) => {
            if (el) sections.current.set(n, el);
            else sections.current.delete(n);
          }}
        >
          <h3 className="md-page__title">Page {n}</h3>
          <ol className="md-page__blocks">
            {(pages.get(n) ?? []).map((block) => {
              const selected = block.id === selectedBlockId;
              return (
                <li key={block.id}>
                  <button
                    type="button"
                    ref={(el) => {
                      if (el) refs.current.set(block.id, el);
                      else refs.current.delete(block.id);
                    }}
                    className={`md-block md-block--${blockFamily(block.type)}${selected ? ' is-selected' : ''}`}
                    data-testid="block-text"
                    data-block-id={block.id}
                    aria-pressed={selected}
                    onClick={() => onSelect(block.id)}
                  >
                    <span className="md-block__head">
                      <span className="md-block__type">{blockTypeLabel(block.type)}</span>
                      <OcrConfidence block={block} />
                    </span>
                    <span className="md-block__text">{blockSummary(block)}</span>
                    {block.type === 'figure' ? <FigurePicture block={block} documentRef={documentRef} /> : null}
                  </button>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </div>
  );
}

/** A figure's picture, as the job saved it: fetched once it scrolls into view (a long document
 *  has hundreds), shown until the panel goes. A figure saved without one says why, when known. */
function FigurePicture({ block, documentRef }: { block: Block; documentRef: MarkdownPanelProps['documentRef'] }) {
  const backend = useBackend();
  const ref = useRef<HTMLSpanElement>(null);
  const imagePath = block.details['imagePath'];
  const name = typeof imagePath === 'string' ? (imagePath.split(/[\\/]/).pop() ?? '') : '';
  const wanted = FIGURE_FILE_NAME.test(name);
  const [picture, setPicture] = useState<{ url: string } | 'missing' | null>(null);
  const { extraction_id, document_id } = documentRef;
  useEffect(() => {
    const element = ref.current;
    if (!wanted || !element) return;
    let url: string | undefined;
    let gone = false;
    const load = () => {
      backend.call('documents.figure', { extraction_id, document_id, name }).then(
        (file) => {
          if (gone) return;
          if (!file) return setPicture('missing');
          url = URL.createObjectURL(new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
          setPicture({ url });
        },
        () => !gone && setPicture('missing'),
      );
    };
    let observer: IntersectionObserver | undefined;
    if (typeof IntersectionObserver === 'undefined') load();
    else {
      observer = new IntersectionObserver((entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer?.disconnect();
        load();
      });
      observer.observe(element);
    }
    return () => {
      gone = true;
      observer?.disconnect();
      if (url) URL.revokeObjectURL(url);
    };
  }, [backend, extraction_id, document_id, name, wanted]);
  const error = block.details['imageError'];
  if (!wanted) return typeof error === 'string' ? <span className="md-block__note">{error}</span> : null;
  const caption = block.details['caption'];
  return (
    <span ref={ref} className="md-block__figure">
      {picture === 'missing' ? (
        <span className="md-block__note">The picture of this figure is no longer in the data folder.</span>
      ) : picture ? (
        <img src={picture.url} alt={typeof caption === 'string' ? caption : `The ${blockTypeLabel(block.type).toLowerCase()}’s picture`} />
      ) : (
        <span className="md-block__note">Loading the picture…</span>
      )}
    </span>
  );
}

/** How sure OCR was of a block's words (its average, the weakest word in the tooltip); nothing
 *  for text that was not read by OCR. */
function OcrConfidence({ block }: { block: Block }) {
  const { avgOcrConfidence: avg, minOcrConfidence: min } = block.metadata;
  if (avg === undefined) return null;
  const weakest = min !== undefined && min < avg ? `, its least certain word ${formatPercent(min)}` : '';
  return (
    <span className="md-block__ocr" title={`Read by OCR with ${formatPercent(avg)} confidence on average${weakest}.`}>
      OCR <Confidence value={avg} />
    </span>
  );
}

/** Scrolls the list so a page's section starts at its top (`first`: the panel from its very top,
 *  so what is above the first page, such as the note of a long document, stays in view). */
function scrollToTop(section: HTMLElement, first: boolean): void {
  const scroller = scrollingParent(section);
  if (!scroller) return;
  if (first) {
    scroller.scrollTop = 0;
    return;
  }
  const padding = Number.parseFloat(getComputedStyle(scroller).paddingTop) || 0;
  scroller.scrollTop += section.getBoundingClientRect().top - (scroller.getBoundingClientRect().top + scroller.clientTop + padding);
}
