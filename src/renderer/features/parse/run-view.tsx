// The outcome of one parse: the failure (sentence and code) or the markdown, page count and time.
import { useState } from 'react';
import type { ParseRun } from '../../../shared/parse-contract.js';
import { chunkLabel, failureSentence, formatDuration, formatPageCount, runMarkdown } from './run-text.js';

/** Shows a parser_run, PROCESSED or FAILED. */
export function RunView({ fileName, run }: { fileName: string; run: ParseRun }) {
  if (run.status === 'FAILED') {
    return (
      <section className="result result--failed" aria-labelledby="result-title">
        <h2 id="result-title" className="result__title">
          “{fileName}” could not be parsed
        </h2>
        <p className="result__message">{failureSentence(run)}</p>
        <p className="result__meta">
          Code <code>{run.failureReason ?? 'INTERNAL_ERROR'}</code>
          {run.retryable ? ' · trying again may work' : ''}
        </p>
      </section>
    );
  }
  return (
    <section className="result" aria-labelledby="result-title">
      <header className="result__header">
        <div>
          <h2 id="result-title" className="result__title">
            {fileName}
          </h2>
          <p className="result__meta">
            {formatPageCount(run.metrics.pageCount)} · parsed in {formatDuration(run.metrics.processingTimeMs)}
          </p>
        </div>
        <CopyButton text={runMarkdown(run)} />
      </header>
      {run.chunks.length === 0 || runMarkdown(run) === '' ? (
        <p className="result__empty">The document was read, but it contains no text.</p>
      ) : (
        run.chunks.map((chunk, index) => (
          <article className="chunk" key={index}>
            <h3 className="chunk__label">{chunkLabel(chunk)}</h3>
            <pre className="chunk__content">{chunk.content}</pre>
          </article>
        ))
      )}
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setCopied('done'),
      () => setCopied('failed'),
    );
  };
  const label = copied === 'done' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy markdown';
  return (
    <button type="button" className="button button--secondary" onClick={copy} disabled={text === ''}>
      {label}
    </button>
  );
}
