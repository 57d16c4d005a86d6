// The text a parser_run shows a reader: its chunks' content, in order.
/** Joins the run's non-empty chunk contents with blank lines. */
export function runText(run: { chunks: ReadonlyArray<{ content: string }> }): string {
  return run.chunks
    .map((c) => c.content)
    .filter((c) => c.length > 0)
    .join('\n\n');
}
