// An in-memory Services for the server tests: just enough state to exercise every route, and a
// record of what each call received (uploaded files are read while the call runs, since the
// real services take the temp files over).
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Page } from '../../../src/shared/api/common.js';
import { ApiError } from '../../../src/shared/api/errors.js';
import type { Extraction, ExtractionCore } from '../../../src/shared/api/extractions.js';
import { fieldsToJsonSchema, type FieldDefinition, type Parser } from '../../../src/shared/api/parsers.js';
import type { DeliveryAttempt, WebhookDetail } from '../../../src/shared/api/webhooks.js';
import type { IncomingFile, JobEvent, ListQuery, Services } from '../../../src/main/services/types.js';

const NOW = '2025-01-02T03:04:05.000Z';

export interface ReceivedFile {
  kind: IncomingFile['kind'];
  filename: string;
  path: string;
  mime: string | undefined;
  /** The file's contents while the call ran. */
  content: string;
}

export interface FakeServices extends Services {
  calls: {
    createExtraction: Array<{ parser_id: string; files: ReceivedFile[]; idempotencyKey: string | undefined }>;
    detectFields: Array<{ parserId: string; body: Record<string, unknown>; file: ReceivedFile | undefined }>;
    parse: Array<{ file: ReceivedFile; config: unknown }>;
  };
  /** Makes the next extractions.create throw this after reading its files. */
  failNextCreate: Error | undefined;
  /** Makes the next export fail, before writing anything. */
  failNextExport: Error | undefined;
  /** Makes the next export fail after writing its first line. */
  failNextExportMidway: Error | undefined;
  /** Sends a job event to every open subscription. */
  emit(event: JobEvent): void;
  subscriptions(): number;
}

function receive(file: IncomingFile): ReceivedFile {
  const p = file.kind === 'upload' ? file.tempPath : file.path;
  if (!existsSync(p)) throw new ApiError('INVALID_PAYLOAD', `File not found: ${p}`);
  return {
    kind: file.kind,
    filename: file.kind === 'upload' ? file.filename : path.basename(file.path),
    path: p,
    mime: file.kind === 'upload' ? file.mime : undefined,
    content: readFileSync(p, 'utf8'),
  };
}

/** Removes an upload the way a real service would once it has taken the file over. */
async function takeOver(file: IncomingFile): Promise<void> {
  if (file.kind === 'upload') await rm(file.tempPath, { force: true });
}

function page<T>(items: T[], query: ListQuery): Page<T> {
  const start = query.cursor ? Number(query.cursor) : 0;
  const limit = query.limit ?? 20;
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length;
  return { items: slice, pagination: { limit, has_next_page: next, next_cursor: next ? String(start + limit) : null } };
}

