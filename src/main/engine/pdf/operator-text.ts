// A page's text items read from its operator list, the way pdf.js's getTextContent builds
// them from the content stream. The engine reads every page's operators anyway (rules,
// figures, the OCR decision); getTextContent would parse the page's content stream a second
// time and rebuild every glyph (about a fifth of a text PDF's parse). The operator list already
// holds each drawn glyph (its text, width, character code) with the text-state operators
// around it, so the items are rebuilt here with pdf.js's own rules (src/core/evaluator.js,
// getTextContent: glyph runs are joined while each glyph follows on from the last, a gap
// between a tenth of an em and 0.6 em becomes a space, a wider one a whitespace item, a move
// down or back a new item with an end of line). Each item also says whether every glyph in it
// was drawn invisible (render modes 3 and 7).
//
// What pdf.js does here that is not rebuilt, for which `textFromOperators` returns undefined
// and the caller reads getTextContent instead: vertical fonts, Type3 fonts (their glyph box
// needs font data the operator list does not carry) and right-to-left text (pdf.js reorders
// it with its bidi algorithm).
import { OPS } from './pdfjs.js';
import { operatorTable } from './operator-walk.js';

/** One text item, shaped like pdf.js's TextItem, plus whether it was drawn invisibly. */
export interface OperatorTextItem {
  str: string;
  dir: 'ltr';
  /** Text space → PDF user space at the item's first glyph, font size included. */
  transform: number[];
  width: number;
  height: number;
  /** pdf.js's loaded font name (the key of commonObjs). */
  fontName: string;
  hasEOL: boolean;
  invisible: boolean;
}

export interface OperatorTextStyle {
  fontFamily: string;
  ascent: number;
  descent: number;
  vertical: boolean;
}

export interface OperatorText {
  items: OperatorTextItem[];
  styles: Map<string, OperatorTextStyle>;
}

/** What the text rules need of a font, read once per document from pdf.js's font object. */
export interface FontMetrics {
  name: string;
  /** fontMatrix[0]: glyph widths are in these units of the font size. */
  unitsPerWidth: number;
  vertical: boolean;
  type3: boolean;
  style: OperatorTextStyle;
}

/** Reads a font's metrics by pdf.js loaded name; undefined when the font is not known. */
export type FontLookup = (loadedName: string) => FontMetrics | undefined;

/** The pdf.js font object (display side) as FontMetrics. */
export function fontMetricsOf(font: unknown): FontMetrics | undefined {
  if (!font || typeof font !== 'object') return undefined;
  const f = font as { name?: string; fontMatrix?: ArrayLike<number>; vertical?: boolean; isType3Font?: boolean; fallbackName?: string; ascent?: number; descent?: number };
  const unitsPerWidth = f.fontMatrix?.[0] ?? 0.001;
  return {
    name: f.name ?? '',
    unitsPerWidth,
    vertical: f.vertical === true,
    type3: f.isType3Font === true,
    style: { fontFamily: f.fallbackName ?? '', ascent: f.ascent ?? 0, descent: f.descent ?? 0, vertical: f.vertical === true },
  };
}

// pdf.js's factors (evaluator.js getTextContent), in units of the font size.
const TRACKING_SPACE_FACTOR = 0.102;
const NOT_A_SPACE_FACTOR = 0.03;
const NEGATIVE_SPACE_FACTOR = -0.2;
const SPACE_IN_FLOW_MIN_FACTOR = 0.102;
const SPACE_IN_FLOW_MAX_FACTOR = 0.6;
const VERTICAL_SHIFT_RATIO = 0.25;

/** What an operator does to the text, looked up by operator code (a switch over pdf.js's
 *  operator constants would compare each operator with every case in turn). */
