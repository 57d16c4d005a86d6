// The page viewer's geometry: boxes in page points mapped to pixels at a zoom, zoom steps, and
// page sizes and counts read from a parse run.
import { describe, expect, it } from 'vitest';
import {
  blockFamily,
  blockSummary,
  blocksByPage,
  boxToPixels,
  displaySize,
  hasNoPages,
  isQuarterTurned,
  runPageCount,
  runPageSizes,
  turnedPlacement,
  zoomIn,
  zoomOut,
  zoomScale,
} from '../../src/renderer/components/page-view/geometry.js';
import { sourceKind } from '../../src/renderer/components/page-view/source-kind.js';
import { pictureTurn, runPageRotations, turnNote } from '../../src/renderer/components/page-view/turn.js';
import type { Block } from '../../src/shared/parse-contract.js';
import { makeBlock, makeRun } from '../helpers/contract-block.js';

/** A block on a page the engine read turned by `rotation` (none: a run from before the field). */
function turnedBlock(id: string, page: number, rotation?: 0 | 90 | 180 | 270): Block {
  const block = makeBlock({ id, page });
  return rotation === undefined ? block : { ...block, metadata: { page: { ...block.metadata.page, rotation } } };
}

describe('page-view geometry', () => {
  it('maps a box in points to pixels at the display size', () => {
    const page = { width: 612, height: 792 };
    const box = { left: 72, top: 144, right: 144, bottom: 180 };
    expect(boxToPixels(box, page, displaySize(page, 1))).toEqual({ x: 72, y: 144, width: 72, height: 36 });
    expect(boxToPixels(box, page, displaySize(page, 2))).toEqual({ x: 144, y: 288, width: 144, height: 72 });
    const half = boxToPixels(box, page, { width: 306, height: 396 });
    expect(half).toEqual({ x: 36, y: 72, width: 36, height: 18 });
    // A box given right-to-left or bottom-up still covers the same area.
    expect(boxToPixels({ left: 144, top: 180, right: 72, bottom: 144 }, page, page)).toEqual({ x: 72, y: 144, width: 72, height: 36 });
  });

  it('fits the page to the width, or uses a fixed zoom within limits', () => {
    expect(zoomScale({ mode: 'fit' }, 612, 918)).toBeCloseTo(1.5);
    expect(zoomScale({ mode: 'scale', scale: 1 }, 612, 300)).toBe(1);
    expect(zoomScale({ mode: 'scale', scale: 40 }, 612, 300)).toBe(4);
    expect(zoomScale({ mode: 'fit' }, 612, 0)).toBe(1);
    expect(displaySize({ width: 612, height: 792 }, 1.5)).toEqual({ width: 918, height: 1188 });
  });

  it('notices a scan the engine stood upright, and places its picture turned in the upright frame', () => {
    expect(isQuarterTurned({ width: 1000, height: 1400 }, { width: 1400, height: 1000 })).toBe(true);
    expect(isQuarterTurned({ width: 1000, height: 1400 }, { width: 500, height: 700 })).toBe(false);
    expect(isQuarterTurned({ width: 1000, height: 1010 }, { width: 1010, height: 1000 })).toBe(false);
    expect(turnedPlacement({ width: 700, height: 500 }, 90)).toEqual({ width: 500, height: 700, left: 100, top: -100, transform: 'rotate(90deg)' });
    expect(turnedPlacement({ width: 700, height: 500 }, 0)).toEqual({ width: 700, height: 500, left: 0, top: 0, transform: undefined });
    expect(turnedPlacement({ width: 700, height: 500 }, 180).transform).toBe('rotate(180deg)');
  });

  it('steps the zoom up and down', () => {
    expect(zoomIn(1)).toBe(1.1);
    expect(zoomIn(1.05)).toBe(1.1);
    expect(zoomOut(1)).toBe(0.9);
    expect(zoomOut(0.25)).toBe(0.25);
    expect(zoomIn(4)).toBe(4);
  });

  it('reads page sizes, page count and blocks per page from a run', () => {
    const run = makeRun([makeBlock({ id: 'a' }), makeBlock({ id: 'b', page: 2, type: 'table' }), makeBlock({ id: 'a' })], 3);
    expect([...runPageSizes(run)]).toEqual([
      [1, { width: 612, height: 792 }],
      [2, { width: 612, height: 792 }],
    ]);
    expect(runPageCount(run)).toBe(3);
    expect([...blocksByPage(run)].map(([page, blocks]) => [page, blocks.map((b) => b.id)])).toEqual([
      [1, ['a']],
      [2, ['b']],
    ]);
    expect(runPageCount(null)).toBe(0);
  });

  it('groups block types into colour families and file types into ways of drawing', () => {
    expect(blockFamily('section_heading')).toBe('heading');
    expect(blockFamily('page_number')).toBe('margin');
    expect(blockFamily('key_value')).toBe('key-value');
    expect(sourceKind('pdf')).toBe('pdf');
    expect(sourceKind('jpeg')).toBe('image');
    expect(sourceKind('tiff')).toBe('tiff');
    expect(sourceKind('text')).toBe('none');
  });
});

