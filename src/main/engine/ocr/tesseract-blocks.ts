// A recognised page's blocks, paragraphs, lines, words and letters, read in an OCR worker
// through tesseract's result iterator: the fields the engine uses, in the shape and order of
// tesseract.js's `blocks` output (its `GetJSONText`). That output also writes every letter's
// alternative readings, font guesses and flags, which took three times as long as this walk
// (~330 ms against ~110 ms for a 300-dpi page of 650 words, beside a 3-4 s recognition).
// Block, paragraph and line confidences are not read (the engine weighs words).

export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrSymbol {
  text: string;
  confidence: number;
  bbox: OcrBox;
}

export interface OcrWord {
  text: string;
  /** 0–100, whole numbers as tesseract.js gives them (so for letters). */
  confidence: number;
  bbox: OcrBox;
  symbols: OcrSymbol[];
}

export interface OcrLine {
  bbox: OcrBox;
  baseline: OcrBox;
  /** The row's height (x-height plus ascenders and descenders) in pixels. */
  rowAttributes: { rowHeight: number };
  words: OcrWord[];
}

export interface OcrParagraph {
  bbox: OcrBox;
  is_ltr: boolean;
  lines: OcrLine[];
}

export interface OcrBlock {
  bbox: OcrBox;
  /** tesseract's PolyBlockType (1 flowing text, 2 heading, 3 pull-out, …). */
  blocktype: number;
  paragraphs: OcrParagraph[];
}

/** The parts of tesseract.js-core's result iterator used here (its WebIDL binding). */
export interface ResultIterator {
  Begin(): void;
  Next(level: number): boolean;
  Empty(level: number): boolean;
  IsAtBeginningOf(level: number): boolean;
  IsAtFinalElement(level: number, element: number): boolean;
  BlockType(): number;
  ParagraphIsLtr(): boolean;
  GetUTF8Text(level: number): string;
  Confidence(level: number): number;
  BoundingBox(level: number, left: number, top: number, right: number, bottom: number): boolean;
  Baseline(level: number, x1: number, y1: number, x2: number, y2: number): boolean;
  RowAttributes(rowHeight: number, descenders: number, ascenders: number): void;
}

/** The parts of the tesseract.js-core module used here. */
export interface TesseractCore {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  getValue(pointer: number, type: 'i32' | 'float'): number;
  /** The address a bound object wraps (0 for none). */
  getPointer(object: unknown): number;
  destroy(object: unknown): void;
  _emscripten_enum_PageIteratorLevel_RIL_BLOCK(): number;
  _emscripten_enum_PageIteratorLevel_RIL_PARA(): number;
  _emscripten_enum_PageIteratorLevel_RIL_TEXTLINE(): number;
  _emscripten_enum_PageIteratorLevel_RIL_WORD(): number;
  _emscripten_enum_PageIteratorLevel_RIL_SYMBOL(): number;
}

/** Block types holding text (tesseract's PTIsTextType): flowing, heading and pull-out text,
 *  inline equations, tables, vertical text and captions. Pictures, rules and noise hold none. */
function isTextBlock(type: number): boolean {
  return (type >= 1 && type <= 3) || (type >= 5 && type <= 8);
}

/** The page's text blocks from a result iterator positioned anywhere (it is rewound). Words
 *  tesseract found empty, and the blank "words" it reports inside pictures and rules, are left
 *  out, as tesseract.js's JSON leaves them out. */
export function pageBlocks(core: TesseractCore, it: ResultIterator): OcrBlock[] {
  const BLOCK = core._emscripten_enum_PageIteratorLevel_RIL_BLOCK();
  const PARA = core._emscripten_enum_PageIteratorLevel_RIL_PARA();
  const LINE = core._emscripten_enum_PageIteratorLevel_RIL_TEXTLINE();
  const WORD = core._emscripten_enum_PageIteratorLevel_RIL_WORD();
  const SYMBOL = core._emscripten_enum_PageIteratorLevel_RIL_SYMBOL();
  const out = core._malloc(16);
  const int = (i: number) => core.getValue(out + 4 * i, 'i32');
  const box = (at: number): OcrBox => {
    it.BoundingBox(at, out, out + 4, out + 8, out + 12);
    return { x0: int(0), y0: int(1), x1: int(2), y1: int(3) };
  };
  const blocks: OcrBlock[] = [];
  try {
    it.Begin();
    if (it.Empty(BLOCK)) return blocks;
    let block: OcrBlock | undefined;
    let para: OcrParagraph | undefined;
    let line: OcrLine | undefined;
    do {
      if (it.Empty(WORD)) continue;
      const type = it.BlockType();
      if (!isTextBlock(type)) continue;
      // A word that begins no line begins no paragraph or block either (one call, not three).
      if (!line || it.IsAtBeginningOf(LINE)) {
        if (!block || it.IsAtBeginningOf(BLOCK)) {
          block = { bbox: box(BLOCK), blocktype: type, paragraphs: [] };
          blocks.push(block);
          para = undefined;
        }
        if (!para || it.IsAtBeginningOf(PARA)) {
          para = { bbox: box(PARA), is_ltr: Boolean(it.ParagraphIsLtr()), lines: [] };
          block.paragraphs.push(para);
        }
        const bbox = box(LINE);
        it.Baseline(LINE, out, out + 4, out + 8, out + 12);
        const baseline = { x0: int(0), y0: int(1), x1: int(2), y1: int(3) };
        it.RowAttributes(out, out + 4, out + 8);
        const rowAttributes = { rowHeight: core.getValue(out, 'float') };
        line = { bbox, baseline, rowAttributes, words: [] };
        para.lines.push(line);
      }
      const word: OcrWord = { text: it.GetUTF8Text(WORD), confidence: Math.trunc(it.Confidence(WORD)), bbox: box(WORD), symbols: [] };
      line.words.push(word);
      // The word's letters: the iterator moves through them and stays on the last, from which
      // the next word follows.
      for (;;) {
        word.symbols.push({ text: it.GetUTF8Text(SYMBOL), confidence: Math.trunc(it.Confidence(SYMBOL)), bbox: box(SYMBOL) });
        if (it.IsAtFinalElement(WORD, SYMBOL) || !it.Next(SYMBOL)) break;
      }
    } while (it.Next(WORD));
    return blocks;
  } finally {
    core._free(out);
  }
}