const enum Kind {
  Other,
  Save,
  Restore,
  Transform,
  FormBegin,
  FormEnd,
  Group,
  SetFont,
  SetGState,
  Rise,
  HScale,
  Leading,
  MoveText,
  LeadingMoveText,
  NextLine,
  TextMatrix,
  CharSpacing,
  WordSpacing,
  RenderingMode,
  BeginText,
  ShowText,
  EndsItem,
}
const KINDS = operatorTable<Kind>([
  [Kind.Save, OPS.save],
  [Kind.Restore, OPS.restore],
  [Kind.Transform, OPS.transform],
  [Kind.FormBegin, OPS.paintFormXObjectBegin],
  [Kind.FormEnd, OPS.paintFormXObjectEnd],
  [Kind.Group, OPS.beginGroup],
  [Kind.SetFont, OPS.setFont],
  [Kind.SetGState, OPS.setGState],
  [Kind.Rise, OPS.setTextRise],
  [Kind.HScale, OPS.setHScale],
  [Kind.Leading, OPS.setLeading],
  [Kind.MoveText, OPS.moveText],
  [Kind.LeadingMoveText, OPS.setLeadingMoveText],
  [Kind.NextLine, OPS.nextLine],
  [Kind.TextMatrix, OPS.setTextMatrix],
  [Kind.CharSpacing, OPS.setCharSpacing],
  [Kind.WordSpacing, OPS.setWordSpacing],
  [Kind.RenderingMode, OPS.setTextRenderingMode],
  [Kind.BeginText, OPS.beginText],
  [Kind.ShowText, OPS.showText],
  // Marked content, and an image XObject (pdf.js ends the item at every XObject; inline
  // images do not), end the item.
  [
    Kind.EndsItem,
    OPS.beginMarkedContent,
    OPS.beginMarkedContentProps,
    OPS.endMarkedContent,
    OPS.paintImageXObject,
    OPS.paintImageMaskXObject,
    OPS.paintImageXObjectRepeat,
    OPS.paintImageMaskXObjectRepeat,
    OPS.paintSolidColorImageMask,
  ],
]);

/** Text pdf.js runs through its bidi algorithm (Hebrew, Arabic, Syriac, Thaana, N'Ko...). */
const RTL_TEXT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/** A number pdf.js stored as a 32-bit float (text and form matrices), as the content stream
 *  most likely wrote it: the shortest decimal of up to six places that rounds to the same
 *  float, computed as pdf.js's lexer computes a decimal (digits over a power of ten). Where the
 *  stream wrote more places than a 32-bit float keeps, the float's own value is as close. */
export function fromFloat32(v: number): number {
  if (Number.isInteger(v)) return v;
  for (let p = 10; p <= 1e6; p *= 10) {
    const r = Math.round(v * p) / p;
    if (Math.fround(r) === v) return r;
  }
  return v;
}

function matrixFromFloat32(m: ArrayLike<number>): number[] {
  return [fromFloat32(m[0]!), fromFloat32(m[1]!), fromFloat32(m[2]!), fromFloat32(m[3]!), fromFloat32(m[4]!), fromFloat32(m[5]!)];
}

/** pdf.js's getCharUnicodeCategory (src/core/unicode.js), and whether the text is bidi. */
interface GlyphCategory {
  isWhitespace: boolean;
  isZeroWidthDiacritic: boolean;
  isInvisibleFormatMark: boolean;
  rtl: boolean;
}
const SPECIAL_CHAR = /^(\s)|(\p{Mn})|(\p{Cf})$/u;
const categories = new Map<string, GlyphCategory>();
function categoryOf(unicode: string): GlyphCategory {
  let c = categories.get(unicode);
  if (!c) {
    const g = SPECIAL_CHAR.exec(unicode);
    c = { isWhitespace: !!g?.[1], isZeroWidthDiacritic: !!g?.[2], isInvisibleFormatMark: !!g?.[3], rtl: RTL_TEXT.test(unicode) };
    // Glyph texts are few (a font's characters); a page of random ones cannot grow this much.
    if (categories.size > 65_536) categories.clear();
    categories.set(unicode, c);
  }
  return c;
}

