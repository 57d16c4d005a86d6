// Figures and signatures: pictures and drawings found on hand-made pages, typed by their cues,
// captioned, clipped to PNG through a sink, and signatures marked by ink or by their label.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataUrlFigureSink, directoryFigureSink, figureWriteProblem, type FigureSink } from '../../../src/main/engine/figures/sink.js';
import { parseDocument } from '../../../src/main/engine/parse.js';
import type { Block, ParseConfigInput } from '../../../src/shared/parse-contract.js';
import { makePdf, type TextItemSpec } from '../../helpers/make-pdf.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'pp-figures-'));
  dirs.push(d);
  return d;
}

/** A grey picture (2 × 2 pixels, ASCII-hex inline image) stretched over a box; y is its bottom. */
const picture = (x: number, y: number, w: number, h: number) => `q ${w} 0 0 ${h} ${x} ${y} cm BI /W 2 /H 2 /CS /G /BPC 8 /F /AHx ID 20806040> EI Q`;
const fillRect = (x: number, y: number, w: number, h: number, rgb = '0.2 0.4 0.8') => `${rgb} rg ${x} ${y} ${w} ${h} re f`;
const line = (x0: number, y0: number, x1: number, y1: number) => `0 0 0 RG 1 w ${x0} ${y0} m ${x1} ${y1} l S`;

/** Prose lines down the page from y, 14 points apart. */
function prose(y: number, n: number, x = 72): TextItemSpec[] {
  return Array.from({ length: n }, (_, i) => ({ text: `Body text line ${i + 1} of the report, written as plain running prose.`, x, y: y - 14 * i, size: 11 }));
}

async function figuresOf(graphics: string, items: TextItemSpec[], config: ParseConfigInput = {}, sink?: FigureSink) {
  const pdf = makePdf({ pages: [{ items, graphics }] });
  const run = await parseDocument(pdf, config, sink ? { figureSink: sink } : {});
  expect(run.status).toBe('PROCESSED');
  const blocks: Block[] = run.chunks.flatMap((c) => c.blocks);
  return { run, blocks, figures: blocks.filter((b) => b.type === 'figure'), markdown: run.chunks.map((c) => c.content).join('\n') };
}

