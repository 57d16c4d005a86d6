// OCR inside parseDocument: a digital PDF never starts OCR; `force` and image inputs do;
// a missing language is named; cancellation and shut-down are typed.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parseDocument } from '../../../../src/main/engine/parse.js';
import { closeOcrScheduler, currentOcrScheduler, OcrScheduler } from '../../../../src/main/engine/ocr/scheduler.js';
import { makePdf } from '../../../helpers/make-pdf.js';

const digital = makePdf({
  pages: Array.from({ length: 5 }, (_, i) => ({
    items: [
      { text: `Chapter ${i + 1}`, x: 72, y: 720, size: 18 },
      { text: 'The quick brown fox jumps over the lazy dog, page after page of real text.', x: 72, y: 690 },
    ],
  })),
});

describe('OCR in the engine', () => {
  beforeEach(async () => closeOcrScheduler());
  afterAll(async () => closeOcrScheduler());

  it('never starts OCR for a digital PDF under auto', async () => {
    const run = await parseDocument(digital, {});
    expect(run.status).toBe('PROCESSED');
    expect(currentOcrScheduler()).toBeUndefined();
    expect(run.chunks.flatMap((c) => c.blocks).every((b) => b.metadata.avgOcrConfidence === undefined)).toBe(true);
  });

  it('names a missing OCR language in a clear failure', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array<number>(40).fill(0)]);
    const run = await parseDocument(png, { advancedOptions: { ocrLanguages: ['eng', 'xyz'] } });
    expect(run.status).toBe('FAILED');
    expect(run.failureMessage).toMatch(/missing for xyz/);
  });

  it('OCRs every page under force, with confidences', async () => {
    const run = await parseDocument(makePdf({ pages: [{ items: [{ text: 'FORCED OCR READS THIS LINE', x: 72, y: 700, size: 28 }] }] }), {
      advancedOptions: { ocr: 'force' },
    });
    expect(run.status).toBe('PROCESSED');
    const blocks = run.chunks.flatMap((c) => c.blocks);
    expect(blocks.map((b) => b.content).join(' ')).toMatch(/FORCED OCR READS THIS LINE/);
    expect(blocks[0]?.metadata.avgOcrConfidence).toBeGreaterThan(0.6);
    expect(currentOcrScheduler()?.workers).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('fails cancelled and shut-down jobs with typed errors', async () => {
    const scheduler = new OcrScheduler({ size: 1 });
    const aborted = new AbortController();
    aborted.abort();
    await expect(scheduler.recognize(new Uint8Array(1), { signal: aborted.signal })).rejects.toMatchObject({ reason: 'INTERNAL_ERROR' });
    await scheduler.close();
    await expect(scheduler.recognize(new Uint8Array(1))).rejects.toMatchObject({ reason: 'OCR_ERROR' });
  });

  it('maps an unreadable image inside tesseract to OCR_ERROR and keeps working', async () => {
    const scheduler = new OcrScheduler({ size: 1 });
    try {
      await expect(scheduler.recognize(Uint8Array.from([1, 2, 3, 4]))).rejects.toMatchObject({ reason: 'OCR_ERROR' });
      const pgm = new TextEncoder().encode('P5\n8 8\n255\n');
      const ok = await scheduler.recognize(Uint8Array.from([...pgm, ...new Array<number>(64).fill(255)]));
      expect(ok.blocks ?? []).toEqual([]);
    } finally {
      await scheduler.close();
    }
  }, 60_000);
});
