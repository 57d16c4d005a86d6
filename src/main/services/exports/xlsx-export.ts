// The XLSX export, written with exceljs's streaming WorkbookWriter: a "Documents" sheet (a row per
// document: document_id, filename, path when the job has paths, status, error_message, the
// non-array fields with objects flattened as `field.sub`) and a "Line items" sheet (document_id,
// filename, path, item_index from 1, `array_field` when the parser has several array fields, then
// `array_field.sub` columns), joined by document_id; headers are unique (columns.ts). Numbers are
// numeric cells, dates date cells shown `yyyy-mm-dd`, booleans booleans; text is a string cell
// holding the value as extracted (no formula guard: a typed string is never evaluated), cut at
// Excel's 32,767-character cell limit (never inside a character). A day Excel cannot show as a
// date (before 1 March 1900: serials below 1 show as ####, and Excel counts a 29 February 1900
// that never was) is written as its `YYYY-MM-DD` text. A sheet holds at most Excel's 1,048,576
// rows; the rows after that go on to "Documents (2)", "Line items (2)" … with the same headers.
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { type Cell, formatDay } from './cells.js';
import { type Column, documentCells, documentHeaders, fieldColumns, fileCells, fileHeaders, itemGroups, uniqueHeaders } from './columns.js';
import type { ExportHeader, RowSource } from './types.js';

const MAX_CELL_TEXT = 32_767;
/** Rows a worksheet holds in Excel, its header row included. */
const MAX_SHEET_ROWS = 1_048_576;
/** The first day whose Excel serial number names it (1900-03-01 is serial 61). */
const FIRST_EXCEL_DAY = Date.UTC(1900, 2, 1);
const DATE_FORMAT = 'yyyy-mm-dd';

type Book = ExcelJS.stream.xlsx.WorkbookWriter;
type Sheet = ExcelJS.Worksheet;

export interface XlsxLimits {
  /** Rows per sheet, the header row included (default Excel's 1,048,576). */
  maxSheetRows?: number | undefined;
}

/** Streams the XLSX export into `out`, committing each row as it goes and pausing while `out`
 *  is full, then ends `out`; on failure `out` is destroyed. Reads `rows` twice (see RowSource). */
export async function writeXlsxExport(header: ExportHeader, rows: RowSource, out: Writable, limits: XlsxLimits = {}): Promise<void> {
  const outDone = finished(out);
  outDone.catch(() => undefined); // observed through the races below
  const flow = new FlowControl(out, outDone);
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    madeByProduct(workbook);
    const maxRows = Math.max(2, Math.min(MAX_SHEET_ROWS, limits.maxSheetRows ?? MAX_SHEET_ROWS));
    const completed = await writeDocuments(workbook, header, rows, flow, maxRows);
    await writeLineItems(workbook, header, rows, flow, completed, maxRows);
    await Promise.race([workbook.commit(), outDone]);
    await outDone;
  } catch (err) {
    out.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

/** Fills the Documents sheet; returns the ids of completed documents, whose line items follow. */
async function writeDocuments(workbook: Book, header: ExportHeader, rows: RowSource, flow: FlowControl, maxRows: number): Promise<Set<string>> {
  const columns = fieldColumns(header.fields);
  const fixed = documentHeaders(header);
  const sheet = new SheetSeries(workbook, 'Documents', [...fixed, ...uniqueHeaders(fixed, columns.map((c) => c.header))], maxRows);
  const completed = new Set<string>();
  for await (const row of rows()) {
    sheet.add([...documentCells(header, row), ...cellsOf(columns, row.extracted_data)]);
    if (row.status === 'completed') completed.add(row.document_id);
    await flow.pace();
  }
  sheet.commit();
  return completed;
}

/** Fills the Line items sheet from a second pass, keeping to the documents the first pass saw
 *  completed, so every item joins a Documents row that shows its data. */
async function writeLineItems(
  workbook: Book,
  header: ExportHeader,
  rows: RowSource,
  flow: FlowControl,
  completed: Set<string>,
  maxRows: number,
): Promise<void> {
  const groups = itemGroups(header.fields);
  const named = groups.length > 1;
  const itemHeaders = groups.flatMap((g) => g.columns.map((c) => c.header));
  const fixed = [...fileHeaders(header), 'item_index', ...(named ? ['array_field'] : [])];
  const sheet = new SheetSeries(workbook, 'Line items', [...fixed, ...uniqueHeaders(fixed, itemHeaders)], maxRows);
  if (groups.length > 0 && completed.size > 0) {
    for await (const row of rows()) {
      if (!completed.has(row.document_id)) continue;
      const file = fileCells(header, row);
      let before = 0;
      for (const group of groups) {
        const after = itemHeaders.length - before - group.columns.length;
        for (const [i, item] of group.items(row.extracted_data).entries()) {
          const lead = [...file, i + 1, ...(named ? [group.field] : [])];
          sheet.add([...lead, ...blank(before), ...cellsOf(group.columns, item), ...blank(after)]);
          await flow.pace();
        }
        before += group.columns.length;
      }
    }
  }
  sheet.commit();
}

/** The application named in the workbook's properties (docProps/core.xml and app.xml). */
const PRODUCT = 'PerfectParser';

/** The workbook says PerfectParser made it: as its creator and last editor (exceljs writes
 *  "ExcelJS" unless told), and as the application in docProps/app.xml, where exceljs's text
 *  names Microsoft Excel and an Excel version; the writer is given its own app.xml, with the
 *  sheets exceljs lists, and no version or company (that is the user's to set). */
function madeByProduct(workbook: Book): void {
  const writer = workbook as unknown as { addApp(): Promise<void>; zip: { append(data: string, options: { name: string }): void }; _worksheets: Array<{ name: string } | undefined> };
  workbook.creator = PRODUCT;
  workbook.lastModifiedBy = PRODUCT;
  writer.addApp = () => {
    const names = writer._worksheets.filter((s) => s !== undefined).map((s) => s.name);
    writer.zip.append(appXml(names), { name: 'docProps/app.xml' });
    return Promise.resolve();
  };
}

function appXml(sheets: string[]): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    `<Application>${PRODUCT}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>` +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${sheets.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${sheets.length}" baseType="lpstr">${sheets.map((name) => `<vt:lpstr>${escape(name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
    '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>' +
    '</Properties>'
  );
}

