// The arithmetic of bringing an item into view along one axis (no DOM: reveal.ts measures).

/** How far to scroll along one axis so that [start, end) shows in [viewStart, viewEnd), moving
 *  as little as possible (the start wins when the item is larger than the view). */
export function nearestOffset(start: number, end: number, viewStart: number, viewEnd: number): number {
  if (start < viewStart) return start - viewStart;
  if (end > viewEnd) return Math.min(end - viewEnd, start - viewStart);
  return 0;
}
