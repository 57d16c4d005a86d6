// The OCR worker's walk of tesseract's results (tesseract-blocks.ts) against tesseract.js's own
// JSON output, on a real recognition: every field the walk writes equals the JSON's, and the
// blocks tesseract.js leaves out (pictures, rules) are left out.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawRuledTable, whitePage } from '../../../helpers/draw-page.js';
import { pageBlocks, type OcrBlock, type ResultIterator, type TesseractCore } from '../../../../src/main/engine/ocr/tesseract-blocks.js';
import { lstmCoreModule } from '../../../../src/main/engine/ocr/tesseract-core.js';

const require = createRequire(import.meta.url);

interface Api {
  Init(dataPath: string, lang: string, oem: number): number;
  SetPageSegMode(mode: number): void;
  SetVariable(name: string, value: string): boolean;
  SetImageFile(exif: number, angle: number): number;
  Recognize(monitor: null): number;
  GetJSONText(): string;
  GetIterator(): ResultIterator;
}
type Core = TesseractCore & { FS: { writeFile(path: string, data: Uint8Array): void }; TessBaseAPI: new () => Api };

/** A page with a heading, a letter-spaced line, two paragraphs, a ruled table, a filled
 *  picture and a rule across: text blocks of several kinds and blocks holding no text. */
async function page(): Promise<Uint8Array> {
  const { canvas, ctx } = whitePage(1400, 1700);
  ctx.fillStyle = '#000000';
  ctx.font = 'bold 64px sans-serif';
  ctx.fillText('Quarterly Report', 100, 130);
  ctx.font = '34px sans-serif';
  ctx.fillText('S U M M A R Y   O F   S A L E S', 100, 210);
  ctx.font = '36px serif';
  const lines = [
    'Sales rose in every region this quarter, led by',
    'the northern stores, where new ranges sold well.',
    '',
    'Costs were held at last year\u2019s level; the table',
    'below gives the figures for the main products.',
  ];
  lines.forEach((line, i) => ctx.fillText(line, 100, 300 + i * 52));
  drawRuledTable(ctx, [100, 560, 790, 1020], [620, 775, 930, 1085, 1240]);
  ctx.fillStyle = '#555555';
  ctx.fillRect(1080, 620, 260, 620);
  ctx.fillStyle = '#000000';
  ctx.fillRect(100, 1330, 1240, 6);
  ctx.font = '36px serif';
  ctx.fillText('Figures are in thousands of pounds.', 100, 1420);
  return new Uint8Array(await canvas.encode('png'));
}

const words = (blocks: OcrBlock[]) => blocks.flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words)));

describe('the OCR worker reads a page’s blocks from tesseract’s result iterator', () => {
  let core: Core;
  let api: Api;
  let stock: OcrBlock[];
  let ours: OcrBlock[];

  beforeAll(async () => {
    core = (await (require(lstmCoreModule()) as (o: object) => Promise<Core>)({})) as Core;
    const data = join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int', 'eng.traineddata.gz');
    core.FS.writeFile('/eng.traineddata', gunzipSync(readFileSync(data)));
    api = new core.TessBaseAPI();
    expect(api.Init('/', 'eng', 1)).toBe(0);
    api.SetPageSegMode(3);
    api.SetVariable('user_defined_dpi', '300');
    api.SetVariable('debug_file', '/dev/null');
    core.FS.writeFile('/input', await page());
    expect(api.SetImageFile(1, 0)).toBe(0);
    api.Recognize(null);
    stock = (JSON.parse(api.GetJSONText()) as { blocks: OcrBlock[] }).blocks;
    const it = api.GetIterator();
    ours = pageBlocks(core, it);
    core.destroy(it);
  }, 60_000);

  it('finds the text, the table among it', () => {
    const text = words(ours).map((w) => w.text).join(' ');
    expect(text).toContain('Quarterly Report');
    expect(text).toContain('northern stores');
    expect(text).toContain('Apples');
    expect(text).toContain('thousands of pounds.');
    expect(ours.length).toBeGreaterThan(1);
  });

  it('has the blocks, paragraphs and lines of tesseract.js’s JSON, in its order', () => {
    expect(ours.map((b) => [b.blocktype, b.bbox])).toEqual(stock.map((b) => [Number(b.blocktype), b.bbox]));
    const paras = (blocks: OcrBlock[]) => blocks.flatMap((b) => b.paragraphs);
    expect(paras(ours).map((p) => [p.bbox, p.is_ltr])).toEqual(paras(stock).map((p) => [p.bbox, Boolean(p.is_ltr)]));
    const lines = (blocks: OcrBlock[]) => paras(blocks).flatMap((p) => p.lines);
    expect(lines(ours).length).toBe(lines(stock).length);
    lines(ours).forEach((line, i) => {
      const theirs = lines(stock)[i]!;
      expect([line.bbox, line.baseline]).toEqual([theirs.bbox, theirs.baseline]);
      expect(line.rowAttributes.rowHeight).toBeCloseTo(theirs.rowAttributes.rowHeight, 3);
    });
  });

  it('has every word and letter with its text, confidence and box', () => {
    const strip = (blocks: OcrBlock[]) =>
      words(blocks).map((w) => ({
        text: w.text,
        confidence: w.confidence,
        bbox: w.bbox,
        symbols: w.symbols.map((s) => ({ text: s.text, confidence: s.confidence, bbox: s.bbox })),
      }));
    expect(strip(ours)).toEqual(strip(stock));
    expect(words(ours).length).toBeGreaterThan(40);
  });
});
