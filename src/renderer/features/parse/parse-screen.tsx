// The parse screen: drop a PDF (or pick one), watch its status, read the result.
import { DropZone } from '../../components/drop-zone.js';
import type { Backend } from '../../backend/backend.js';
import { RunView } from './run-view.js';
import { useParse, type ParseState } from './use-parse.js';

/** Parses one file at a time through the backend and shows the run. */
export function ParseScreen({ backend }: { backend: Backend }) {
  const { state, parseFiles } = useParse(backend);
  const busy = state.kind === 'parsing';
  return (
    <main className="screen">
      <DropZone
        onFiles={parseFiles}
        disabled={busy}
        accept="application/pdf,.pdf"
        title={busy ? 'Parsing…' : 'Drop a PDF here'}
        hint="It is parsed on this computer; nothing is uploaded."
        buttonLabel="Choose a PDF…"
      />
      <p className="status" role="status" aria-live="polite">
        {statusLine(state)}
      </p>
      {state.note ? <p className="note">{state.note}</p> : null}
      {state.kind === 'error' ? (
        <section className="result result--failed" aria-labelledby="error-title">
          <h2 id="error-title" className="result__title">
            “{state.fileName}” could not be parsed
          </h2>
          <p className="result__message">{state.message}</p>
        </section>
      ) : null}
      {state.kind === 'done' ? <RunView fileName={state.fileName} run={state.run} /> : null}
    </main>
  );
}

function statusLine(state: ParseState): string {
  switch (state.kind) {
    case 'idle':
      return 'Ready. Choose or drop a PDF to see its content as markdown.';
    case 'parsing':
      return `Parsing “${state.fileName}”…`;
    case 'done':
      return state.run.status === 'PROCESSED' ? `Parsed “${state.fileName}”.` : `Parsing “${state.fileName}” failed.`;
    case 'error':
      return `Parsing “${state.fileName}” failed.`;
  }
}
