// The end of the Inbox: which parser to run (or parse only), where (this computer, or the hosted
// service when sync is on), and the Start button.
import { useId } from 'react';
import { plural } from '../../components/format.js';
import { hashFromRoute } from '../../stores/nav-store.js';
import type { ParserOption } from '../../stores/parser-options-store.js';
import type { ProcessWhere } from '../../stores/sync-store.js';

/** The choice of where to process, offered only while sync is on and a parser is chosen. */
export interface WhereChoice {
  where: ProcessWhere;
  /** The hosted service's host, for the warning ("api.perfectparser.com"). */
  host: string;
  onWhere(where: ProcessWhere): void;
}

export interface StartBarProps {
  /** Files the job takes (those the Include filter keeps). */
  count: number;
  /** Files in the list the Include filter leaves out. */
  leftOut?: number | undefined;
  parserId: string | null;
  options: readonly ParserOption[];
  optionsStatus: 'idle' | 'loading' | 'ready' | 'error';
  starting: boolean;
  disabled: boolean;
  onParser(parserId: string | null): void;
  onStart(): void;
  /** Set while sync is on: where a job with a parser runs. */
  remote?: WhereChoice | undefined;
}

const PARSE_ONLY = '';

export function StartBar({ count, leftOut = 0, parserId, options, optionsStatus, starting, disabled, onParser, onStart, remote }: StartBarProps) {
  const selectId = useId();
  const startHintId = useId();
  const hintId = useId();
  const whereName = useId();
  const warningId = useId();
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
      {remote && parser ? (
        <fieldset className="fieldset start-bar__where">
          <legend className="field__label">Where</legend>
          <label className="check">
            <input type="radio" name={whereName} checked={remote.where === 'local'} onChange={() => remote.onWhere('local')} />
            <span>Process on this computer</span>
          </label>
          <label className="check">
            <input
              type="radio"
              name={whereName}
              checked={remote.where === 'remote'}
              aria-describedby={remote.where === 'remote' ? warningId : undefined}
              onChange={() => remote.onWhere('remote')}
            />
            <span>Process on the hosted service</span>
          </label>
          {remote.where === 'remote' ? (
            <p id={warningId} className="start-bar__warning">
              {count === 1 ? 'This file' : `These ${plural(count, 'file')}`} will be uploaded to {remote.host} and use credits there; the results come back here.
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <div className="start-bar__go">
        <button
          type="button"
          className="button button--large"
          disabled={disabled || starting || count === 0}
          aria-describedby={count === 0 || leftOut > 0 ? startHintId : undefined}
          onClick={onStart}
        >
          {starting ? (remote?.where === 'remote' && parser ? 'Sending…' : 'Starting…') : `Start — ${plural(count, 'file')}`}
        </button>
        {count === 0 || leftOut > 0 ? (
          <p id={startHintId} className="field__hint">
            {count === 0
              ? 'No file in the list passes the Include filter.'
              : `${plural(leftOut, 'file')} left out by the Include filter ${leftOut === 1 ? 'stays' : 'stay'} in the list.`}
          </p>
        ) : null}
      </div>
    </div>
  );
}
