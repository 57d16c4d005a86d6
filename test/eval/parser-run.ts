// The subset of the `parser_run` JSON (DESIGN.md, "The parse contract") the harness reads,
// with a tolerant parser: anything malformed yields null instead of throwing.

/** One block of a chunk. */
export interface RunBlock {
  type?: string;
  content?: string;
  details?: Record<string, unknown>;
  metadata?: { page?: { number?: number; width?: number; height?: number } };
}

/** One chunk of a run. */
export interface RunChunk {
  content?: string;
  metadata?: { pageRange?: { start?: number; end?: number } };
  blocks?: RunBlock[];
}

/** A parsed `parser_run`. */
export interface ParserRun {
  status: string;
  failureReason?: string | null;
  failureMessage?: string | null;
  chunks: RunChunk[];
  metrics?: { pageCount?: number; processingTimeMs?: number };
}

/** Parses CLI stdout as a parser_run; null when it is not JSON with a string `status`. */
export function parseRun(stdout: string): ParserRun | null {
  const text = stdout.trim();
  if (text === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const run = value as Partial<ParserRun>;
  if (typeof run.status !== 'string') return null;
  return { ...run, status: run.status, chunks: Array.isArray(run.chunks) ? run.chunks : [] };
}

/** Whole-document markdown: chunk contents joined with a blank line. */
export function runMarkdown(run: ParserRun): string {
  return run.chunks.map((c) => c.content ?? '').join('\n\n');
}

/** Text of page `n` (1-based): chunks whose pageRange is exactly that page, else blocks on that page. */
export function pageText(run: ParserRun, n: number): string {
  const exact = run.chunks.filter((c) => c.metadata?.pageRange?.start === n && c.metadata.pageRange.end === n);
  if (exact.length > 0) return exact.map((c) => c.content ?? '').join('\n\n');
  return run.chunks
    .flatMap((c) => c.blocks ?? [])
    .filter((b) => b.metadata?.page?.number === n)
    .map((b) => b.content ?? '')
    .join('\n\n');
}

/** Width and height reported for page `n` by its first block, if any. */
export function pageSize(run: ParserRun, n: number): { width: number; height: number } | null {
  for (const chunk of run.chunks) {
    for (const block of chunk.blocks ?? []) {
      const page = block.metadata?.page;
      if (page?.number === n && typeof page.width === 'number' && typeof page.height === 'number') {
        return { width: page.width, height: page.height };
      }
    }
  }
  return null;
}
