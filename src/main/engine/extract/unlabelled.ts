// Values printed without a label, found by where they stand on receipts and invoices: the
// business's name on the first line(s) of the first page, its address right under it, a date
// anywhere, the total on a total-like line. A fallback for scalar fields the labels did not find,
// chosen by the field's meaning (its name, else a short description); every value cites the
// lines it was read from and carries a low confidence (at most 0.6), since it is a guess.
import type { FieldDefinition } from '../../../shared/api/parsers.js';
import type { BoundingBox } from '../../../shared/parse-contract.js';
import { unionRects } from '../page-model.js';
import type { DocumentEvidence, EvidenceLine, PageEvidence } from './evidence.js';
import type { MatchContext } from './label-match.js';
import { monthFromName } from './invoice2data/date-names.js';
import { roundConfidence, type Citation, type FieldValue } from './result.js';
import { parseAmount, parseDate, type DateOrder } from './values.js';
import { maxOf, minOf } from '../extent.js';

/** What an unlabelled value is: the issuer's name or address, the document's date, its total. */
export type UnlabelledKind = 'business_name' | 'business_address' | 'date' | 'total';

// ---------------------------------------------------------------------------------------------
// The field's meaning

/** Words naming the issuer of a receipt or invoice (not its customer). */
const ISSUER = ['company', 'merchant', 'vendor', 'seller', 'store', 'shop', 'issuer', 'supplier', 'business'];

const KINDS: Record<string, UnlabelledKind> = {
  ...Object.fromEntries(ISSUER.flatMap((w) => [[w, 'business_name'], [`${w}_name`, 'business_name']])),
  ...Object.fromEntries(ISSUER.flatMap((w) => [[`${w}_address`, 'business_address'], [`${w}_addr`, 'business_address']])),
  address: 'business_address',
  ...Object.fromEntries(
    ['date', 'invoice_date', 'receipt_date', 'transaction_date', 'purchase_date', 'bill_date', 'sale_date', 'sales_date', 'document_date', 'issue_date'].map((k) => [k, 'date']),
  ),
  ...Object.fromEntries(
    ['total', 'amount', 'grand_total', 'total_amount', 'amount_due', 'total_due', 'invoice_total', 'receipt_total', 'total_price'].map((k) => [k, 'total']),
  ),
};

/** "merchantAddress", "Merchant address", "the merchant's address" → "merchant_address". */
function meaningKey(text: string): string {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w && w !== 'the' && w !== 'of')
    .join('_');
}

/** The kind of unlabelled value a field stands for, from its name or else its short description;
 *  null when it is none of them or its type cannot hold one. */
export function unlabelledKind(field: FieldDefinition): UnlabelledKind | null {
  const kind = KINDS[meaningKey(field.name)] ?? (field.description && field.description.length <= 40 ? KINDS[meaningKey(field.description)] : undefined);
  if (!kind) return null;
  const types: Record<UnlabelledKind, string[]> = {
    business_name: ['string'],
    business_address: ['string'],
    date: ['date', 'string'],
    total: ['number', 'string'],
  };
  return types[kind].includes(field.type) ? kind : null;
}

// ---------------------------------------------------------------------------------------------
// Layout: pieces of text, rows, segments

/** A run of text of one line (lines of a text grid split at wide gaps), with its own box. */
interface Piece {
  line: EvidenceLine;
  text: string;
  box: BoundingBox;
}

/** Pieces of one row that read as one phrase (near each other), left to right. */
interface Segment {
  pieces: Piece[];
  text: string;
  box: BoundingBox;
  /** Index of the segment's row on its page. */
  row: number;
  /** Mean OCR confidence of its lines (1 for text-layer lines). */
  ocr: number;
}

const heightOf = (b: BoundingBox) => Math.max(b.bottom - b.top, 1);

const sameBox = (a: BoundingBox, b: BoundingBox) => a.left === b.left && a.top === b.top && a.right === b.right && a.bottom === b.bottom;

/** A line's runs of text between gaps of three or more spaces (columns of a text grid), each with
 *  its share of the line's box. */
