// The hosted PerfectParser API, one typed method per `/v1` endpoint. Shared by the app's sync
// service and the CLI; the transport (http.ts) handles rate limits, retries, the request log
// and error sentences. Creating one is the only way sync talks to the network, and the sync
// service creates one only while sync is on (or to verify a key the user entered).
import type { Credits, User } from '../../shared/api/account.js';
import type { Page, Pagination } from '../../shared/api/common.js';
import type {
  DocumentDetail,
  Extraction,
  ExtractionCore,
  ExtractionResults,
  ExportFormat,
} from '../../shared/api/extractions.js';
import type { Parser, ParserCreate, ParserPatch } from '../../shared/api/parsers.js';
import type { DeliveryAttempt, Webhook, WebhookCreate, WebhookCreated, WebhookDetail, WebhookPatch } from '../../shared/api/webhooks.js';
import { SyncError } from './errors.js';
import { Transport, type Answer, type RequestSpec, type TransportOptions } from './http.js';
import { buildMultipart, type UploadFile } from './multipart.js';

export type { RequestRecord, RetryPolicy, Sleep } from './http.js';
export type { UploadFile } from './multipart.js';
export { SyncError } from './errors.js';

export type ClientOptions = TransportOptions;

export interface ListArgs {
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface ExtractionListArgs extends ListArgs {
  parser_id?: string | undefined;
  status?: string | undefined;
  since?: string | undefined;
}

export interface ExportArgs {
  format: ExportFormat;
  line_items?: 'rows' | 'json' | undefined;
}

export interface ExportFile {
  bytes: Uint8Array;
  contentType: string;
  /** From Content-Disposition, when given. */
  filename: string | null;
}

/** Parser fields as create takes them (defaults optional). */
export type ParserCreateInput = Partial<ParserCreate> & { name: string };

export class PerfectParserClient {
  private readonly http: Transport;

  constructor(options: ClientOptions) {
    this.http = new Transport(options);
  }

  /** The hosted service's host ("api.perfectparser.com"), for messages. */
  get host(): string {
    return this.http.host;
  }

  /** The credit balance last seen (from me, credits or a created job), or null. */
  get lastBalance(): number | null {
    return this.http.lastBalance;
  }

  // Account

  async me(): Promise<User> {
    const user = await this.json<User>({ method: 'GET', path: '/v1/me' }, 'user');
    this.http.lastBalance = user.credits_available;
    return user;
  }

  async credits(): Promise<Credits> {
    const credits = await this.json<Credits>({ method: 'GET', path: '/v1/credits' }, 'credits');
    this.http.lastBalance = credits.available;
    return credits;
  }

  // Parsers

  async listParsers(args: ListArgs = {}): Promise<Page<Parser>> {
    return this.page<Parser>({ method: 'GET', path: '/v1/parsers', query: { ...args } }, 'parsers');
  }

  /** Every parser, following the pages. */
  async allParsers(): Promise<Parser[]> {
    const out: Parser[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listParsers({ limit: 100, cursor });
      out.push(...page.items);
      cursor = page.pagination.next_cursor ?? undefined;
    } while (cursor);
    return out;
  }

  createParser(body: ParserCreateInput): Promise<Parser> {
    return this.json({ method: 'POST', path: '/v1/parsers', json: body }, 'parser');
  }

  getParser(parserId: string): Promise<Parser> {
    return this.json({ method: 'GET', path: `/v1/parsers/${enc(parserId)}` }, 'parser');
  }

  updateParser(parserId: string, patch: ParserPatch): Promise<Parser> {
    return this.json({ method: 'PATCH', path: `/v1/parsers/${enc(parserId)}`, json: patch }, 'parser');
  }

  async removeParser(parserId: string): Promise<void> {
    await this.http.send({ method: 'DELETE', path: `/v1/parsers/${enc(parserId)}` });
  }

  /** Proposes fields from a sample file (multipart) or a stored sample. */
  detectFields(
    parserId: string,
    input: { file?: UploadFile | undefined; sample_file_id?: string | undefined; prompt?: string | undefined; replace_existing_schema?: boolean | undefined },
  ): Promise<Parser> {
    const path = `/v1/parsers/${enc(parserId)}/detect-fields`;
    const { file, ...rest } = input;
    if (!file) return this.json({ method: 'POST', path, json: rest }, 'parser');
    const fields: Array<[string, string]> = [];
    if (rest.prompt !== undefined) fields.push(['prompt', rest.prompt]);
    if (rest.replace_existing_schema !== undefined) fields.push(['replace_existing_schema', String(rest.replace_existing_schema)]);
    return this.json({ method: 'POST', path, body: () => buildMultipart(fields, [{ field: 'file', file }]) }, 'parser');
  }

  // Extractions

