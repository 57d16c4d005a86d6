// The turn each page was read at, on every block's page: a PDF's /Rotate, plus the quarter turn
// OCR found for a scan lying on its side or upside down (so a viewer can turn the picture to
// match the upright boxes).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { closeOcrScheduler } from '../../../../src/main/engine/ocr/scheduler.js';
import { quarterTurn } from '../../../../src/main/engine/page-model.js';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import type { ParseRun } from '../../../../src/shared/parse-contract.js';
import { makePdf } from '../../../helpers/make-pdf.js';

const OCR_CORPUS = fileURLToPath(new URL('../../../../../shared/corpus/ocr/', import.meta.url));

function pages(run: ParseRun) {
  expect(run.status).toBe('PROCESSED');
  return run.chunks.flatMap((c) => c.blocks).map((b) => b.metadata.page);
}

async function corpusRun(name: string): Promise<ParseRun> {
  return parseDocument(new Uint8Array(readFileSync(OCR_CORPUS + name)), {});
}

describe('page rotation in the parse output', () => {
  afterAll(async () => closeOcrScheduler());

  it('reads any multiple of 90 degrees as a quarter turn', () => {
    expect([0, 90, 180, 270, 360, 450, -90, -180].map(quarterTurn)).toEqual([0, 90, 180, 270, 0, 90, 270, 180]);
  });

  it('states a text PDF page’s /Rotate, and 0 for an upright page', async () => {
    const pdf = makePdf({
      pages: [0, 90, 180, 270].map((rotate) => ({ rotate, items: [{ text: `Turned ${rotate}`, x: 72, y: 720 }] })),
    });
    const found = pages(await parseDocument(pdf, {}));
    expect(found.map((p) => [p.number, p.rotation])).toEqual([
      [1, 0],
      [2, 90],
      [3, 180],
      [4, 270],
    ]);
    // Width and height stay those of the upright page.
    expect(found[1]).toMatchObject({ width: 792, height: 612 });
  });

  it('states the turn OCR applied to a scan, added to the /Rotate the file gave it', async () => {
    // Upright, upside down, lying on its left side.
    expect(new Set(pages(await corpusRun('phototest.tif')).map((p) => p.rotation))).toEqual(new Set([0]));
    expect(new Set(pages(await corpusRun('phototest-rotated-180.png')).map((p) => p.rotation))).toEqual(new Set([180]));
    expect(new Set(pages(await corpusRun('phototest-rotated-L.png')).map((p) => p.rotation))).toEqual(new Set([90]));
    // Upright scans stored in PDFs whose /Rotate (270 and 90 as pdf.js reads them) turns them
    // onto their side: OCR turns them back, so the picture as stored was read as it is.
    expect(new Set(pages(await corpusRun('ocr_test_rotated_90.pdf')).map((p) => p.rotation))).toEqual(new Set([0]));
    expect(new Set(pages(await corpusRun('ocr_test_rotated_270.pdf')).map((p) => p.rotation))).toEqual(new Set([0]));
  }, 180_000);
});