function piecesOf(line: EvidenceLine): Piece[] {
  const text = line.text;
  const parts = [...text.matchAll(/\S+(?: {1,2}\S+)*/g)];
  if (parts.length <= 1) return text.trim() ? [{ line, text: text.trim(), box: line.box }] : [];
  const width = line.box.right - line.box.left;
  return parts.map((m) => ({
    line,
    text: m[0],
    box: { ...line.box, left: line.box.left + (width * m.index) / text.length, right: line.box.left + (width * (m.index + m[0].length)) / text.length },
  }));
}

/** Whether two pieces stand on the same row: they share most of their height and do not sit on
 *  top of each other. Different lines with one box (a block's box standing in for its lines) are
 *  never one row. */
function sameRow(a: Piece, b: Piece): boolean {
  if (a.line === b.line) return true;
  if (sameBox(a.line.box, b.line.box)) return false;
  const vertical = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
  if (vertical < 0.7 * Math.min(heightOf(a.box), heightOf(b.box))) return false;
  const horizontal = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
  return horizontal < 0.3 * Math.min(a.box.right - a.box.left, b.box.right - b.box.left);
}

/** A page's pieces grouped into rows, top to bottom, each row left to right. */
function rowsOf(lines: EvidenceLine[]): Piece[][] {
  const pieces = lines.flatMap(piecesOf);
  const order = pieces.map((p, i) => ({ p, i })).sort((a, b) => a.p.box.top - b.p.box.top || a.i - b.i);
  const rows: Piece[][] = [];
  for (const { p } of order) {
    const row = rows.at(-1);
    if (row && row.every((q) => sameRow(q, p))) row.push(p);
    else rows.push([p]);
  }
  return rows.map((row) => row.sort((a, b) => a.box.left - b.box.left));
}

function segmentOf(pieces: Piece[], row: number): Segment {
  const lines = [...new Set(pieces.map((p) => p.line))];
  return {
    pieces,
    text: pieces.map((p) => p.text).join(' '),
    box: unionRects(pieces.map((p) => p.box)),
    row,
    ocr: lines.reduce((a, l) => a + (l.ocrConfidence ?? 1), 0) / lines.length,
  };
}

/** Each row cut into segments where its pieces stand far apart (columns); pieces of different
 *  lines close together (one phrase the OCR split) are one segment. */
function segmentsOf(rows: Piece[][]): Segment[] {
  const out: Segment[] = [];
  rows.forEach((row, r) => {
    let current: Piece[] = [];
    for (const p of row) {
      const last = current.at(-1);
      const near = last && last.line !== p.line && p.box.left - last.box.right <= 2 * Math.max(heightOf(last.box), heightOf(p.box));
      if (last && !near) {
        out.push(segmentOf(current, r));
        current = [];
      }
      current.push(p);
    }
    if (current.length) out.push(segmentOf(current, r));
  });
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 10;
}

function citationOf(lines: EvidenceLine[]): Citation | null {
  const first = lines[0];
  if (!first) return null;
  return { page: first.page, box: unionRects(lines.map((l) => l.box)), text: lines.map((l) => l.text).join('\n') };
}

const linesOf = (segments: Segment[]) => [...new Set(segments.flatMap((s) => s.pieces.map((p) => p.line)))];

function valueOf(value: unknown, score: number, lines: EvidenceLine[]): FieldValue {
  const ocr = lines.length ? lines.reduce((a, l) => a + (l.ocrConfidence ?? 1), 0) / lines.length : 1;
  return { value, confidence: roundConfidence(Math.min(0.6, score) * ocr), citation: citationOf(lines), source: 'layout' };
}

// ---------------------------------------------------------------------------------------------
// What a header line is

/** Words of a document's title or greeting ("TAX INVOICE", "OFFICIAL RECEIPT", "WELCOME"). */
const TITLE_WORDS = new Set(
  (
    'tax invoice invoices simplified full receipt receipts official cash sales sale bill billing welcome copy customer merchant original ' +
    'duplicate reprint reprinted order gst sst vat facture rechnung quittung kassenbon beleg ticket factuur kassabon recu reçu bon no nr ' +
    'number thank thanks you statement quotation quote credit debit note delivery proforma pro forma commercial payment slip voucher ' +
    'transaction record page of purchase docket abbreviated retail'
  ).split(' '),
);

/** Title words that may trail a name on its line ("Amazon Web Services Invoice"). */
const TITLE_TAIL = new Set(
  'invoice invoices receipt receipts bill tax payment official simplified rechnung facture factuur quittung kassenbon statement quotation proforma'.split(' '),
);

