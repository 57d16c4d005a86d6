// Messages between the engine host and its worker threads (plain, structured-clonable data).
import type { FailureReason } from '../../shared/parse-contract.js';
import type { FieldDefinition } from '../../shared/api/parsers.js';
import type { ExtractionOutput, ExtractionSpec } from '../engine/extract/index.js';

/** How the worker hands back a run: serialised JSON (compact or indented) or the run's text. */
export type OutputFormat = 'json' | 'json-pretty' | 'text';

export interface ParseRequest {
  type: 'parse';
  taskId: number;
  bytes: Uint8Array;
  config: unknown;
  /** `config` is a ParseConfig the host resolved, the task's OCR languages merged in: the
   *  worker uses it as it is (and need not load the contract's schemas). */
  configResolved?: boolean | undefined;
  maxFileSize?: number | undefined;
  format: OutputFormat;
  figures?: FigureOutput | undefined;
}

/** Where a task puts its figures' pictures: files in a folder (and the link markdown uses for
 *  it; `pathDir`, the folder the run names when `dir` only stages them), or data URLs in the
 *  run itself, up to `maxBytes` of pictures. */
export type FigureOutput = FigureFiles | { dataUrls: { maxBytes: number } };

export interface FigureFiles {
  dir: string;
  href?: string | undefined;
  pathDir?: string | undefined;
}

/** Type and page count of a file before it is queued. */
export interface ProbeRequest {
  type: 'probe';
  taskId: number;
  bytes: Uint8Array;
  maxFileSize?: number | undefined;
  /** Checks that it opens an encrypted PDF. */
  password?: string | undefined;
}

/** Parse a file and fill a parser's fields from it (extraction jobs). */
export interface ExtractRequest {
  type: 'extract';
  taskId: number;
  bytes: Uint8Array;
  spec: ExtractionSpec;
  maxFileSize?: number | undefined;
  figures?: FigureOutput | undefined;
  /** Opens an encrypted PDF (never stored or echoed). */
  password?: string | undefined;
}

/** Parse a sample and propose a parser's fields from its layout. */
export interface DetectRequest {
  type: 'detect';
  taskId: number;
  bytes: Uint8Array;
  maxFileSize?: number | undefined;
  /** Opens an encrypted PDF (never stored or echoed). */
  password?: string | undefined;
}

export type WorkerRequest = ParseRequest | ProbeRequest | ExtractRequest | DetectRequest;

/** What every result says about the run, whatever the output format. */
export interface RunSummary {
  status: 'PROCESSED' | 'FAILED';
  failureReason: FailureReason | null;
  failureMessage: string | null;
  pageCount: number;
  /** Sentences about pages a PROCESSED run leaves out (unreadable or missing), if any. */
  warnings?: string[];
}

/** The pool grants the worker one OCR permit (in the order they were asked for). */
export interface OcrPermitGrant {
  type: 'ocr-permit-granted';
}

/** The pool tells every worker how many OCR permits are free whenever that changes. */
export interface OcrPermitsFree {
  type: 'ocr-permits-free';
  free: number;
}

export type WorkerResponse =
  /** The worker has its modules loaded and has begun the task. */
  | { type: 'started'; taskId: number }
  /** The worker asks for one OCR permit, or gives one back (see engine/ocr/permits.ts). */
  | { type: 'ocr-permit'; op: 'acquire' | 'release' }
  | { type: 'progress'; taskId: number; done: number; total: number }
  /** The run serialised as UTF-8 bytes (its buffer is transferred, not copied). */
  | { type: 'result'; taskId: number; output: Uint8Array; summary: RunSummary }
  | { type: 'probed'; taskId: number; mime: string; pageCount: number }
  /** The run as JSON bytes (transferred) with the fields filled from it. */
  | {
      type: 'extracted';
      taskId: number;
      output: Uint8Array;
      summary: RunSummary;
      data: unknown;
      confidence: number | null;
      fields: ExtractionOutput['fields'];
      template?: string | null | undefined;
      /** Each page as layout-preserving text, from the pass the run came from ('' for a page
       *  without text). */
      spatial: string[];
    }
  | { type: 'detected'; taskId: number; summary: RunSummary; fields: FieldDefinition[] }
  | { type: 'error'; taskId: number; error: { name: string; message: string; code: FailureReason } };
