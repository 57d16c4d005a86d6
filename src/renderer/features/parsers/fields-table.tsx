// The parser's fields: name, type, description, required; arrays and objects hold sub-fields
// (added, removed and reordered the same way); each field's rules and format unfold below it.
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useStore } from 'zustand';
import { FIELD_LIMITS, FIELD_TYPES, type FieldDefinition } from '../../../shared/api/parsers.js';
import type { ParsersStore } from '../../stores/parsers-store.js';
import { fieldId, fieldKey, type FieldIndex } from './field-edits.js';
import { RulesEditor } from './rule-editor.js';

export function FieldsTable({ store }: { store: ParsersStore }) {
  const fields = useStore(store, (s) => s.draft?.fields ?? []);
  const errors = useStore(store, (s) => s.errors);
  return (
    <div className="pfields">
      <div className="pfields__head" aria-hidden="true">
        <span className="pfield__col-name">Name</span>
        <span className="pfield__col-type">Type</span>
        <span className="pfield__col-required" title="Required">
          Req.
        </span>
        <span className="pfield__col-actions" />
      </div>
      {fields.length === 0 ? <p className="pfields__empty">No fields yet. Add one, or detect fields from a sample.</p> : null}
      <ol className="pfields__list">
        {fields.map((field, i) => (
          <FieldRow key={fieldId(field)} store={store} field={field} index={[i]} siblings={fields.length} errors={errors} />
        ))}
      </ol>
      <button type="button" id={`${rowId([])}-add`} className="button button--secondary button--small" onClick={() => store.getState().addField([])}>
        Add field
      </button>
    </div>
  );
}

/** The id prefix of a field's row ("pf-0-2"); of the top-level list for []. */
const rowId = (index: FieldIndex) => `pf-${fieldKey(index).replace(/\./g, '-')}`;

/** Focuses the first of these elements that is there and enabled. */
function focusFirst(...ids: string[]): void {
  for (const id of ids) {
    const el = document.getElementById(id);
    if (el && !(el as HTMLButtonElement).disabled) {
      el.focus();
      return;
    }
  }
}

interface FieldRowProps {
  store: ParsersStore;
  field: FieldDefinition;
  index: FieldIndex;
  siblings: number;
  errors: Record<string, string>;
  /** The name of the field whose sub-field this is (screen readers hear which list it is in). */
  parentName?: string;
}