/** A name without the document title printed after it on the same line. */
function withoutTitle(name: string): string {
  const words = name.split(' ');
  while (words.length > 1 && TITLE_TAIL.has(words.at(-1)!.toLowerCase().replace(/[^\p{L}]/gu, ''))) words.pop();
  return words.join(' ').replace(/\s*[-–—|:]+$/, '');
}

/** A title or greeting: only title words once numbers and marks are set aside. */
function isTitle(text: string): boolean {
  const words = text.toLowerCase().replace(/[^\p{L}\s]+/gu, ' ').split(/\s+/).filter(Boolean);
  return words.length > 0 && words.every((w) => TITLE_WORDS.has(w));
}

const PHONE_WORD = /(?<![\p{L}])(?:tel|telephone|phone|fax|hp|h\/p|mobile|tlf|telefon|whatsapp|hotline)(?![\p{L}])/iu;
/** Phone, fax or mobile numbers, with or without their word. */
function isPhone(text: string): boolean {
  if (PHONE_WORD.test(text)) return true;
  const digits = text.replace(/\D/g, '').length;
  return digits >= 7 && /^[\d\s()+\-./]+$/.test(text.trim());
}

const isWeb = (text: string) => /@|\bwww\.|https?:|\.(?:com|net|org|my|co|de|fr|nl|uk|io|biz)\b/i.test(text);

const REGISTRATION_WORD =
  /(?<![\p{L}])(?:co(?:mpany)?\.?[\s-]*(?:reg|no)|reg(?:istration)?\.?\s*(?:no|number|#)|roc|gst|sst|vat|tax\s*id|abn|acn|ein|uen|brn|siret|siren|kvk|btw|ust[\s-]*id|steuer\w*|business\s*reg\w*)(?![\p{L}])/iu;
/** A registration or tax number: its word ("CO. REG", "GST ID"), or a line of bare company
 *  numbers ("(123456-A)", "002693074-K"). */
function isRegistration(text: string): boolean {
  if (REGISTRATION_WORD.test(text)) return true;
  return /^(?:[A-Z]{0,3}\d{5,}(?:-?[A-Z0-9]{1,2})?\s*)+$/i.test(text.replace(/[(){}[\]:.,]/g, ' ').trim());
}

/** A word with eight digits or more: an account, tax or document number, never part of an
 *  address (postcodes and house numbers are short). */
const hasLongNumber = (text: string) => text.split(/\s+/).some((w) => (w.match(/\d/g) ?? []).length >= 8);

/** A company number printed after a name: "(519537-A)", "[CO. REG 12345-X]", "002693074-K". */
const TRAILING_REGISTRATION = /\s*(?:[({[]\s*(?:co(?:mpany)?\.?\s*(?:reg\w*\.?\s*)?(?:no\.?\s*)?:?\s*)?[A-Z]{0,3}\d{4,}[^)}\]]*[)}\]]?|\d{5,}-?[A-Z])\s*$/i;

/** Endings that make a line a company's name. */
const COMPANY_SUFFIX =
  /(?<![\p{L}])(?:sdn\.?\s*bhd|bhd|berhad|s\/b|ltd|limited|llc|llp|plc|plt|inc|incorporated|corp|corporation|co|company|gmbh|ag|kg|bv|b\.v|nv|n\.v|sarl|sas|s\.a|srl|s\.r\.l|spa|s\.p\.a|pte|pty|oy|enterprises?|trading)\.?$/iu;
const hasSuffix = (text: string) => COMPANY_SUFFIX.test(text.replace(TRAILING_REGISTRATION, '').trim());

const DATE_WORD = /(?<![\p{L}])(?:date|dated|datum|fecha|tarikh|tanggal|tgl|time|zeit|issued)(?![\p{L}])/iu;
const TIME = /(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)/;
const isDateOrTime = (text: string, order: DateOrder | null) => datesIn(text, order).length > 0 || TIME.test(text);

/** "Cashier: Ann", "Invoice No: 12", "Date :": a word label and a colon, anywhere on the line;
 *  an address's "No: 28" or "Lot: 5" is not one. */
