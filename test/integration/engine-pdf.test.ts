// The engine end to end on PDFs built in the test: layout, coordinates, ids, chunking and
// every kind of bad input, each with its typed failure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunSchema, type ParseRun } from '../../src/shared/parse-contract.js';
import { parseDocument } from '../../src/main/engine/parse.js';
import { makePdf, withLinearization, withoutPageTree } from '../helpers/make-pdf.js';

function text(run: ParseRun): string {
  return run.chunks.map((c) => c.content).join('\n\n');
}

const tmp = mkdtempSync(path.join(tmpdir(), 'pp-engine-'));

function qpdfEncrypt(input: Uint8Array, user: string, owner: string, bits: '40' | '128' | '256'): Uint8Array {
  const src = path.join(tmp, `in-${bits}-${Date.now()}.pdf`);
  const dst = path.join(tmp, `out-${bits}-${Date.now()}.pdf`);
  writeFileSync(src, input);
  const extra = bits === '128' ? ['--use-aes=y'] : bits === '40' ? [] : [];
  execFileSync('qpdf', [...(bits === '40' ? ['--allow-weak-crypto'] : []), '--encrypt', user, owner, bits, ...extra, '--', src, dst]);
  return new Uint8Array(readFileSync(dst));
}

const simple = makePdf({
  pages: [
    {
      items: [
        { text: 'Quarterly Report', x: 72, y: 720, size: 24, bold: true },
        { text: 'Revenue grew in every region during the quarter, led by strong', x: 72, y: 680 },
        { text: 'demand for the new product line and better retention of customers.', x: 72, y: 665 },
      ],
    },
    { items: [{ text: 'Second page body text stands here.', x: 72, y: 700 }] },
  ],
});

describe('parseDocument on digital PDFs', () => {
  it('returns a contract-valid run with headings, paragraphs and page chunks', async () => {
    const run = await parseDocument(simple, {});
    expect(parseRunSchema.safeParse(run).success).toBe(true);
    expect(run.status).toBe('PROCESSED');
    expect(run.metrics.pageCount).toBe(2);
    expect(run.chunks).toHaveLength(2);
    expect(run.chunks[0]!.content).toContain('# Quarterly Report');
    expect(run.chunks[0]!.content).toContain('strong demand for the new product line');
    expect(run.chunks[1]!.metadata.pageRange).toEqual({ start: 2, end: 2 });
  });

  it('locates blocks in points from the top-left of the page', async () => {
    const run = await parseDocument(simple, {});
    const heading = run.chunks[0]!.blocks.find((b) => b.type === 'heading')!;
    expect(heading.metadata.page).toEqual({ number: 1, width: 612, height: 792, rotation: 0 });
    // Baseline at y=720 from the bottom → about 72 pt from the top.
    expect(heading.boundingBox.left).toBeCloseTo(72, 0);
    expect(heading.boundingBox.bottom).toBeGreaterThan(72);
    expect(heading.boundingBox.bottom).toBeLessThan(80);
    expect(heading.boundingBox.top).toBeLessThan(heading.boundingBox.bottom);
    expect(heading.polygon).toHaveLength(4);
  });

  it('gives the same block ids for the same file and config, other ids for another config', async () => {
    const a = await parseDocument(simple, {});
    const b = await parseDocument(simple, {});
    const c = await parseDocument(simple, { chunkingStrategy: { type: 'document' } });
    const ids = (r: ParseRun) => r.chunks.flatMap((ch) => ch.blocks.map((bl) => bl.id));
    expect(ids(a)).toEqual(ids(b));
    expect(new Set(ids(a)).size).toBe(ids(a).length);
    expect(ids(c)).not.toEqual(ids(a));
  });

  it('reports coordinates on the upright page for a page with /Rotate 90', async () => {
    const pdf = makePdf({ pages: [{ rotate: 90, items: [{ text: 'Turned page', x: 72, y: 720 }] }] });
    const run = await parseDocument(pdf, {});
    const block = run.chunks[0]!.blocks[0]!;
    expect(block.metadata.page.width).toBe(792);
    expect(block.metadata.page.height).toBe(612);
    expect(block.content).toBe('Turned page');
  });

  it('chunks by document and by section, and produces spatial text', async () => {
    const doc = await parseDocument(simple, { chunkingStrategy: { type: 'document' } });
    expect(doc.chunks).toHaveLength(1);
    expect(doc.chunks[0]!.metadata.pageRange).toEqual({ start: 1, end: 2 });
    const spatial = await parseDocument(simple, { target: 'spatial' });
    const rows = spatial.chunks[0]!.content.split('\n');
    // Text keeps its place: 72 pt from the left edge is about a dozen columns in.
    expect(rows[0]).toMatch(/^ {8,16}Quarterly Report$/);
    expect(rows.some((r) => r.trim().startsWith('Revenue grew'))).toBe(true);
    const bad = await parseDocument(simple, { target: 'spatial', chunkingStrategy: { type: 'section' } });
    expect(bad.status).toBe('FAILED');
    expect(bad.failureReason).toBe('INVALID_CONFIG_OPTIONS');
  });

  it('honours page ranges', async () => {
    const run = await parseDocument(simple, { advancedOptions: { pageRanges: [{ start: 2, end: 2 }] } });
    expect(run.chunks).toHaveLength(1);
    expect(text(run)).toContain('Second page');
  });

  it('flags invisible text (an OCR layer) but still extracts it', async () => {
    const pdf = makePdf({
      pages: [
        {
          items: [
            { text: 'Visible words', x: 72, y: 700 },
            { text: 'Hidden layer words', x: 72, y: 600, invisible: true },
          ],
        },
      ],
    });
    const run = await parseDocument(pdf, {});
    const blocks = run.chunks[0]!.blocks;
    expect(text(run)).toContain('Hidden layer words');
    expect(blocks.find((b) => b.content.includes('Hidden'))!.details['invisibleText']).toBe(true);
    expect(blocks.find((b) => b.content.includes('Visible'))!.details['invisibleText']).toBeUndefined();
  });
});

