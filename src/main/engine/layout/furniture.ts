// Page furniture: running headers, footers and page numbers, recognised across the pages of a
// document. Pages stream by one at a time, so each page leaves only a few small candidates (the
// short blocks in its top and bottom margins); once every page is laid out, candidates that
// repeat at the same height on several pages become `header` / `footer` blocks and numbers in the
// margins become `page_number` blocks. The caller keeps them out of the markdown body.
import type { BlockType } from '../../../shared/parse-contract.js';
import type { PageBlock, PageModel } from '../page-model.js';

/** Share of the page height, from the top and from the bottom, where furniture sits. */
const MARGIN_SHARE = 0.12;
/** Furniture is short: a line or two. */
const MAX_CHARS = 160;
const MAX_LINES = 3;
/** Two candidates are the same running line when their tops differ by at most this (points). */
const SAME_HEIGHT = 10;

type Zone = 'top' | 'bottom';

/** A short block in a page's margin, remembered until every page has been seen. */
export interface FurnitureCandidate {
  page: number;
  /** The block's index among its page's blocks. */
  index: number;
  zone: Zone;
  /** Its text with digits generalised ("page 3 of 9" → "page # of #"), lower-cased. */
  key: string;
  /** Distance from its edge of the page (top for headers, bottom for footers), in points. */
  offset: number;
  /** The number it shows when it is a page number ("7", "Page 7 of 9", "- 7 -", "vii"). */
  pageNumber: number | null;
}

/** Block types that may be furniture; a running "Invoice No: 123" is a key_value block. */
const TEXT_TYPES = new Set<BlockType>(['text', 'heading', 'section_heading', 'page_number', 'header', 'footer', 'key_value']);

/** The page's candidates: short text blocks wholly inside its top or bottom margin. */
export function furnitureCandidates(page: PageModel): FurnitureCandidate[] {
  const out: FurnitureCandidate[] = [];
  const band = page.height * MARGIN_SHARE;
  page.blocks.forEach((b, index) => {
    if (!TEXT_TYPES.has(b.type) || b.lines.length === 0 || b.lines.length > MAX_LINES) return;
    const text = blockPlainText(b);
    if (text.length === 0 || text.length > MAX_CHARS) return;
    let zone: Zone | null = null;
    if (b.box.bottom <= band) zone = 'top';
    else if (b.box.top >= page.height - band) zone = 'bottom';
    if (!zone) return;
    out.push({
      page: page.number,
      index,
      zone,
      key: furnitureKey(text),
      offset: zone === 'top' ? b.box.top : page.height - b.box.bottom,
      pageNumber: pageNumberIn(text),
    });
  });
  return out;
}

/** What the candidates turn out to be: per page number, block index → furniture type. */
export function classifyFurniture(candidates: FurnitureCandidate[], pageCount: number): Map<number, Map<number, BlockType>> {
  const result = new Map<number, Map<number, BlockType>>();
  const mark = (c: FurnitureCandidate, type: BlockType) => {
    let page = result.get(c.page);
    if (!page) result.set(c.page, (page = new Map()));
    page.set(c.index, type);
  };
  // The candidate nearest each page edge: a page number is printed outside everything else
  // (a footnote's marker "1" sits above the footer, not below it).
  const outermost = new Map<string, number>();
  for (const c of candidates) {
    const k = `${c.page}:${c.zone}`;
    outermost.set(k, Math.min(outermost.get(k) ?? Infinity, c.offset));
  }
  for (const c of candidates) {
    // A number alone at the very edge of a page of a longer document, or on a one-page
    // document the number 1, is the page's number.
    const atEdge = c.offset <= (outermost.get(`${c.page}:${c.zone}`) ?? 0) + SAME_HEIGHT;
    if (c.pageNumber !== null && atEdge && (pageCount >= 2 || c.pageNumber === c.page)) {
      const bare = /^(?:page\s*)?#(?:\s*(?:of|\/)\s*#)?$|^[-–—]\s*#\s*[-–—]$|^[ivxlcdm]+$/.test(c.key);
      if (bare) {
        mark(c, 'page_number');
        continue;
      }
    }
    if (pageCount < 2) continue;
    // A running line: the same text (digits aside) at the same height on other pages.
    const pages = new Set<number>();
    for (const o of candidates) {
      if (o.zone === c.zone && o.key === c.key && Math.abs(o.offset - c.offset) <= SAME_HEIGHT) pages.add(o.page);
    }
    if (pages.size >= Math.min(3, pageCount) || (pages.size >= 2 && pages.size >= pageCount * 0.4)) {
      mark(c, c.zone === 'top' ? 'header' : 'footer');
    }
  }
  return result;
}

/** Lower-cased text with every run of digits as '#' and spaces collapsed. */
export function furnitureKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The page number a margin text shows, or null. */
export function pageNumberIn(text: string): number | null {
  const t = text.trim();
  const arabic = /^(?:page\s*)?(\d{1,5})(?:\s*(?:of|\/)\s*\d{1,5})?$/i.exec(t) ?? /^[-–—]\s*(\d{1,5})\s*[-–—]$/.exec(t);
  if (arabic) return Number(arabic[1]);
  if (/^[ivxlcdm]{1,8}$/i.test(t)) return romanValue(t.toLowerCase());
  return null;
}

function romanValue(s: string): number | null {
  const v: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const cur = v[s[i]!]!;
    const next = i + 1 < s.length ? v[s[i + 1]!]! : 0;
    total += cur < next ? -cur : cur;
  }
  return total > 0 ? total : null;
}

function blockPlainText(b: PageBlock): string {
  if (b.text !== undefined) return b.text.trim();
  return b.lines
    .map((l) => l.text)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