function isLabelled(text: string): boolean {
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])(\p{L}[\p{L} .#/&'()-]{0,30}?)\s*:\s*(\S?)/gu)) {
    const word = m[1]!.trim().split(/\s+/).at(-1) ?? '';
    if (/^(?:no|lot|unit|blk|block|suite|level|floor|flr)\.?$/i.test(word) && /\d/.test(m[2]!)) continue;
    return true;
  }
  return false;
}

const HEADER_WORD = /(?<![\p{L}])(?:qty|quantity|description|desc|items?|price|unit|amount|amt|total|disc|uom|code|rate|article)(?![\p{L}])/giu;
/** An item table's header ("QTY DESCRIPTION PRICE") or a line with a price on it. */
const isItemLine = (text: string) => (text.match(HEADER_WORD) ?? []).length >= 2 || /(?<![\d.,])\d+[.,]\d{2}(?![\d.,%])/.test(text);

/** The buyer's part of an invoice. */
const isBuyer = (text: string) =>
  /(?<![\p{L}])(?:bill(?:ed)?\s+to|ship(?:ped)?\s+to|sold\s+to|deliver(?:ed)?\s+to|invoice\s+to|customer|attn|attention|(?:billing|shipping|delivery|invoice)\s+address|rechnungsadresse|lieferadresse|factuuradres|afleveradres|adresse\s+de\s+(?:facturation|livraison))(?![\p{L}])/iu.test(
    text,
  );

const ADDRESS_WORD =
  /(?<![\p{L}])(?:jalan|jln|lorong|lrg|lot|no|taman|tmn|kawasan|kampung|kg|bandar|persiaran|lebuh|street|st|road|rd|avenue|ave|lane|drive|boulevard|blvd|way|court|place|square|floor|suite|unit|block|blk|building|bldg|level|box|highway|hwy|industrial|estate|straße|strasse|str|weg|platz|allee|gasse|rue|chemin|via|calle|straat|laan|plein)(?![\p{L}])/iu;
/** A line of an address: a number with a comma, a street word or a postcode; a company's name
 *  (with its suffix) is not one. */
function isAddressLike(text: string): boolean {
  const t = text.replace(TRAILING_REGISTRATION, '');
  if (!/\d/.test(t) || hasSuffix(t)) return false;
  return /\d.*,|,.*\d/.test(t) || ADDRESS_WORD.test(t) || /(?<![\d-])\d{4,6}(?![\d-])/.test(t);
}

/** Written in capitals (no lower-case letter). */
const isUpper = (text: string) => !/\p{Ll}/u.test(text);

const last = <T>(items: T[]): T => items[items.length - 1]!;

const letters = (text: string) => (text.match(/\p{L}/gu) ?? []).length;

/** OCR marks and stray fragments rather than words, or a paragraph (no header line is that long). */
const isNoise = (s: Segment) => letters(s.text) < 2 || s.ocr < 0.3 || s.text.length > 300;

/** Common OCR confusions inside upper-case words: "JIAWE|" is "JIAWEI"; in an address, where
 *  no exclamation belongs, "BES!" is "BESI". */
