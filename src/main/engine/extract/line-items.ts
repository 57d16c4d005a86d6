// Line items without a template: an array field's sub-fields are matched to the header row of
// a table on the page (by name, description and common synonyms), each header cell gives a
// column, and the rows below it, up to the totals or a gap, become items. A row with text only
// in a text column continues the item above (a description on two lines).
import type { FieldDefinition } from '../../../shared/api/parsers.js';
import type { EvidenceLine, PageEvidence } from './evidence.js';
import { coerce, labelsFor, type MatchContext } from './label-match.js';
import { roundConfidence, type FieldValue } from './result.js';

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
  field: FieldDefinition;
  left: number;
  right: number;
}

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

/** The columns a header row gives the sub-fields, or null when it is not a header. */
function headerColumns(row: EvidenceLine[], subs: FieldDefinition[]): Column[] | null {
  const columns: Column[] = [];
  for (const field of subs) {
    const labels = headerLabels(field);
    const cell = row.find((l) => {
      const text = norm(l.text);
      return text.split(' ').length <= 4 && labels.some((label) => text === label || new RegExp(`(^| )${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`).test(text));
    });
    if (cell && !columns.some((c) => c.left === cell.box.left)) columns.push({ field, left: cell.box.left, right: cell.box.right });
  }
  return columns.length >= Math.min(2, subs.length) ? columns.sort((a, b) => a.left - b.left) : null;
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

/** The items of an array field found on a page, or null when no header row matches. */
export function lineItemsOnPage(field: FieldDefinition, page: PageEvidence, ctx: MatchContext): LineItems | null {
  const subs = field.fields ?? [];
  if (subs.length === 0) return null;
  const rows = rowsOf(page.lines);
  let start = -1;
  let columns: Column[] | null = null;
  while (!columns && ++start < rows.length) columns = headerColumns(rows[start]!, subs);
  if (!columns) return null;
  const out: LineItems = { items: [], cells: [] };
  const heights = rows.map((r) => r[0]!.box.bottom - r[0]!.box.top);
  const rowHeight = heights.sort((a, b) => a - b)[Math.floor(heights.length / 2)] ?? 10;
  let previousBottom = Math.max(...rows[start]!.map((l) => l.box.bottom));
  for (const row of rows.slice(start + 1)) {
    const top = Math.min(...row.map((l) => l.box.top));
    if (top - previousBottom > 3 * rowHeight || END_OF_ITEMS.test(row[0]!.text.trim())) break;
    previousBottom = Math.max(...row.map((l) => l.box.bottom));
    const texts = new Map<Column, EvidenceLine[]>();
    for (const cell of row) {
      const c = columnOf(cell, columns);
      texts.set(c, [...(texts.get(c) ?? []), cell]);
    }
    const item: Record<string, unknown> = {};
    const cells: Record<string, FieldValue> = {};
    for (const [c, lines] of texts) {
      const text = lines.map((l) => l.text).join(' ');
      const value = coerce(c.field, text, ctx);
      if (value === null || value === '') continue;
      item[c.field.name] = value;
      cells[c.field.name] = {
        value,
        confidence: roundConfidence(0.85 * (lines[0]!.ocrConfidence ?? 1)),
        citation: { page: page.page, box: lines[0]!.box, text },
        source: 'table',
      };
    }
    const hasNumber = subs.some((s) => (s.type === 'number' || s.type === 'date') && item[s.name] !== undefined);
    const previous = out.items.at(-1);
    if (!hasNumber && previous && Object.keys(item).length > 0 && Object.keys(item).every((k) => typeof item[k] === 'string')) {
      // A text-only row continues the item above.
      for (const [k, v] of Object.entries(item)) previous[k] = typeof previous[k] === 'string' ? `${previous[k] as string}\n${v as string}` : v;
      continue;
    }
    if (!hasNumber) continue;
    for (const s of subs) if (!(s.name in item)) item[s.name] = null;
    out.items.push(item);
    out.cells.push(cells);
  }
  return out.items.length > 0 ? out : null;
}