  /** Queues up to 50 files; with an Idempotency-Key a retry (or a replay) returns the same job. */
  async createExtraction(input: { parser_id: string; files: UploadFile[]; idempotencyKey?: string | undefined }): Promise<{ extraction: Extraction; replayed: boolean }> {
    const answer = await this.http.send({
      method: 'POST',
      path: '/v1/extractions',
      idempotencyKey: input.idempotencyKey,
      body: () => buildMultipart([['parser_id', input.parser_id]], input.files.map((file) => ({ field: 'files', file }))),
    });
    const extraction = unwrap<Extraction>(answer, 'extraction');
    if (extraction.credits_remaining !== null) this.http.lastBalance = extraction.credits_remaining;
    return { extraction, replayed: answer.headers.get('idempotent-replayed') === 'true' };
  }

  listExtractions(args: ExtractionListArgs = {}): Promise<Page<ExtractionCore>> {
    return this.page<ExtractionCore>({ method: 'GET', path: '/v1/extractions', query: { ...args } }, 'extractions');
  }

  getExtraction(extractionId: string): Promise<Extraction> {
    return this.json({ method: 'GET', path: `/v1/extractions/${enc(extractionId)}` }, 'extraction');
  }

  extractionResults(extractionId: string): Promise<ExtractionResults> {
    return this.json({ method: 'GET', path: `/v1/extractions/${enc(extractionId)}/results` }, 'extraction');
  }

  extractionDocument(extractionId: string, documentId: string): Promise<DocumentDetail> {
    return this.json({ method: 'GET', path: `/v1/extractions/${enc(extractionId)}/documents/${enc(documentId)}` }, 'document');
  }

  cancelExtraction(extractionId: string): Promise<Extraction> {
    return this.json({ method: 'POST', path: `/v1/extractions/${enc(extractionId)}/cancel` }, 'extraction');
  }

  /** A job's export file (JSON, CSV or XLSX). */
  exportExtraction(extractionId: string, args: ExportArgs): Promise<ExportFile> {
    return this.file({ method: 'GET', path: `/v1/extractions/${enc(extractionId)}/export`, query: { ...args } });
  }

  /** One document's export file. */
  exportDocument(extractionId: string, documentId: string, args: ExportArgs): Promise<ExportFile> {
    return this.file({ method: 'GET', path: `/v1/extractions/${enc(extractionId)}/documents/${enc(documentId)}/export`, query: { ...args } });
  }

  // Webhooks

  listWebhooks(args: ListArgs = {}): Promise<Page<Webhook>> {
    return this.page<Webhook>({ method: 'GET', path: '/v1/webhooks', query: { ...args } }, 'webhooks');
  }

  createWebhook(body: Partial<WebhookCreate> & Pick<WebhookCreate, 'url' | 'events'>): Promise<WebhookCreated> {
    return this.json({ method: 'POST', path: '/v1/webhooks', json: body }, 'webhook');
  }

  getWebhook(webhookId: string): Promise<WebhookDetail> {
    return this.json({ method: 'GET', path: `/v1/webhooks/${enc(webhookId)}` }, 'webhook');
  }

  updateWebhook(webhookId: string, patch: WebhookPatch): Promise<Webhook> {
    return this.json({ method: 'PATCH', path: `/v1/webhooks/${enc(webhookId)}`, json: patch }, 'webhook');
  }

  async removeWebhook(webhookId: string): Promise<void> {
    await this.http.send({ method: 'DELETE', path: `/v1/webhooks/${enc(webhookId)}` });
  }

  testWebhook(webhookId: string): Promise<DeliveryAttempt> {
    return this.json({ method: 'POST', path: `/v1/webhooks/${enc(webhookId)}/test` }, 'delivery');
  }

  private async json<T>(spec: RequestSpec, key: string): Promise<T> {
    return unwrap<T>(await this.http.send(spec), key);
  }

  private async page<T>(spec: RequestSpec, key: string): Promise<Page<T>> {
    const answer = await this.http.send(spec);
    const body = parseBody(answer) as Record<string, unknown>;
    const items = body[key];
    const pagination = body['pagination'] as Pagination | undefined;
    if (!Array.isArray(items) || !pagination) throw misunderstood(this.host);
    return { items: items as T[], pagination };
  }

  private async file(spec: RequestSpec): Promise<ExportFile> {
    const answer = await this.http.send(spec);
    const disposition = answer.headers.get('content-disposition') ?? '';
    const m = /filename="?([^";]+)"?/.exec(disposition);
    return { bytes: answer.bytes, contentType: answer.headers.get('content-type') ?? 'application/octet-stream', filename: m?.[1] ?? null };
  }
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

function misunderstood(host: string): SyncError {
  return new SyncError('INTERNAL_ERROR', `The hosted service at ${host} sent an answer this version of PerfectParser does not understand.`, null);
}

function parseBody(answer: Answer): unknown {
  try {
    return JSON.parse(Buffer.from(answer.bytes).toString('utf8')) as unknown;
  } catch {
    throw misunderstood('the hosted service');
  }
}

/** The envelope's one resource (`{parser: …}` → the parser). Webhook tests answer the attempt itself. */
function unwrap<T>(answer: Answer, key: string): T {
  const body = parseBody(answer) as Record<string, unknown> | null;
  if (body && typeof body === 'object' && key in body) return body[key] as T;
  if (key === 'delivery' && body && typeof body === 'object') return body as T;
  throw misunderstood('the hosted service');
}
