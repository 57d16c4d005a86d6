// The JSON export: shape, normalised data, failed documents, zero documents, unicode.
import { describe, expect, it } from 'vitest';
import { writeJsonExport } from '../../../../src/main/services/exports/index.js';
import { INVOICE_FIELDS, collector, header, row, source } from './helpers.js';

describe('writeJsonExport', () => {
  it('writes the extraction and every document, data normalised', async () => {
    const c = collector();
    const rows = [
      row('doc_1', { invoice_number: 'INV-1', total: '99.90', issued: '2024-03-05T10:00:00Z', items: [{ description: 'Ünïcødé 漢字 ✓', amount: 2, shipped: '2024-03-06' }] }),
      row('doc_2', null, { status: 'failed', error_message: 'Could not read page 1', confidence: null, processing_time_ms: null, completed_at: null }),
    ];
    await writeJsonExport(header(INVOICE_FIELDS), source(rows), c.out);
    const parsed = JSON.parse(c.text());
    expect(parsed.extraction).toEqual({ extraction_id: 'ext_1', parser_id: 'prs_1', parser_name: 'Invoices' });
    expect(parsed.documents).toHaveLength(2);
    expect(parsed.documents[0]).toEqual({
      document_id: 'doc_1',
      filename: 'doc_1.pdf',
      status: 'completed',
      error_message: null,
      page_count: 1,
      extracted_data: { invoice_number: 'INV-1', total: 99.9, issued: '2024-03-05', items: [{ description: 'Ünïcødé 漢字 ✓', amount: 2, shipped: '2024-03-06' }] },
      confidence: 0.9,
      processing_time_ms: 120,
      created_at: '2024-03-05T10:00:00.000Z',
      completed_at: '2024-03-05T10:00:01.000Z',
    });
    expect(parsed.documents[1]).toMatchObject({ document_id: 'doc_2', status: 'failed', error_message: 'Could not read page 1', extracted_data: null, completed_at: null });
    expect(Object.keys(parsed.documents[1])).not.toContain('credits_used');
  });

  it('keeps a one_per_page document whole: its pages, with their numbers, each normalised', async () => {
    const c = collector();
    const pages = [
      { page: 1, invoice_number: 'INV-1', total: '99.90', issued: '2024-03-05T10:00:00Z' },
      { page: 2, invoice_number: null, total: null, issued: null },
    ];
    await writeJsonExport(header(INVOICE_FIELDS), source([row('doc_1', pages, { page_count: 2 })]), c.out);
    const parsed = JSON.parse(c.text());
    expect(parsed.documents).toHaveLength(1);
    expect(parsed.documents[0]).toMatchObject({
      document_id: 'doc_1',
      filename: 'doc_1.pdf',
      extracted_data: [
        { page: 1, invoice_number: 'INV-1', total: 99.9, issued: '2024-03-05' },
        { page: 2, invoice_number: null, total: null, issued: null },
      ],
    });
  });

  it('writes an empty list when there are no documents, and ends the stream', async () => {
    const c = collector();
    await writeJsonExport(header([]), source([]), c.out);
    expect(JSON.parse(c.text())).toEqual({ extraction: { extraction_id: 'ext_1', parser_id: 'prs_1', parser_name: 'Invoices' }, documents: [] });
    expect(c.out.writableFinished).toBe(true);
  });

  it('destroys the output when reading the documents fails', async () => {
    const c = collector();
    const failing = async function* () {
      yield row('doc_1', {});
      throw new Error('store went away');
    };
    await expect(writeJsonExport(header([]), failing, c.out)).rejects.toThrow('store went away');
    expect(c.out.destroyed).toBe(true);
    expect(() => JSON.parse(c.text())).toThrow();
  });
});
