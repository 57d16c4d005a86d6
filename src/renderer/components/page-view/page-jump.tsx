// The page number in the viewer's toolbar, as a box: type a page and press Enter to go there
// (a number outside the document is refused with a hint), Escape puts back the current page.
import { useId, useState, type KeyboardEvent } from 'react';

export type PageInput = { ok: true; page: number } | { ok: false; message: string };

/** Reads a typed page number ("12", " 7 ") for a document of `pageCount` pages. */
export function parsePageInput(text: string, pageCount: number): PageInput {
  const t = text.trim();
  const range = pageCount === 1 ? 'This document has only page 1.' : `Enter a page from 1 to ${pageCount.toLocaleString('en')}.`;
  if (!/^\d+$/.test(t)) return { ok: false, message: t === '' ? range : `“${t}” is not a page number. ${range}` };
  const page = Number(t);
  if (page < 1 || page > pageCount) return { ok: false, message: `There is no page ${t}. ${range}` };
  return { ok: true, page };
}

export interface PageJumpProps {
  current: number;
  pageCount: number;
  onPageChange(page: number): void;
}

export function PageJump({ current, pageCount, onPageChange }: PageJumpProps) {
  /** What is being typed; null shows the current page (which the buttons and keys also move). */
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();
  const text = draft ?? String(current);
  const reset = () => {
    setDraft(null);
    setProblem(null);
  };

  const go = () => {
    const read = parsePageInput(text, pageCount);
    if (!read.ok) {
      setProblem(read.message);
      return;
    }
    reset();
    if (read.page !== current) onPageChange(read.page);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      go();
    } else if (event.key === 'Escape' && (problem || draft !== null)) {
      event.preventDefault();
      event.stopPropagation();
      reset();
    } else if (event.key === 'PageUp' || event.key === 'PageDown') {
      // The viewer turns the page; what was typed gives way to it.
      reset();
    }
  };

  return (
    <span className="page-jump">
      <label htmlFor={inputId} className="page-jump__label">
        Page
      </label>
      <input
        id={inputId}
        className="input page-jump__input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        size={Math.max(2, String(pageCount).length)}
        value={text}
        aria-label={`Page number, 1 to ${pageCount}; press Enter to go`}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? hintId : undefined}
        onChange={(event) => {
          setDraft(event.currentTarget.value);
          setProblem(null);
        }}
        onKeyDown={onKeyDown}
        onFocus={(event) => event.currentTarget.select()}
        // Leaving the box without Enter keeps the page shown.
        onBlur={reset}
      />
      <span className="page-jump__total">of {pageCount.toLocaleString('en')}</span>
      {problem ? (
        <span id={hintId} className="page-jump__hint" role="alert">
          {problem}
        </span>
      ) : null}
    </span>
  );
}
