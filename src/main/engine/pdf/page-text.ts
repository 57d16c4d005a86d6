// Turns one pdf.js page into text runs on the upright page: positions in points from the
// top-left after /Rotate, font size and style, direction, and whether the run is invisible.
import { ANALYSIS_OPERATOR_LIST, normalizeUnicode, OPS, type PDFPageProxy } from './pdfjs.js';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import type { OperatorList } from './operator-walk.js';
import { fontMetricsOf, textFromOperators, type FontLookup, type FontMetrics, type OperatorTextStyle } from './operator-text.js';
import type { Orientation, Rect, TextRun } from '../page-model.js';
import { cleanText, isMostlyRtl, isSymbolGlyph } from '../text/clean.js';
import { toFrame } from '../layout/frame.js';
import { rebuildRtlItems } from './rtl-glyphs.js';

export interface PageText {
  width: number;
  height: number;
  rotation: number;
  runs: TextRun[];
  /** The page's pdf.js operator list (text, drawings, images, render modes). */
  operators: OperatorList;
  /** PDF space → the upright page (the scale-1 viewport's transform), for reading `operators`. */
  transform: number[];
}

/** What one document's pages have taught so far: fonts by pdf.js loaded name. */
export interface DocumentTextState {
  fonts: Map<string, FontInfo>;
  metrics: Map<string, FontMetrics>;
}

export function newDocumentTextState(): DocumentTextState {
  return { fonts: new Map(), metrics: new Map() };
}

export interface FontInfo {
  bold: boolean;
  italic: boolean;
  monospace: boolean;
  name: string;
}

const BOLD_RE = /bold|black|heavy|semibold|demibold|demi\b|[-,_]bd\b|[-,]b$|bx\d|cmbx|sfbx|extrabold|ultrabold/i;
const ITALIC_RE = /italic|oblique|[-,]it\b|[-,]i$|cmti|sfti|cmsl/i;
const MONO_RE = /mono|courier|consol|cmtt|sftt|menlo|typewriter/i;

function fontInfo(page: PDFPageProxy, fontName: string, style: OperatorTextStyle | undefined): FontInfo {
  let name = '';
  try {
    const font = page.commonObjs.get(fontName) as { name?: string; bold?: boolean; italic?: boolean } | undefined;
    name = font?.name ?? '';
    const base = name.replace(/^[A-Z]{6}\+/, '');
    return {
      name: base,
      bold: font?.bold === true || BOLD_RE.test(base),
      italic: font?.italic === true || ITALIC_RE.test(base),
      monospace: style?.fontFamily === 'monospace' || MONO_RE.test(base),
    };
  } catch {
    return { name, bold: false, italic: false, monospace: style?.fontFamily === 'monospace' };
  }
}

function orientationOf(dx: number, dy: number): Orientation {
  const deg = ((Math.atan2(dy, dx) * 180) / Math.PI + 360) % 360;
  const q = Math.round(deg / 90) % 4;
  return (q * 90) as Orientation;
}

const SHOW_TEXT_OPS = new Set<number>([OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText]);

/** Text drawn with render mode 3 (invisible) versus visible, from the operator list. */
function textByVisibility(fnArray: number[], argsArray: unknown[]): { invisible: string; visible: string } {
  let mode = 0;
  const stack: number[] = [];
  let invisible = '';
  let visible = '';
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    if (fn === OPS.save) stack.push(mode);
    else if (fn === OPS.restore) mode = stack.pop() ?? 0;
    else if (fn === OPS.setTextRenderingMode) mode = Number((argsArray[i] as unknown[])[0]) || 0;
    else if (fn !== undefined && SHOW_TEXT_OPS.has(fn)) {
      const args = argsArray[i] as unknown[];
      const glyphs = args.find((a) => Array.isArray(a)) as unknown[] | undefined;
      if (!glyphs) continue;
      let s = '';
      for (const g of glyphs) {
        if (g && typeof g === 'object' && 'unicode' in g) s += String((g as { unicode: string }).unicode);
      }
      s = s.replace(/\s+/g, '');
      if ((mode & 3) === 3) invisible += s;
      else visible += s;
    }
  }
  return { invisible, visible };
}