function FieldRow({ store, field, index, siblings, errors, parentName }: FieldRowProps) {
  const [open, setOpen] = useState(false);
  const state = store.getState();
  const key = fieldKey(index);
  const id = rowId(index);
  const nameError = errors[`${key}/name`];
  const descriptionError = errors[`${key}/description`];
  const position = index[index.length - 1] ?? 0;
  const parent = index.slice(0, -1);
  const hasSubs = field.type === 'array' || field.type === 'object';
  const ruleCount = field.rules?.length ?? 0;
  const ruleErrors = Object.keys(errors).some((k) => k.startsWith(`${key}/rules.`) || k === `${key}/format` || k === `${key}/description`);
  // Moving or removing re-renders the list at once, so the keyboard's place can follow: the moved
  // field's same button (the other one at the end of the list), or the field that took the place.
  const move = (delta: number) => {
    flushSync(() => state.moveField(index, delta));
    const to = rowId([...parent, position + delta]);
    focusFirst(`${to}-${delta < 0 ? 'up' : 'down'}`, `${to}-${delta < 0 ? 'down' : 'up'}`);
  };
  const remove = () => {
    flushSync(() => state.removeField(index));
    focusFirst(`${id}-name`, `${rowId([...parent, position - 1])}-name`, `${rowId(parent)}-add`);
  };
  const who = field.name || `field ${position + 1}`;
  const showDetails = open || ruleErrors;

  return (
    <li className={`pfield${index.length > 1 ? ' pfield--sub' : ''}`}>
      <div className="pfield__row" data-testid="parser-field-row" data-field={field.name}>
        <input
          className="input pfield__name pfield__col-name"
          id={`${id}-name`}
          aria-label={index.length > 1 ? `Sub-field name ${position + 1} of ${parentName || 'the field above'}` : `Field name ${position + 1}`}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${id}-name-error` : undefined}
          value={field.name}
          spellCheck={false}
          onChange={(e) => state.updateField(index, { name: e.currentTarget.value })}
        />
        <select className="select pfield__col-type" aria-label={`Type of ${who}`} value={field.type} onChange={(e) => state.setFieldType(index, e.currentTarget.value as FieldDefinition['type'])}>
          {FIELD_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <label className="pfield__required pfield__col-required" title="Required">
          <input type="checkbox" checked={field.required === true} onChange={(e) => state.updateField(index, { required: e.currentTarget.checked })} />
          <span className="pfield__sr">Required: {who}</span>
        </label>
        <div className="pfield__actions pfield__col-actions">
          <button type="button" className="button button--quiet button--small" id={`${id}-up`} aria-label={`Move ${who} up`} disabled={position === 0} onClick={() => move(-1)}>
            ↑
          </button>
          <button type="button" className="button button--quiet button--small" id={`${id}-down`}
            aria-label={`Move ${who} down`}
            disabled={position >= siblings - 1}
            onClick={() => move(1)}
          >
            ↓
          </button>
          <button
            type="button"
            className={`button button--quiet button--small${ruleErrors ? ' pfield__rules--invalid' : ''}`}
            aria-expanded={showDetails}
            aria-controls={`${id}-details`}
            aria-label={`Details of ${who}: description, rules and format`}
            onClick={() => setOpen(!open)}
          >
            {showDetails ? '▾' : '▸'} Details
          </button>
          <button type="button" className="button button--quiet button--small pfield__remove" aria-label={`Remove ${who}`} title="Remove" onClick={remove}>
            ✕
          </button>
        </div>
      </div>
      {nameError ? (
        <p className="form-error" id={`${id}-name-error`}>
          {nameError}
        </p>
      ) : null}
      {!showDetails && (field.description || ruleCount > 0) ? (
        <p className="pfield__summary">
          {field.description ? <span className="pfield__description">{field.description}</span> : null}
          {ruleCount > 0 ? (
            <span className="pfield__rule-count">
              {field.description ? '· ' : ''}
              {ruleCount} {ruleCount === 1 ? 'rule' : 'rules'}
            </span>
          ) : null}
        </p>
      ) : null}
      {showDetails ? (
        <div id={`${id}-details`} className="pfield__details">
          <label className="pfield__description-edit">
            <span className="rules__label">Description</span>
            <input
              className="input"
              value={field.description ?? ''}
              placeholder="What the value is"
              maxLength={FIELD_LIMITS.description}
              aria-invalid={descriptionError ? true : undefined}
              aria-describedby={descriptionError ? `${id}-description-error` : undefined}
              onChange={(e) => state.updateField(index, { description: e.currentTarget.value })}
            />
          </label>
          {descriptionError ? (
            <p className="form-error" id={`${id}-description-error`}>
              {descriptionError}
            </p>
          ) : null}
          <RulesEditor
            field={field}
            index={index}
            idPrefix={id}
            errors={errors}
            errorKey={key}
            onAdd={(kind) => state.addRule(index, kind)}
            onChange={(i, rule) => state.updateRule(index, i, rule)}
            onRemove={(i) => state.removeRule(index, i)}
            onFormat={(format) => state.setFormat(index, format)}
          />
        </div>
      ) : null}
      {hasSubs ? (
        <div className="pfield__subs">
          {(field.fields ?? []).length === 0 ? (
            <p className="pfields__empty">{field.type === 'array' ? 'Each item is a plain value. Add sub-fields for line items (description, quantity, amount…).' : 'Add the sub-fields of this object.'}</p>
          ) : null}
          <ol className="pfields__list">
            {(field.fields ?? []).map((sub, i) => (
              <FieldRow key={fieldId(sub)} store={store} field={sub} index={[...index, i]} siblings={field.fields?.length ?? 0} errors={errors} parentName={who} />
            ))}
          </ol>
          <button type="button" id={`${id}-add`} className="button button--quiet button--small" aria-label={`Add sub-field to ${who}`} onClick={() => state.addField(index)}>
            + Add sub-field
          </button>
        </div>
      ) : null}
    </li>
  );
}