describe('parseDocument on bad input', () => {
  it('treats a zero-byte file as corrupt', async () => {
    const run = await parseDocument(new Uint8Array(0), {});
    expect(run.failureReason).toBe('CORRUPT_FILE');
    expect(run.failureMessage).toMatch(/empty/);
    expect(run.retryable).toBe(false);
  });

  it('decides the type by magic bytes, not the name', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]);
    const run = await parseDocument(zip, {});
    expect(run.failureReason).toBe('FILE_TYPE_NOT_SUPPORTED');
    expect(run.failureMessage).toMatch(/^This file is a ZIP archive .*, which cannot be parsed\./);
    const unknown = await parseDocument(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3]), {});
    expect(unknown.failureMessage).toMatch(/^This file is of unknown type, which cannot be parsed\./);
  });

  it('reports a damaged PDF as CORRUPT_FILE', async () => {
    const junk = new TextEncoder().encode('%PDF-1.7\nthis is not really a pdf at all\n%%EOF');
    const run = await parseDocument(junk, {});
    expect(run.status).toBe('FAILED');
    expect(run.failureReason).toBe('CORRUPT_FILE');
  });

  it('enforces the size limit', async () => {
    const run = await parseDocument(simple, {}, { maxFileSize: 100 });
    expect(run.failureReason).toBe('FILE_SIZE_TOO_LARGE');
  });

  it('processes a valid PDF with zero pages', async () => {
    const run = await parseDocument(makePdf({ pages: [] }), {});
    expect(run.status).toBe('PROCESSED');
    expect(run.metrics.pageCount).toBe(0);
    expect(run.chunks).toEqual([]);
  });

  it('does not trust a page count of billions', async () => {
    const pdf = makePdf({ pages: [{ items: [{ text: 'Only page', x: 72, y: 700 }] }], declaredCount: 9_999_999_999 });
    const started = Date.now();
    const run = await parseDocument(pdf, {});
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.status).toBe('PROCESSED');
    expect(run.metrics.pageCount).toBe(1);
    expect(text(run)).toContain('Only page');
  });

  it('reads a PDF cut short inside its cross-reference table, and says it was cut short', async () => {
    expect((await parseDocument(simple, {})).warnings).toBeUndefined();
    const bytes = Buffer.from(simple);
    const table = bytes.lastIndexOf('\nxref') + 1;
    for (const cut of [table + 10, table + 30, bytes.lastIndexOf('trailer') + 8, bytes.lastIndexOf('%%EOF') - 2]) {
      const run = await parseDocument(new Uint8Array(bytes.subarray(0, cut)), {});
      expect(run.status, `cut at ${cut} of ${bytes.length}`).toBe('PROCESSED');
      expect(run.metrics.pageCount).toBe(2);
      expect(text(run)).toContain('Second page body text stands here.');
      expect(run.warnings).toEqual([expect.stringMatching(/^The file was cut short/)]);
    }
  });

  it('names the pages without text when OCR is off', async () => {
    const pdf = makePdf({ pages: [{ items: [{ text: 'A page with text', x: 72, y: 700 }] }, { items: [] }] });
    const run = await parseDocument(pdf, { advancedOptions: { ocr: 'off' } });
    expect(run.status).toBe('PROCESSED');
    expect(run.warnings).toEqual(['Page 2 has no text to read without text recognition (OCR), which is off; if it is a scan, turn OCR on to read it.']);
  });

  it('says a PDF cut short before its end lost what followed', async () => {
    const bytes = Buffer.from(simple);
    const cut = bytes.indexOf('Second page');
    const run = await parseDocument(new Uint8Array(bytes.subarray(0, cut)), {});
    expect(run.status).toBe('PROCESSED');
    expect(text(run)).toContain('Quarterly Report');
    expect(text(run)).not.toContain('Second page body');
    expect(run.warnings?.join(' ')).toMatch(/cut short/);
  });

  it('reads the pages of a PDF whose page tree object is missing', async () => {
    const pdf = makePdf({
      pages: [
        { items: [{ text: 'Orphan page one', x: 72, y: 700 }] },
        { items: [{ text: 'Orphan page two', x: 72, y: 700 }] },
      ],
    });
    // Object 2 is the page tree: destroy its header so that no reader can find it.
    const broken = Buffer.from(Buffer.from(pdf).toString('latin1').replace('\n2 0 obj', '\n2 0 xxx'), 'latin1');
    const run = await parseDocument(new Uint8Array(broken), {});
    expect(run.status).toBe('PROCESSED');
    expect(run.metrics.pageCount).toBe(2);
    expect(text(run)).toContain('Orphan page one');
    expect(text(run)).toContain('Orphan page two');
  });

  it('counts the pages a linearized file declares when their data is gone, and says so', async () => {
    const pdf = makePdf({
      pages: [
        { items: [{ text: 'Kept page one', x: 72, y: 700 }] },
        { items: [{ text: 'Kept page two', x: 72, y: 700 }] },
      ],
    });
    // A linearization dictionary first (declaring 3 pages and this file's length), then the
    // page tree destroyed: the third page's data is nowhere in the file.
    const linearized = (lengthError: number) => withLinearization(withoutPageTree(pdf), 3, lengthError);
    const run = await parseDocument(linearized(0), {});
    expect(run.status).toBe('PROCESSED');
    expect(run.metrics.pageCount).toBe(3);
    expect(text(run)).toContain('Kept page one');
    expect(text(run)).toContain('Kept page two');
    expect(run.warnings).toEqual(['The file declares 3 pages but holds only 2: the data of one page is missing (the file is damaged or was cut short).']);
    expect(parseRunSchema.parse(run).warnings).toEqual(run.warnings);
    // A dictionary whose length is not this file's is not trusted.
    const other = await parseDocument(linearized(1), {});
    expect(other.metrics.pageCount).toBe(2);
    expect(other.warnings).toBeUndefined();
  });

  it('says when pages past the last readable one could not be read', async () => {
    const pdf = makePdf({ pages: [1, 2, 3].map((n) => ({ items: [{ text: `Readable page ${n}`, x: 72, y: 700 }] })) });
    // Object 8 is the second page: its reference now leads nowhere.
    const broken = Buffer.from(Buffer.from(pdf).toString('latin1').replace('\n8 0 obj', '\n8 0 xxx'), 'latin1');
    const run = await parseDocument(new Uint8Array(broken), {});
    expect(run.status).toBe('PROCESSED');
    expect(text(run)).toContain('Readable page 1');
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings![0]).toMatch(/^The file's page tree lists \d pages but only the first page could be read; the rest are damaged or missing\.$/);
    // Asked for page 1 only, nothing is missing from what was asked.
    const first = await parseDocument(new Uint8Array(broken), { advancedOptions: { pageRanges: [{ start: 1, end: 1 }] } });
    expect(first.warnings).toBeUndefined();
  });

  it('rejects invalid options with INVALID_CONFIG_OPTIONS', async () => {
    const run = await parseDocument(simple, { target: 'html' });
    expect(run.failureReason).toBe('INVALID_CONFIG_OPTIONS');
    expect(run.failureMessage).toMatch(/target/);
  });
});

