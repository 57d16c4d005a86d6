// Sample data in the contract's shapes for renderer tests.
import type { Parser } from '../../src/shared/api/parsers.js';
import type { Settings, StagedFile, JobDetail, JobDocument, JobSummary } from '../../src/shared/rpc-contract.js';

export function stagedFile(name: string, overrides: Partial<StagedFile> = {}): StagedFile {
  return {
    ref: { kind: 'upload', upload_id: `upl_${name}` },
    name,
    relative_path: `invoices/${name}`,
    size: 1024 * 20,
    hash: `hash-${name}`,
    file_type: 'pdf',
    processed_before: null,
    ...overrides,
  };
}

export function jobSummary(id: string, overrides: Partial<JobSummary> = {}): JobSummary {
  return {
    extraction_id: id,
    parser_id: '',
    parser_name: null,
    status: 'processing',
    file_count: 3,
    page_count: 6,
    credits_used: 0,
    credits_remaining: null,
    document_summary: { total: 3, completed: 1, failed: 0, processing: 1 },
    created_at: '2025-03-01T10:00:00.000Z',
    updated_at: '2025-03-01T10:00:00.000Z',
    completed_at: null,
    paused: false,
    pages_done: 2,
    queued: 1,
    cancelled: 0,
    ...overrides,
  };
}

export function jobDocument(id: string, overrides: Partial<JobDocument> = {}): JobDocument {
  return {
    document_id: id,
    filename: `${id}.pdf`,
    relative_path: `folder/${id}.pdf`,
    status: 'queued',
    pages_done: 0,
    page_count: 2,
    attempts: 0,
    error_code: null,
    error_message: null,
    confidence: null,
    processing_time_ms: null,
    ...overrides,
  };
}

/** A job of three documents: one completed, one processing, one queued. */
export function jobDetail(id: string, overrides: Partial<JobDetail> = {}): JobDetail {
  return {
    ...jobSummary(id),
    documents: [
      jobDocument('doc_1', { status: 'completed', pages_done: 2, attempts: 1, confidence: 0.93, processing_time_ms: 1400 }),
      jobDocument('doc_2', { status: 'processing', pages_done: 0, attempts: 1 }),
      jobDocument('doc_3'),
    ],
    ...overrides,
  };
}

export function sampleSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    ocr_languages: ['eng'],
    available_languages: ['eng', 'deu'],
    tessdata_dir: '/data/tessdata',
    worker_count: 2,
    max_workers: 8,
    data_dir: '/data',
    api: { enabled: true, url: 'http://127.0.0.1:4780', key: 'pp_local_secret', can_toggle: true },
    sync_enabled: false,
    mode: 'browser',
    ...overrides,
  };
}

/** A parser named Invoices, with no fields and no sample unless given. */
export function parserFixture(overrides: Partial<Parser> = {}): Parser {
  return {
    parser_id: 'prs_1',
    name: 'Invoices',
    description: null,
    result_mode: 'one_per_file',
    schema: null,
    fields: [],
    has_sample_file: false,
    sample_file_id: null,
    created_at: '2025-03-01T10:00:00.000Z',
    updated_at: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}
