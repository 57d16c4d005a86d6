// The service layer's surface: what the REST server, the CLI and IPC call. Transports validate
// their input with the shared schemas, call one of these, and map an ApiError to their own
// error shape; none of them touches the store, the job runner or the engine directly.
import type { Writable } from 'node:stream';
import type { Credits, User } from '../../shared/api/account.js';
import type { Page } from '../../shared/api/common.js';
import type {
  DocumentDetail,
  Extraction,
  ExtractionListQuery,
  ExtractionCore,
  ExtractionResults,
  ExportQuery,
} from '../../shared/api/extractions.js';
import type { DetectFieldsBody, Parser, ParserCreate, ParserPatch } from '../../shared/api/parsers.js';
import type { DeliveryAttempt, Webhook, WebhookCreate, WebhookCreated, WebhookDetail, WebhookPatch, WebhookRotated } from '../../shared/api/webhooks.js';
import type { RenderedResult } from '../jobs/engine-pool.js';
import type { JobEvent } from '../../shared/rpc-contract.js';

/** A file handed to a service: an upload already spooled to a temporary file (the service takes
 *  it over and removes or keeps it), or a path on this machine that is read in place. */
export type IncomingFile =
  | {
      kind: 'upload';
      filename: string;
      tempPath: string;
      mime?: string | undefined;
      /** The content's sha256 (hex), when the transport hashed it while spooling it. */
      sha256?: string | undefined;
    }
  | { kind: 'local'; path: string };

export interface ListQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface AccountService {
  me(): Promise<User>;
  credits(): Promise<Credits>;
}

export interface ParsersService {
  list(query: ListQuery): Promise<Page<Parser>>;
  /** 409 CONFLICT when the name is taken. */
  create(body: ParserCreate): Promise<Parser>;
  /** 404 PARSER_NOT_FOUND when missing. */
  get(parserId: string): Promise<Parser>;
  /** With `expected_updated_at` (the version the desktop's editor loaded), CONFLICT when the
   *  parser was saved since; without it (the /v1 routes) the last save wins. */
  update(parserId: string, patch: ParserPatch, options?: { expected_updated_at?: string | undefined }): Promise<Parser>;
  remove(parserId: string): Promise<void>;
  /** Proposes fields from a sample file by layout analysis; SCHEMA_ALREADY_EXISTS when the parser
   *  has fields and replacing was not asked for. */
  detectFields(
    parserId: string,
    /** `password` opens an encrypted PDF sample, for this call only (never stored). */
    input: DetectFieldsBody & { file?: IncomingFile | undefined; password?: string | undefined },
  ): Promise<Parser>;
}

export interface CreateExtractionInput {
  parser_id: string;
  files: IncomingFile[];
  /** The request's Idempotency-Key header, if any. */
  idempotencyKey?: string | undefined;
}

export interface ExtractionsService {
  /** Queues a job; a replayed idempotency key returns the original job with `replayed: true`. */
  create(input: CreateExtractionInput): Promise<{ extraction: Extraction; replayed: boolean }>;
  list(query: ExtractionListQuery): Promise<Page<ExtractionCore>>;
  get(extractionId: string): Promise<Extraction>;
  results(extractionId: string): Promise<ExtractionResults>;
  document(extractionId: string, documentId: string): Promise<DocumentDetail>;
  /** Stops a job: queued documents fail as cancelled, running ones are stopped. */
  cancel(extractionId: string): Promise<Extraction>;
}

export interface ExportTarget {
  contentType: string;
  /** A file name for Content-Disposition. */
  filename: string;
  /** A name for a person saving it, without extension: the parser's name and the job's day. */
  suggestedName: string;
  /** Streams the export into `out` (never built as one string). */
  write(out: Writable): Promise<void>;
}

export interface ExportsService {
  /** Checks the job exists (404 otherwise) and prepares its export. */
  extraction(extractionId: string, query: ExportQuery): Promise<ExportTarget>;
  document(extractionId: string, documentId: string, query: ExportQuery): Promise<ExportTarget>;
}

export interface WebhooksService {
  list(query: ListQuery): Promise<Page<Webhook>>;
  create(body: WebhookCreate): Promise<WebhookCreated>;
  get(webhookId: string): Promise<WebhookDetail>;
  update(webhookId: string, patch: WebhookPatch): Promise<Webhook>;
  remove(webhookId: string): Promise<void>;
  /** Sends a signed `webhook.test` event now and reports the attempt. */
  test(webhookId: string): Promise<DeliveryAttempt>;
  /** Gives the webhook a new signing secret (returned once); the old one keeps signing beside it
   *  for the grace period (default a day; 0 ends it at once). */
  rotateSecret(webhookId: string, options?: { grace_period_seconds?: number | undefined }): Promise<WebhookRotated>;
}

export interface ParseInput {
  file: IncomingFile;
  /** Raw config. The API refuses options the contract does not have (unknownConfigOptions); values
   *  are the engine's to check: a bad one is a FAILED run with INVALID_CONFIG_OPTIONS. */
  config: unknown;
}

export interface ParseService {
  /** Parses synchronously in an engine worker; the parser_run arrives serialised as JSON. */
  parse(input: ParseInput): Promise<RenderedResult>;
}

/** Progress the job runner reports, for the UI (server-sent events, IPC); declared in the shared contract. */
export type { JobEvent } from '../../shared/rpc-contract.js';

export interface EventsService {
  /** Calls `listener` for every job event until `signal` aborts. */
  subscribe(listener: (event: JobEvent) => void, signal: AbortSignal): void;
}

export interface Services {
  account: AccountService;
  parsers: ParsersService;
  extractions: ExtractionsService;
  exports: ExportsService;
  webhooks: WebhooksService;
  parse: ParseService;
  events: EventsService;
}
