// The desktop's calls, declared once: each method's name, the schema its one argument must pass,
// and the type of its result. The Electron shell registers one IPC handler per method from this
// table (channel `rpc:<method>`), `perfectparser serve` answers the same methods at
// `POST /rpc/<method>`, and the renderer's Backend types its calls with it. The handlers
// themselves live in one place (src/main/services/rpc/), so both transports stay thin.
import { z } from 'zod';
import type { ParseRun } from './parse-contract.js';
import type { Page } from './api/common.js';
import type { DocumentDetail, DocumentResult, ExtractionCore, ExtractionResults, FieldDetail } from './api/extractions.js';
import { EXPORT_FORMATS } from './api/extractions.js';
import { fieldListSchema, parserCreateSchema, parserPatchSchema, RESULT_MODES, type Parser } from './api/parsers.js';
import { gracePeriodSecondsSchema, webhookCreateSchema, webhookPatchSchema, type DeliveryAttempt, type Webhook, type WebhookCreated, type WebhookDetail, type WebhookRotated } from './api/webhooks.js';

/** Longest path we accept from a renderer (Windows long paths stay well below this). */
export const MAX_PATH_LENGTH = 4096;
/** Most files one desktop job takes (the /v1 API keeps its own limit of 50 per request). */
export const MAX_FILES_PER_JOB = 10_000;

/** An absolute POSIX path, a drive-letter path or a UNC path, with no NUL byte. */
export const absolutePathSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_PATH_LENGTH, `must be at most ${MAX_PATH_LENGTH} characters`)
  .refine((p) => !p.includes('\0'), 'must not contain a NUL character')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'must be an absolute path');

const idSchema = z.string().min(1).max(200);

/** A file the user added: a path on this machine (desktop) or a file uploaded to `serve` (browser). */
export const fileRefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('path'), path: absolutePathSchema }),
  z.strictObject({ kind: z.literal('upload'), upload_id: idSchema }),
]);
export type FileRef = z.infer<typeof fileRefSchema>;

/** Which files a folder scan keeps. */
export const FILE_TYPE_FILTERS = ['supported', 'pdf', 'images'] as const;
export type FileTypeFilter = (typeof FILE_TYPE_FILTERS)[number];

/** The file types (StagedFile.file_type) the "images" filter keeps. */
export const IMAGE_FILE_TYPES: ReadonlySet<string> = new Set(['png', 'jpeg', 'tiff', 'webp', 'bmp', 'gif']);

/** True when a supported file of this type passes the filter. */
export function passesFileTypeFilter(fileType: string, filter: FileTypeFilter): boolean {
  if (filter === 'pdf') return fileType === 'pdf';
  if (filter === 'images') return IMAGE_FILE_TYPES.has(fileType);
  return true;
}

/** A file ready to be processed: probed, hashed, and checked against earlier jobs. */
export interface StagedFile {
  ref: FileRef;
  /** The file's name. */
  name: string;
  /** Its path below the folder that was added ("2024/march/inv-1.pdf"), or the name. */
  relative_path: string;
  size: number;
  /** SHA-256 of the content, hex. */
  hash: string;
  /** 'pdf', 'png', 'jpeg', 'tiff', 'webp', 'bmp', 'gif', 'text'. */
  file_type: string;
  /** The same content processed before, if it was (the newest such document). */
  processed_before: { extraction_id: string; document_id: string; filename: string; created_at: string } | null;
}

/** A file a scan or an upload could not take, with the reason as a sentence. */
export interface SkippedFile {
  name: string;
  relative_path: string;
  reason: string;
}

export interface StageResult {
  files: StagedFile[];
  skipped: SkippedFile[];
}

/** A job as the Jobs screen lists it: an extraction (or a parse-only run) and its progress. */
export interface JobSummary extends ExtractionCore {
  /** 'remote' when the job was sent to the hosted service (sync) and its results pulled back. */
  origin?: 'local' | 'remote' | undefined;
  /** A remote job's last problem with the hosted service (no credits, a revoked key, no
   *  network), as a sentence; null when none. Resume with `sync.resume`. */
  sync_error?: string | null | undefined;
  /** The parser's name, or null for a parse-only job. */
  parser_name: string | null;
  /** Paused jobs start no new documents. */
  paused: boolean;
  /** Pages finished across its documents (for the progress bar). */
  pages_done: number;
  /** Documents still queued. */
  queued: number;
  /** Documents stopped by cancelling the job before they finished (counted among
   *  `document_summary.failed`, though they neither ran nor failed). */
  cancelled: number;
}