function fixOcr(text: string, address: boolean): string {
  let t = text.replace(/(?<=\p{Lu})\|/gu, 'I').replace(/\|(?=\p{Lu})/gu, 'I');
  if (address) t = t.replace(/(?<=\p{Lu})!(?=[\s,.]|$)/gu, 'I');
  return t.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// The header: the business's name and address

interface Header {
  name: Segment[];
  nameText: string | null;
  address: Segment[];
  addressText: string | null;
}

/** A sender's line above a window envelope's address: "Name GmbH - Street 4 - 12345 Town". */
const SENDER_SEPARATOR = /\s+[-–—|·•]\s+/;

/** The first segment after `from` on a lower row that overlaps `span` horizontally. */
function nextBelow(segments: Segment[], from: number, span: BoundingBox): number | null {
  const row = segments[from]?.row ?? -1;
  for (let j = from + 1; j < segments.length; j++) {
    const s = segments[j]!;
    if (s.row > row && Math.min(s.box.right, span.right) - Math.max(s.box.left, span.left) > 0) return j;
  }
  return null;
}

/** A line that ends the header: a title, a date, a label, an item or the buyer. */
const isStop = (text: string, order: DateOrder | null) =>
  isTitle(text) || isDateOrTime(text, order) || isLabelled(text) || isItemLine(text) || isBuyer(text);

/** Whether the segment below a name continues it. */
function continuesName(name: Segment[], next: Segment, after: Segment | undefined, lineHeight: number): boolean {
  const nameText = name.map((s) => s.text).join(' ');
  if (hasSuffix(nameText)) return false;
  // "MR. D.I.Y." over "(KUCHAI) SDN BHD": the suffix ends the name on the next line.
  if (hasSuffix(next.text)) return isUpper(last(name).text) === isUpper(next.text);
  if (/\d/.test(next.text)) return false;
  // Both lines in the same large type.
  const [a, b] = [heightOf(last(name).box), heightOf(next.box)];
  if (a >= 1.3 * lineHeight && b >= 1.3 * lineHeight && Math.abs(a - b) <= 0.25 * Math.max(a, b)) return true;
  // The company number follows the whole name: "RESTAURANT X" / "X HOUSE" / "(123456-A)".
  return after !== undefined && isRegistration(after.text) && !PHONE_WORD.test(after.text);
}

/** The business's name and address at the top of a page. */
function headerOf(page: PageEvidence, order: DateOrder | null): Header {
  const segments = segmentsOf(rowsOf(page.lines));
  const none: Header = { name: [], nameText: null, address: [], addressText: null };
  if (!segments.length) return none;
  const lineHeight = median(segments.flatMap((s) => s.pieces.map((p) => heightOf(p.box))));
  const top = minOf(segments, (s) => s.box.top);
  const bottom = maxOf(segments, (s) => s.box.bottom);
  const headerBottom = top + 0.45 * Math.max(bottom - top, lineHeight);

  // The first line that is not a title, a date, a phone, a number or a mark.
  let start = -1;
  let labels = 0;
  for (let i = 0; i < Math.min(segments.length, 12); i++) {
    const s = segments[i]!;
    if (s.box.top > headerBottom) break;
    const t = s.text;
    if (isNoise(s) || isTitle(t)) continue;
    // The buyer's block first, or the document's details already: no issuer's header to read.
    if (isBuyer(t) || (isLabelled(t) && ++labels >= 2)) return none;
    if (isDateOrTime(t, order) || isPhone(t) || isWeb(t) || isRegistration(t) || isLabelled(t)) continue;
    start = i;
    break;
  }
  if (start < 0) return none;

  const sender = segments[start]!.text.split(SENDER_SEPARATOR);
  const rest = segments[start]!.text.slice((sender[0] ?? '').length).replace(SENDER_SEPARATOR, '');
  // Three parts with a number, or two with a postcode: "Name - 12345 Town".
  const postcode = /(?<!\d)\d{4,6}(?!\d)/.test(rest);
  if (sender.length >= 2 && letters(sender[0]!) >= 2 && /\d/.test(rest) && (sender.length >= 3 || (postcode && isAddressLike(rest)))) {
    const line = [segments[start]!];
    return { name: line, nameText: fixOcr(withoutTitle(sender[0]!.replace(TRAILING_REGISTRATION, '')), false), address: line, addressText: fixOcr(rest, true) };
  }

  // A logo's word or a note above the registered name ("gardenia" over "GARDENIA BAKERIES (KL)
  // SDN BHD"): the name is the line with the company's suffix.
  const above = segments[start]!;
  const below = nextBelow(segments, start, above.box);
  const suffixed = below === null ? undefined : segments[below];
  if (
    below !== null &&
    suffixed &&
    !isNoise(suffixed) &&
    !hasSuffix(above.text) &&
    hasSuffix(suffixed.text) &&
    suffixed.box.top - above.box.bottom <= 3 * lineHeight &&
    (isUpper(above.text) !== isUpper(suffixed.text) || suffixed.text.toLowerCase().includes(above.text.toLowerCase()))
  ) {
    start = below;
  }

  const first = segments[start]!;
  const name: Segment[] = [];
  let end = start;
  let span = first.box;
  if (!isAddressLike(first.text) && !isItemLine(first.text)) {
    name.push(first);
    while (name.length < 3) {
      const j = nextBelow(segments, end, span);
      if (j === null) break;
      const next = segments[j]!;
      if (next.box.top - segments[end]!.box.bottom > 1.2 * lineHeight) break;
      if (isNoise(next) || isStop(next.text, order) || isPhone(next.text) || isWeb(next.text) || isRegistration(next.text) || isAddressLike(next.text)) break;
      const k = nextBelow(segments, j, span);
      if (!continuesName(name, next, k === null ? undefined : segments[k], lineHeight)) break;
      name.push(next);
      end = j;
      span = unionRects([span, next.box]);
    }
  }
  const nameText = name.length
    ? fixOcr(
        withoutTitle(
          name
            .map((s) => s.text)
            .join(' ')
            .replace(/^welcome\s+to\s+/i, '')
            .replace(TRAILING_REGISTRATION, ''),
        ),
        false,
      )
    : null;

  // The address: the lines under the name, past its registration numbers and phones.
  const address: Segment[] = [];
  let skipped = 0;
  let prev = segments[end]!;
  let j: number | null = name.length ? nextBelow(segments, end, span) : start;
  while (j !== null && address.length < 6) {
    const s = segments[j]!;
    const gap = s.box.top - prev.box.bottom;
    const t = s.text;
    const aside = isNoise(s) || isRegistration(t) || isPhone(t) || isWeb(t) || hasLongNumber(t);
    if (!address.length) {
      if (gap > 3 * lineHeight) break;
      // Before the address: its company number, phone, and a printing date may stand there.
      if (aside || (isDateOrTime(t, order) && !isTitle(t) && !isLabelled(t))) {
        if (++skipped > 3) break;
      } else if (isStop(t, order)) break;
      else address.push(s);
    } else {
      if (gap > 2 * lineHeight || aside || isStop(t, order)) break;
      address.push(s);
    }
    prev = s;
    if (address.length) span = unionRects([span, s.box]);
    j = nextBelow(segments, j, span);
  }
  // An address has a house number or a postcode.
  const addressText = fixOcr(address.map((s) => s.text).join(' '), true);
  const hasAddress = /\d/.test(addressText);
  return { name, nameText: nameText && letters(nameText) >= 2 ? nameText : null, address: hasAddress ? address : [], addressText: hasAddress ? addressText : null };
}

function findBusinessName(doc: DocumentEvidence, ctx: MatchContext): FieldValue | null {
  const page = doc.pages[0];
  if (!page) return null;
  const { name, nameText } = headerOf(page, ctx.dateOrder);
  if (!nameText) return null;
  return valueOf(nameText, hasSuffix(nameText) ? 0.6 : 0.5, linesOf(name));
}

function findBusinessAddress(doc: DocumentEvidence, ctx: MatchContext): FieldValue | null {
  const page = doc.pages[0];
  if (!page) return null;
  const { address, addressText } = headerOf(page, ctx.dateOrder);
  if (!addressText) return null;
  return valueOf(addressText, 0.45, linesOf(address));
}

// ---------------------------------------------------------------------------------------------
// Dates

const DATE_TEXT =
  /(?<![\p{N}\p{L}])(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})|\d{1,2}(?:st|nd|rd|th)?\.?[\s/-]*\p{L}{3,10}\.?[\s,/-]*(?:\d{4}|\d{2})|\p{L}{3,10}\.?\s*\d{1,2}(?:st|nd|rd|th)?\s*,?\s+\d{4})(?![\p{N}])/gu;

