// A job of one document, finished through the store as the runner would finish it (for tests
// of what follows a job: webhook deliveries and their log).
import type { Store } from '../../src/main/store/store-client.js';

/** Creates a one-document extraction of `source` and completes it; the completion's outcome. */
export async function finishOneDocumentJob(store: Store, source: string) {
  const { extraction_id } = await store.call('createExtraction', {
    parser: { parser_id: 'prs_x', name: 'X', result_mode: 'one_per_file', fields: [{ name: 'total', type: 'number' }] },
    documents: [{ filename: 'a.pdf', source_path: source, stored_path: null, content_hash: 'h', file_size: 8, mime: 'application/pdf', page_count: 1 }],
  });
  const claim = await store.call('claimNextDocument', { lease: 'L' });
  const outcome = await store.call('completeDocument', {
    document_id: claim!.document_id,
    lease: 'L',
    extracted_data: { total: 5 },
    confidence: 1,
    parse_run: null,
    page_count: 1,
    processing_time_ms: 3,
  });
  return { extraction_id, outcome };
}
