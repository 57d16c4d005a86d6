// `perfectparser extract` and `detect-fields`, run as a user runs them: parsers from JSON files,
// invoice2data template folders and the local store; JSON, CSV and XLSX output; exit codes.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../helpers/csv.js';
import { makePdf, withLinearization, withoutPageTree } from '../helpers/make-pdf.js';
import { cli } from '../helpers/run-cli.js';
import { openApp } from '../../src/main/services/app.js';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin', 'perfectparser.js');
const corpus = process.env['PERFECTPARSER_CORPUS'] ?? path.resolve(root, '../shared/corpus');
const tmp = mkdtempSync(path.join(tmpdir(), 'pp-extract-'));

function invoice(n: number): string {
  const file = path.join(tmp, `invoice-${n}.pdf`);
  writeFileSync(
    file,
    makePdf({
      pages: [
        {
          items: [
            { text: 'INVOICE', x: 72, y: 740, size: 18, bold: true },
            { text: `Invoice No: INV-${n}`, x: 72, y: 700 },
            { text: 'Invoice Date: 15.03.2024', x: 72, y: 670 },
            { text: `Total: ${n},250.50`, x: 72, y: 640 },
          ],
        },
      ],
    }),
  );
  return file;
}

/** One file of a zip archive, found through its central directory (read as text). */
function zipEntry(zip: Buffer, name: string): string {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const local = zip.readUInt32LE(at + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + zip.readUInt32LE(at + 20));
      return (zip.readUInt16LE(at + 10) === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  throw new Error(`${name} is not in the archive`);
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('perfectparser detect-fields and extract', () => {
  it('proposes a parser from a sample, and extracts a batch with it as JSON', async () => {
    const sample = invoice(1);
    const detected = await cli(['detect-fields', sample, '--name', 'Invoices']);
    expect(detected.code).toBe(0);
    const parser = JSON.parse(detected.stdout) as { parser: { name: string; fields: Array<{ name: string; type: string }> } };
    expect(parser.parser.name).toBe('Invoices');
    expect(parser.parser.fields.map((f) => [f.name, f.type])).toEqual([
      ['invoice_number', 'string'],
      ['invoice_date', 'date'],
      ['total', 'number'],
    ]);
    const parserFile = path.join(tmp, 'parser.json');
    writeFileSync(parserFile, detected.stdout);

    const files = [invoice(2), invoice(3)];
    const out = await cli(['extract', ...files, '--parser', parserFile, '--json']);
    expect(out.code).toBe(0);
    const docs = (JSON.parse(out.stdout) as { documents: Array<{ filename: string; status: string; extracted_data: unknown; fields: Record<string, { citation: { page: number } | null }> }> }).documents;
    expect(docs.map((d) => d.extracted_data)).toEqual([
      { invoice_number: 'INV-2', invoice_date: '2024-03-15', total: 2250.5 },
      { invoice_number: 'INV-3', invoice_date: '2024-03-15', total: 3250.5 },
    ]);
    expect(docs[0]!.fields['total']!.citation!.page).toBe(1);
  });

  it('writes CSV and XLSX', async () => {
    const parserFile = path.join(tmp, 'p2.json');
    writeFileSync(parserFile, JSON.stringify({ name: 'P', fields: [{ name: 'invoice_number', type: 'string' }, { name: 'total', type: 'number' }] }));
    const files = [invoice(4), invoice(5)];
    const csv = await cli(['extract', ...files, '--parser', parserFile, '--csv']);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trim().split(/\r?\n/);
    expect(rows[0]).toBe('document_id,filename,status,error_message,invoice_number,total');
    expect(rows.slice(1).map((r) => r.split(',').slice(1))).toEqual([
      ['invoice-4.pdf', 'completed', '', 'INV-4', '4250.5'],
      ['invoice-5.pdf', 'completed', '', 'INV-5', '5250.5'],
    ]);
    const xlsx = path.join(tmp, 'out.xlsx');
    expect((await cli(['extract', ...files, '--parser', parserFile, '--xlsx', '--out', xlsx])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(2).getCell(5).value).toBe('INV-4');
    expect(sheet.getRow(3).getCell(6).value).toBe(5250.5);
  });

  it('walks folders for documents only: data files and its own earlier output are skipped, links followed', async () => {
    const parserFile = path.join(tmp, 'p-walk.json');
    writeFileSync(parserFile, JSON.stringify({ name: 'P', fields: [{ name: 'invoice_number', type: 'string' }] }));
    const dir = mkdtempSync(path.join(tmp, 'walk-'));
    mkdirSync(path.join(dir, 'sub'));
    copyFileSync(invoice(20), path.join(dir, 'a.pdf'));
    copyFileSync(invoice(21), path.join(tmp, 'elsewhere.pdf'));
    symlinkSync(path.join(tmp, 'elsewhere.pdf'), path.join(dir, 'sub', 'linked.pdf'));
    writeFileSync(path.join(dir, 'notes.csv'), 'a,b\n1,2\n');
    writeFileSync(path.join(dir, 'memo.txt'), 'Invoice No: INV-22\n');
    writeFileSync(path.join(dir, 'archive.zip'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
    const out = path.join(dir, 'results.csv');
    for (let round = 0; round < 2; round++) {
      const csv = await cli(['extract', dir, '--parser', parserFile, '--csv', '--out', out]);
      expect(csv.code).toBe(0);
      expect(csv.stderr).toContain(`perfectparser: skipped ${path.join(dir, 'notes.csv')}: plain text not named .txt (data, not a document).`);
      expect(csv.stderr).toMatch(/skipped .*archive\.zip: a ZIP archive.*, not a document\./);
      const rows = readFileSync(out, 'utf8').trim().split(/\r?\n/).slice(1).map((r) => r.split(',').slice(1));
      expect(rows).toEqual([
        ['a.pdf', 'completed', '', 'INV-20'],
        ['memo.txt', 'completed', '', 'INV-22'],
        ['linked.pdf', 'completed', '', 'INV-21'],
      ]);
    }
  });

  it('tells same-named files from different folders apart by a path column', async () => {
    const parserFile = path.join(tmp, 'p-paths.json');
    writeFileSync(parserFile, JSON.stringify({ name: 'P', fields: [{ name: 'invoice_number', type: 'string' }] }));
    const dir = mkdtempSync(path.join(tmp, 'months-'));
    for (const [month, n] of [['march', 30], ['april', 31]] as const) {
      mkdirSync(path.join(dir, month));
      copyFileSync(invoice(n), path.join(dir, month, 'inv.pdf'));
    }
    const csv = await cli(['extract', dir, '--parser', parserFile, '--csv']);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trim().split(/\r?\n/).map((r) => r.split(','));
    expect(rows[0]).toEqual(['document_id', 'filename', 'path', 'status', 'error_message', 'invoice_number']);
    expect(rows.slice(1).map((r) => [r[1], path.basename(path.dirname(r[2]!)), r[5]])).toEqual([
      ['inv.pdf', 'april', 'INV-31'],
      ['inv.pdf', 'march', 'INV-30'],
    ]);
  });

  it('writes XLSX to a pipe and exits; never writes --out over a file it reads', async () => {
    const parserFile = path.join(tmp, 'p-pipe.json');
    writeFileSync(parserFile, JSON.stringify({ name: 'P', fields: [{ name: 'invoice_number', type: 'string' }] }));
    const file = invoice(23);
    const piped = spawnSync(process.execPath, [bin, 'extract', file, '--parser', parserFile, '--xlsx'], { timeout: 60_000 });
    expect(piped.status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(piped.stdout as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(2).getCell(5).value).toBe('INV-23');
    const before = readFileSync(file);
    const over = await cli(['extract', file, '--parser', parserFile, '--csv', '--out', file]);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('is the file being read');
    expect(Buffer.compare(readFileSync(file), before)).toBe(0);
    const detectOver = await cli(['detect-fields', file, '--out', file]);
    expect(detectOver.code).toBe(2);
    expect(Buffer.compare(readFileSync(file), before)).toBe(0);
  });

  it('detect-fields: a folder is a usage error, a damaged sample a failure (exit 1) with its reason', async () => {
    const folder = await cli(['detect-fields', tmp]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('is a folder: detect-fields reads one sample file.');
    const damaged = path.join(tmp, 'damaged-sample.pdf');
    writeFileSync(damaged, '%PDF-1.7\n%%EOF\n');
    const failed = await cli(['detect-fields', damaged]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^perfectparser: .*damaged-sample\.pdf: /);
    const blank = path.join(tmp, 'blank.txt');
    writeFileSync(blank, 'just some words\n');
    const none = await cli(['detect-fields', blank]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no fields were found');
  });

  const qpdf = spawnSync('qpdf', ['--version']).status === 0;
  it.runIf(qpdf)('opens encrypted PDFs with --password (extract and detect-fields); a wrong one fails that document; the password is never printed', async () => {
    const password = 'pässwörd-7';
    const locked = path.join(tmp, 'locked-invoice.pdf');
    execFileSync('qpdf', ['--encrypt', password, `${password}-owner`, '256', '--', invoice(45), locked]);
    const parserFile = path.join(tmp, 'p-locked.json');
    writeFileSync(parserFile, JSON.stringify({ name: 'P', fields: [{ name: 'invoice_number', type: 'string' }, { name: 'total', type: 'number' }] }));
    const without = await cli(['extract', locked, '--parser', parserFile]);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('locked-invoice.pdf: This PDF is protected by a password.');
    const opened = await cli(['extract', locked, invoice(46), '--parser', parserFile, '--password', password]);
    expect(opened.code, opened.stderr).toBe(0);
    const docs = (JSON.parse(opened.stdout) as { documents: Array<{ status: string; extracted_data: unknown }> }).documents;
    expect(docs.map((d) => d.extracted_data)).toEqual([
      { invoice_number: 'INV-45', total: 45250.5 },
      { invoice_number: 'INV-46', total: 46250.5 },
    ]);
    const wrong = await cli(['extract', locked, invoice(47), '--parser', parserFile, '--password', 'not-it', '--csv']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('perfectparser: locked-invoice.pdf: The password given for this PDF is not correct.');
    expect(parseCsv(wrong.stdout).slice(1).map((r) => r.slice(1, 3))).toEqual([
      ['locked-invoice.pdf', 'failed'],
      ['invoice-47.pdf', 'completed'],
    ]);
    const detected = await cli(['detect-fields', locked, '--password', password]);
    expect(detected.code, detected.stderr).toBe(0);
    expect((JSON.parse(detected.stdout) as { parser: { fields: Array<{ name: string }> } }).parser.fields.map((f) => f.name)).toContain('invoice_number');
    const detectWrong = await cli(['detect-fields', locked, '--password', 'not-it']);
    expect(detectWrong.code).toBe(1);
    expect(detectWrong.stderr).toBe(`perfectparser: ${locked}: The password given for this PDF is not correct.\n`);
    for (const out of [opened, detected]) expect(out.stdout + out.stderr).not.toContain(password);
    for (const out of [wrong, detectWrong]) expect(out.stdout + out.stderr).not.toContain('not-it');
  });

  it('a missing file among several fails as a document (exit 1); none there is a usage error; a file given twice is read once', async () => {
    const parserFile = path.join(tmp, 'p-missing.json');
    writeFileSync(parserFile, JSON.stringify({ name: 'P', fields: [{ name: 'invoice_number', type: 'string' }] }));
    const file = invoice(40);
    const missing = path.join(tmp, 'no-such-invoice.pdf');
    const csv = await cli(['extract', file, missing, '--parser', parserFile, '--csv']);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toContain('perfectparser: no-such-invoice.pdf: No file was found at this path.');
    expect(parseCsv(csv.stdout).slice(1)).toEqual([
      ['file_1', 'invoice-40.pdf', 'completed', '', 'INV-40'],
      ['file_2', 'no-such-invoice.pdf', 'failed', 'No file was found at this path.', ''],
    ]);
    const none = await cli(['extract', missing, path.join(tmp, 'nor-this.pdf'), '--parser', parserFile]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`perfectparser: None of these files exist: ${missing}, ${path.join(tmp, 'nor-this.pdf')}.\n`);
    // The same file by another name (a link), or twice, is read once.
    symlinkSync(file, path.join(tmp, 'invoice-40-link.pdf'));
    const twice = await cli(['extract', file, path.join(tmp, 'invoice-40-link.pdf'), file, '--parser', parserFile]);
    expect(twice.code).toBe(0);
    expect(JSON.parse(twice.stdout)).toMatchObject({ document: { filename: 'invoice-40.pdf', extracted_data: { invoice_number: 'INV-40' } } });
    expect(twice.stderr).toContain(`perfectparser: skipped ${path.join(tmp, 'invoice-40-link.pdf')}: the same file as ${file} (it is read once).`);
    expect(twice.stderr).toContain(`perfectparser: skipped ${file}: given more than once (it is read once).`);
    expect((await cli(['extract', '', file, '--parser', parserFile])).stderr).toBe('perfectparser: An empty file name was given: name the files or folders to extract from.\n');
  });

  it('looks a saved parser up without making a data folder; a parser file that is not there is named as a file', async () => {
    const file = invoice(41);
    const nowhere = path.join(tmp, 'typo-data-dir');
    const byName = await cli(['extract', file, '--parser', 'Invoices', '--data-dir', nowhere]);
    expect(byName.code).toBe(2);
    expect(byName.stderr).toBe(`perfectparser: No parser file, template folder or saved parser is named "Invoices": there is no such file, and the data folder ${nowhere} does not exist.\n`);
    const asFile = await cli(['extract', file, '--parser', 'invoices-parser.json'], { PERFECTPARSER_DATA_DIR: nowhere });
    expect(asFile.code).toBe(2);
    expect(asFile.stderr).toBe('perfectparser: The parser file invoices-parser.json does not exist.\n');
    expect(existsSync(nowhere)).toBe(false);
    // A folder without a store is not given one by a lookup.
    const bare = mkdtempSync(path.join(tmp, 'bare-data-'));
    const inBare = await cli(['extract', file, '--parser', 'Invoices', '--data-dir', bare]);
    expect(inBare.stderr).toContain(`the data folder ${bare} holds no saved parsers.`);
    expect(readdirSync(bare)).toEqual([]);
  });

  it('refuses a parser without fields with one sentence, from a file or saved', async () => {
    const dataDir = path.join(tmp, 'saved-parsers');
    const app = await openApp({ dataDir, runJobs: false });
    try {
      await app.services.parsers.create({ name: 'Empty', result_mode: 'one_per_file', fields: [] });
      await app.services.parsers.create({ name: 'Invoices', result_mode: 'one_per_file', fields: [{ name: 'invoice_number', type: 'string' }] });
    } finally {
      await app.close();
    }
    const file = invoice(42);
    const found = await cli(['extract', file, '--parser', 'Invoices', '--data-dir', dataDir]);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout).document.extracted_data).toEqual({ invoice_number: 'INV-42' });
    const saved = await cli(['extract', file, '--parser', 'Empty', '--data-dir', dataDir]);
    expect(saved.code).toBe(2);
    expect(saved.stderr).toBe('perfectparser: The parser "Empty" has no fields yet; add fields or run detect-fields first.\n');
    const emptyFile = path.join(tmp, 'empty-parser.json');
    writeFileSync(emptyFile, JSON.stringify({ name: 'Empty', fields: [] }));
    const fromFile = await cli(['extract', file, '--parser', emptyFile]);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toBe(saved.stderr);
    // A JSON file that is neither a parser nor a template says what each would need.
    const neither = path.join(tmp, 'no-fields.json');
    writeFileSync(neither, JSON.stringify({ name: 'x' }));
    expect((await cli(['extract', file, '--parser', neither])).stderr).toBe(
      `perfectparser: ${neither} is neither a parser (it has no "fields" list) nor an invoice2data template ("keywords" is required).\n`,
    );
  });

  it('refuses options it would ignore: --line-items without --csv, an empty --name', async () => {
    const parserFile = path.join(tmp, 'p-opts.json');
    writeFileSync(parserFile, JSON.stringify({ name: 'P', fields: [{ name: 'invoice_number', type: 'string' }] }));
    const file = invoice(43);
    const json = await cli(['extract', file, '--parser', parserFile, '--json', '--line-items', 'json']);
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('perfectparser: --line-items shapes CSV output only (JSON keeps line items as lists): give --csv with it, or leave it out.\n');
    const xlsx = await cli(['extract', file, '--parser', parserFile, '--xlsx', '--out', path.join(tmp, 'opts.xlsx'), '--line-items', 'rows']);
    expect(xlsx.code).toBe(2);
    expect(xlsx.stderr).toContain('an XLSX workbook has its own Line items sheet');
    expect(existsSync(path.join(tmp, 'opts.xlsx'))).toBe(false);
    const name = await cli(['detect-fields', file, '--name', ' ']);
    expect(name.code).toBe(2);
    expect(name.stderr).toBe('perfectparser: --name needs a name for the parser (without it, the file name is used).\n');
  });

  it('writes workbooks that name PerfectParser as the application and creator', async () => {
    const parserFile = path.join(tmp, 'p-props.json');
    writeFileSync(parserFile, JSON.stringify({ name: 'P', fields: [{ name: 'invoice_number', type: 'string' }] }));
    const xlsx = path.join(tmp, 'props.xlsx');
    expect((await cli(['extract', invoice(44), '--parser', parserFile, '--xlsx', '--out', xlsx])).code).toBe(0);
    const zip = readFileSync(xlsx);
    const app = zipEntry(zip, 'docProps/app.xml');
    expect(app).toContain('<Application>PerfectParser</Application>');
    expect(app).not.toMatch(/Microsoft|Excel|AppVersion/);
    expect(app).toContain('<vt:lpstr>Documents</vt:lpstr><vt:lpstr>Line items</vt:lpstr>');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(zip as unknown as ArrayBuffer);
    expect([wb.creator, wb.lastModifiedBy]).toEqual(['PerfectParser', 'PerfectParser']);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Documents', 'Line items']);
  });

  const templates = path.join(corpus, 'fields', 'templates');
  it.runIf(existsSync(templates))('extracts with invoice2data templates, text files included', async () => {
    const out = await cli(['extract', path.join(corpus, 'fields', 'AmazonWebServices.pdf'), path.join(corpus, 'fields', 'Orlen.txt'), '--parser', templates]);
    expect(out.code).toBe(0);
    const docs = (JSON.parse(out.stdout) as { documents: Array<{ template: string; extracted_data: Record<string, unknown> }> }).documents;
    expect(docs[0]).toMatchObject({ template: 'Amazon Web Services', extracted_data: { invoice_number: '42183017', date: '2014-08-03', amount: 4.11 } });
    expect(docs[1]).toMatchObject({ template: 'Polski Koncern Naftowy ORLEN spółka akcyjna', extracted_data: { date: '2021-01-01', amount: 316.83 } });
  });

  it('says which pages a damaged file\'s result leaves out, on stderr and in the JSON, and still exits 0', async () => {
    const damaged = path.join(tmp, 'damaged.pdf');
    const pdf = makePdf({ pages: [{ items: [{ text: 'Invoice No: INV-9', x: 72, y: 700 }, { text: 'Total: 9,250.50', x: 72, y: 670 }] }] });
    writeFileSync(damaged, withLinearization(withoutPageTree(pdf), 2));
    const parserFile = path.join(tmp, 'p3.json');
    writeFileSync(parserFile, JSON.stringify({ name: 'P', fields: [{ name: 'invoice_number', type: 'string' }, { name: 'total', type: 'number' }] }));
    const out = await cli(['extract', damaged, invoice(9), '--parser', parserFile, '--json']);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('perfectparser: warning: damaged.pdf: The file declares 2 pages but holds only 1');
    expect(out.stderr).not.toContain('invoice-9.pdf');
    const docs = (JSON.parse(out.stdout) as { documents: Array<{ status: string; extracted_data: unknown; warnings?: string[] }> }).documents;
    expect(docs[0]).toMatchObject({ status: 'completed', extracted_data: { invoice_number: 'INV-9', total: 9250.5 } });
    expect(docs[0]!.warnings).toEqual([expect.stringContaining('holds only 1')]);
    expect(docs[1]!.warnings).toBeUndefined();
  });

  it('exits 1 and names a file that no template matches; 2 for a parser that does not exist', async () => {
    const tpl = path.join(tmp, 'tpl.yml');
    writeFileSync(tpl, 'issuer: Nobody\nkeywords:\n  - NEVER-PRESENT-KEYWORD\nfields:\n  amount: Total\\s+(\\d+)\n');
    const miss = await cli(['extract', invoice(6), '--parser', tpl]);
    expect(miss.code).toBe(1);
    expect(miss.stderr).toContain('invoice-6.pdf: No template matches this document.');
    const none = await cli(['extract', invoice(7), '--parser', 'no-such-parser'], { PERFECTPARSER_DATA_DIR: path.join(tmp, 'data') });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No parser file, template folder or saved parser is named "no-such-parser"');
    expect((await cli(['extract', invoice(8)])).code).toBe(2);
  });
});

describe('form fields of a PDF', () => {
  const acroform = path.join(corpus, 'fields', 'AcroForm_TEST.pdf');
  it.runIf(existsSync(acroform))('reads AcroForm values: choices, multi-select lists, unset boxes and text', async () => {
    const parserFile = path.join(tmp, 'form.json');
    writeFileSync(
      parserFile,
      JSON.stringify({
        name: 'Form',
        fields: [
          { name: 'Check Box0', type: 'boolean' },
          { name: 'Combo Box0', type: 'string' },
          { name: 'List Box0', type: 'string' },
          { name: 'List Box1', type: 'array' },
          { name: 'Text Field0', type: 'string' },
        ],
      }),
    );
    const out = await cli(['extract', acroform, '--parser', parserFile]);
    expect(out.code).toBe(0);
    const doc = (JSON.parse(out.stdout) as { document: { extracted_data: unknown; fields: Record<string, { source: string }> } }).document;
    expect(doc.extracted_data).toEqual({ 'Check Box0': false, 'Combo Box0': '111', 'List Box0': 'fff', 'List Box1': ['mm11'], 'Text Field0': null });
    expect(doc.fields['Combo Box0']?.source).toBe('form');
  });
});

describe('CSV and XLSX over invoice2data templates', () => {
  const fields = path.join(corpus, 'fields');
  const files = ['coolblue1.pdf', 'saeco.pdf', 'AzureInterior.pdf'].map((f) => path.join(fields, f));
  it.runIf(files.every((f) => existsSync(f)))('a key that is text in one document and a list in another is one column, and adds no line-item rows', async () => {
    const out = await cli(['extract', ...files, '--parser', path.join(fields, 'templates'), '--csv']);
    expect(out.code, out.stderr).toBe(0);
    const [header = [], ...rows] = parseCsv(out.stdout);
    expect(new Set(header).size).toBe(header.length);
    expect(header.filter((h) => h === 'narration')).toHaveLength(1);
    const col = (name: string) => header.indexOf(name);
    // One row per real line item (the templates' `lines`): none for narration given as text.
    const json = await cli(['extract', ...files, '--parser', path.join(fields, 'templates'), '--json']);
    const docs = (JSON.parse(json.stdout) as { documents: Array<{ filename: string; extracted_data: { lines?: unknown[]; narration?: unknown } }> }).documents;
    expect(rows.map((r) => r[col('filename')])).toEqual(docs.flatMap((d) => Array.from({ length: Math.max(1, d.extracted_data.lines?.length ?? 0) }, () => d.filename)));
    const saeco = rows.find((r) => r[col('filename')] === 'saeco.pdf')!;
    expect(JSON.parse(saeco[col('narration')] ?? '')).toEqual(docs.find((d) => d.filename === 'saeco.pdf')?.extracted_data.narration);
    expect(rows.find((r) => r[col('filename')] === 'coolblue1.pdf')?.[col('narration')]).toBe(docs[0]?.extracted_data.narration);

    const xlsx = path.join(tmp, 'templates.xlsx');
    expect((await cli(['extract', ...files, '--parser', path.join(fields, 'templates'), '--xlsx', '--out', xlsx])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    for (const sheet of wb.worksheets) {
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(new Set(headers).size, sheet.name).toBe(headers.length);
    }
    const items = wb.getWorksheet('Line items')!;
    expect(items.rowCount - 1).toBe(docs.reduce((n, d) => n + (d.extracted_data.lines?.length ?? 0), 0));
  });
});