describe('figures', () => {
  it('finds a picture between paragraphs, attaches its caption and keeps the reading order', async () => {
    const { figures, blocks, markdown } = await figuresOf(picture(72, 380, 300, 200), [
      ...prose(720, 6),
      { text: 'Figure 1: Sales by region', x: 72, y: 365, size: 9 },
      ...prose(330, 4),
    ]);
    expect(figures).toHaveLength(1);
    const f = figures[0]!;
    expect(f.details).toMatchObject({ figureType: 'image', source: 'image', caption: 'Figure 1: Sales by region' });
    expect(f.boundingBox.left).toBeCloseTo(72, 0);
    expect(f.boundingBox.top).toBeCloseTo(792 - 580, 0);
    expect(f.boundingBox.bottom).toBeCloseTo(792 - 380, 0);
    // After the paragraph above it, before its caption and the text below.
    const order = blocks.map((b) => b.type);
    const at = order.indexOf('figure');
    expect(blocks[at - 1]!.content).toContain('line 6');
    expect(blocks[at + 1]!.content).toBe('Figure 1: Sales by region');
    // Without a sink the markdown holds a placeholder a reader skips.
    expect(f.content).toBe('<!-- figure: image -->');
    expect(f.details['imagePath']).toBeUndefined();
    expect(markdown).toContain('<!-- figure: image -->');
  });

  it('clips each figure to a PNG through the sink and links it from the markdown', async () => {
    const dir = tempDir();
    const { figures, markdown } = await figuresOf(picture(72, 380, 300, 200), prose(720, 4), {}, directoryFigureSink(dir, 'report_figures'));
    expect(figures).toHaveLength(1);
    const imagePath = figures[0]!.details['imagePath'] as string;
    expect(imagePath).toBe(path.join(dir, 'page-1-figure-1.png'));
    const png = readFileSync(imagePath);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // 300 × 200 points at 150 dpi, with a small border: about 633 × 425 pixels.
    expect(png.readUInt32BE(16)).toBeGreaterThan(600);
    expect(png.readUInt32BE(20)).toBeGreaterThan(400);
    expect(markdown).toContain('![image](report_figures/page-1-figure-1.png)');
    expect(readdirSync(dir)).toEqual(['page-1-figure-1.png']);
  });

  it('writes no picture when clipping is off, and makes no figure blocks when figures are off', async () => {
    const dir = tempDir();
    const off = await figuresOf(picture(72, 380, 300, 200), prose(720, 4), { blockOptions: { figures: { figureImageClippingEnabled: false } } }, directoryFigureSink(dir));
    expect(off.figures).toHaveLength(1);
    expect(off.figures[0]!.details['imagePath']).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
    const none = await figuresOf(picture(72, 380, 300, 200), prose(720, 4), { blockOptions: { figures: { enabled: false } } }, directoryFigureSink(dir));
    expect(none.figures).toHaveLength(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps a figure whose picture cannot be written, with the reason, and the parse succeeds with a warning', async () => {
    const full: FigureSink = {
      write: () => Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })),
    };
    const { figures, run } = await figuresOf(picture(72, 380, 300, 200), prose(720, 4), {}, full);
    expect(figures).toHaveLength(1);
    expect(figures[0]!.details['imageError']).toBe('The figure could not be saved: the disk is full.');
    expect(figures[0]!.content).toBe('<!-- figure: image -->');
    // Said where the command line and the app show a run's warnings, not only on the block.
    expect(run.warnings).toEqual(['The picture of one figure could not be saved (the disk is full); the figure is in the output without it.']);
  });

  it('makes no picture for a sink that keeps no more, and says why on the figure', async () => {
    let written = 0;
    const spent: FigureSink = {
      write: async () => {
        written++;
        return { url: 'data:image/png;base64,' };
      },
      full: () => 'The picture was left out: no room.',
    };
    const { figures } = await figuresOf(picture(72, 380, 300, 200), prose(720, 4), {}, spent);
    expect(figures).toHaveLength(1);
    expect(figures[0]!.details['imageError']).toBe('The picture was left out: no room.');
    expect(written).toBe(0);
  });

  it('types a small picture in the letterhead as a logo', async () => {
    const { figures } = await figuresOf(picture(72, 720, 60, 40), [{ text: 'Northwind Traders Ltd', x: 150, y: 740, size: 14 }, ...prose(650, 8)]);
    expect(figures.map((f) => f.details['figureType'])).toEqual(['logo']);
  });

  it('reads bars on a baseline with axes as a chart, and takes its labels out of the body', async () => {
    const bars = [fillRect(110, 300, 30, 60), fillRect(160, 300, 30, 120), fillRect(210, 300, 30, 90), fillRect(260, 300, 30, 150)].join('\n');
    const axes = [line(100, 300, 320, 300), line(100, 300, 100, 470)].join('\n');
    const labels: TextItemSpec[] = [
      { text: '0', x: 88, y: 297, size: 8 },
      { text: '50', x: 84, y: 380, size: 8 },
      { text: '100', x: 80, y: 460, size: 8 },
      { text: 'Q1', x: 118, y: 288, size: 8 },
      { text: 'Q2', x: 168, y: 288, size: 8 },
    ];
    const { figures, markdown } = await figuresOf(`${bars}\n${axes}`, [...prose(720, 6), ...labels, ...prose(240, 3)]);
    expect(figures).toHaveLength(1);
    expect(figures[0]!.details).toMatchObject({ figureType: 'chart', source: 'drawing' });
    expect(figures[0]!.details['text']).toContain('50');
    expect(markdown).not.toMatch(/\bQ1\b/);
  });

  it('reads labelled boxes joined by slanted connectors as a diagram', async () => {
    const box = (x: number, y: number) => `0 0 0 RG 1 w ${x} ${y} 90 30 re S`;
    const drawing = [box(100, 450), box(300, 450), box(200, 330), line(190, 450, 230, 360), line(340, 450, 270, 360)].join('\n');
    const labels: TextItemSpec[] = [
      { text: 'Intake', x: 120, y: 462, size: 10 },
      { text: 'Review', x: 320, y: 462, size: 10 },
      { text: 'Archive', x: 220, y: 342, size: 10 },
    ];
    const { figures } = await figuresOf(drawing, [...prose(720, 6), ...labels, ...prose(280, 3)]);
    expect(figures).toHaveLength(1);
    expect(figures[0]!.details['figureType']).toBe('diagram');
  });

  it('leaves table borders, rules and a band behind a heading to the text', async () => {
    const grid = [0, 1, 2, 3].map((i) => line(72, 500 - 20 * i, 400, 500 - 20 * i)).concat([72, 200, 400].map((x) => line(x, 500, x, 440))).join('\n');
    const band = picture(60, 585, 400, 30);
    const items: TextItemSpec[] = [
      { text: 'Quarterly Results', x: 72, y: 593, size: 18, bold: true },
      { text: 'Region', x: 80, y: 485, size: 10 },
      { text: 'North', x: 210, y: 485, size: 10 },
      { text: 'Revenue', x: 80, y: 465, size: 10 },
      { text: '1,200', x: 210, y: 465, size: 10 },
      { text: 'Costs', x: 80, y: 445, size: 10 },
      { text: '900', x: 210, y: 445, size: 10 },
      ...prose(720, 6),
    ];
    const { figures, markdown } = await figuresOf(`${band}\n${grid}\n${line(72, 420, 540, 420)}`, items);
    expect(figures).toHaveLength(0);
    expect(markdown).toContain('Quarterly Results');
  });
});