interface Glyph {
  unicode: string;
  width: number;
  originalCharCode?: number;
}

/** The text state of the graphics state (pdf.js's TextState), with the render mode. */
class TextState {
  // Current transformation matrix.
  c0 = 1; c1 = 0; c2 = 0; c3 = 1; c4 = 0; c5 = 0;
  // Text matrix and text line matrix.
  t0 = 1; t1 = 0; t2 = 0; t3 = 1; t4 = 0; t5 = 0;
  l0 = 1; l1 = 0; l2 = 0; l3 = 1; l4 = 0; l5 = 0;
  loadedName: string | null = null;
  font: FontMetrics | undefined = undefined;
  fontSize = 0;
  charSpacing = 0;
  wordSpacing = 0;
  leading = 0;
  hScale = 1;
  rise = 0;
  mode = 0;

  clone(): TextState {
    const s = new TextState();
    s.c0 = this.c0; s.c1 = this.c1; s.c2 = this.c2; s.c3 = this.c3; s.c4 = this.c4; s.c5 = this.c5;
    s.t0 = this.t0; s.t1 = this.t1; s.t2 = this.t2; s.t3 = this.t3; s.t4 = this.t4; s.t5 = this.t5;
    s.l0 = this.l0; s.l1 = this.l1; s.l2 = this.l2; s.l3 = this.l3; s.l4 = this.l4; s.l5 = this.l5;
    s.loadedName = this.loadedName;
    s.font = this.font;
    s.fontSize = this.fontSize;
    s.charSpacing = this.charSpacing;
    s.wordSpacing = this.wordSpacing;
    s.leading = this.leading;
    s.hScale = this.hScale;
    s.rise = this.rise;
    s.mode = this.mode;
    return s;
  }

  transformCtm(m: ArrayLike<number>): void {
    const a = this.c0, b = this.c1, c = this.c2, d = this.c3, e = this.c4, f = this.c5;
    this.c0 = a * m[0]! + c * m[1]!;
    this.c1 = b * m[0]! + d * m[1]!;
    this.c2 = a * m[2]! + c * m[3]!;
    this.c3 = b * m[2]! + d * m[3]!;
    this.c4 = a * m[4]! + c * m[5]! + e;
    this.c5 = b * m[4]! + d * m[5]! + f;
  }

  setTextMatrix(m: ArrayLike<number>): void {
    this.t0 = this.l0 = m[0]!;
    this.t1 = this.l1 = m[1]!;
    this.t2 = this.l2 = m[2]!;
    this.t3 = this.l3 = m[3]!;
    this.t4 = this.l4 = m[4]!;
    this.t5 = this.l5 = m[5]!;
  }

  /** Moves the line matrix and starts the text matrix there (Td). */
  moveText(x: number, y: number): void {
    const e = this.l0 * x + this.l2 * y + this.l4;
    const f = this.l1 * x + this.l3 * y + this.l5;
    this.l4 = e;
    this.l5 = f;
    this.t0 = this.l0; this.t1 = this.l1; this.t2 = this.l2; this.t3 = this.l3; this.t4 = e; this.t5 = f;
  }

  translateText(x: number, y: number): void {
    const e = this.t0 * x + this.t2 * y + this.t4;
    this.t5 = this.t1 * x + this.t3 * y + this.t5;
    this.t4 = e;
  }
}

