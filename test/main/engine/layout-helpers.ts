// Hand-made page-model values for the layout unit tests.
import type { Line, Orientation, TextRun } from '../../../src/main/engine/page-model.js';

export interface RunOptions {
  size?: number;
  /** Width of the run; defaults to half the font size per character. */
  width?: number;
  bold?: boolean;
  italic?: boolean;
  rtl?: boolean;
  spaceBefore?: boolean;
  spaceLeft?: boolean;
  spaceRight?: boolean;
  orientation?: Orientation;
}

/** A text run on an upright page: x0 and baseline in points. */
export function run(text: string, x0: number, baseline: number, o: RunOptions = {}): TextRun {
  const size = o.size ?? 10;
  const x1 = x0 + (o.width ?? [...text].length * 0.5 * size);
  const top = baseline - 0.8 * size;
  const bottom = baseline + 0.2 * size;
  const r: TextRun = {
    text,
    box: { left: x0, top, right: x1, bottom },
    x0,
    x1,
    baseline,
    top,
    bottom,
    fontSize: size,
    fontName: o.bold ? 'Helvetica-Bold' : 'Helvetica',
    bold: o.bold ?? false,
    italic: o.italic ?? false,
    monospace: false,
    rtl: o.rtl ?? false,
    orientation: o.orientation ?? 0,
    invisible: false,
    spaceBefore: o.spaceBefore ?? false,
  };
  if (o.spaceLeft !== undefined) r.spaceLeft = o.spaceLeft;
  if (o.spaceRight !== undefined) r.spaceRight = o.spaceRight;
  return r;
}

export interface LineOptions {
  size?: number;
  bold?: boolean;
  rtl?: boolean;
}

/** A line fragment spanning [x0, x1] with its baseline at `baseline`. */
export function line(text: string, x0: number, x1: number, baseline: number, o: LineOptions = {}): Line {
  const size = o.size ?? 10;
  const r = run(text, x0, baseline, { size, width: x1 - x0, bold: o.bold ?? false, rtl: o.rtl ?? false });
  return {
    runs: [r],
    text,
    box: { ...r.box },
    x0,
    x1,
    baseline,
    top: r.top,
    bottom: r.bottom,
    fontSize: size,
    bold: o.bold ?? false,
    italic: false,
    monospace: false,
    rtl: o.rtl ?? false,
    orientation: 0,
  };
}
