// Builders for the query tests: a migrated in-memory store, parsers, jobs and their documents.
import { openDb, type Db } from '../../../src/main/store/db.js';
import { createExtraction, type NewDocument, type ParserSnapshot } from '../../../src/main/store/queries/extractions.js';
import { claimNextDocument, completeDocument } from '../../../src/main/store/queries/queue.js';

export type { Db };

/** A fresh store in memory (WAL asked for, foreign keys on, fully migrated). */
export function memoryDb(): Db {
  return openDb(':memory:');
}

export const INVOICE_PARSER: ParserSnapshot = {
  parser_id: 'prs_invoices',
  name: 'Invoices',
  result_mode: 'one_per_file',
  fields: [
    { name: 'invoice_number', type: 'string' },
    { name: 'total', type: 'number' },
  ],
};

/** A document to submit: `name.pdf` with `pages` pages, read in place. */
export function doc(name: string, pages = 1): NewDocument {
  return {
    filename: `${name}.pdf`,
    source_path: `/inbox/${name}.pdf`,
    stored_path: null,
    content_hash: `hash-${name}`,
    file_size: 1000 + pages,
    mime: 'application/pdf',
    page_count: pages,
  };
}

/** Creates a job over documents with the given page counts; returns its id. */
export function job(db: Db, pages: number[], parser: ParserSnapshot = INVOICE_PARSER, prefix = 'f'): string {
  return createExtraction(db, { parser, documents: pages.map((p, i) => doc(`${prefix}${i + 1}`, p)) }).extraction_id;
}

/** Claims the next document and completes it with `data`; returns the claim. */
export function claimAndComplete(db: Db, data: unknown = { total: 1 }, lease = 'lease-x') {
  const claim = claimNextDocument(db, { lease });
  if (!claim) throw new Error('queue empty');
  const outcome = completeDocument(db, {
    document_id: claim.document_id,
    lease,
    extracted_data: data,
    confidence: 0.9,
    parse_run: null,
    page_count: claim.page_count,
    processing_time_ms: 12,
  });
  return { claim, outcome };
}

/** Sets a column of a row directly (to age records or stage states the API cannot reach). */
export function setColumn(db: Db, table: string, id: string, column: string, value: unknown): void {
  db.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`).run(value, id);
}
