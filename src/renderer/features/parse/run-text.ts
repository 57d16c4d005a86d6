// Plain-text helpers for showing a parser_run: its markdown, page count and timing.
import type { Chunk, ParseRun } from '../../../shared/parse-contract.js';

/** The run's content as one markdown document, chunks separated by a blank line. */
export function runMarkdown(run: ParseRun): string {
  return run.chunks.map((chunk) => chunk.content.trim()).filter((text) => text.length > 0).join('\n\n');
}

/** "Page 3", "Pages 3–5" or "Whole document" for a chunk's heading. */
export function chunkLabel(chunk: Chunk): string {
  const { start, end } = chunk.metadata.pageRange;
  if (chunk.type === 'document') return 'Whole document';
  return start === end ? `Page ${start}` : `Pages ${start}–${end}`;
}

/** "1 page", "12 pages". */
export function formatPageCount(count: number): string {
  return `${count} ${count === 1 ? 'page' : 'pages'}`;
}

/** "340 ms", "1.4 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** The sentence a user sees for a FAILED run, ending with a full stop. */
export function failureSentence(run: ParseRun): string {
  const message = run.failureMessage?.trim() || 'The file could not be parsed.';
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