/** The dates written in a text, as YYYY-MM-DD, with where they stand. */
function datesIn(text: string, order: DateOrder | null): Array<{ index: number; end: number; iso: string }> {
  const out: Array<{ index: number; end: number; iso: string }> = [];
  for (const m of text.matchAll(DATE_TEXT)) {
    // A written month must be a month's name or abbreviation ("MARKET" is not March).
    const word = /\p{L}{3,10}/u.exec(m[0].replace(/(?<=\d)(?:st|nd|rd|th)/, ''))?.[0];
    if (word && monthFromName(word) === null) continue;
    // "25-Dec-18", "25DEC2018" as "25 Dec 2018", which the value reader knows.
    const named = /^(\d{1,2})(?:st|nd|rd|th)?\.?[\s/-]*(\p{L}{3,10})\.?[\s,/-]*(\d{4}|\d{2})$/u.exec(m[0]);
    const written = named ? `${named[1]} ${named[2]} ${named[3]!.length === 2 ? `20${named[3]}` : named[3]}` : m[0];
    const iso = parseDate(written, order);
    const year = iso ? Number(iso.slice(0, 4)) : 0;
    if (iso && year >= 1970 && year < 2100) out.push({ index: m.index, end: m.index + m[0].length, iso });
  }
  return out;
}