/** A page's text items, from its operator list where the text can be rebuilt from it
 *  (./operator-text.ts), else from pdf.js's getTextContent. */
interface PageItems {
  items: TextItem[];
  style: (fontName: string) => OperatorTextStyle | undefined;
  /** Whether the item at an index was drawn invisibly. */
  invisible: (index: number, item: TextItem) => boolean;
  rtlFixes: Map<number, string>;
}

function fontLookup(page: PDFPageProxy, state: DocumentTextState): FontLookup {
  return (loadedName) => {
    let metrics = state.metrics.get(loadedName);
    if (!metrics) {
      try {
        metrics = fontMetricsOf(page.commonObjs.get(loadedName));
      } catch {
        metrics = undefined;
      }
      if (!metrics) return undefined;
      state.metrics.set(loadedName, metrics);
    }
    return metrics;
  };
}

async function pageItems(page: PDFPageProxy, ops: OperatorList, state: DocumentTextState): Promise<PageItems> {
  const rebuilt = textFromOperators(ops, page.view, fontLookup(page, state));
  if (rebuilt) {
    return {
      items: rebuilt.items as unknown as TextItem[],
      style: (fontName) => rebuilt.styles.get(fontName),
      invisible: (index) => rebuilt.items[index]?.invisible === true,
      rtlFixes: new Map(),
    };
  }
  const content = await page.getTextContent({ includeMarkedContent: false, disableNormalization: true });
  const items = content.items.filter((it): it is TextItem => 'str' in it);
  const { invisible, visible } = textByVisibility(ops.fnArray, ops.argsArray);
  const hasRtl = items.some((it) => it.dir === 'rtl');
  return {
    items,
    style: (fontName) => content.styles[fontName],
    invisible: (_index, item) => {
      if (invisible.length === 0) return false;
      const compact = item.str.replace(/\s+/g, '');
      return invisible.includes(compact) && !visible.includes(compact);
    },
    rtlFixes: hasRtl ? rebuildRtlItems(items, ops) : new Map<number, string>(),
  };
}

/** Extracts the page's text runs in the upright page's coordinate space, reading the page's
 *  operator list (which the analysis stages then use too). */
