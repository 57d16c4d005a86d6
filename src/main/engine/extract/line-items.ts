// Line items without a template: an array field's sub-fields are matched to the header row of
// a table on the page (by name, description and common synonyms), each header cell gives a
// column, and the rows below it, up to the totals or a gap, become items. A row with text only
// in a text column continues the item above (a description on two lines).
import type { FieldDefinition } from '../../../shared/api/parsers.js';
import type { EvidenceLine, PageEvidence } from './evidence.js';
import { coerce, labelsFor, type MatchContext } from './label-match.js';
import { roundConfidence, type FieldValue } from './result.js';
import { maxOf, minOf } from '../extent.js';

/** Header words for the usual line-item columns, keyed by a normalised sub-field name. */
const ITEM_SYNONYMS: Record<string, string[]> = {
  description: ['description', 'item', 'product', 'article', 'service', 'details', 'beschreibung', 'artikel', 'bezeichnung', 'omschrijving', 'désignation', 'libellé'],
  name: ['description', 'item', 'product', 'article', 'name', 'beschreibung', 'bezeichnung', 'omschrijving', 'désignation'],
  quantity: ['quantity', 'qty', 'qté', 'quantité', 'menge', 'anzahl', 'aantal', 'units', 'hours'],
  qty: ['quantity', 'qty', 'qté', 'menge', 'anzahl', 'aantal'],
  unitprice: ['unit price', 'price', 'rate', 'unit cost', 'einzelpreis', 'vk preis', 'preis', 'prijs', 'prix unitaire', 'prix'],
  price: ['unit price', 'price', 'rate', 'einzelpreis', 'preis', 'prijs', 'prix'],
  amount: ['amount', 'total', 'line total', 'net amount', 'betrag', 'gesamt', 'zeilenbetrag', 'bedrag', 'montant'],
  total: ['total', 'amount', 'line total', 'betrag', 'gesamt', 'zeilenbetrag', 'bedrag', 'montant'],
  tax: ['tax', 'vat', 'gst', 'mwst', 'btw', 'tva'],
  sku: ['sku', 'item no', 'article no', 'code', 'art nr', 'artikelnummer'],
  code: ['code', 'sku', 'item no', 'article no', 'art nr'],
};

/** Words that end a table of items. */
const END_OF_ITEMS = /^(sub ?total|total|amount due|balance|gesamt|summe|zwischensumme|totaal|subtotaal|montant|net à payer|tax|vat)\b/i;

interface Column {
  /** The sub-field read from the column; null for a header the parser does not name (its
   *  values are set aside, not given to a neighbouring column). */
  field: FieldDefinition | null;
  left: number;
  right: number;
}

/** A column that fills a sub-field. */
type FieldColumn = Column & { field: FieldDefinition };