/** One document row of a job. */
export interface JobDocument {
  document_id: string;
  filename: string;
  /** Where it came from ("march/inv-1.pdf"), for telling same-named files apart. */
  relative_path: string;
  status: 'queued' | 'processing' | 'completed' | 'failed';
  pages_done: number;
  page_count: number;
  attempts: number;
  /** The failure's reason code (CORRUPT_FILE, PASSWORD_PROTECTED_FILE, CANCELLED, …) or null. */
  error_code: string | null;
  /** The failure in plain words, or null. */
  error_message: string | null;
  confidence: number | null;
  processing_time_ms: number | null;
}

export interface JobDetail extends JobSummary {
  documents: JobDocument[];
}

/** One corrected value: what extraction found, and when the user replaced it. */
export interface Correction {
  original: unknown;
  corrected_at: string;
}

/** What a password opened: the documents queued again (the one asked first), and how many of
 *  the job's other password-protected documents it did not open. */
export interface UnlockResult {
  opened: string[];
  not_opened: number;
  job: JobSummary;
}

export interface DocumentView {
  document: DocumentDetail;
  /** The stored parse output (blocks with page and box), or null when the document did not complete. */
  run: ParseRun | null;
  /** Per field path, the values the user corrected. */
  corrections: Record<string, Correction>;
  /** Parse-only jobs have no parser. */
  parse_only: boolean;
  /** The failure's reason code (PASSWORD_PROTECTED_FILE, CORRUPT_FILE, …), or null. */
  error_code: string | null;
}

export interface ResultsView extends ExtractionResults {
  parser_name: string | null;
  /** The parser's fields at the time of the job, for the grid's columns. */
  parser_fields: z.infer<typeof fieldListSchema>;
  /** Per document id, per field path: the corrections. */
  corrections: Record<string, Record<string, Correction>>;
}

export interface SampleTestResult {
  data: unknown;
  confidence: number | null;
  fields: Record<string, FieldDetail>;
  /** The matched invoice2data template, if any. */
  template: string | null;
  /** The parse output of the sample, for drawing each value's citation on its page. */
  run: ParseRun;
}

export interface ApiServerStatus {
  enabled: boolean;
  /** Where it listens when enabled ("http://127.0.0.1:4780"). */
  url: string | null;
  /** The key every request must send as X-API-Key. */
  key: string;
  /** False when this UI is itself served by the API (browser mode): it cannot switch itself off. */
  can_toggle: boolean;
}

export interface Settings {
  /** Languages OCR reads, as tesseract codes ("eng", "deu"). */
  ocr_languages: string[];
  /** Languages whose data is available (bundled or in the data folder's `tessdata`). */
  available_languages: string[];
  /** Where extra `.traineddata` files go. */
  tessdata_dir: string;
  /** Engine workers processing documents in parallel. */
  worker_count: number;
  /** Most workers this machine can use (its cores). */
  max_workers: number;
  /** The data folder (database, stored uploads). */
  data_dir: string;
  api: ApiServerStatus;
  /** Hosted sync: always false until the user connects an account. */
  sync_enabled: boolean;
  /** 'desktop' or 'browser': which UI is asking. */
  mode: 'desktop' | 'browser';
}