/** The item being built in one content stream (the page's, or a form's). */
class ItemBuilder {
  initialized = false;
  str: string[] = [];
  totalWidth = 0;
  totalHeight = 0;
  width = 0;
  height = 0;
  textAdvanceScale = 0;
  spaceInFlowMin = 0;
  spaceInFlowMax = 0;
  trackingSpaceMin = Infinity;
  negativeSpaceMax = -Infinity;
  notASpace = -Infinity;
  transform: number[] = [];
  fontName = '';
  hasEOL = false;
  visible = false;
  hasPrev = false;
  prev: number[] = [0, 0, 0, 0, 0, 0];
  prevTextRise = 0;
  /** The font and size the current item was started with (pdf.js's currentTextState;
   *  vertical fonts are not read here, so a font's name tells it apart). */
  itemFont: FontMetrics | undefined = undefined;
  itemLoadedName: string | null = null;
  itemFontSize = 0;
  itemStateSet = false;
  /** pdf.js's twoLastChars: whether the last two characters were a space then not. */
  last0 = ' ';
  last1 = ' ';
  lastPos = 0;
}

/** Why a page's text cannot be rebuilt from its operators. */
class Unsupported extends Error {}

/** Rebuilds the page's text items from its operator list; undefined when the page uses what
 *  is not rebuilt here (see the header), so the caller reads getTextContent. `view` is the
 *  page's view box in PDF space (glyphs outside it are left out, as pdf.js does). */
