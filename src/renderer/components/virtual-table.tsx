// A table that renders only the rows in view (@tanstack/react-virtual), so ten thousand files
// or documents scroll smoothly. Rows have one fixed height; cells are laid out by a CSS grid.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';

export interface VirtualColumn<T> {
  id: string;
  header: ReactNode;
  /** A CSS grid track: "minmax(0, 3fr)", "96px". */
  width: string;
  align?: 'start' | 'end' | 'center';
  render(row: T, index: number): ReactNode;
}

export interface VirtualTableProps<T> {
  rows: readonly T[];
  columns: readonly VirtualColumn<T>[];
  rowKey(row: T, index: number): string;
  /** Every row's height in pixels. */
  rowHeight: number;
  /** Accessible name of the table ("Staged files"). */
  label: string;
  /** Tallest the scroll area grows (CSS length); shorter lists take only their rows' height. */
  maxHeight?: string;
  /** data-testid on each row. */
  rowTestId?: string;
  rowClassName?(row: T): string | undefined;
}

/** Rows rendered for a first paint before the scroll area is measured (and for server rendering). */
const FIRST_PAINT_HEIGHT = 720;
/** The rows' `gap` and side `padding` (components.css, .vtable__row), in pixels. */
const COLUMN_GAP = 10;
const ROW_PADDING = 12;
/** Pixels an arrow key scrolls a wide table sideways. */
const SIDEWAYS_STEP = 40;

/** The least width of a grid track in pixels: "96px" → 96, "minmax(180px, 1fr)" → 180, "1fr" → 0. */
export function leastWidth(track: string): number {
  const m = /^\s*(?:minmax\(\s*)?(\d+(?:\.\d+)?)px/.exec(track);
  return m ? Number(m[1]) : 0;
}

export function VirtualTable<T>({ rows, columns, rowKey, rowHeight, label, maxHeight = '60vh', rowTestId, rowClassName }: VirtualTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (index) => rowKey(rows[index]!, index),
    overscan: 10,
    initialRect: { width: 0, height: FIRST_PAINT_HEIGHT },
  });
  const template = columns.map((c) => c.width).join(' ');
  // Narrower than its columns' least widths (a small window, a zoomed page), the table scrolls
  // sideways as a whole rather than cutting its last columns off.
  const minWidth = columns.reduce((sum, c) => sum + leastWidth(c.width), 0) + COLUMN_GAP * (columns.length - 1) + ROW_PADDING * 2;
  const cellClass = (c: VirtualColumn<T>) => `vtable__cell${c.align && c.align !== 'start' ? ` vtable__cell--${c.align}` : ''}`;

  return (
    <div ref={tableRef} role="table" aria-label={label} aria-rowcount={rows.length + 1} className="vtable">
      <div role="rowgroup" className="vtable__head" style={{ minWidth }}>
        <div role="row" aria-rowindex={1} className="vtable__row vtable__row--head" style={{ gridTemplateColumns: template }}>
          {columns.map((c) => (
            <div role="columnheader" key={c.id} className={cellClass(c)}>
              {c.header}
            </div>
          ))}
        </div>
      </div>
      <div
        ref={scrollRef}
        role="rowgroup"
        className="vtable__scroll"
        // Keyboard users can focus the scroll area and scroll it with the arrow keys.
        tabIndex={0}
        aria-label={`${label}, scrollable`}
        onKeyDown={(event) => {
          // The arrow keys scroll the rows up and down here; left and right scroll the table
          // sideways when it is wider than its place.
          const table = tableRef.current;
          if (event.target !== event.currentTarget || !table || table.scrollWidth <= table.clientWidth) return;
          if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
          event.preventDefault();
          table.scrollLeft += event.key === 'ArrowRight' ? SIDEWAYS_STEP : -SIDEWAYS_STEP;
        }}
        style={{ height: `${rows.length * rowHeight}px`, maxHeight, minWidth }}
      >
        <div className="vtable__sizer" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const extra = rowClassName?.(row);
            return (
              <div
                role="row"
                key={item.key}
                aria-rowindex={item.index + 2}
                data-testid={rowTestId}
                className={`vtable__row${extra ? ` ${extra}` : ''}`}
                style={{ gridTemplateColumns: template, height: `${rowHeight}px`, transform: `translateY(${item.start}px)` }}
              >
                {columns.map((c) => (
                  <div role="cell" key={c.id} className={cellClass(c)}>
                    {c.render(row, item.index)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