export async function extractPageText(page: PDFPageProxy, state: DocumentTextState = newDocumentTextState()): Promise<PageText> {
  const viewport = page.getViewport({ scale: 1 });
  const width = viewport.width;
  const height = viewport.height;
  const ops = await page.getOperatorList(ANALYSIS_OPERATOR_LIST);
  const { items: textItems, style: styleOf, invisible: isInvisibleItem, rtlFixes } = await pageItems(page, ops, state);
  const fonts = state.fonts;
  const runs: TextRun[] = [];
  let pendingSpace = false;

  // The viewport's matrix, multiplied into each item's below as pdf.js's Util.transform does.
  const [v0, v1, v2, v3, v4, v5] = viewport.transform as [number, number, number, number, number, number];
  for (let index = 0; index < textItems.length; index++) {
    const item = textItems[index]!;
    if (item.str.trim() === '') {
      pendingSpace = true;
      continue;
    }
    const style = styleOf(item.fontName);
    let info = fonts.get(item.fontName);
    if (!info) {
      info = fontInfo(page, item.fontName, style);
      fonts.set(item.fontName, info);
    }
    const t = item.transform as number[];
    const a = v0 * t[0]! + v2 * t[1]!;
    const b = v1 * t[0]! + v3 * t[1]!;
    const c = v0 * t[2]! + v2 * t[3]!;
    const d = v1 * t[2]! + v3 * t[3]!;
    const e = v0 * t[4]! + v2 * t[5]! + v4;
    const f = v1 * t[4]! + v3 * t[5]! + v5;
    const along = Math.hypot(a, b);
    const fontSize = Math.hypot(c, d) || along;
    if (!(fontSize > 0) || !Number.isFinite(e) || !Number.isFinite(f)) continue;
    const vertical = style?.vertical === true;
    let dirX = a / (along || 1);
    let dirY = b / (along || 1);
    // Glyph "up" in a y-down space is the (c, d) column of the matrix.
    const upX = c / fontSize;
    const upY = d / fontSize;
    let length = item.width;
    if (vertical) {
      // Vertical writing advances downwards along -up.
      dirX = -upX;
      dirY = -upY;
      length = item.height;
    }
    const ascent = style && style.ascent > 0 && style.ascent < 2 ? style.ascent : 0.8;
    const descent = style && style.descent < 0 && style.descent > -1 ? -style.descent : 0.2;
    const ox = e;
    const oy = f;
    const ex = ox + dirX * length;
    const ey = oy + dirY * length;
    // The run's four corners: across the line by the glyph height (ascent and descent, or half
    // the size either side in vertical writing), along it from origin to end.
    const acrossX = vertical ? -(upY * fontSize) / 2 : upX * ascent * fontSize;
    const acrossY = vertical ? (upX * fontSize) / 2 : upY * ascent * fontSize;
    const backX = vertical ? (upY * fontSize) / 2 : -upX * descent * fontSize;
    const backY = vertical ? -(upX * fontSize) / 2 : -upY * descent * fontSize;
    const box: Rect = {
      left: Math.min(ox + acrossX, ox + backX, ex + acrossX, ex + backX),
      top: Math.min(oy + acrossY, oy + backY, ey + acrossY, ey + backY),
      right: Math.max(ox + acrossX, ox + backX, ex + acrossX, ex + backX),
      bottom: Math.max(oy + acrossY, oy + backY, ey + acrossY, ey + backY),
    };
    const orientation = orientationOf(dirX, dirY);
    // Normalise after pdf.js has put right-to-left text in logical order, so that expanded
    // ligatures (Arabic lam-alef) keep their letters in the right order.
    const rawText = normalizeUnicode(rtlFixes.get(index) ?? item.str);
    // A lone private-use or control character is a symbol-font glyph without Unicode: a bullet.
    const text = isSymbolGlyph(rawText.trim()) ? '•' : cleanText(rawText);
    if (text.trim() === '') {
      pendingSpace = true;
      continue;
    }
    const [fx0, fy0] = toFrame(orientation, ox, oy, width, height);
    const [fx1] = toFrame(orientation, ex, ey, width, height);
    const isInvisible = isInvisibleItem(index, item);
    const leadingSpace = /^\s/.test(text);
    const trailingSpace = /\s$/.test(text);
    const rtlRun = item.dir === 'rtl';
    runs.push({
      text: text.trim(),
      box,
      x0: Math.min(fx0, fx1),
      x1: Math.max(fx0, fx1),
      baseline: fy0,
      top: vertical ? fy0 - fontSize / 2 : fy0 - ascent * fontSize,
      bottom: vertical ? fy0 + fontSize / 2 : fy0 + descent * fontSize,
      fontSize,
      fontName: info.name,
      bold: info.bold,
      italic: info.italic,
      monospace: info.monospace,
      rtl: rtlRun || isMostlyRtl(text),
      orientation,
      invisible: isInvisible,
      spaceBefore: pendingSpace || leadingSpace,
      spaceLeft: rtlRun ? trailingSpace : leadingSpace,
      spaceRight: rtlRun ? leadingSpace : trailingSpace,
    });
    pendingSpace = /\s$/.test(rawText) || item.hasEOL;
  }
  return { width, height, rotation: page.rotate, runs, operators: ops, transform: viewport.transform };
}
