// How jobs and documents are described in words: titles, progress lines, failure reasons.
import type { JobDocument, JobSummary } from '../../../shared/rpc-contract.js';
import type { BadgeStatus } from '../../components/status-badge.js';
import { formatCount, plural } from '../../components/format.js';
import { documentsDone, isCancelled, isFinished } from '../../stores/jobs-store.js';

/** The parser's name, or "Parse only". */
export function jobTitle(job: JobSummary): string {
  return job.parser_name ?? 'Parse only';
}

/** The status a badge shows: a paused job that still has work says "Paused", a finished job
 *  with cancelled documents "Cancelled". */
export function jobBadge(job: JobSummary): BadgeStatus | string {
  if (isFinished(job.status) && job.cancelled > 0) return 'cancelled';
  return job.paused && !isFinished(job.status) ? 'paused' : job.status;
}

/** The progress bar's colour: failures are told in words beside it, so the bar stays calm
 *  unless every document failed; a cancelled job's bar is muted. */
export function jobTone(job: JobSummary): 'accent' | 'success' | 'danger' | 'muted' {
  if (isFinished(job.status) && job.cancelled > 0) return 'muted';
  if (job.status === 'failed') return 'danger';
  if (isFinished(job.status)) return 'success';
  return job.paused ? 'muted' : 'accent';
}

/** "37 of 120 documents done · 412 pages read" (a total of pages only once every document was
 *  counted, which happens as each one starts). */
export function jobProgressLine(job: JobSummary): string {
  return `${jobDocumentsLine(job)} done${jobPagesLine(job, ' · ')}`;
}

/** "37 of 120 documents" (cancelled documents are not done). */
export function jobDocumentsLine(job: JobSummary): string {
  const total = job.document_summary.total || job.file_count;
  return `${formatCount(documentsDone(job))} of ${plural(total, 'document')}`;
}

/** The retry button: "Retry 2 failed documents", "Process the 4 cancelled documents", or both.
 *  `failed` is how many failed documents a retry can help (a protected one it cannot). */
export function retryLabel(job: JobSummary, failed: number): string {
  const { cancelled } = job;
  if (cancelled === 0) return `Retry ${plural(failed, 'failed document')}`;
  if (failed === 0) return `Process the ${plural(cancelled, 'cancelled document')}`;
  return `Retry ${formatCount(failed)} failed and ${plural(cancelled, 'cancelled document')}`;
}

/** "412 pages read" while running, "412 of 415 pages" once every document was started. */
export function jobPagesLine(job: JobSummary, prefix = ''): string {
  const counted = isFinished(job.status) || job.queued === 0;
  if (counted && job.page_count > 0) return `${prefix}${formatCount(job.pages_done)} of ${plural(job.page_count, 'page')}`;
  return job.pages_done > 0 ? `${prefix}${plural(job.pages_done, 'page')} read` : '';
}

const REASONS: Record<string, string> = {
  CANCELLED: 'Cancelled before it finished.',
  CORRUPT_FILE: 'The file is damaged and cannot be read.',
  FILE_TYPE_NOT_SUPPORTED: 'This kind of file cannot be read.',
  FILE_SIZE_TOO_LARGE: 'The file is larger than the size limit.',
  OCR_ERROR: 'Text recognition failed on this file.',
  FAILED_TO_CONVERT_TO_PDF: 'The file could not be converted for reading.',
  FAILED_TO_GENERATE_TARGET_FORMAT: 'The content could not be written out.',
  INTERNAL_ERROR: 'Something went wrong inside PerfectParser.',
};

/** The note beside the job's actions when some documents wait for their password. */
export function passwordNote(locked: number): string {
  return locked === 1
    ? 'One document is protected by a password, and retrying cannot open it: open the document to type its password.'
    : `${formatCount(locked)} documents are protected by a password, and retrying cannot open them: open each one to type its password.`;
}

/** The reason a document failed, as a sentence (a protected file says where to type its password). */
export function failureReason(doc: Pick<JobDocument, 'error_code' | 'error_message'>): string {
  if (doc.error_code === 'PASSWORD_PROTECTED_FILE') return 'The file is protected by a password. Open it to type its password.';
  if (doc.error_message) return doc.error_message;
  return (doc.error_code && REASONS[doc.error_code]) || 'It failed for an unknown reason.';
}

/** A document's badge: cancelled documents say so rather than "Failed". */
export function documentBadge(doc: JobDocument): { status: string } {
  if (isCancelled(doc)) return { status: 'cancelled' };
  return { status: doc.status };
}