describe('signatures', () => {
  /** A hand-written flourish: a few curved unfilled strokes, about 150 × 30 points. */
  const ink = (x: number, y: number) =>
    `0 0 0.5 RG 1.2 w ${x} ${y} m ${x + 20} ${y + 30} ${x + 30} ${y - 10} ${x + 50} ${y + 15} c ${x + 70} ${y + 35} ${x + 90} ${y - 5} ${x + 110} ${y + 20} c ${x + 125} ${y + 30} ${x + 140} ${y} ${x + 150} ${y + 10} c S ` +
    `${x + 10} ${y - 2} m ${x + 60} ${y + 8} ${x + 100} ${y - 6} ${x + 145} ${y + 4} c S`;
  const form: TextItemSpec[] = [...prose(720, 6), { text: 'Signature:', x: 72, y: 400, size: 11 }, { text: 'Date: 2026-03-01', x: 400, y: 400, size: 11 }];

  it('marks ink strokes beside a signature label as a signature figure', async () => {
    const { figures } = await figuresOf(ink(150, 395), form);
    expect(figures).toHaveLength(1);
    expect(figures[0]!.details).toMatchObject({ signature: true, source: 'drawing' });
  });

  it('marks a picture by a signature label (a pasted scan of a signature)', async () => {
    const { figures } = await figuresOf(picture(150, 392, 140, 28), [...prose(720, 6), { text: 'Signed by the tenant', x: 150, y: 375, size: 9 }]);
    expect(figures).toHaveLength(1);
    expect(figures[0]!.details['signature']).toBe(true);
  });

  it('does not mark a picture far from any signature label', async () => {
    const { figures } = await figuresOf(picture(72, 380, 300, 200), [...prose(720, 4), { text: 'Signature:', x: 72, y: 100, size: 11 }]);
    expect(figures[0]!.details['signature']).toBeUndefined();
  });

  it('leaves signatures unmarked when detection is off', async () => {
    const { figures } = await figuresOf(ink(150, 395), form, { blockOptions: { text: { signatureDetectionEnabled: false } } });
    expect(figures).toHaveLength(1);
    expect(figures[0]!.details['signature']).toBeUndefined();
  });

  it('marks the label block when figure blocks are off', async () => {
    const { blocks, figures } = await figuresOf(ink(150, 395), form, { blockOptions: { figures: { enabled: false } } });
    expect(figures).toHaveLength(0);
    const marked = blocks.filter((b) => b.details['signature'] === true);
    expect(marked).toHaveLength(1);
    expect(marked[0]!.content).toContain('Signature');
    expect(marked[0]!.details['signatureBox']).toBeDefined();
  });
});

describe('the figure sink', () => {
  it('writes whole files into its folder and refuses names that leave it', async () => {
    const dir = path.join(tempDir(), 'made-on-first-write');
    const sink = directoryFigureSink(dir);
    const out = await sink.write('page-2-figure-1.png', new Uint8Array([1, 2, 3]));
    expect(out).toEqual({ path: path.join(dir, 'page-2-figure-1.png'), href: `${dir.replace(/\\/g, '/')}/page-2-figure-1.png` });
    expect(readdirSync(dir)).toEqual(['page-2-figure-1.png']);
    await expect(sink.write('../escape.png', new Uint8Array([1]))).rejects.toThrow(/invalid figure file name/);
    expect(figureWriteProblem(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('the figures folder is not writable');
  });

  it('names pictures under the folder they are moved to when it only stages them', async () => {
    const staged = path.join(tempDir(), 'staged');
    const final = path.join(tempDir(), 'final');
    const out = await directoryFigureSink(staged, 'final', final).write('page-1-figure-1.png', new Uint8Array([7]));
    expect(out).toEqual({ path: path.join(final, 'page-1-figure-1.png'), href: 'final/page-1-figure-1.png' });
    expect(readdirSync(staged)).toEqual(['page-1-figure-1.png']);
    expect(existsSync(final)).toBe(false);
  });

  it('carries pictures as data URLs up to its budget, then leaves the rest out with the reason', async () => {
    const sink = dataUrlFigureSink(5);
    expect(await sink.write('page-1-figure-1.png', new Uint8Array([1, 2, 3]))).toEqual({ url: 'data:image/png;base64,AQID' });
    const over = await sink.write('page-1-figure-2.png', new Uint8Array([4, 5, 6]));
    expect(over).toEqual({ leftOut: expect.stringMatching(/^The picture was left out: the figures before it fill this answer's 0 MB of pictures\./) });
    // Once full, a smaller later picture is left out too: pictures are kept in page order.
    expect(await sink.write('page-2-figure-1.png', new Uint8Array([9]))).toEqual(over);
    // And it says so before any picture is made for it.
    expect(sink.full?.()).toBe((over as { leftOut: string }).leftOut);
    expect(dataUrlFigureSink(5).full?.()).toBeUndefined();
  });
});
