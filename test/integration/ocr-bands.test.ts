// Which scanned pages of a PDF are read in two bands: a scanned page among text pages has the
// OCR workers to itself and is split; the first page of a scan, with more pages to come, is
// read whole so the next page need not wait (recognize.ts, parse-pdf.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parseDocument } from '../../src/main/engine/parse.js';
import { closeOcrScheduler, OcrScheduler } from '../../src/main/engine/ocr/scheduler.js';
import { makePdf } from '../helpers/make-pdf.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const corpus = process.env['PERFECTPARSER_CORPUS'] ?? path.resolve(root, '..', 'shared', 'corpus');
const scan = path.join(corpus, 'ocr', 'ocr_test.pdf');
const tmp = mkdtempSync(path.join(tmpdir(), 'pp-bands-'));

const textPage = makePdf({
  pages: [
    {
      items: [
        { text: 'Annual Summary', x: 72, y: 720, size: 20, bold: true },
        { text: 'The figures below were read from the scanned statement that follows.', x: 72, y: 690 },
      ],
    },
  ],
});

/** A PDF of the given pages, 'text' for the page above and 'scan' for the corpus's scanned page. */
function mixed(name: string, pages: Array<'text' | 'scan'>): Uint8Array {
  const textFile = path.join(tmp, 'text.pdf');
  writeFileSync(textFile, textPage);
  const out = path.join(tmp, `${name}.pdf`);
  const args = pages.flatMap((p) => [p === 'text' ? textFile : scan, '1']);
  execFileSync('qpdf', ['--empty', '--pages', ...args, '--', out]);
  return new Uint8Array(readFileSync(out));
}

/** Parses and returns the heights (pixels) of the images handed to tesseract. */
async function recognisedHeights(pdf: Uint8Array): Promise<number[]> {
  const heights: number[] = [];
  const original = OcrScheduler.prototype.recognize;
  const spy = vi.spyOn(OcrScheduler.prototype, 'recognize').mockImplementation(function (this: OcrScheduler, image, options) {
    const header = new TextDecoder().decode(image.subarray(0, 32)).split(/\s+/);
    heights.push(Number(header[2]));
    return original.call(this, image, options);
  });
  try {
    const run = await parseDocument(pdf, { advancedOptions: { pageRotationEnabled: false } });
    expect(run.status).toBe('PROCESSED');
    expect(run.chunks.map((c) => c.content).join('\n')).toMatch(/read from the scanned statement/);
  } finally {
    spy.mockRestore();
  }
  return heights;
}

describe('scanned PDF pages read in bands', () => {
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await closeOcrScheduler();
  });

  it('splits a scanned page that follows a text page, though more pages come after it', async () => {
    const heights = await recognisedHeights(mixed('text-scan-text', ['text', 'scan', 'text']));
    expect(heights).toHaveLength(2);
  }, 60_000);

  it('reads a scanned first page whole when more pages come after it', async () => {
    const heights = await recognisedHeights(mixed('scan-text', ['scan', 'text']));
    expect(heights).toHaveLength(1);
    expect(heights[0]).toBeGreaterThan(600);
  }, 60_000);
});
