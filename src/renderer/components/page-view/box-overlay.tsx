// The SVG over a page: block boxes coloured by type, citation boxes with their labels, the
// selected or hovered one highlighted. Boxes are in page points; the mapping to pixels is geometry.ts.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { BlockType, BoundingBox } from '../../../shared/parse-contract.js';
import { revealInParent } from '../reveal.js';
import { blockFamily, boxToPixels, type Size } from './geometry.js';

/** A box to draw over a page. */
export interface OverlayBox {
  /** Unique among the boxes given to one viewer (a block id, or "field:total"). */
  id: string;
  page: number;
  box: BoundingBox;
  kind: 'block' | 'citation';
  blockType?: BlockType | undefined;
  /** The accessible name, and the caption drawn beside a citation box. */
  label: string;
}

interface BoxOverlayProps {
  boxes: OverlayBox[];
  page: Size;
  display: Size;
  selectedId: string | null;
  hoveredId: string | null;
  onHover: (id: string | null) => void;
  onSelect?: ((box: OverlayBox) => void) | undefined;
}

/** Draws the boxes of one page; a click or Enter on a box selects it. The boxes are one Tab stop
 *  (the selected box, else the last one focused, else the first): the arrow keys, Home and End
 *  move between them in reading order, so Tab passes the page in one step. */
export function BoxOverlay({ boxes, page, display, selectedId, hoveredId, onHover, onSelect }: BoxOverlayProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (!selectedId) return;
    const target = svgRef.current?.querySelector(`[data-box-id="${CSS.escape(selectedId)}"]`);
    if (target) revealInParent(target);
  }, [selectedId, boxes]);

  const [focusedId, setFocusedId] = useState<string | null>(null);
  const has = (id: string | null) => id !== null && boxes.some((b) => b.id === id);
  const tabStop = has(selectedId) ? selectedId : has(focusedId) ? focusedId : (boxes[0]?.id ?? null);
  const moveFocus = (from: OverlayBox, key: string): boolean => {
    const i = boxes.findIndex((b) => b.id === from.id);
    const target =
      key === 'Home' ? boxes[0] : key === 'End' ? boxes.at(-1) : key === 'ArrowRight' || key === 'ArrowDown' ? boxes[i + 1] : key === 'ArrowLeft' || key === 'ArrowUp' ? boxes[i - 1] : undefined;
    if (!target) return false;
    setFocusedId(target.id);
    svgRef.current?.querySelector<SVGRectElement>(`[data-box-id="${CSS.escape(target.id)}"]`)?.focus();
    return true;
  };

  // Citations carry their label when few enough to read; otherwise on hover, focus or selection.
  const labelAll = boxes.filter((b) => b.kind === 'citation').length <= 6;
  // Blocks first, citations above them; the selected box last so nothing hides its outline.
  const ordered = [...boxes].sort((a, b) => rank(a, selectedId) - rank(b, selectedId));
  return (
    <svg
      ref={svgRef}
      className="page-view__overlay"
      width={display.width}
      height={display.height}
      viewBox={`0 0 ${display.width} ${display.height}`}
      role="group"
      aria-label={onSelect ? 'Boxes on this page; the arrow keys move between them' : 'Boxes on this page'}
    >
      {ordered.map((b) => {
        const r = boxToPixels(b.box, page, display);
        const selected = b.id === selectedId;
        const hovered = b.id === hoveredId;
        const family = b.kind === 'citation' ? 'citation' : blockFamily(b.blockType ?? 'text');
        const onKeyDown = (event: KeyboardEvent<SVGRectElement>) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            onSelect?.(b);
          } else if (!event.altKey && !event.ctrlKey && !event.metaKey && moveFocus(b, event.key)) {
            event.preventDefault();
          }
        };
        return (
          <g key={b.id} className={`page-box page-box--${family}${selected ? ' is-selected' : ''}${hovered ? ' is-hovered' : ''}`}>
            <rect
              data-testid={b.kind === 'block' ? 'block-box' : 'citation-box'}
              data-block-type={b.blockType}
              data-box-id={b.id}
              x={r.x}
              y={r.y}
              width={Math.max(r.width, 2)}
              height={Math.max(r.height, 2)}
              rx={2}
              tabIndex={onSelect && b.id === tabStop ? 0 : -1}
              role={onSelect ? 'button' : 'img'}
              aria-label={b.label}
              aria-pressed={onSelect ? selected : undefined}
              onClick={() => onSelect?.(b)}
              onKeyDown={onKeyDown}
              onMouseEnter={() => onHover(b.id)}
              onMouseLeave={() => onHover(null)}
              onFocus={() => {
                setFocusedId(b.id);
                onHover(b.id);
              }}
              onBlur={() => onHover(null)}
            >
              <title>{b.label}</title>
            </rect>
            {(b.kind === 'citation' && labelAll) || selected || hovered ? <BoxCaption text={caption(b)} x={r.x} y={r.y} maxX={display.width} /> : null}
          </g>
        );
      })}
    </svg>
  );
}

function rank(box: OverlayBox, selectedId: string | null): number {
  if (box.id === selectedId) return 2;
  return box.kind === 'citation' ? 1 : 0;
}

function caption(box: OverlayBox): string {
  if (box.kind === 'citation') return box.label;
  return (box.blockType ?? 'text').replace(/_/g, ' ');
}

function BoxCaption({ text, x, y, maxX }: { text: string; x: number; y: number; maxX: number }) {
  const short = text.length > 40 ? `${text.slice(0, 39)}…` : text;
  const width = short.length * 6.4 + 8;
  const top = y >= 16 ? y - 16 : y;
  // Kept on the page: a caption of a box near the right edge moves left.
  x = Math.max(0, Math.min(x, maxX - width));
  return (
    <g className="page-box__caption" aria-hidden="true" pointerEvents="none">
      <rect x={x} y={top} width={width} height={15} rx={2} />
      <text x={x + 4} y={top + 11}>
        {short}
      </text>
    </g>
  );
}
