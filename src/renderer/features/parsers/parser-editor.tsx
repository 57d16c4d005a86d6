// Editing one parser: its name, description and result mode, its fields, saving (with the
// backend's objections shown as sentences), and deleting it.
import { useStore } from 'zustand';
import { PARSER_NAME_MAX, RESULT_MODES } from '../../../shared/api/parsers.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { useNav } from '../../stores/nav-store.js';
import type { ParsersStore } from '../../stores/parsers-store.js';
import { FieldsTable } from './fields-table.js';
import { PushParserButton } from './sync-actions.js';

/** Whether a name of this length is near the longest a parser can have (its length is shown then). */
export const nameNearLimit = (length: number) => length >= PARSER_NAME_MAX - 10;

/** Near the longest name a parser can have, how long it is (a longer paste is cut at the limit). */
export function NameLengthHint({ id, length }: { id: string; length: number }) {
  if (!nameNearLimit(length)) return null;
  return (
    <p className="field__hint" id={id} aria-live="polite">
      {length} of {PARSER_NAME_MAX} characters{length >= PARSER_NAME_MAX ? ': a name can be no longer.' : '.'}
    </p>
  );
}

const MODE_LABELS: Record<(typeof RESULT_MODES)[number], string> = {
  one_per_file: 'One result per file',
  one_per_page: 'One result per page',
};

export function ParserEditor({ store }: { store: ParsersStore }) {
  const go = useNav((s) => s.go);
  const parser = useStore(store, (s) => s.parser);
  const draft = useStore(store, (s) => s.draft);
  const dirty = useStore(store, (s) => s.dirty);
  const errors = useStore(store, (s) => s.errors);
  const saving = useStore(store, (s) => s.saving);
  const saveError = useStore(store, (s) => s.saveError);
  const saveConflict = useStore(store, (s) => s.saveConflict);
  const savedMessage = useStore(store, (s) => s.savedMessage);
  const removeError = useStore(store, (s) => s.removeError);
  const state = store.getState();
  if (!parser || !draft) return null;
  const nameError = errors['parser/name'];
  const problemCount = Object.keys(errors).length;

  return (
    <form
      className="peditor"
      aria-label={`Edit parser ${parser.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        void state.save();
      }}
    >
      <div className="peditor__meta">
        <label className="peditor__field">
          <span>Name</span>
          <input
            className="input"
            value={draft.name}
            maxLength={PARSER_NAME_MAX}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={[nameError ? 'parser-name-error' : '', nameNearLimit(draft.name.length) ? 'parser-name-count' : ''].filter(Boolean).join(' ') || undefined}
            onChange={(e) => state.setMeta({ name: e.currentTarget.value })}
          />
        </label>
        <NameLengthHint id="parser-name-count" length={draft.name.length} />
        {nameError ? (
          <p className="form-error" id="parser-name-error">
            {nameError}
          </p>
        ) : null}
        <label className="peditor__field">
          <span>Description</span>
          <textarea className="input" rows={2} maxLength={2000} value={draft.description} onChange={(e) => state.setMeta({ description: e.currentTarget.value })} />
        </label>
        <label className="peditor__field peditor__field--inline">
          <span>Results</span>
          <select className="select" value={draft.result_mode} onChange={(e) => state.setMeta({ result_mode: e.currentTarget.value as (typeof RESULT_MODES)[number] })}>
            {RESULT_MODES.map((m) => (
              <option key={m} value={m}>
                {MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <h3 className="peditor__subtitle">Fields</h3>
      <FieldsTable store={store} />
      <div className="peditor__save">
        <button
          type="submit"
          className="button button--primary"
          // A draft with problems cannot be saved: the marked fields say what to fix.
          disabled={saving || !dirty || problemCount > 0}
          aria-describedby="parser-save-state"
          title={problemCount > 0 ? 'Fix the marked fields first.' : undefined}
        >
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button button--quiet" disabled={saving || !dirty} onClick={() => state.discard()}>
          Discard changes
        </button>
        <span className="peditor__state" role="status" id="parser-save-state">
          {dirty
            ? problemCount > 0
              ? `Unsaved changes · ${problemCount === 1 ? '1 problem' : `${problemCount} problems`} to fix before saving`
              : 'Unsaved changes'
            : (savedMessage ?? 'All changes saved')}
        </span>
        <span className="peditor__spacer" />
        <ConfirmButton
          label="Delete parser"
          question={`Delete “${parser.name}”? Jobs that used it keep their results.`}
          confirmLabel="Yes, delete"
          size="small"
          onConfirm={() => {
            void state.remove(parser.parser_id).then((ok) => {
              if (ok) go({ screen: 'parsers' });
            });
          }}
        />
      </div>
      <PushParserButton store={store} />
      {saveError ? (
        <ErrorBanner
          message={saveError}
          action={
            saveConflict ? (
              <span className="peditor__conflict">
                <button type="button" className="button button--danger button--small" disabled={saving} onClick={() => void state.save(true)}>
                  Save mine anyway
                </button>
                <button type="button" className="button button--small" disabled={saving} onClick={() => void state.open(parser.parser_id)}>
                  Load the other version
                </button>
              </span>
            ) : undefined
          }
        />
      ) : null}
      {removeError ? <ErrorBanner message={`The parser was not deleted. ${removeError}`} /> : null}
    </form>
  );
}