export function textFromOperators(
  ops: { fnArray: number[]; argsArray: unknown[] },
  view: ArrayLike<number>,
  fonts: FontLookup,
): OperatorText | undefined {
  try {
    return new OperatorTextReader(view, fonts).read(ops);
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

class OperatorTextReader {
  private readonly items: OperatorTextItem[] = [];
  private readonly styles = new Map<string, OperatorTextStyle>();
  private state = new TextState();
  private readonly stack: TextState[] = [];
  private b = new ItemBuilder();
  private readonly forms: Array<{ state: TextState; builder: ItemBuilder; depth: number }> = [];
  private readonly vb0: number;
  private readonly vb1: number;
  private readonly vb2: number;
  private readonly vb3: number;
  // The current text rendering matrix (pdf.js's getCurrentTextTransform), updated by trm().
  private m0 = 0; private m1 = 0; private m2 = 0; private m3 = 0; private m4 = 0; private m5 = 0;

  constructor(
    view: ArrayLike<number>,
    private readonly fonts: FontLookup,
  ) {
    this.vb0 = view[0]!;
    this.vb1 = view[1]!;
    this.vb2 = view[2]!;
    this.vb3 = view[3]!;
  }

  read(ops: { fnArray: number[]; argsArray: unknown[] }): OperatorText {
    const { fnArray, argsArray } = ops;
    for (let i = 0; i < fnArray.length; i++) {
      const kind = KINDS[fnArray[i]!] ?? Kind.Other;
      if (kind === Kind.Other) continue;
      const args = argsArray[i] as unknown[] | null;
      const st = this.state;
      switch (kind) {
        case Kind.Save:
          this.stack.push(st);
          this.state = st.clone();
          break;
        case Kind.Restore:
          this.state = this.stack.pop() ?? st;
          break;
        case Kind.Transform:
          if (args) st.transformCtm(args as number[]);
          break;
        case Kind.FormBegin: {
          // pdf.js reads a form's text as a content stream of its own: the item before it is
          // ended, and the form starts with a state copied from the page's.
          this.flush();
          this.forms.push({ state: st, builder: this.b, depth: this.stack.length });
          const inner = st.clone();
          const m = args?.[0] as ArrayLike<number> | null | undefined;
          if (m && m.length === 6) inner.transformCtm(matrixFromFloat32(m));
          this.state = inner;
          this.b = new ItemBuilder();
          break;
        }
        case Kind.FormEnd: {
          this.flush();
          const outer = this.forms.pop();
          if (outer) {
            this.state = outer.state;
            this.b = outer.builder;
            this.stack.length = Math.min(this.stack.length, outer.depth);
          }
          break;
        }
        case Kind.Group: {
          // A soft mask's content is drawn as a group: it shapes transparency, it is not text
          // on the page (pdf.js's getTextContent never reads it).
          const group = args?.[0] as { smask?: unknown } | undefined;
          if (group?.smask) i = this.endOfGroup(fnArray, i);
          break;
        }
        case Kind.SetFont:
          this.setFont(args?.[0], args?.[1]);
          break;
        case Kind.SetGState:
          for (const entry of (args?.[0] as Array<[string, unknown]> | undefined) ?? []) {
            if (entry[0] !== 'Font') continue;
            this.flush();
            const value = entry[1] as [unknown, unknown];
            this.setFont(value[0], value[1]);
          }
          break;
        case Kind.Rise:
          st.rise = Number(args?.[0]) || 0;
          break;
        case Kind.HScale:
          st.hScale = (Number(args?.[0]) || 0) / 100;
          break;
        case Kind.Leading:
          st.leading = Number(args?.[0]) || 0;
          break;
        case Kind.MoveText:
          st.moveText(Number(args?.[0]) || 0, Number(args?.[1]) || 0);
          break;
        case Kind.LeadingMoveText:
          st.leading = -(Number(args?.[1]) || 0);
          st.moveText(Number(args?.[0]) || 0, Number(args?.[1]) || 0);
          break;
        case Kind.NextLine:
          st.moveText(0, -st.leading);
          break;
        case Kind.TextMatrix: {
          const m = args?.[0] as ArrayLike<number> | undefined;
          if (m && m.length === 6) st.setTextMatrix(matrixFromFloat32(m));
          this.updateAdvanceScale();
          break;
        }
        case Kind.CharSpacing:
          st.charSpacing = Number(args?.[0]) || 0;
          break;
        case Kind.WordSpacing:
          st.wordSpacing = Number(args?.[0]) || 0;
          break;
        case Kind.RenderingMode:
          st.mode = Number(args?.[0]) || 0;
          break;
        case Kind.BeginText:
          st.setTextMatrix([1, 0, 0, 1, 0, 0]);
          break;
        case Kind.ShowText:
          this.showText((args?.[0] as Array<Glyph | number> | undefined) ?? []);
          break;
        case Kind.EndsItem:
          this.flush();
          break;
      }
    }
    this.flush();
    while (this.forms.length > 0) {
      this.b = this.forms.pop()!.builder;
      this.flush();
    }
    return { items: this.items, styles: this.styles };
  }

  /** The index of the endGroup closing the group opened at `i`. */
  private endOfGroup(fnArray: number[], i: number): number {
    let depth = 0;
    for (let j = i; j < fnArray.length; j++) {
      if (fnArray[j] === OPS.beginGroup) depth++;
      else if (fnArray[j] === OPS.endGroup && --depth === 0) return j;
    }
    return fnArray.length;
  }

  private setFont(name: unknown, size: unknown): void {
    const st = this.state;
    const loadedName = typeof name === 'string' ? name : null;
    const font = loadedName ? this.fonts(loadedName) : undefined;
    if (!font) throw new Unsupported('font not known');
    if (font.vertical || font.type3) throw new Unsupported('vertical or Type3 font');
    st.loadedName = loadedName;
    st.font = font;
    st.fontSize = Number(size) || 0;
  }

  /** Sets m0..m5 to the text rendering matrix: ctm × tm × [size·hscale 0 0 size 0 rise]. */
  private trm(): void {
    const s = this.state;
    const a = s.fontSize * s.hScale;
    const fs = s.fontSize;
    const i0 = s.t0 * a;
    const i1 = s.t1 * a;
    const i2 = s.t2 * fs;
    const i3 = s.t3 * fs;
    const i4 = s.t2 * s.rise + s.t4;
    const i5 = s.t3 * s.rise + s.t5;
    this.m0 = s.c0 * i0 + s.c2 * i1;
    this.m1 = s.c1 * i0 + s.c3 * i1;
    this.m2 = s.c0 * i2 + s.c2 * i3;
    this.m3 = s.c1 * i2 + s.c3 * i3;
    this.m4 = s.c0 * i4 + s.c2 * i5 + s.c4;
    this.m5 = s.c1 * i4 + s.c3 * i5 + s.c5;
  }

  /** The text rendering matrix as a new array. */
  private currentTransform(): number[] {
    this.trm();
    return [this.m0, this.m1, this.m2, this.m3, this.m4, this.m5];
  }

  private advanceScale(): number {
    const s = this.state;
    return Math.hypot(s.c0, s.c1) * Math.hypot(s.l0, s.l1);
  }

  private updateAdvanceScale(): void {
    const b = this.b;
    if (!b.initialized) return;
    const scale = this.advanceScale();
    if (scale === b.textAdvanceScale) return;
    b.totalWidth += b.width * b.textAdvanceScale;
    b.width = 0;
    b.textAdvanceScale = scale;
  }

  private saveLastChar(char: string): boolean {
    const b = this.b;
    const next = (b.lastPos + 1) % 2;
    const cur = b.lastPos === 0 ? b.last0 : b.last1;
    const other = next === 0 ? b.last0 : b.last1;
    const ret = cur !== ' ' && other === ' ';
    if (b.lastPos === 0) b.last0 = char;
    else b.last1 = char;
    b.lastPos = next;
    return ret;
  }

  private shouldAddWhitespace(): boolean {
    const b = this.b;
    const cur = b.lastPos === 0 ? b.last0 : b.last1;
    const other = b.lastPos === 0 ? b.last1 : b.last0;
    return cur !== ' ' && other === ' ';
  }

  private resetLastChars(): void {
    const b = this.b;
    b.last0 = b.last1 = ' ';
    b.lastPos = 0;
  }

  private ensureItem(): ItemBuilder {
    const b = this.b;
    if (b.initialized) return b;
    const st = this.state;
    const font = st.font!;
    const loadedName = st.loadedName!;
    if (!this.styles.has(loadedName)) this.styles.set(loadedName, font.style);
    b.fontName = loadedName;
    b.transform = this.currentTransform();
    b.width = b.totalWidth = 0;
    b.height = b.totalHeight = Math.hypot(b.transform[2]!, b.transform[3]!);
    b.textAdvanceScale = this.advanceScale();
    const fs = st.fontSize;
    b.trackingSpaceMin = fs * TRACKING_SPACE_FACTOR;
    b.notASpace = fs * NOT_A_SPACE_FACTOR;
    b.negativeSpaceMax = fs * NEGATIVE_SPACE_FACTOR;
    b.spaceInFlowMin = fs * SPACE_IN_FLOW_MIN_FACTOR;
    b.spaceInFlowMax = fs * SPACE_IN_FLOW_MAX_FACTOR;
    b.hasEOL = false;
    b.visible = false;
    b.initialized = true;
    return b;
  }

  private flush(): void {
    const b = this.b;
    if (!b.initialized) return;
    b.totalWidth += b.width * b.textAdvanceScale;
    this.items.push({
      str: b.str.join(''),
      dir: 'ltr',
      width: Math.abs(b.totalWidth),
      height: Math.abs(b.totalHeight),
      transform: b.transform,
      fontName: b.fontName,
      hasEOL: b.hasEOL,
      invisible: !b.visible,
    });
    b.initialized = false;
    b.str.length = 0;
  }

  private pushWhitespace(width: number, transform: number[]): void {
    this.items.push({ str: ' ', dir: 'ltr', width, height: 0, transform, fontName: this.b.fontName, hasEOL: false, invisible: false });
  }

  private prevTransform(): number[] {
    return this.b.prev.slice();
  }

  private appendEOL(): void {
    this.resetLastChars();
    const b = this.b;
    if (b.initialized) {
      b.hasEOL = true;
      this.flush();
    } else {
      this.items.push({
        str: '',
        dir: 'ltr',
        width: 0,
        height: 0,
        transform: this.currentTransform(),
        fontName: this.state.loadedName ?? '',
        hasEOL: true,
        invisible: false,
      });
    }
  }

  /** pdf.js's addFakeSpaces: a gap within a line is a space in the item, or ends it. */
  private addFakeSpaces(width: number, textOrientation: number): boolean {
    const b = this.b;
    if (textOrientation * b.spaceInFlowMin <= width && width <= textOrientation * b.spaceInFlowMax) {
      if (b.initialized) {
        this.resetLastChars();
        b.str.push(' ');
      }
      return false;
    }
    const transform = b.hasPrev ? this.prevTransform() : this.currentTransform();
    this.flush();
    this.resetLastChars();
    this.pushWhitespace(Math.abs(width), transform);
    return true;
  }

  /** pdf.js's compareWithLastPosition for horizontal text: whether the glyph is kept (inside
   *  the view box), ending or spacing the current item as its position asks. */
  private compareWithLastPosition(glyphWidth: number): boolean {
    this.trm();
    let posX = this.m4;
    let posY = this.m5;
    if (posX + glyphWidth < this.vb0 || posX > this.vb2 || posY < this.vb1 || posY > this.vb3) return false;
    const b = this.b;
    if (!this.state.font || !b.hasPrev) return true;
    const prev = b.prev;
    let lastPosX = prev[4]!;
    let lastPosY = prev[5]!;
    if (lastPosX === posX && lastPosY === posY) return true;
    const m0 = this.m0, m1 = this.m1, m2 = this.m2, m3 = this.m3;
    if (m0 && m1 === 0 && m2 === 0) {
      if (m0 < 0) [posX, posY, lastPosX, lastPosY] = [-posX, -posY, -lastPosX, -lastPosY];
    } else if (m1 && m0 === 0 && m3 === 0) {
      if (m1 > 0) {
        [posX, posY] = [posY, posX];
        [lastPosX, lastPosY] = [lastPosY, lastPosX];
      } else {
        [posX, posY] = [-posY, -posX];
        [lastPosX, lastPosY] = [-lastPosY, -lastPosX];
      }
    } else {
      const scale = Math.hypot(m0, m1);
      [posX, posY] = [(m0 * posX + m1 * posY) / scale, (m2 * posX + m3 * posY) / scale];
      const pScale = Math.hypot(prev[0]!, prev[1]!);
      [lastPosX, lastPosY] = [(prev[0]! * lastPosX + prev[1]! * lastPosY) / pScale, (prev[2]! * lastPosX + prev[3]! * lastPosY) / pScale];
    }
    const advanceX = (posX - lastPosX) / b.textAdvanceScale;
    const advanceY = posY - lastPosY;
    const textOrientation = Math.sign(b.width || b.totalWidth);
    if (advanceX < textOrientation * b.negativeSpaceMax) {
      if (Math.abs(advanceY) > 0.5 * b.height) {
        this.appendEOL();
        return true;
      }
      this.resetLastChars();
      this.flush();
      return true;
    }
    const riseDelta = this.state.rise - b.prevTextRise;
    const advanceYCorrected = riseDelta === 0 ? advanceY : advanceY - (m3 / this.state.fontSize) * riseDelta;
    if (Math.abs(advanceYCorrected) > b.height) {
      this.appendEOL();
      return true;
    }
    if (advanceX <= textOrientation * b.notASpace) this.resetLastChars();
    if (advanceX <= textOrientation * b.trackingSpaceMin) {
      if (this.shouldAddWhitespace()) {
        this.resetLastChars();
        this.flush();
        this.pushWhitespace(Math.abs(advanceX), this.prevTransform());
      } else {
        b.width += advanceX;
      }
    } else if (!this.addFakeSpaces(advanceX, textOrientation)) {
      if (b.str.length === 0) {
        this.resetLastChars();
        this.pushWhitespace(Math.abs(advanceX), this.prevTransform());
      } else {
        b.width += advanceX;
      }
    }
    if (Math.abs(advanceY) > b.height * VERTICAL_SHIFT_RATIO) this.flush();
    return true;
  }

  /** A showText operand: glyphs, with TJ adjustments (thousandths of an em) between them. */
  private showText(glyphs: Array<Glyph | number>): void {
    const st = this.state;
    if (!st.font) return;
    // pdf.js shows a TJ array's strings between non-zero adjustments as one run each, the
    // adjustment applied after the run's last glyph.
    const spaceFactor = -st.fontSize / 1000;
    let start = 0;
    let any = false;
    for (let i = 0; i < glyphs.length; i++) {
      const g = glyphs[i]!;
      if (typeof g !== 'number') {
        any = true;
        continue;
      }
      if (g === 0) continue;
      this.run(glyphs, start, i, g * spaceFactor);
      start = i + 1;
      any = false;
    }
    if (any || glyphs.length === 0) this.run(glyphs, start, glyphs.length, 0);
  }

  /** pdf.js's buildTextContentItem over glyphs[from, to) (numbers in between are zero). */
  private run(glyphs: Array<Glyph | number>, from: number, to: number, extraSpacing: number): void {
    const st = this.state;
    const b = this.b;
    if (!b.itemStateSet) {
      b.itemStateSet = true;
      b.itemFont = st.font;
      b.itemLoadedName = st.loadedName;
      b.itemFontSize = st.fontSize;
    } else if (
      b.itemFontSize !== st.fontSize ||
      (b.itemLoadedName !== st.loadedName && b.itemFont?.name !== st.font?.name)
    ) {
      this.flush();
      b.itemFont = st.font;
      b.itemLoadedName = st.loadedName;
      b.itemFontSize = st.fontSize;
    }
    const font = st.font!;
    const baseCharSpacing = st.charSpacing;
    let last = -1;
    for (let i = from; i < to; i++) if (typeof glyphs[i] !== 'number') last = i;
    if (last < 0) {
      const charSpacing = baseCharSpacing + extraSpacing;
      if (charSpacing) st.translateText(charSpacing * st.hScale, 0);
      return;
    }
    const scale = font.unitsPerWidth * st.fontSize;
    for (let i = from; i <= last; i++) {
      const glyph = glyphs[i];
      if (typeof glyph === 'number') continue;
      const unicode = glyph!.unicode;
      const category = categoryOf(unicode);
      if (category.rtl) throw new Unsupported('right-to-left text');
      if (category.isInvisibleFormatMark) continue;
      let charSpacing = baseCharSpacing + (i === last ? extraSpacing : 0);
      let scaledDim = glyph!.width * scale;
      if (glyph!.originalCharCode === 0x20) charSpacing += st.wordSpacing;
      if (category.isWhitespace) {
        charSpacing += scaledDim;
        st.translateText(charSpacing * st.hScale, 0);
        this.saveLastChar(' ');
        continue;
      }
      if (!category.isZeroWidthDiacritic && !this.compareWithLastPosition(scaledDim)) {
        st.translateText(scaledDim * st.hScale, 0);
        continue;
      }
      const item = this.ensureItem();
      if (category.isZeroWidthDiacritic) scaledDim = 0;
      scaledDim *= st.hScale;
      st.translateText(scaledDim, 0);
      item.width += scaledDim;
      if (scaledDim) {
        this.trm();
        const p = item.prev;
        p[0] = this.m0; p[1] = this.m1; p[2] = this.m2; p[3] = this.m3; p[4] = this.m4; p[5] = this.m5;
        item.hasPrev = true;
        item.prevTextRise = st.rise;
      }
      if (this.saveLastChar(unicode)) item.str.push(' ');
      item.str.push(unicode);
      if ((st.mode & 3) !== 3) item.visible = true;
      if (charSpacing) st.translateText(charSpacing * st.hScale, 0);
    }
  }
}
