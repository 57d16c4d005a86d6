// tesseract's words to the page model's text runs: boxes scaled from pixels of the upright
// image to points of the upright page, one baseline and font size per line, confidence 0–1.
import type { TextRun } from '../page-model.js';
import type { TessPage } from './scheduler.js';

type TessLine = NonNullable<TessPage['blocks']>[number]['paragraphs'][number]['lines'][number];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)]!;
}

/** Specks, rules and picture texture read as "words": symbols only, with little confidence.
 *  (A word with letters is kept however unsure: "rdpido" at 0 is still nearer the truth than
 *  a gap.) */
function isNoise(text: string, confidence: number): boolean {
  return confidence < 60 && !/[\p{L}\p{N}]/u.test(text);
}

type TessWord = TessLine['words'][number];
type TessSymbol = TessWord['symbols'][number];

/** Gap between every two letters of a word, as a share of its line's height, from which the
 *  word is letter-spaced (a tracked-out heading or running foot: letters set as far apart as
 *  words). Ordinary words keep about 0.1 between letters, small capitals about 0.25. */
const LETTER_SPACED_GAP = 0.35;

/** The letters of a letter-spaced word, each to be written on its own as the text layer's
 *  spacing rule writes such words; undefined for any other word. */
function letterSpaced(word: TessWord, height: number): TessSymbol[] | undefined {
  const symbols = word.symbols ?? [];
  if (symbols.length < 3 || !(height > 0) || symbols.map((s) => s.text).join('') !== word.text) return undefined;
  for (let i = 1; i < symbols.length; i++) {
    if (symbols[i]!.bbox.x0 - symbols[i - 1]!.bbox.x1 < LETTER_SPACED_GAP * height) return undefined;
  }
  return symbols;
}

function lineHeight(line: TessLine): number {
  const h = line.rowAttributes?.rowHeight;
  return h && h > 0 ? h : line.bbox.y1 - line.bbox.y0;
}

/** Text runs (one per recognised word, one per letter of a letter-spaced word) for a page;
 *  `scale` is points per pixel. */
export function ocrRuns(page: TessPage, scale: number): TextRun[] {
  const runs: TextRun[] = [];
  let lineNo = 0;
  for (const [blockNo, block] of (page.blocks ?? []).entries()) {
    for (const para of block.paragraphs) {
      // One size per paragraph keeps a paragraph's lines together in the layout.
      const size = median(para.lines.map(lineHeight)) * scale;
      for (const line of para.lines) {
        lineNo++;
        const height = lineHeight(line);
        const b = line.baseline;
        const slope = b.x1 !== b.x0 ? (b.y1 - b.y0) / (b.x1 - b.x0) : 0;
        for (const recognised of line.words) {
          const whole = recognised.text.normalize('NFC').trim();
          if (whole === '' || isNoise(whole, recognised.confidence)) continue;
          for (const word of letterSpaced(recognised, height) ?? [recognised]) {
            const text = word === recognised ? whole : word.text.normalize('NFC').trim();
            if (text === '') continue;
            const box = {
              left: word.bbox.x0 * scale,
              top: word.bbox.y0 * scale,
              right: word.bbox.x1 * scale,
              bottom: word.bbox.y1 * scale,
            };
            const cx = (word.bbox.x0 + word.bbox.x1) / 2;
            const baselinePx = Number.isFinite(b.y0) ? b.y0 + slope * (cx - b.x0) : word.bbox.y1;
            const fontSize = size > 0 ? size : box.bottom - box.top;
            runs.push({
              text,
              box,
              x0: box.left,
              x1: box.right,
              baseline: baselinePx * scale,
              top: Math.min(box.top, baselinePx * scale - 0.7 * fontSize),
              bottom: Math.max(box.bottom, baselinePx * scale + 0.2 * fontSize),
              fontSize,
              fontName: 'OCR',
              bold: false,
              italic: false,
              monospace: false,
              rtl: false,
              orientation: 0,
              invisible: false,
              spaceBefore: true,
              confidence: Math.max(0, Math.min(1, word.confidence / 100)),
              ocrLine: lineNo,
              ocrBlock: blockNo,
            });
          }
        }
      }
    }
  }
  return runs;
}
