// Streaming: 10,000 documents go through each writer without being gathered first. The output
// stalls after its first 16 KiB; a writer that respects back-pressure stops pulling documents
// soon after, while one that buffers would read all 10,000 before writing anything. A naive
// writer is run through the same probe to show the probe can fail.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ExportFormat } from '../../../../src/shared/api/extractions.js';
import { writeExport, type RowSource } from '../../../../src/main/services/exports/index.js';
import { INVOICE_FIELDS, csvObjects, header, readXlsx, row, stallingWriter } from './helpers.js';

const TOTAL = 10_000;
/** Most documents a writer may have read while its output is stalled. */
const MAX_AHEAD = 2_500;

type Writer = (rows: RowSource, out: Writable) => Promise<void>;

/** Runs `write` into an output that stalls; returns how many documents it had read by then. */
async function probe(write: Writer): Promise<{ aheadWhenStalled: number; passes: number; output: Buffer }> {
  let read = 0;
  let passes = 0;
  const rows: RowSource = async function* () {
    passes += 1;
    for (let i = 0; i < TOTAL; i++) {
      read = Math.max(read, i + 1);
      // Random hex compresses poorly, so the XLSX output grows with every row.
      yield row(`doc_${i}`, { invoice_number: randomBytes(16).toString('hex'), total: i, items: [{ description: `item ${i}`, amount: i / 4 }] });
    }
  };
  const sink = stallingWriter(16 * 1024);
  const done = write(rows, sink.out);
  const aheadWhenStalled = await settled(() => read);
  sink.release();
  await done;
  return { aheadWhenStalled, passes, output: sink.buffer() };
}

/** Waits until `count` has stopped moving for 150 ms (or 5 s pass), and returns it. */
async function settled(count: () => number): Promise<number> {
  let last = -1;
  let still = 0;
  for (let waited = 0; waited < 5_000 && still < 6; waited += 25) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = count();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}

const through =
  (format: ExportFormat): Writer =>
  (rows, out) =>
    writeExport(format, header(INVOICE_FIELDS), rows, out, { lineItems: 'rows' });

describe('streaming 10,000 documents', () => {
  it('JSON reads documents only as fast as the output takes them', async () => {
    const { aheadWhenStalled, output } = await probe(through('json'));
    expect(aheadWhenStalled).toBeGreaterThan(0);
    expect(aheadWhenStalled).toBeLessThan(MAX_AHEAD);
    const parsed = JSON.parse(output.toString('utf8'));
    expect(parsed.documents).toHaveLength(TOTAL);
    expect(parsed.documents[TOTAL - 1].extracted_data.total).toBe(TOTAL - 1);
  });

  it('CSV reads documents only as fast as the output takes them', async () => {
    const { aheadWhenStalled, output } = await probe(through('csv'));
    expect(aheadWhenStalled).toBeGreaterThan(0);
    expect(aheadWhenStalled).toBeLessThan(MAX_AHEAD);
    const { rows } = csvObjects(output.toString('utf8'));
    expect(rows).toHaveLength(TOTAL);
    expect(rows[TOTAL - 1]).toMatchObject({ document_id: `doc_${TOTAL - 1}`, total: String(TOTAL - 1), 'items.amount': String((TOTAL - 1) / 4) });
  });

  it('XLSX reads documents only as fast as the output takes them, in two passes', async () => {
    const { aheadWhenStalled, passes, output } = await probe(through('xlsx'));
    expect(aheadWhenStalled).toBeGreaterThan(0);
    expect(aheadWhenStalled).toBeLessThan(MAX_AHEAD);
    expect(passes).toBe(2);
    const book = await readXlsx(output);
    expect(book.sheets.get('Documents')?.rowCount).toBe(TOTAL + 1);
    expect(book.sheets.get('Line items')?.rowCount).toBe(TOTAL + 1);
    expect(book.sheets.get('Line items')?.getRow(TOTAL + 1).values).toEqual([undefined, `doc_${TOTAL - 1}`, `doc_${TOTAL - 1}.pdf`, 1, 'items', `item ${TOTAL - 1}`, (TOTAL - 1) / 4]);
  });

  it('the probe catches a writer that gathers every document before writing', async () => {
    const gathering: Writer = async (rows, out) => {
      const all = [];
      for await (const r of rows()) all.push(r);
      out.end(JSON.stringify(all));
      await new Promise((resolve) => out.on('finish', resolve));
    };
    const { aheadWhenStalled } = await probe(gathering);
    expect(aheadWhenStalled).toBe(TOTAL);
  });
});

describe('when the output fails part-way', () => {
  it.each(['json', 'csv', 'xlsx'] as const)('%s rejects, stops reading and closes the source', async (format) => {
    let read = 0;
    let closed = false;
    const rows: RowSource = async function* () {
      try {
        for (let i = 0; i < TOTAL; i++) {
          read += 1;
          yield row(`doc_${i}`, { invoice_number: randomBytes(16).toString('hex'), items: [{ description: 'x', amount: i }] });
        }
      } finally {
        closed = true;
      }
    };
    let bytes = 0;
    const out = new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        if (bytes > 32 * 1024) cb(new Error('client went away'));
        else setImmediate(cb);
      },
    });
    await expect(writeExport(format, header(INVOICE_FIELDS), rows, out, { lineItems: 'rows' })).rejects.toThrow();
    expect(out.destroyed).toBe(true);
    expect(closed).toBe(true);
    expect(read).toBeLessThan(TOTAL);
  });
});