/** A sheet that goes on to `name (2)`, `name (3)` … (same headers) when it is full. */
class SheetSeries {
  #sheet: Sheet;
  #rows = 1;
  #part = 1;

  constructor(
    private readonly workbook: Book,
    private readonly name: string,
    private readonly headers: string[],
    private readonly maxRows: number,
  ) {
    this.#sheet = addSheet(workbook, name, headers);
  }

  add(cells: Cell[]): void {
    if (this.#rows >= this.maxRows) {
      this.#sheet.commit();
      this.#part += 1;
      this.#sheet = addSheet(this.workbook, `${this.name} (${this.#part})`, this.headers);
      this.#rows = 1;
    }
    addRow(this.#sheet, cells);
    this.#rows += 1;
  }

  commit(): void {
    this.#sheet.commit();
  }
}

function addSheet(workbook: Book, name: string, headers: string[]): Sheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const row = sheet.addRow(headers);
  row.font = { bold: true };
  row.commit();
  return sheet;
}

function addRow(sheet: Sheet, cells: Cell[]): void {
  const values = cells.map(xlsxValue);
  const row = sheet.addRow(values);
  values.forEach((c, i) => {
    if (c instanceof Date) row.getCell(i + 1).numFmt = DATE_FORMAT;
  });
  row.commit();
}

/** A cell as the workbook holds it: text within the cell limit, days Excel can show as dates. */
function xlsxValue(cell: Cell): Cell {
  if (cell instanceof Date) return cell.getTime() < FIRST_EXCEL_DAY ? formatDay(cell) : cell;
  if (typeof cell !== 'string' || cell.length <= MAX_CELL_TEXT) return cell;
  const cut = cell.slice(0, MAX_CELL_TEXT);
  // Never end on the first half of a surrogate pair (it would be written as U+FFFD).
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

function cellsOf(columns: Column[], record: unknown): Cell[] {
  return columns.map((c) => c.cell(record));
}

function blank(n: number): null[] {
  return new Array<null>(n).fill(null);
}

/** Back-pressure for a writer that cannot see its own buffers: after each row, wait for `out` to
 *  drain when it is full, else give the zip and its compressor a turn of the event loop. */
class FlowControl {
  constructor(
    private readonly out: Writable,
    private readonly outDone: Promise<void>,
  ) {}

  async pace(): Promise<void> {
    if (this.out.destroyed || this.out.writableEnded) throw new Error('the export destination closed before the export was complete');
    const ready = this.out.writableNeedDrain ? drained(this.out) : new Promise<void>((resolve) => setImmediate(resolve));
    await Promise.race([ready, this.outDone]);
  }
}

function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (err?: Error): void => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = (): void => settle();
    const onClose = (): void => settle(new Error('the export destination closed before the export was complete'));
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}
