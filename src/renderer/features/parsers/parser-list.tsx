// The parsers to choose from, and a small form that creates one by name.
import { useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { PARSER_NAME_MAX } from '../../../shared/api/parsers.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { plural } from '../../components/format.js';
import type { ParsersStore } from '../../stores/parsers-store.js';
import { NameLengthHint, nameNearLimit } from './parser-editor.js';
import { PullParsersButton } from './sync-actions.js';

/** `confirmLeave` asks before unsaved edits are left; `onOpen` then opens a parser without asking again. */
export function ParserList({ store, confirmLeave, onOpen }: { store: ParsersStore; confirmLeave: () => boolean; onOpen: (parserId: string) => void }) {
  const list = useStore(store, (s) => s.list);
  const status = useStore(store, (s) => s.listStatus);
  const error = useStore(store, (s) => s.listError);
  const createError = useStore(store, (s) => s.createError);
  const selectedId = useStore(store, (s) => s.selectedId);
  const [name, setName] = useState('');
  const [creating, setCreating] = useState(false);

  const onCreate = async (event: FormEvent) => {
    event.preventDefault();
    if (!confirmLeave()) return;
    setCreating(true);
    const parser = await store.getState().create(name);
    setCreating(false);
    if (parser) {
      setName('');
      onOpen(parser.parser_id);
    }
  };

  const sorted = [...list].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <nav className="parser-list" aria-label="Parsers">
      <form className="parser-list__create" onSubmit={(event) => void onCreate(event)}>
        <label htmlFor="new-parser-name" className="parser-list__label">
          New parser
        </label>
        <div className="parser-list__create-row">
          <input
            className="input"
            id="new-parser-name"
            value={name}
            maxLength={PARSER_NAME_MAX}
            placeholder="Supplier invoices"
            aria-describedby={nameNearLimit(name.length) ? 'new-parser-count' : undefined}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <button type="submit" className="button button--small" disabled={creating || name.trim() === ''}>
            Create
          </button>
        </div>
        <NameLengthHint id="new-parser-count" length={name.length} />
        {createError ? (
          <p className="form-error" role="alert">
            {createError}
          </p>
        ) : null}
      </form>
      <PullParsersButton store={store} />
      {status === 'loading' && list.length === 0 ? <p role="status">Loading parsers…</p> : null}
      {error ? (
        <ErrorBanner
          message={`The parsers could not be listed. ${error}`}
          action={
            <button type="button" className="button button--small" onClick={() => void store.getState().loadList()}>
              Try again
            </button>
          }
        />
      ) : null}
      {status === 'ready' && list.length === 0 ? <p className="parser-list__empty">No parsers yet. Name one above to start.</p> : null}
      <ul className="parser-list__items">
        {sorted.map((p) => (
          <li key={p.parser_id}>
            <button
              type="button"
              className={`parser-list__item${p.parser_id === selectedId ? ' is-active' : ''}`}
              aria-current={p.parser_id === selectedId ? 'page' : undefined}
              onClick={() => {
                if (p.parser_id !== selectedId && confirmLeave()) onOpen(p.parser_id);
              }}
            >
              <span className="parser-list__name">{p.name}</span>
              <span className="parser-list__meta">{p.fields.length === 0 ? 'No fields yet' : plural(p.fields.length, 'field')}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
