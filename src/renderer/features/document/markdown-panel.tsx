// The parse output as blocks, page by page: each block's markdown as plain text with its type.
// Clicking a block (or Enter on it) selects it, which highlights its box on the page.
import { useEffect, useRef } from 'react';
import type { Block } from '../../../shared/parse-contract.js';
import { blockFamily, blockSummary, blockTypeLabel } from '../../components/page-view/geometry.js';
import { revealInParent } from '../../components/reveal.js';

/** Above this many blocks only the page on show is listed, so huge documents stay quick. */
const ALL_PAGES_LIMIT = 1500;

interface MarkdownPanelProps {
  pages: Map<number, Block[]>;
  page: number;
  selectedBlockId: string | null;
  onSelect: (id: string) => void;
}

export function MarkdownPanel({ pages, page, selectedBlockId, onSelect }: MarkdownPanelProps) {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  useEffect(() => {
    const block = selectedBlockId ? refs.current.get(selectedBlockId) : undefined;
    if (block) revealInParent(block);
  }, [selectedBlockId]);

  const total = [...pages.values()].reduce((n, list) => n + list.length, 0);
  if (total === 0) return <p className="doc-panel__empty">The document was read, but it contains no text.</p>;
  const numbers = [...pages.keys()].sort((a, b) => a - b);
  const shown = total > ALL_PAGES_LIMIT ? numbers.filter((n) => n === page) : numbers;

  return (
    <div className="md-blocks">
      {total > ALL_PAGES_LIMIT ? <p className="doc-panel__note">This document is long: the blocks of page {page} are listed. Turn pages in the viewer to see others.</p> : null}
      {shown.map((n) => (
        <section key={n} className="md-page" aria-label={`Page ${n}`}>
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
                    <span className="md-block__type">{blockTypeLabel(block.type)}</span>
                    <span className="md-block__text">{blockSummary(block)}</span>
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
