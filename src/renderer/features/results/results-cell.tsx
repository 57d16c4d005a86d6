// One cell of the results grid: the value with its confidence cue and correction mark; double-click,
// Enter or F2 edits it in place (Enter, Tab or leaving the cell saves, as in a spreadsheet, Tab
// moving on to the next cell; Escape cancels); "Revert" restores what extraction found.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Correction } from '../../../shared/rpc-contract.js';
import { formatPercent } from '../../components/format.js';
import { confidenceLevel } from '../document/confidence.js';
import { editText, formatValue } from './value-paths.js';

export interface ResultsCellProps {
  documentId: string;
  path: string;
  value: unknown;
  confidence: number | null;
  correction: Correction | null;
  editing: boolean;
  saving: boolean;
  error: string | null;
  /** Names the cell for assistive technology ("total of invoice-1.pdf"). */
  label: string;
  /** The grid's active cell: the one Tab stop into the grid. */
  active?: boolean | undefined;
  /** The keyboard moved here: take the focus (then onFocused). */
  takeFocus?: boolean | undefined;
  onFocused?: (() => void) | undefined;
  /** The cell got the focus (a click, the keyboard): it becomes the active cell. */
  onActivate?: (() => void) | undefined;
  onStartEdit(): void;
  onCancel(): void;
  /** Saves typed text; returns false when the text was refused and the editor stays open. */
  onCommit(text: string): boolean | void;
  /** Tab (Shift+Tab) left the editor: go to the next (previous) cell. */
  onMove?: ((backwards: boolean) => void) | undefined;
  onRevert(): void;
}

export function ResultsCell(props: ResultsCellProps) {
  const { documentId, path, value, confidence, correction, editing, saving, error, label, active = true, takeFocus = false } = props;
  const cellRef = useRef<HTMLDivElement>(null);
  const wasEditing = useRef(false);
  // The editor was left for another element (Tab, or a click on something that takes focus).
  const focusMoved = useRef(false);
  useEffect(() => {
    // Back on the cell after editing, so the keyboard user carries on from where they were,
    // unless focus has moved on.
    if (wasEditing.current && !editing && !focusMoved.current) cellRef.current?.focus();
    if (editing) focusMoved.current = false;
    wasEditing.current = editing;
  }, [editing]);
  const { onFocused } = props;
  useEffect(() => {
    if (!takeFocus || editing) return;
    cellRef.current?.focus();
    onFocused?.();
  }, [takeFocus, editing, onFocused]);

  const level = confidence === null ? 'none' : confidenceLevel(confidence);
  const shown = formatValue(value);
  const title = [
    correction ? `Corrected — extraction found “${formatValue(correction.original)}”` : null,
    confidence !== null ? `Confidence ${formatPercent(confidence)} (${level})` : null,
    error,
  ]
    .filter(Boolean)
    .join('\n');

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (editing || event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === 'F2') {
      event.preventDefault();
      props.onStartEdit();
    }
  };

  return (
    <div
      ref={cellRef}
      role="gridcell"
      tabIndex={active ? 0 : -1}
      data-testid="results-cell"
      data-field={path}
      data-document={documentId}
      data-corrected={correction ? 'true' : undefined}
      className={`rcell rcell--${level}${correction ? ' is-corrected' : ''}${error ? ' is-invalid' : ''}${saving ? ' is-saving' : ''}`}
      title={title || undefined}
      aria-label={`${label}: ${shown}${correction ? ', corrected' : ''}${level === 'low' ? ', low confidence' : ''}`}
      aria-invalid={error ? true : undefined}
      onDoubleClick={() => !editing && props.onStartEdit()}
      onKeyDown={onKeyDown}
      onFocus={props.onActivate}
    >
      {editing ? (
        <CellEditor
          initial={editText(value)}
          label={`New value for ${label}`}
          onCancel={props.onCancel}
          onCommit={props.onCommit}
          onLeave={(elsewhere) => {
            focusMoved.current = elsewhere;
          }}
          onTab={(backwards) => {
            focusMoved.current = true;
            props.onMove?.(backwards);
          }}
        />
      ) : (
        <>
          <span className="rcell__value">{shown}</span>
          {correction ? (
            <button
              type="button"
              tabIndex={active ? 0 : -1}
              className="rcell__revert"
              aria-label={`Revert ${label} to “${formatValue(correction.original)}”`}
              title={`Revert to “${formatValue(correction.original)}”`}
              disabled={saving}
              onClick={(event) => {
                event.stopPropagation();
                props.onRevert();
              }}
            >
              Revert
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}

interface CellEditorProps {
  initial: string;
  label: string;
  onCancel(): void;
  onCommit(text: string): boolean | void;
  /** Focus leaves the editor, for another element (`elsewhere`) or for none. */
  onLeave(elsewhere: boolean): void;
  /** Tab or Shift+Tab closed the editor (saving a changed value). */
  onTab(backwards: boolean): void;
}

/** The input of a cell being edited: Enter saves, Escape cancels, Tab saves and moves on, leaving
 *  it saves a changed value. */
function CellEditor({ initial, label, onCancel, onCommit, onLeave, onTab }: CellEditorProps) {
  const [text, setText] = useState(initial);
  const inputRef = useRef<HTMLInputElement>(null);
  // Escape already decided: the blur as the editor goes away must not save.
  const decided = useRef(false);
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);
  return (
    <input
      ref={inputRef}
      className="rcell__input"
      aria-label={label}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          event.stopPropagation();
          onCommit(text);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          decided.current = true;
          onCancel();
        } else if (event.key === 'Tab' && !event.altKey && !event.ctrlKey && !event.metaKey) {
          event.preventDefault();
          let closed = true;
          if (text === initial) onCancel();
          else closed = onCommit(text) !== false;
          // Refused text stays in the editor, with its reason.
          if (!closed) return;
          decided.current = true;
          onTab(event.shiftKey);
        }
      }}
      onBlur={(event) => {
        // The window losing focus leaves the editor as it is (the input is still the active element).
        if (decided.current || event.currentTarget.ownerDocument.activeElement === event.currentTarget) return;
        onLeave(event.relatedTarget !== null);
        if (text === initial) onCancel();
        else onCommit(text);
      }}
      onDoubleClick={(event) => event.stopPropagation()}
    />
  );
}