function norm(s: string): string {
  return s.toLowerCase().replace(/[_\-.:]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function headerLabels(field: FieldDefinition): string[] {
  const key = field.name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return [...new Set([...(ITEM_SYNONYMS[key] ?? []), ...labelsFor(field)])];
}

/** Lines grouped into rows (overlapping vertically), top to bottom, each row left to right. */
export function rowsOf(lines: EvidenceLine[]): EvidenceLine[][] {
  const rows: EvidenceLine[][] = [];
  for (const line of [...lines].sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left)) {
    const row = rows.at(-1);
    const ref = row?.[0];
    const h = Math.min(line.box.bottom - line.box.top, ref ? ref.box.bottom - ref.box.top : Infinity);
    if (row && ref && Math.min(line.box.bottom, ref.box.bottom) - Math.max(line.box.top, ref.box.top) > 0.5 * h) row.push(line);
    else rows.push([line]);
  }
  return rows.map((r) => r.sort((a, b) => a.box.left - b.box.left));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How well a header cell names a field: its whole text is one of the field's labels, else the
 *  length of the longest label it holds as words (0: none). */
function headerScore(text: string, labels: string[]): number {
  const t = norm(text);
  if (t.split(' ').length > 4) return 0;
  let best = 0;
  for (const label of labels) {
    if (t === label) return 1000;
    if (label.length > best && new RegExp(`(^| )${escape(label)}( |$)`).test(t)) best = label.length;
  }
  return best;
}

/** The columns a header row gives the sub-fields, or null when it is not a header. The best
 *  matches are taken first (a cell that is exactly a field's label, then longer labels), each
 *  cell for one field: "Total Price" is the amount's and "Unit Price" the unit price's, in
 *  either order. */
function headerColumns(row: EvidenceLine[], subs: FieldDefinition[]): FieldColumn[] | null {
  const pairs: Array<{ field: FieldDefinition; index: number; cell: EvidenceLine; score: number }> = [];
  subs.forEach((field, index) => {
    const labels = headerLabels(field);
    for (const cell of row) {
      const score = headerScore(cell.text, labels);
      if (score > 0) pairs.push({ field, index, cell, score });
    }
  });
  pairs.sort((a, b) => b.score - a.score || a.index - b.index || a.cell.box.left - b.cell.box.left);
  const columns: FieldColumn[] = [];
  for (const p of pairs) {
    if (columns.some((c) => c.field === p.field || c.left === p.cell.box.left)) continue;
    columns.push({ field: p.field, left: p.cell.box.left, right: p.cell.box.right });
  }
  return columns.length >= Math.min(2, subs.length) ? columns.sort((a, b) => a.left - b.left) : null;
}

/** The header's columns plus one for each header cell no sub-field took ("Disc.%" between "Unit
 *  Price" and "Amount"), so that values under it are not read as a neighbour's. */
function withOtherHeaders(columns: FieldColumn[], row: EvidenceLine[]): Column[] {
  const others = row.filter((l) => !columns.some((c) => c.left === l.box.left) && /\p{L}/u.test(l.text)).map((l) => ({ field: null, left: l.box.left, right: l.box.right }));
  return [...columns, ...others].sort((a, b) => a.left - b.left);
}

/** The column a cell belongs to: the one it overlaps most, else the nearest. */
function columnOf(cell: EvidenceLine, columns: Column[]): Column {
  let best = columns[0]!;
  let bestScore = -Infinity;
  for (const c of columns) {
    const overlap = Math.min(cell.box.right, c.right) - Math.max(cell.box.left, c.left);
    const distance = Math.abs((cell.box.left + cell.box.right) / 2 - (c.left + c.right) / 2);
    const score = overlap > 0 ? 1000 + overlap : -distance;
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

/** The usual line-item columns, for proposing an array field from a table's header row. */
const ITEM_COLUMNS: FieldDefinition[] = [
  { name: 'sku', type: 'string' },
  { name: 'description', type: 'string' },
  { name: 'quantity', type: 'number' },
  { name: 'unit_price', type: 'number' },
  { name: 'tax', type: 'number' },
  { name: 'amount', type: 'number' },
];

/** A `line_items` array field proposed from the first header row on any page that names at
 *  least a text column and a number column, or null. */
export function proposeLineItems(pages: PageEvidence[]): FieldDefinition | null {
  for (const page of pages) {
    for (const row of rowsOf(page.lines)) {
      const columns = headerColumns(row, ITEM_COLUMNS);
      if (!columns || columns.length < 2) continue;
      const fields = columns.map((c) => c.field);
      if (!fields.some((f) => f.type === 'string') || !fields.some((f) => f.type === 'number')) continue;
      // Column order as on the page, with the header text as each sub-field's description.
      const described = columns.map((c) => ({ ...c.field, description: row.find((l) => l.box.left === c.left)?.text ?? c.field.name }));
      return { name: 'line_items', type: 'array', description: 'Line items', required: false, fields: described };
    }
  }
  return null;
}

export interface LineItems {
  items: Array<Record<string, unknown>>;
  /** Per item and sub-field: where the value was read. */
  cells: Array<Record<string, FieldValue>>;
}

/** One table row read into the sub-fields of its columns, each value with its citation; cells
 *  under a header no sub-field names are left out. */
function readRow(row: EvidenceLine[], columns: Column[], subs: FieldDefinition[], pageNumber: number, ctx: MatchContext): { item: Record<string, unknown>; cells: Record<string, FieldValue> } {
  const texts = new Map<Column, EvidenceLine[]>();
  for (const cell of row) {
    const c = columnOf(cell, columns);
    texts.set(c, [...(texts.get(c) ?? []), cell]);
  }
  const item: Record<string, unknown> = {};
  const cells: Record<string, FieldValue> = {};
  for (const [c, lines] of texts) {
    if (!c.field || !subs.includes(c.field)) continue;
    const text = lines.map((l) => l.text).join(' ');
    const value = coerce(c.field, text, ctx);
    if (value === null || value === '') continue;
    item[c.field.name] = value;
    cells[c.field.name] = {
      value,
      confidence: roundConfidence(0.85 * (lines[0]!.ocrConfidence ?? 1)),
      citation: { page: pageNumber, box: lines[0]!.box, text },
      source: 'table',
    };
  }
  return { item, cells };
}

/** The items of an array field found on a page, or null when no header row matches. */
export function lineItemsOnPage(field: FieldDefinition, page: PageEvidence, ctx: MatchContext): LineItems | null {
  const subs = field.fields ?? [];
  if (subs.length === 0) return null;
  const rows = rowsOf(page.lines);
  let start = -1;
  let named: FieldColumn[] | null = null;
  while (!named && ++start < rows.length) named = headerColumns(rows[start]!, subs);
  if (!named) return null;
  const columns = withOtherHeaders(named, rows[start]!);
  const out: LineItems = { items: [], cells: [] };
  const heights = rows.map((r) => r[0]!.box.bottom - r[0]!.box.top);
  const rowHeight = heights.sort((a, b) => a - b)[Math.floor(heights.length / 2)] ?? 10;
  const read = (row: EvidenceLine[]) => readRow(row, columns, subs, page.page, ctx);
  // A group's subtotal inside the table ("Subtotal $ 112.00", then "--- Food ---" and more items):
  // an item with a text and two numbers follows within two rows.
  const itemsFollow = (r: number) =>
    rows.slice(r + 1, r + 3).some((row) => {
      if (END_OF_ITEMS.test(row[0]!.text.trim())) return false;
      const { item } = read(row);
      const values = subs.filter((s) => item[s.name] !== undefined);
      return values.some((s) => s.type === 'string') && values.filter((s) => s.type === 'number').length >= 2;
    });
  let previousBottom = maxOf(rows[start]!, (l) => l.box.bottom);
  // After a group's subtotal a text-only row heads the next group; it does not continue an item.
  let grouped = false;
  for (let r = start + 1; r < rows.length; r++) {
    const row = rows[r]!;
    const top = minOf(row, (l) => l.box.top);
    if (top - previousBottom > 3 * rowHeight) break;
    previousBottom = maxOf(row, (l) => l.box.bottom);
    const first = row[0]!.text.trim();
    if (END_OF_ITEMS.test(first)) {
      if (!/^sub ?total/i.test(first) || !itemsFollow(r)) break;
      grouped = true;
      continue;
    }
    const { item, cells } = read(row);
    const hasNumber = subs.some((s) => (s.type === 'number' || s.type === 'date') && item[s.name] !== undefined);
    const previous = out.items.at(-1);
    if (!hasNumber && previous && !grouped && Object.keys(item).length > 0 && Object.keys(item).every((k) => typeof item[k] === 'string')) {
      // A text-only row continues the item above.
      for (const [k, v] of Object.entries(item)) previous[k] = typeof previous[k] === 'string' ? `${previous[k] as string}\n${v as string}` : v;
      continue;
    }
    if (!hasNumber) continue;
    grouped = false;
    for (const s of subs) if (!(s.name in item)) item[s.name] = null;
    out.items.push(item);
    out.cells.push(cells);
  }
  return out.items.length > 0 ? out : null;
}
