// Browser mode without a working access key: a tab opened from a copied or bookmarked address
// (the key stays in the tab that opened the printed link), or a key the server refuses (replaced
// in Settings). Says how to get the key and takes it here; once accepted, the app opens on the
// address that was asked for.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { keyFromInput } from './backend/api-key.js';
import type { KeyAccess } from './backend/backend.js';

export type KeyProblem = 'missing' | 'refused';

/** Whether the app may show its screens, and a counter that changes each time a key is accepted
 *  (the screens are mounted again, so they load with it). */
export interface KeyGate {
  status: 'ok' | KeyProblem;
  generation: number;
  accepted(): void;
}

/** Follows the page's key: missing from the start, refused by the server later, accepted again. */
export function useKeyGate(access: KeyAccess | undefined): KeyGate {
  const [state, setState] = useState<{ status: KeyGate['status']; generation: number }>(() => ({
    status: access && !access.hasKey() ? 'missing' : 'ok',
    generation: 0,
  }));
  useEffect(() => {
    if (!access) return;
    const stop = access.onRefused(() => setState((s) => (s.status === 'ok' ? { ...s, status: 'refused' } : s)));
    return () => {
      stop();
    };
  }, [access]);
  const accepted = useCallback(() => setState((s) => ({ status: 'ok', generation: s.generation + 1 })), []);
  return { ...state, accepted };
}

export interface KeyScreenProps {
  problem: KeyProblem;
  access: KeyAccess;
  onAccepted(): void;
}

export function KeyScreen({ problem, access, onAccepted }: KeyScreenProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  useEffect(() => {
    document.title = 'Access key — PerfectParser';
    inputRef.current?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (checking) return;
    const key = keyFromInput(text);
    if (!key) {
      setError('Paste the key first: the line that “perfectparser key” printed.');
      inputRef.current?.focus();
      return;
    }
    setChecking(true);
    setError(null);
    try {
      if (await access.tryKey(key)) {
        onAccepted();
        return;
      }
      setError(
        'The server did not accept this key. Check that it was copied whole, and that “perfectparser key” was given the same --data-dir as “perfectparser serve”.',
      );
    } catch (err) {
      setError((err as Error).message || 'The key could not be checked.');
    }
    setChecking(false);
    inputRef.current?.focus();
  };

  return (
    <main className="no-backend key-screen">
      <h1 className="no-backend__title">{problem === 'missing' ? 'Enter the access key' : 'The access key was not accepted'}</h1>
      <div className="no-backend__text key-screen__body">
        <p>
          {problem === 'missing' ? (
            <>
              PerfectParser answers only pages that hold its access key, and this tab has none: the key stays in the tab that opened the link{' '}
              <code>perfectparser serve</code> printed, until that tab closes.
            </>
          ) : (
            <>
              The server refused the key this tab was using. It was probably replaced with a new one in Settings (New key); the link printed when{' '}
              <code>perfectparser serve</code> started no longer works either.
            </>
          )}
        </p>
        <p>To go on:</p>
        <ul className="key-screen__ways">
          <li>
            Run <code>perfectparser key</code> on this computer and paste the key it prints below. If the server was started with <code>--data-dir</code>, give{' '}
            <code>perfectparser key</code> the same one; a server started with <code>PERFECTPARSER_API_KEY</code> set uses that value as its key.
          </li>
          {problem === 'missing' ? (
            <li>
              Or open the link <code>perfectparser serve</code> printed when it started (it ends with <code>#key=…</code>), unless a new key was made in Settings since.
            </li>
          ) : (
            <li>Or, in the tab where the new key was made, copy the link Settings shows under it and open that.</li>
          )}
        </ul>
        <form className="key-screen__form" onSubmit={(event) => void submit(event)} noValidate>
          <label htmlFor={inputId} className="field__label">
            Access key
          </label>
          <div className="key-screen__row">
            <input
              ref={inputRef}
              id={inputId}
              className="input key-screen__input"
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={text}
              aria-describedby={error ? `${hintId} ${errorId}` : hintId}
              aria-invalid={error ? true : undefined}
              onChange={(event) => setText(event.currentTarget.value)}
            />
            <button type="submit" className="button" disabled={checking}>
              {checking ? 'Checking…' : 'Open PerfectParser'}
            </button>
          </div>
          <p id={hintId} className="field__hint">
            The whole link works too. The key is kept for this tab only, and you stay on the page you opened.
          </p>
          {error ? (
            <p id={errorId} className="form-error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      </div>
    </main>
  );
}
