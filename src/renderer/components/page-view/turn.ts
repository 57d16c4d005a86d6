// How far to turn a page's picture so it lies under its boxes, and what to tell the reader about
// it. The engine reads every page upright and states the turn it applied to the file's picture
// (the page's `rotation`); the viewer draws the picture as the file shows it (pdf.js already
// applies a PDF's /Rotate), so the picture is turned by the rest.
import type { ParseRun } from '../../../shared/parse-contract.js';
import { quarterTurn } from '../../../shared/parse-values.js';
import { isQuarterTurned, runBlocks, type Size } from './geometry.js';

/** A page's picture as the viewer draws it, before any turn of its own. */
export interface DrawnPage extends Size {
  /** Clockwise degrees the drawing already turned the file's picture: a PDF's /Rotate (pdf.js
   *  applies it), 0 for images. */
  turn: number;
}

/** The turn the picture needs, and whether the run stated it (or it was guessed from sizes). */
export interface PictureTurn {
  turn: 0 | 90 | 180 | 270;
  stated: boolean;
}

/** Per page, the clockwise turn the engine applied to read it upright (pages whose blocks do
 *  not say, from runs made before pages carried it, are absent). */
export function runPageRotations(run: ParseRun | null): Map<number, number> {
  const turns = new Map<number, number>();
  for (const block of runBlocks(run)) {
    const { number, rotation } = block.metadata.page;
    if (rotation !== undefined && !turns.has(number)) turns.set(number, rotation);
  }
  return turns;
}

/** The clockwise turn that puts the drawn picture under the upright boxes: the engine's turn
 *  less the one the drawing applied. A run without the page's rotation falls back to the
 *  sizes: a picture whose sides are swapped against the page is assumed a quarter turn
 *  clockwise (the reader can correct it with ⟳). */
export function pictureTurn(rotation: number | undefined, drawn: DrawnPage | undefined, upright: Size | undefined): PictureTurn {
  if (rotation !== undefined) return { turn: quarterTurn(rotation - (drawn?.turn ?? 0)), stated: true };
  const sideways = drawn !== undefined && upright !== undefined && isQuarterTurned(drawn, upright);
  return { turn: sideways ? 90 : 0, stated: false };
}

/** The note above a picture the viewer turned, in words that fit the turn; null when upright. */
export function turnNote({ turn, stated }: PictureTurn): string | null {
  if (turn === 0) return null;
  if (!stated) return 'This page was turned upright for reading. If the picture looks sideways, use ⟳ to turn it.';
  if (turn === 180) return 'This file shows the page upside down; it was read, and is shown here, turned the right way up.';
  const way = turn === 90 ? 'clockwise' : 'anticlockwise';
  return `This file shows the page on its side; it was read, and is shown here, turned a quarter turn ${way}.`;
}