export const settingsPatchSchema = z.strictObject({
  ocr_languages: z
    .array(z.string().regex(/^[A-Za-z0-9_]{2,20}$/, 'must be a tesseract language code such as "eng"'))
    .min(1, 'choose at least one language')
    .max(10)
    .optional(),
  worker_count: z.number().int().min(1).max(64).optional(),
  api_enabled: z.boolean().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** The hosted service connection (sync), as Settings shows it. */
export interface SyncStatus {
  /** Off until the user connects; while off, nothing is sent anywhere. */
  enabled: boolean;
  base_url: string;
  /** The hosted account, from `GET /v1/me` at connect time (refreshed by `sync.status`). */
  account: { user_id: string; name: string; email: string | null; key_name: string } | null;
  /** `GET /v1/credits` balance (null = unlimited or unknown). */
  credits_available: number | null;
  /** Where the API key is kept: the OS keychain (desktop) or a file only this user can read (CLI, serve). */
  key_storage: 'keychain' | 'file';
  /** The last problem talking to the hosted service, as a sentence, or null. */
  last_error: string | null;
}

/** One request sync sent, as the log shows it. */
export interface SyncLogEntry {
  id: string;
  at: string;
  method: string;
  /** Path and query on the hosted service (never the key). */
  path: string;
  request_bytes: number;
  response_bytes: number;
  status: number | null;
  duration_ms: number;
  error: string | null;
}

export const DEFAULT_SYNC_BASE_URL = 'https://api.perfectparser.com';

const jobRefSchema = z.strictObject({ extraction_id: idSchema });
const documentRefSchema = z.strictObject({ extraction_id: idSchema, document_id: idSchema });

/** How the engine names a figure's picture: page-3-figure-2.png. */
export const FIGURE_FILE_NAME = /^page-[1-9]\d{0,6}-figure-[1-9]\d{0,4}\.png$/;
const listArgsSchema = z.strictObject({ limit: z.number().int().min(1).max(500).default(100), cursor: z.string().min(1).max(200).optional() });

/** A PDF's password (a failed document's, or a parser sample's), given for one call and never
 *  stored. */
const passwordSchema = z.string().min(1, 'type the password').max(1024, 'is longer than any PDF password (1,024 characters at most)');

/** Typed result without a runtime check: results come from our own main process or server. */
const returns = <T>() => z.custom<T>(() => true);

export const rpcContract = {
  /** Expands folders (recursively), keeps files passing the filter, probes and hashes each. */
  'inbox.scan': {
    args: z.strictObject({ paths: z.array(absolutePathSchema).min(1).max(MAX_FILES_PER_JOB), filter: z.enum(FILE_TYPE_FILTERS).default('supported') }),
    result: returns<StageResult>(),
  },
  /** Starts a job over staged files; `parser_id: null` parses only. */
  'jobs.create': {
    args: z.strictObject({ parser_id: idSchema.nullable(), files: z.array(fileRefSchema).min(1).max(MAX_FILES_PER_JOB) }),
    result: returns<JobSummary>(),
  },
  'jobs.list': { args: listArgsSchema, result: returns<Page<JobSummary>>() },
  'jobs.get': { args: jobRefSchema, result: returns<JobDetail>() },
  'jobs.pause': { args: jobRefSchema, result: returns<JobSummary>() },
  'jobs.resume': { args: jobRefSchema, result: returns<JobSummary>() },
  'jobs.cancel': { args: jobRefSchema, result: returns<JobSummary>() },
  /** Queues the job's failed documents again (fresh attempts). */
  'jobs.retry': { args: jobRefSchema, result: returns<JobSummary>() },
  'documents.get': { args: documentRefSchema, result: returns<DocumentView>() },
  /** Opens a document that failed for want of a password and queues it again; with `whole_job`,
   *  also every other such document of the job that this password opens. A wrong password is
   *  refused at once. The password is held in memory only, until those documents are processed. */
  'documents.unlock': {
    args: z.strictObject({
      extraction_id: idSchema,
      document_id: idSchema,
      password: passwordSchema,
      whole_job: z.boolean().default(false),
    }),
    result: returns<UnlockResult>(),
  },
  /** Layout-preserving text of each page (computed from the stored file). */
  'documents.spatial': { args: documentRefSchema, result: returns<{ pages: string[] }>() },
  /** The document's file, for rendering its pages (HTTP: GET /rpc/files/:extraction_id/:document_id). */
  'documents.file': { args: documentRefSchema, result: returns<{ bytes: Uint8Array; file_type: string; filename: string }>() },
  /** A figure's picture the job saved (`page-3-figure-2.png`, the file name its block's
   *  `details.imagePath` ends in); null when the job saved none by that name. */
  'documents.figure': {
    args: documentRefSchema.extend({ name: z.string().regex(FIGURE_FILE_NAME, 'a figure picture is named page-N-figure-M.png') }),
    result: returns<{ bytes: Uint8Array; file_type: string; filename: string } | null>(),
  },
  'results.get': { args: jobRefSchema, result: returns<ResultsView>() },
  /** Replaces one value (`total`, `line_items.2.amount`); exports show the corrected value. */
  'results.correct': {
    args: z.strictObject({ extraction_id: idSchema, document_id: idSchema, path: z.string().min(1).max(500), value: z.unknown() }),
    result: returns<DocumentResult>(),
  },
  /** Undoes a correction, restoring what extraction found. */
  'results.revert': {
    args: z.strictObject({ extraction_id: idSchema, document_id: idSchema, path: z.string().min(1).max(500) }),
    result: returns<DocumentResult>(),
  },
  'parsers.list': { args: z.undefined(), result: returns<Parser[]>() },
  'parsers.get': { args: z.strictObject({ parser_id: idSchema }), result: returns<Parser>() },
  'parsers.create': { args: parserCreateSchema, result: returns<Parser>() },
  /** Saves a parser. With `expected_updated_at` (the version the editor loaded) the patch applies
   *  only over that version; when the parser was saved since, CONFLICT with PARSER_CHANGED_MESSAGE.
   *  Without it, the last save wins (as PATCH /v1/parsers/:id). */
  'parsers.update': {
    args: z.strictObject({ parser_id: idSchema, patch: parserPatchSchema, expected_updated_at: z.string().min(1).max(100).optional() }),
    result: returns<Parser>(),
  },
  'parsers.remove': { args: z.strictObject({ parser_id: idSchema }), result: returns<{ deleted: true }>() },
  /** Proposes fields from a sample and stores the sample with the parser (the parser's stored
   *  sample when `file` is omitted). `password` opens an encrypted PDF sample for this call only
   *  (it is never stored); a sample that needs one, or a wrong one, is refused with a sentence. */
  'parsers.detect': {
    args: z.strictObject({
      parser_id: idSchema,
      file: fileRefSchema.optional(),
      replace_existing_schema: z.boolean().default(false),
      password: passwordSchema.optional(),
    }),
    result: returns<Parser>(),
  },
  /** Runs draft fields on a sample (the parser's stored sample when `file` is omitted), an
   *  encrypted PDF opened with `password` (never stored). */
  'parsers.test': {
    args: z.strictObject({
      fields: fieldListSchema,
      result_mode: z.enum(RESULT_MODES).default('one_per_file'),
      parser_id: idSchema.optional(),
      file: fileRefSchema.optional(),
      password: passwordSchema.optional(),
    }),
    result: returns<SampleTestResult>(),
  },
  /** The parser's stored sample file, for showing it beside the editor. */
  'parsers.sample': { args: z.strictObject({ parser_id: idSchema }), result: returns<{ bytes: Uint8Array; file_type: string; filename: string } | null>() },
  'settings.get': { args: z.undefined(), result: returns<Settings>() },
  'settings.update': { args: settingsPatchSchema, result: returns<Settings>() },
  /** Makes a new local API key; the old one stops working at once. */
  'settings.rotateApiKey': { args: z.undefined(), result: returns<Settings>() },
  /** Sync with the hosted service: status without any request when off. */
  'sync.status': { args: z.undefined(), result: returns<SyncStatus>() },
  /** Verifies the key with `GET /v1/me`, stores it, and turns sync on. */
  'sync.connect': {
    args: z.strictObject({
      base_url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2048).default(DEFAULT_SYNC_BASE_URL),
      api_key: z.string().trim().min(8, 'paste the API key from your PerfectParser account').max(512),
    }),
    result: returns<SyncStatus>(),
  },
  /** Turns sync off and forgets the key. */
  'sync.disconnect': { args: z.undefined(), result: returns<SyncStatus>() },
  'sync.log': { args: listArgsSchema, result: returns<Page<SyncLogEntry>>() },
  /** Parsers in the hosted account. */
  'sync.remoteParsers': { args: z.undefined(), result: returns<Parser[]>() },
  /** Sends a local parser to the hosted account: created, or updated (PATCH) when one has its name. */
  'sync.pushParser': { args: z.strictObject({ parser_id: idSchema }), result: returns<{ remote_parser_id: string; action: 'created' | 'updated' }>() },
  /** Copies hosted parsers into the local store (created, or updated by name). */
  'sync.pullParsers': { args: z.undefined(), result: returns<{ parsers: Array<{ parser_id: string; name: string; action: 'created' | 'updated' }> }>() },
  /** Processes files on the hosted service with a local parser (pushed first) and pulls the results
   *  into a local job marked `origin: 'remote'`. Batches of at most 50 files, each with its own
   *  Idempotency-Key, so a retry never charges twice. */
  'sync.process': {
    args: z.strictObject({ parser_id: idSchema, files: z.array(fileRefSchema).min(1).max(MAX_FILES_PER_JOB) }),
    result: returns<JobSummary>(),
  },
  /** Picks a remote job up again after a network loss, a revoked key or missing credits. */
  'sync.resume': { args: jobRefSchema, result: returns<JobSummary>() },
  'webhooks.list': { args: z.undefined(), result: returns<Webhook[]>() },
  'webhooks.create': { args: webhookCreateSchema, result: returns<WebhookCreated>() },
  'webhooks.remove': { args: z.strictObject({ webhook_id: idSchema }), result: returns<{ deleted: true }>() },
  'webhooks.test': { args: z.strictObject({ webhook_id: idSchema }), result: returns<DeliveryAttempt>() },
  /** One webhook with its last 10 delivery attempts, newest first. */
  'webhooks.get': { args: z.strictObject({ webhook_id: idSchema }), result: returns<WebhookDetail>() },
  /** Changes the address, the events, the static secret or whether it is on. Turning it off ends
   *  the deliveries waiting for a retry; events while it is off are never sent. */
  'webhooks.update': { args: z.strictObject({ webhook_id: idSchema, patch: webhookPatchSchema }), result: returns<Webhook>() },
  /** A new signing secret, returned only here; the previous one keeps signing beside it for the
   *  grace period (default a day, 0 ends it at once, at most a week, as the REST API). */
  'webhooks.rotateSecret': {
    args: z.strictObject({ webhook_id: idSchema, grace_period_seconds: gracePeriodSecondsSchema.optional() }),
    result: returns<WebhookRotated>(),
  },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

/** Calls only the desktop shell can answer (native dialogs, writing where the user chose). */
export const desktopContract = {
  /** The system dialog for files or a folder; [] when cancelled. */
  'dialog.open': {
    args: z.strictObject({ kind: z.enum(['files', 'folder']), title: z.string().max(200).optional() }),
    result: returns<string[]>(),
  },
  /** Asks where to save, then writes the export there; `saved_to: null` when cancelled. */
  'results.export': {
    args: z.strictObject({
      extraction_id: idSchema,
      format: z.enum(EXPORT_FORMATS),
      line_items: z.enum(['rows', 'json']).default('rows'),
    }),
    result: returns<{ saved_to: string | null }>(),
  },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export type RpcContract = typeof rpcContract;
export type RpcMethod = keyof RpcContract;
/** The argument as a caller writes it (defaults optional). */
export type RpcArgs<M extends RpcMethod> = z.input<RpcContract[M]['args']>;
/** The argument after validation, as a handler receives it. */
export type RpcParsedArgs<M extends RpcMethod> = z.output<RpcContract[M]['args']>;
export type RpcResult<M extends RpcMethod> = z.output<RpcContract[M]['result']>;
export const RPC_METHODS = Object.keys(rpcContract) as RpcMethod[];

export type DesktopContract = typeof desktopContract;
export type DesktopMethod = keyof DesktopContract;
export type DesktopArgs<M extends DesktopMethod> = z.input<DesktopContract[M]['args']>;
export type DesktopParsedArgs<M extends DesktopMethod> = z.output<DesktopContract[M]['args']>;
export type DesktopResult<M extends DesktopMethod> = z.output<DesktopContract[M]['result']>;
export const DESKTOP_METHODS = Object.keys(desktopContract) as DesktopMethod[];

/** One handler per method; arguments arrive validated. */
export type RpcHandlers = { [M in RpcMethod]: (args: RpcParsedArgs<M>) => Promise<RpcResult<M>> };

/** Job progress pushed to the UI (IPC `events`, or `GET /v1/events` as server-sent events). */
export type JobEvent =
  | { type: 'document.status'; extraction_id: string; document_id: string; status: string; error_message: string | null }
  | { type: 'document.progress'; extraction_id: string; document_id: string; pages_done: number; page_count: number }
  | { type: 'extraction.status'; extraction_id: string; status: string };

/** Parses a method's argument, or throws an Error whose message names the first problem. */
export function parseRpcArgs<M extends RpcMethod>(method: M, arg: unknown): RpcParsedArgs<M> {
  return parseWith(method, rpcContract[method].args, arg) as RpcParsedArgs<M>;
}

export function parseDesktopArgs<M extends DesktopMethod>(method: M, arg: unknown): DesktopParsedArgs<M> {
  return parseWith(method, desktopContract[method].args, arg) as DesktopParsedArgs<M>;
}

function parseWith(method: string, schema: z.ZodType, arg: unknown): unknown {
  const parsed = schema.safeParse(arg);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new RpcArgumentError(`Invalid request to ${method} — ${where}${issue?.message ?? 'unknown problem'}.`, issue?.path.join('.') ?? null);
}

/** A call whose argument failed its schema. */
export class RpcArgumentError extends Error {
  constructor(
    message: string,
    readonly field: string | null,
  ) {
    super(message);
    this.name = 'RpcArgumentError';
  }
}
