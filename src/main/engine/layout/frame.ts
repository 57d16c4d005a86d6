// Reading frames: coordinates turned so that text of a given orientation reads left to right.
import type { Orientation } from '../page-model.js';

/** Maps an upright-page point into the reading frame of text with this orientation. */
export function toFrame(o: Orientation, x: number, y: number, width: number, height: number): [number, number] {
  switch (o) {
    case 0:
      return [x, y];
    case 90:
      return [y, width - x];
    case 180:
      return [width - x, height - y];
    case 270:
      return [height - y, x];
  }
}
