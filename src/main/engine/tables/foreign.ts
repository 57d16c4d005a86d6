// Text of another orientation inside a ruled grid: column heads set sideways over narrow
// columns. Each such line is read in its own direction and placed in the grid's reading frame
// as one piece of text, so it lands in the cell that holds it.
import { unionRects, type Orientation, type TextRun } from '../page-model.js';
import { toFrame } from '../layout/frame.js';
import { cellText } from './cell-text.js';

/** A line of another orientation, as one run in the grid's frame, and the runs it came from. */
export interface ForeignLine {
  run: TextRun;
  sources: TextRun[];
}

/** The lines of the runs not in orientation `o`, each as a run in `o`'s reading frame. */
export function foreignLines(runs: TextRun[], o: Orientation, width: number, height: number): ForeignLine[] {
  const out: ForeignLine[] = [];
  const byOrientation = new Map<Orientation, TextRun[]>();
  for (const r of runs) {
    if (r.orientation === o || r.invisible || r.text.trim() === '') continue;
    const list = byOrientation.get(r.orientation);
    if (list) list.push(r);
    else byOrientation.set(r.orientation, [r]);
  }
  for (const list of byOrientation.values()) {
    const sorted = [...list].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
    let line: TextRun[] = [];
    const flush = () => {
      if (line.length > 0) out.push(asRun(line, o, width, height));
      line = [];
    };
    for (const r of sorted) {
      const prev = line.at(-1);
      if (prev && (Math.abs(r.baseline - line[0]!.baseline) > 0.4 * Math.max(r.fontSize, prev.fontSize) || r.x0 - prev.x1 > 1.5 * r.fontSize)) flush();
      line.push(r);
    }
    flush();
  }
  return out;
}

function asRun(line: TextRun[], o: Orientation, width: number, height: number): ForeignLine {
  const { left, top, right, bottom } = unionRects(line.map((r) => r.box));
  const [ax, ay] = toFrame(o, left, top, width, height);
  const [bx, by] = toFrame(o, right, bottom, width, height);
  const f = { x0: Math.min(ax, bx), x1: Math.max(ax, bx), top: Math.min(ay, by), bottom: Math.max(ay, by) };
  const first = line[0]!;
  const run: TextRun = {
    ...first,
    text: cellText(line),
    box: { left, top, right, bottom },
    ...f,
    baseline: f.bottom,
    orientation: o,
    rtl: false,
    spaceBefore: true,
  };
  return { run, sources: line };
}
