// Moving runs, segments and boxes between the upright page and a table's reading frame
// (the frame in which its text reads left to right), so rotated tables are read upright.
import type { Orientation, Rect } from '../page-model.js';
import { toFrame } from '../layout/frame.js';
import type { Segment } from './types.js';

/** Maps a reading-frame point back onto the upright page (the inverse of toFrame). */
export function fromFrame(o: Orientation, fx: number, fy: number, width: number, height: number): [number, number] {
  switch (o) {
    case 0:
      return [fx, fy];
    case 90:
      return [width - fy, fx];
    case 180:
      return [width - fx, height - fy];
    case 270:
      return [fy, height - fx];
  }
}

/** A frame rectangle as a box on the upright page. */
export function rectToPage(o: Orientation, r: Rect, width: number, height: number): Rect {
  const [ax, ay] = fromFrame(o, r.left, r.top, width, height);
  const [bx, by] = fromFrame(o, r.right, r.bottom, width, height);
  return { left: Math.min(ax, bx), top: Math.min(ay, by), right: Math.max(ax, bx), bottom: Math.max(ay, by) };
}

/** A segment in the reading frame (still axis-aligned; horizontal and vertical may swap). */
export function segmentToFrame(o: Orientation, s: Segment, width: number, height: number): Segment {
  const [ax, ay] = toFrame(o, s.x0, s.y0, width, height);
  const [bx, by] = toFrame(o, s.x1, s.y1, width, height);
  return { x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) };
}
