// The stored parse run as JSON: the run's own fields at once, each chunk folded until opened
// (a long document's JSON is only built for the chunks the user looks at).
import { useMemo, useState } from 'react';
import type { ParseRun } from '../../../shared/parse-contract.js';
import { CopyButton } from '../../components/copy-button.js';

export function JsonPanel({ run }: { run: ParseRun }) {
  const { chunks, ...head } = run;
  const all = useMemo(() => JSON.stringify(run, null, 2), [run]);
  return (
    <div className="json-panel">
      <div className="json-panel__actions">
        <CopyButton text={all} label="Copy JSON" size="small" />
      </div>
      <pre className="json-panel__code">{JSON.stringify({ ...head, chunks: `[${chunks.length} chunks below]` }, null, 2)}</pre>
      {chunks.map((chunk, i) => (
        <ChunkJson key={i} index={i} chunk={chunk} />
      ))}
    </div>
  );
}

function ChunkJson({ index, chunk }: { index: number; chunk: ParseRun['chunks'][number] }) {
  const [open, setOpen] = useState(false);
  const range = chunk.metadata.pageRange;
  const pages = range.start === range.end ? `page ${range.start}` : `pages ${range.start}–${range.end}`;
  return (
    <details className="json-panel__chunk" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        chunks[{index}] · {chunk.type} · {pages} · {chunk.blocks.length} blocks
      </summary>
      {open ? <pre className="json-panel__code">{JSON.stringify(chunk, null, 2)}</pre> : null}
    </details>
  );
}
