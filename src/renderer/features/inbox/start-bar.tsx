// The end of the Inbox: which parser to run (or parse only) and the Start button.
import { useId } from 'react';
import { plural } from '../../components/format.js';
import { hashFromRoute } from '../../stores/nav-store.js';
import type { ParserOption } from '../../stores/parser-options-store.js';

export interface StartBarProps {
  count: number;
  parserId: string | null;
  options: readonly ParserOption[];
  optionsStatus: 'idle' | 'loading' | 'ready' | 'error';
  starting: boolean;
  disabled: boolean;
  onParser(parserId: string | null): void;
  onStart(): void;
}

const PARSE_ONLY = '';

export function StartBar({ count, parserId, options, optionsStatus, starting, disabled, onParser, onStart }: StartBarProps) {
  const selectId = useId();
  const hintId = useId();
  const parser = options.find((o) => o.parser_id === parserId);
  const hint =
    optionsStatus === 'ready' && options.length === 0 ? (
      <>
        No parsers yet — <a href={hashFromRoute({ screen: 'parsers' })}>create one in Parsers</a> to pull fields such as totals and dates.
      </>
    ) : parser ? (
      `Fields from “${parser.name}” are filled for every document; see them in Results.`
    ) : (
      'Each document is read into text, tables and layout; no fields are filled.'
    );

  return (
    <div className="start-bar">
      <div className="field">
        <label htmlFor={selectId} className="field__label">
          Process with
        </label>
        <select
          id={selectId}
          className="select"
          value={parserId ?? PARSE_ONLY}
          aria-describedby={hintId}
          onChange={(event) => onParser(event.currentTarget.value === PARSE_ONLY ? null : event.currentTarget.value)}
        >
          <option value={PARSE_ONLY}>Parse only</option>
          {options.map((o) => (
            <option key={o.parser_id} value={o.parser_id} disabled={o.field_count === 0}>
              {o.field_count === 0 ? `${o.name} — no fields yet` : o.name}
            </option>
          ))}
        </select>
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      </div>
      <button type="button" className="button button--large" disabled={disabled || starting} onClick={onStart}>
        {starting ? 'Starting…' : `Start — ${plural(count, 'file')}`}
      </button>
    </div>
  );
}