const DUE_WORD = /(?<![\p{L}])(?:due|expir\w*|exp|valid\w*|until|till|fällig\w*|échéance|vervaldatum|deliver\w*|ship\w*|period|birth|dob)(?![\p{L}])/iu;

/** The document's date: the first one beside a date or time word or followed by a time, else
 *  the first one that is not a due or expiry date, else the first one. */
function findDate(doc: DocumentEvidence, ctx: MatchContext): FieldValue | null {
  let best: { rank: number; iso: string; line: EvidenceLine } | null = null;
  for (const page of doc.pages) {
    for (const row of rowsOf(page.lines)) {
      let context = '';
      for (const [i, piece] of row.entries()) {
        let from = 0;
        for (const d of datesIn(piece.text, ctx.dateOrder)) {
          const before = `${context} ${piece.text.slice(from, d.index)}`.slice(-30);
          const after = [piece.text.slice(d.end), ...row.slice(i + 1).map((p) => p.text)].join(' ').slice(0, 16);
          const timed = /^[\s,;|-]*\d{1,2}[:.]\d{2}(?!\d)/.test(after) || /\d{1,2}:\d{2}(?::\d{2})?\s*[-,|]?\s*$/.test(before);
          const rank = DUE_WORD.test(before) ? 0 : DATE_WORD.test(before) || timed ? 2 : 1;
          if (!best || rank > best.rank) best = { rank, iso: d.iso, line: piece.line };
          context = '';
          from = d.end;
        }
        context += ` ${piece.text.slice(from)}`;
      }
    }
  }
  if (!best) return null;
  return valueOf(best.iso, [0.4, 0.5, 0.6][best.rank]!, [best.line]);
}

// ---------------------------------------------------------------------------------------------
// Totals

const STRONG_TOTAL =
  /(?<![\p{L}])(?:rounded\s+total|total\s*\(?rounded\)?|nett(?:\s+total)?|grand\s+total|amount\s+due|total\s+due|balance\s+due|total\s+payable|amount\s+payable|total\s+ttc|net\s+à\s+payer|gesamtbetrag|zu\s+zahlen|te\s+betalen)(?![\p{L}])/giu;
const PLAIN_TOTAL = /(?<![\p{L}])(?:total|totaal|summe|gesamt|montant\s+total|importe\s+total|jumlah)(?![\p{L}])/giu;
/** Totals that are not the amount to pay: before tax or discount, of the tax, of quantities. */
const NOT_TOTAL =
  /(?<![\p{L}])(?:sub[\s-]*total|total\s*(?:qty|quantity|items?|item\(s\)|pcs|pieces|units|weight|points?|discounts?|savings?|saved|tax|gst|vat|sst|net|excl\w*|before|tendered)|(?:tax|gst|vat|sst)\s*total|net\s+(?:total|amount)|before\s+(?:discount|tax|gst|rounding)|excl(?:uding|usive|\.)?|tendered|change)(?![\p{L}])/iu;