describe('encrypted PDFs', () => {
  const base = makePdf({ pages: [{ items: [{ text: 'Secret content', x: 72, y: 700 }] }] });

  for (const bits of ['40', '128', '256'] as const) {
    it(`opens ${bits}-bit encryption with the user or owner password only`, async () => {
      const pdf = qpdfEncrypt(base, 'user-pw', 'owner-pw', bits);
      const none = await parseDocument(pdf, {});
      expect(none.failureReason).toBe('PASSWORD_PROTECTED_FILE');
      expect(none.failureMessage).toMatch(/password/i);
      const wrong = await parseDocument(pdf, { advancedOptions: { password: 'nope' } });
      expect(wrong.failureReason).toBe('PASSWORD_PROTECTED_FILE');
      expect(wrong.failureMessage).toMatch(/not correct/);
      for (const password of ['user-pw', 'owner-pw']) {
        const ok = await parseDocument(pdf, { advancedOptions: { password } });
        expect(ok.status).toBe('PROCESSED');
        expect(text(ok)).toContain('Secret content');
      }
      // The password never shows in the echoed config's ids.
      const again = await parseDocument(pdf, { advancedOptions: { password: 'owner-pw' } });
      expect(again.chunks[0]!.blocks[0]!.id).toBe((await parseDocument(pdf, { advancedOptions: { password: 'user-pw' } })).chunks[0]!.blocks[0]!.id);
    });
  }

  it('opens AES-256 with a Unicode password', async () => {
    const pdf = qpdfEncrypt(base, 'pässwörd-密码', 'owner', '256');
    const ok = await parseDocument(pdf, { advancedOptions: { password: 'pässwörd-密码' } });
    expect(ok.status).toBe('PROCESSED');
    expect(text(ok)).toContain('Secret content');
  });
});
