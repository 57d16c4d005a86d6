// The extracted fields of a document: value, confidence, where it came from, and whether the
// user corrected it (a corrected value shows no confidence: it is the user's). Selecting one turns to its citation's page and highlights the box.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { FieldName } from '../../components/field-name.js';
import { revealInParent } from '../../components/reveal.js';
import type { FieldRow } from '../../stores/document-store.js';
import { editText, formatValue } from '../results/value-paths.js';
import { Confidence } from './confidence.js';

interface FieldsPanelProps {
  rows: FieldRow[];
  selected: string | null;
  onSelect: (path: string) => void;
}

export function FieldsPanel({ rows, selected, onSelect }: FieldsPanelProps) {
  const refs = useRef(new Map<string, HTMLTableRowElement>());
  useEffect(() => {
    const row = selected ? refs.current.get(selected) : undefined;
    if (row) revealInParent(row);
  }, [selected]);

  if (rows.length === 0) return <p className="doc-panel__empty">No fields were extracted from this document.</p>;
  return (
    <table className="fields-table">
      {/* Fixed columns: the value gets the room the others leave, and wraps between its words. */}
      <colgroup>
        <col className="fields-table__col-name" />
        <col />
        <col className="fields-table__col-confidence" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Value</th>
          <th scope="col">Confidence</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const isSelected = row.path === selected;
          const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              onSelect(row.path);
            }
          };
          return (
            <tr
              key={row.path}
              ref={(el) => {
                if (el) refs.current.set(row.path, el);
                else refs.current.delete(row.path);
              }}
              data-testid="field-row"
              data-field={row.path}
              className={`fields-table__row${isSelected ? ' is-selected' : ''}`}
              tabIndex={0}
              aria-selected={isSelected}
              aria-label={`${row.path}: ${formatValue(row.value)}${row.detail?.citation ? '' : ' (no location on the page)'}`}
              onClick={() => onSelect(row.path)}
              onKeyDown={onKeyDown}
            >
              <th scope="row" className="fields-table__name">
                <FieldName path={row.path} />
              </th>
              <td className="fields-table__value">
                <span className="fields-table__text">{formatValue(row.value)}</span>
                {row.correction ? (
                  <span className="corrected-mark" title={`Corrected; extraction found “${editText(row.correction.original) || 'nothing'}”`}>
                    Corrected
                  </span>
                ) : null}
              </td>
              <td>
                {row.correction ? (
                  // A value the user set is theirs: the extraction's confidence was about another.
                  <span className="fields-table__source" title="You corrected this value: how sure the extraction was no longer applies.">
                    set by you
                  </span>
                ) : (
                  <>
                    <Confidence value={row.detail?.confidence} />
                    {/* Where the value came from, under its confidence (a column of its own would
                        take the value's room in a narrow panel). */}
                    {row.detail ? <span className="fields-table__source">{row.detail.source === 'none' ? 'no source' : `from ${row.detail.source}`}</span> : null}
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