const ROUNDING = /(?<![\p{L}])round(?:ing|ed)?(?:\s*adj\w*)?(?![\p{L}])/iu;
const MONEY = /(?<![\p{L}\p{N}.,])(?:[$€£¥₹]\s?)?[-−]?(?:\d{1,3}(?:[ ,.'\u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?:\s?[$€£¥₹%])?(?![\p{N}])/gu;

/** The amount in a text after `from`: one with a currency sign, else the last with decimals,
 *  else the last; dates and percentages set aside. */
function amountIn(text: string, from: number, decimal?: '.' | ','): { value: number; index: number; decimals: boolean } | null {
  let masked = text;
  for (const d of datesIn(text, null)) masked = masked.slice(0, d.index) + ' '.repeat(d.end - d.index) + masked.slice(d.end);
  const found = [...masked.matchAll(MONEY)].filter((m) => m.index >= from && /\d/.test(m[0]) && !m[0].trim().endsWith('%'));
  const pick =
    found.find((m) => /[$€£¥₹]/.test(m[0])) ?? [...found].reverse().find((m) => /[.,]\d{2}\s*[$€£¥₹]?$/.test(m[0].trim())) ?? found.at(-1);
  if (!pick) return null;
  const value = parseAmount(pick[0], decimal);
  return value === null ? null : { value, index: pick.index, decimals: /[.,]\d{2}\s*[$€£¥₹]?$/.test(pick[0].trim()) };
}

/** The piece of a row holding the text offset `at` of the row's joined text. */
function pieceAt(row: Piece[], at: number): Piece {
  let offset = 0;
  for (const p of row) {
    if (at < offset + p.text.length + 1) return p;
    offset += p.text.length + 1;
  }
  return row.at(-1)!;
}

/** The total: the amount on a total-like row (to the right of its word, or alone on the row
 *  below), excluding subtotals, tax and quantity totals. Rows under a rounding line that changed
 *  the amount first, then GRAND / NETT / ROUNDED / AMOUNT DUE rows, then amounts with decimals,
 *  then the largest amount (a GST summary's "Total" is smaller), then the last. */
function findTotal(field: FieldDefinition, doc: DocumentEvidence): FieldValue | null {
  const decimal = field.format?.decimal_separator;
  type Candidate = { value: number; strong: boolean; afterRounding: boolean; decimals: boolean; order: number; lines: EvidenceLine[]; below: boolean };
  const candidates: Candidate[] = [];
  let order = 0;
  for (const page of doc.pages) {
    const rows = rowsOf(page.lines);
    let roundingSeen = false;
    rows.forEach((row, r) => {
      order++;
      const text = row.map((p) => p.text).join(' ');
      // A rounding line that changes the amount: the totals under it are the ones to pay.
      if (ROUNDING.test(text) && !/(?<![\p{L}])(?:total|nett)(?![\p{L}])/iu.test(text)) {
        if (amountIn(text, 0, decimal)?.value) roundingSeen = true;
        return;
      }
      if (NOT_TOTAL.test(text)) return;
      const strong = [...text.matchAll(STRONG_TOTAL)].at(-1);
      const word = strong ?? [...text.matchAll(PLAIN_TOTAL)].at(-1);
      if (!word) return;
      const base = { strong: strong !== undefined, afterRounding: roundingSeen, order };
      const here = amountIn(text, word.index + word[0].length, decimal);
      if (here) {
        candidates.push({ ...base, value: here.value, decimals: here.decimals, lines: [pieceAt(row, here.index).line], below: false });
        return;
      }
      // "TOTAL" over its amount: the next row holding only an amount (not a table's header).
      const next = rows[r + 1];
      const nextText = next?.map((p) => p.text).join(' ') ?? '';
      if (!next || (text.match(HEADER_WORD) ?? []).length >= 2 || letters(nextText.replace(/\b(?:RM|USD|EUR|GBP|SGD)\b/gi, '')) > 0) return;
      const under = amountIn(nextText, 0, decimal);
      if (under) candidates.push({ ...base, value: under.value, decimals: under.decimals, lines: [pieceAt(next, under.index).line], below: true });
    });
  }
  const usable = candidates.filter((c) => c.value > 0);
  const pool = usable.length ? usable : candidates;
  const best = pool.sort(
    (a, b) =>
      Number(b.afterRounding) - Number(a.afterRounding) ||
      Number(b.strong) - Number(a.strong) ||
      Number(b.decimals) - Number(a.decimals) ||
      b.value - a.value ||
      b.order - a.order,
  )[0];
  if (!best) return null;
  const value = field.type === 'number' ? best.value : best.value.toFixed(best.decimals ? 2 : 0);
  return valueOf(value, (best.strong ? 0.6 : 0.55) - (best.below ? 0.05 : 0), best.lines);
}

// ---------------------------------------------------------------------------------------------

/** A scalar field's value read without a label, by the field's meaning: the business's name or
 *  address from the top of the first page, the document's date, its total. Null when the field
 *  means none of these or nothing fits. The value's source is `label` (layout, in truth) and its
 *  confidence at most 0.6. */
export function findUnlabelled(field: FieldDefinition, doc: DocumentEvidence, ctx: MatchContext): FieldValue | null {
  switch (unlabelledKind(field)) {
    case 'business_name':
      return findBusinessName(doc, ctx);
    case 'business_address':
      return findBusinessAddress(doc, ctx);
    case 'date':
      return findDate(doc, ctx);
    case 'total':
      return findTotal(field, doc);
    default:
      return null;
  }
}