/** Builds a fresh fake with one configured parser (`prs_invoice`) and one without fields (`prs_empty`). */
export function createFakeServices(): FakeServices {
  const parsers = new Map<string, Parser>();
  const extractions = new Map<string, Extraction>();
  const idempotent = new Map<string, string>();
  const webhooks = new Map<string, WebhookDetail>();
  const listeners = new Set<(event: JobEvent) => void>();
  let seq = 0;

  function makeParser(id: string, name: string, fields: FieldDefinition[]): Parser {
    return {
      parser_id: id,
      name,
      description: null,
      result_mode: 'one_per_file',
      schema: fieldsToJsonSchema(fields),
      fields,
      has_sample_file: false,
      sample_file_id: null,
      created_at: NOW,
      updated_at: NOW,
    };
  }
  parsers.set('prs_invoice', makeParser('prs_invoice', 'Invoices', [{ name: 'total', type: 'number' }]));
  parsers.set('prs_empty', makeParser('prs_empty', 'Empty', []));

  function parser(id: string): Parser {
    const p = parsers.get(id);
    if (!p) throw new ApiError('PARSER_NOT_FOUND', `No parser ${id}.`);
    return p;
  }
  function extraction(id: string): Extraction {
    const e = extractions.get(id);
    if (!e) throw new ApiError('RESOURCE_NOT_FOUND', `No extraction ${id}.`);
    return e;
  }
  function core(e: Extraction): ExtractionCore {
    const { documents: _documents, ...rest } = e;
    return rest;
  }

  const fake: FakeServices = {
    calls: { createExtraction: [], detectFields: [], parse: [] },
    failNextCreate: undefined,
    failNextExport: undefined,
    failNextExportMidway: undefined,
    emit: (event) => {
      for (const l of listeners) l(event);
    },
    subscriptions: () => listeners.size,

    account: {
      me: async () => ({
        user_id: 'usr_local',
        email: null,
        name: 'Local user',
        credits_available: null,
        key_name: 'local',
        key_expires_at: null,
        member_since: NOW,
      }),
      credits: async () => ({ available: null, purchases: [] }),
    },

    parsers: {
      list: async (query) => page([...parsers.values()], query),
      create: async (body) => {
        if ([...parsers.values()].some((p) => p.name === body.name)) throw new ApiError('CONFLICT', `A parser named "${body.name}" exists.`);
        const p = makeParser(`prs_${++seq}`, body.name, body.fields ?? []);
        parsers.set(p.parser_id, p);
        return p;
      },
      get: async (id) => parser(id),
      update: async (id, patch) => {
        const p = { ...parser(id), ...(patch.name ? { name: patch.name } : {}) };
        if (patch.fields) Object.assign(p, { fields: patch.fields, schema: fieldsToJsonSchema(patch.fields) });
        parsers.set(id, p);
        return p;
      },
      remove: async (id) => {
        parser(id);
        parsers.delete(id);
      },
      detectFields: async (id, input) => {
        const p = parser(id);
        const { file, ...body } = input;
        const received = file ? receive(file) : undefined;
        fake.calls.detectFields.push({ parserId: id, body, file: received });
        if (p.fields.length > 0 && !input.replace_existing_schema) throw new ApiError('SCHEMA_ALREADY_EXISTS', 'The parser has fields.');
        if (file) await takeOver(file);
        const fields: FieldDefinition[] = [{ name: 'invoice_number', type: 'string' }];
        const updated = { ...p, fields, schema: fieldsToJsonSchema(fields) };
        parsers.set(id, updated);
        return updated;
      },
    },

    extractions: {
      create: async (input) => {
        const files = input.files.map(receive);
        fake.calls.createExtraction.push({ parser_id: input.parser_id, files, idempotencyKey: input.idempotencyKey });
        const failure = fake.failNextCreate;
        fake.failNextCreate = undefined;
        if (failure) throw failure;
        const p = parser(input.parser_id);
        if (p.fields.length === 0) throw new ApiError('PARSER_NOT_CONFIGURED', 'The parser has no fields.');
        const replayOf = input.idempotencyKey ? idempotent.get(input.idempotencyKey) : undefined;
        if (replayOf) return { extraction: extraction(replayOf), replayed: true };
        await Promise.all(input.files.map(takeOver));
        const id = `ext_${++seq}`;
        const e: Extraction = {
          extraction_id: id,
          parser_id: p.parser_id,
          status: 'queued',
          file_count: files.length,
          page_count: files.length,
          credits_used: 0,
          credits_remaining: null,
          document_summary: { total: files.length, completed: 0, failed: 0, processing: 0 },
          created_at: NOW,
          updated_at: NOW,
          completed_at: null,
          documents: files.map((f, i) => ({
            document_id: `doc_${id}_${i}`,
            filename: f.filename,
            page_count: 1,
            credits_used: 0,
            status: 'queued',
            error_message: null,
          })),
        };
        extractions.set(id, e);
        if (input.idempotencyKey) idempotent.set(input.idempotencyKey, id);
        return { extraction: e, replayed: false };
      },
      list: async (query) => page([...extractions.values()].filter((e) => !query.status || e.status === query.status).map(core), query),
      get: async (id) => extraction(id),
      results: async (id) => {
        const e = extraction(id);
        return {
          ...core(e),
          documents: e.documents.map((d) => ({
            ...d,
            extracted_data: { total: 42 },
            confidence: 0.9,
            processing_time_ms: 5,
            created_at: NOW,
            completed_at: null,
          })),
        };
      },
      document: async (id, docId) => {
        const e = extraction(id);
        const d = e.documents.find((x) => x.document_id === docId);
        if (!d) throw new ApiError('RESOURCE_NOT_FOUND', `No document ${docId}.`);
        return {
          ...d,
          extracted_data: null,
          confidence: null,
          processing_time_ms: null,
          created_at: NOW,
          completed_at: null,
          extraction_id: id,
          parser_id: e.parser_id,
          parser_name: parser(e.parser_id).name,
          file_type: 'application/pdf',
          file_size: 10,
          content_hash: 'abc',
          attempts: 0,
        };
      },
      cancel: async (id) => {
        const e = { ...extraction(id), status: 'failed' as const };
        extractions.set(id, e);
        return e;
      },
    },

    exports: {
      extraction: async (id, query) => {
        const e = extraction(id);
        const failure = fake.failNextExport;
        const midway = fake.failNextExportMidway;
        fake.failNextExport = undefined;
        fake.failNextExportMidway = undefined;
        return {
          contentType: query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
          filename: `${e.extraction_id} résumé.${query.format}`,
          suggestedName: 'Invoices 2026-11-24',
          write: async (out: Writable) => {
            if (failure) throw failure;
            if (query.bom) out.write('\uFEFF');
            out.write('document_id,total\n');
            if (midway) {
              await new Promise((r) => setTimeout(r, 20));
              throw midway;
            }
            for (const d of e.documents) {
              await new Promise((r) => setTimeout(r, 5));
              out.write(`${d.document_id},${query.line_items}\n`);
            }
            out.end();
          },
        };
      },
      document: async (id, docId, query) => {
        extraction(id);
        return {
          contentType: 'application/json',
          filename: `${docId}.${query.format}`,
          suggestedName: 'Invoices 2026-11-24',
          // Leaves ending the stream to the server.
          write: async (out: Writable) => {
            out.write(JSON.stringify({ document_id: docId }));
          },
        };
      },
    },

    webhooks: {
      list: async (query) => page([...webhooks.values()].map(({ deliveries: _d, ...w }) => w), query),
      create: async (body) => {
        const w = {
          webhook_id: `wh_${++seq}`,
          url: body.url,
          events: body.events,
          enabled: body.enabled ?? true,
          has_secret: body.secret !== undefined,
          created_at: NOW,
          updated_at: NOW,
        };
        webhooks.set(w.webhook_id, { ...w, deliveries: [] });
        return { ...w, signing_secret: 'wh_sec_test' };
      },
      get: async (id) => {
        const w = webhooks.get(id);
        if (!w) throw new ApiError('RESOURCE_NOT_FOUND', `No webhook ${id}.`);
        return w;
      },
      update: async (id, patch) => {
        const w = webhooks.get(id);
        if (!w) throw new ApiError('RESOURCE_NOT_FOUND', `No webhook ${id}.`);
        const updated = { ...w, ...(patch.url ? { url: patch.url } : {}), ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}) };
        webhooks.set(id, updated);
        const { deliveries: _d, ...rest } = updated;
        return rest;
      },
      remove: async (id) => {
        if (!webhooks.delete(id)) throw new ApiError('RESOURCE_NOT_FOUND', `No webhook ${id}.`);
      },
      test: async (id) => {
        const w = webhooks.get(id);
        if (!w) throw new ApiError('RESOURCE_NOT_FOUND', `No webhook ${id}.`);
        const attempt: DeliveryAttempt = {
          delivery_id: 'dlv_1',
          event: 'webhook.test',
          attempt: 1,
          status_code: 200,
          success: true,
          error: null,
          duration_ms: 3,
          attempted_at: NOW,
        };
        w.deliveries.push(attempt);
        return attempt;
      },
      rotateSecret: async (id, options = {}) => {
        const w = webhooks.get(id);
        if (!w) throw new ApiError('RESOURCE_NOT_FOUND', `No webhook ${id}.`);
        const { deliveries: _d, ...view } = w;
        const grace = options.grace_period_seconds ?? 86_400;
        return { ...view, signing_secret: `wh_sec_rotated_${++seq}`, previous_secret_expires_at: grace > 0 ? new Date(Date.parse(NOW) + grace * 1000).toISOString() : null };
      },
    },

    parse: {
      parse: async (input) => {
        const file = receive(input.file);
        fake.calls.parse.push({ file, config: input.config });
        await takeOver(input.file);
        const failed = file.content.startsWith('not a document');
        const run = {
          object: 'parser_run',
          id: 'run_1',
          fileId: 'file_1',
          status: failed ? 'FAILED' : 'PROCESSED',
          failureReason: failed ? 'FILE_TYPE_NOT_SUPPORTED' : null,
          failureMessage: failed ? 'Not a supported file.' : null,
          chunks: failed ? [] : [{ object: 'chunk', type: 'page', content: file.content, metadata: { pageRange: { start: 1, end: 1 } }, blocks: [] }],
          config: input.config ?? {},
          metrics: { processingTimeMs: 1, pageCount: failed ? 0 : 1 },
        };
        return {
          output: new TextEncoder().encode(JSON.stringify(run)),
          summary: { status: run.status as 'PROCESSED' | 'FAILED', failureReason: null, failureMessage: run.failureMessage, pageCount: run.metrics.pageCount },
        };
      },
    },

    events: {
      subscribe: (listener, signal) => {
        listeners.add(listener);
        signal.addEventListener('abort', () => listeners.delete(listener), { once: true });
      },
    },
  };
  return fake;
}
