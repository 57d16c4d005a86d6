// The password box of a document that failed because its PDF is protected by a password: the
// password is checked at once (a wrong one is said here), the document is processed again with
// it, and optionally the job's other protected documents that the same password opens.
import { useId, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { PasswordInput } from '../../components/password-input.js';
import type { DocumentStore } from '../../stores/document-store.js';
import { needsPassword } from '../../stores/jobs-store.js';

export function PasswordPrompt({ store }: { store: DocumentStore }) {
  const documentId = useStore(store, (s) => s.documentId);
  const siblings = useStore(store, (s) => s.siblings);
  const [password, setPassword] = useState('');
  const [wholeJob, setWholeJob] = useState(true);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const others = siblings.filter((d) => d.document_id !== documentId && needsPassword(d)).length;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (password === '') {
      setRefusal('Type the password first.');
      return;
    }
    setBusy(true);
    setRefusal(null);
    const reason = await store.getState().unlock(password, others > 0 && wholeJob);
    setBusy(false);
    if (reason) setRefusal(reason);
    else setPassword('');
  }

  return (
    <form className="password-form doc-password" onSubmit={(event) => void submit(event)} aria-label="Open with a password">
      <div className="field">
        <label htmlFor={inputId} className="field__label">
          Password for this PDF
        </label>
        <div className="password-form__row">
          <PasswordInput
            id={inputId}
            value={password}
            disabled={busy}
            describedBy={refusal ? `${hintId} ${errorId}` : hintId}
            invalid={refusal !== null}
            onChange={(value) => {
              setPassword(value);
              setRefusal(null);
            }}
          />
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Opening…' : 'Open'}
          </button>
        </div>
        <p id={hintId} className="field__hint">
          It is used to read this file now and is never saved; if the app is closed before the file is processed, you are asked again.
        </p>
      </div>
      {others > 0 ? (
        <label className="check">
          <input type="checkbox" checked={wholeJob} disabled={busy} onChange={(event) => setWholeJob(event.currentTarget.checked)} />
          <span>
            Also try it on the {others === 1 ? 'other document' : `${others.toLocaleString()} other documents`} of this job that need a password
          </span>
        </label>
      ) : null}
      {refusal ? (
        <p id={errorId} role="alert" className="password-form__error">
          {refusal}
        </p>
      ) : null}
    </form>
  );
}

/** On the page of an encrypted PDF: its password, for drawing the pages (the text was read
 *  with it when the document was processed). */
export function ViewerPasswordForm({ store, wrong }: { store: DocumentStore; wrong: boolean }) {
  const [password, setPassword] = useState('');
  const inputId = useId();
  return (
    <form
      className="password-form doc-password doc-password--viewer"
      aria-label="Password to show the pages"
      onSubmit={(event) => {
        event.preventDefault();
        if (password !== '') store.getState().setViewerPassword(password);
      }}
    >
      <p className="password-form__note">
        {wrong ? 'That password does not open this PDF. Try again:' : 'This PDF is protected by a password. Type it to see its pages:'}
      </p>
      <label htmlFor={inputId} className="visually-hidden">
        Password for this PDF
      </label>
      <div className="password-form__row">
        <PasswordInput id={inputId} value={password} invalid={wrong} onChange={setPassword} />
        <button type="submit" className="button" disabled={password === ''}>
          Show pages
        </button>
      </div>
    </form>
  );
}