describe('turning the picture under the boxes', () => {
  const portrait = { width: 612, height: 792 };
  const landscape = { width: 792, height: 612 };

  it('reads each page’s rotation from its blocks, leaving out pages that do not state one', () => {
    const run = makeRun([turnedBlock('a', 1, 180), turnedBlock('b', 1, 180), turnedBlock('c', 2, 0), turnedBlock('d', 3)], 3);
    expect([...runPageRotations(run)]).toEqual([
      [1, 180],
      [2, 0],
    ]);
    expect(runPageRotations(null).size).toBe(0);
  });

  it('turns the picture by the engine’s turn, less the turn the drawing already applied', () => {
    // An image read upside down, or on its left side: turned by exactly that.
    expect(pictureTurn(180, { ...portrait, turn: 0 }, portrait)).toEqual({ turn: 180, stated: true });
    expect(pictureTurn(90, { ...landscape, turn: 0 }, portrait)).toEqual({ turn: 90, stated: true });
    expect(pictureTurn(270, { ...landscape, turn: 0 }, portrait)).toEqual({ turn: 270, stated: true });
    // An upright scan in a PDF whose /Rotate 90 (applied by pdf.js) lays it on its side: turned back.
    expect(pictureTurn(0, { ...landscape, turn: 90 }, portrait)).toEqual({ turn: 270, stated: true });
    expect(pictureTurn(0, { ...landscape, turn: 270 }, portrait)).toEqual({ turn: 90, stated: true });
    // A text PDF page with /Rotate 90: pdf.js draws it upright already.
    expect(pictureTurn(90, { ...landscape, turn: 90 }, landscape)).toEqual({ turn: 0, stated: true });
    // Until the picture has been drawn, the engine's turn alone.
    expect(pictureTurn(180, undefined, portrait)).toEqual({ turn: 180, stated: true });
    // An upright page.
    expect(pictureTurn(0, { ...portrait, turn: 0 }, portrait)).toEqual({ turn: 0, stated: true });
  });

  it('falls back to the sizes for runs that do not state the turn', () => {
    expect(pictureTurn(undefined, { ...landscape, turn: 0 }, portrait)).toEqual({ turn: 90, stated: false });
    expect(pictureTurn(undefined, { ...portrait, turn: 0 }, portrait)).toEqual({ turn: 0, stated: false });
    expect(pictureTurn(undefined, undefined, portrait)).toEqual({ turn: 0, stated: false });
  });

  it('words the note to fit the turn, and says nothing for an upright page', () => {
    expect(turnNote({ turn: 0, stated: true })).toBeNull();
    expect(turnNote({ turn: 180, stated: true })).toBe('This file shows the page upside down; it was read, and is shown here, turned the right way up.');
    expect(turnNote({ turn: 180, stated: true })).not.toMatch(/sideways|on its side/);
    expect(turnNote({ turn: 90, stated: true })).toMatch(/on its side.*quarter turn clockwise\.$/);
    expect(turnNote({ turn: 270, stated: true })).toMatch(/on its side.*quarter turn anticlockwise\.$/);
    expect(turnNote({ turn: 90, stated: false })).toMatch(/If the picture looks sideways, use ⟳/);
  });
});

describe('hasNoPages', () => {
  it('is true only when the run and the file both have no page', () => {
    expect(hasNoPages(makeRun([], 0), 0)).toBe(true);
    // Still reading the file, or the file shows pages the run did not read.
    expect(hasNoPages(makeRun([], 0), null)).toBe(false);
    expect(hasNoPages(makeRun([], 0), 2)).toBe(false);
    expect(hasNoPages(makeRun([turnedBlock('a', 1, 0)], 1), 0)).toBe(false);
    expect(hasNoPages({ ...makeRun([], 0), status: 'FAILED' }, 0)).toBe(false);
    expect(hasNoPages(null, 0)).toBe(false);
  });
});

describe('blockSummary', () => {
  it('describes a figure by its kind, caption and labels, and flags signatures', () => {
    expect(blockSummary({ type: 'figure', content: '![chart](/x/page-1-figure-1.png)', details: { figureType: 'chart', caption: 'Figure 2: Revenue', text: 'Q1\nQ2' } })).toBe(
      'chart — Figure 2: Revenue (Q1, Q2)',
    );
    expect(blockSummary({ type: 'figure', content: '<!-- figure: other -->', details: { figureType: 'other', signature: true } })).toBe('other · signature');
    expect(blockSummary({ type: 'text', content: 'Signature:', details: { signature: true } })).toBe('Signature: · signature');
    expect(blockSummary({ type: 'text', content: '', details: {} })).toBe('(empty)');
  });
});
