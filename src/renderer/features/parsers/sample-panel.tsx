// The sample beside the editor: add a file, detect fields from it, test the draft on it (again
// after each edit, debounced), and see each found value's citation on the sample's page. An
// encrypted PDF sample asks for its password here (kept in memory for this session only).
import { useEffect, useId, useMemo, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { ErrorBanner } from '../../components/error-banner.js';
import { FieldName } from '../../components/field-name.js';
import { PageView, type OverlayBox } from '../../components/page-view/page-view.js';
import { PasswordInput } from '../../components/password-input.js';
import { ProgressBar } from '../../components/progress-bar.js';
import type { ParsersStore } from '../../stores/parsers-store.js';
import { Confidence } from '../document/confidence.js';
import { formatValue, getPath, leafPaths } from '../results/value-paths.js';

const ACCEPT = 'application/pdf,.pdf,image/png,image/jpeg,image/webp,image/gif,image/bmp,image/tiff,.png,.jpg,.jpeg,.webp,.gif,.bmp,.tif,.tiff';

export function SamplePanel({ store }: { store: ParsersStore }) {
  const sample = useStore(store, (s) => s.sample);
  const parser = useStore(store, (s) => s.parser);
  const fieldCount = useStore(store, (s) => s.draft?.fields.length ?? 0);
  const detecting = useStore(store, (s) => s.detecting);
  const detectStartedAt = useStore(store, (s) => s.detectStartedAt);
  const sampleLock = useStore(store, (s) => s.sampleLock);
  const detectError = useStore(store, (s) => s.detectError);
  const replacePrompt = useStore(store, (s) => s.replacePrompt);
  const test = useStore(store, (s) => s.test);
  const state = store.getState();
  const hasSample = sample.ref !== null || parser?.has_sample_file === true;

  return (
    <section className="sample" aria-labelledby="sample-heading">
      <h3 id="sample-heading" className="sample__title">
        Sample
      </h3>
      <SampleDrop onFile={(file) => void state.setSampleFile(file)} busy={sample.status === 'loading'} />
      <p className="sample__name" role="status">
        {sample.status === 'loading'
          ? 'Adding the sample…'
          : sample.name
            ? `${sample.ref ? 'Sample' : 'Stored sample'}: ${sample.name}`
            : parser?.has_sample_file
              ? 'This parser has a stored sample.'
              : 'No sample yet.'}
      </p>
      {sample.error ? <ErrorBanner message={sample.error} /> : null}
      <div className="sample__actions">
        <button type="button" className="button button--small" disabled={!hasSample || detecting} onClick={() => state.requestDetect()}>
          {detecting ? 'Detecting fields…' : 'Detect fields'}
        </button>
        <button type="button" className="button button--secondary button--small" disabled={!hasSample || fieldCount === 0 || test.status === 'running'} onClick={() => void state.runTest()}>
          {test.status === 'running' ? 'Testing…' : 'Test on sample'}
        </button>
      </div>
      {detecting && detectStartedAt !== null ? <DetectingStatus since={detectStartedAt} /> : null}
      {sampleLock ? <SamplePasswordForm store={store} label="Password of the sample" note={sampleLock.message} wrong={sampleLock.wrong} /> : null}
      {replacePrompt ? (
        <div className="sample__prompt" role="alertdialog" aria-labelledby="replace-question">
          <p id="replace-question">
            This parser already has {fieldCount} {fieldCount === 1 ? 'field' : 'fields'}. Replace them with the fields found in the sample? Changes you have not saved are lost.
          </p>
          <button type="button" className="button button--danger button--small" onClick={() => void state.answerReplace(true)}>
            Replace fields
          </button>
          <button type="button" className="button button--quiet button--small" onClick={() => void state.answerReplace(false)}>
            Keep my fields
          </button>
        </div>
      ) : null}
      {detectError ? <ErrorBanner message={detectError} /> : null}
      <TestResults store={store} />
    </section>
  );
}

/** How long detection has been running: it reads every page (a scan through OCR, seconds a page),
 *  and the engine's page progress does not reach the renderer for this call, so the time is shown. */
function DetectingStatus({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  return (
    <div className="sample__busy" data-testid="detect-busy">
      <ProgressBar label="Detecting fields" value={0} max={1} size="small" indeterminate />
      <span role="status">Reading the sample to find its fields. A scanned page can take several seconds.</span>
      <span className="sample__elapsed" aria-hidden="true">
        {seconds} s
      </span>
    </div>
  );
}

/** The sample's password: sent with each detect and test, and used to show its pages; held in
 *  memory for this session only. `note` says why it is asked (`wrong`: the last one did not open it). */
function SamplePasswordForm({ store, label, note, wrong }: { store: ParsersStore; label: string; note: string; wrong: boolean }) {
  const [password, setPassword] = useState('');
  const [empty, setEmpty] = useState(false);
  const inputId = useId();
  const noteId = useId();
  const hintId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (password === '') {
      setEmpty(true);
      return;
    }
    void store.getState().unlockSample(password);
    setPassword('');
  }

  return (
    <form className="password-form sample__password" aria-label={label} onSubmit={submit}>
      <p id={noteId} className={`${wrong || empty ? 'password-form__error' : 'password-form__note'} sample__password-note`} role={wrong || empty ? 'alert' : undefined}>
        {empty ? 'Type the password first.' : note}
      </p>
      <label htmlFor={inputId} className="field__label">
        Password for this PDF
      </label>
      <div className="password-form__row">
        <PasswordInput
          id={inputId}
          value={password}
          describedBy={`${noteId} ${hintId}`}
          invalid={wrong || empty}
          onChange={(value) => {
            setPassword(value);
            setEmpty(false);
          }}
        />
        <button type="submit" className="button button--small">
          Open
        </button>
      </div>
      <p id={hintId} className="field__hint">
        It is used to read this sample while the app is open and is never saved.
      </p>
    </form>
  );
}

function SampleDrop({ onFile, busy }: { onFile(file: File): void; busy: boolean }) {
  const [over, setOver] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const onDrag = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(true);
  };
  return (
    <div
      className={`sample__drop${over ? ' is-over' : ''}`}
      onDragEnter={onDrag}
      onDragOver={onDrag}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const file = event.dataTransfer.files[0];
        if (file && !busy) onFile(file);
      }}
    >
      <span>Drop a sample document here, or</span>
      <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => inputRef.current?.click()}>
        Choose a sample…
      </button>
      <input
        ref={inputRef}
        type="file"
        accept={ACCEPT}
        hidden
        aria-label="Sample file"
        data-testid="sample-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
    </div>
  );
}

function TestResults({ store }: { store: ParsersStore }) {
  const test = useStore(store, (s) => s.test);
  const sample = useStore(store, (s) => s.sample);
  const selected = useStore(store, (s) => s.selectedResult);
  const page = useStore(store, (s) => s.samplePage);
  const password = useStore(store, (s) => s.samplePassword);
  const asking = useStore(store, (s) => s.sampleLock !== null);
  const state = store.getState();
  const result = test.result;

  const rows = useMemo(() => {
    if (!result) return [];
    const paths = Object.keys(result.fields).length > 0 ? Object.keys(result.fields) : leafPaths(result.data);
    return paths.map((path) => ({ path, value: getPath(result.data, path), detail: result.fields[path] ?? null }));
  }, [result]);
  const boxes = useMemo<OverlayBox[]>(
    () =>
      rows.flatMap((r) =>
        r.detail?.citation ? [{ id: `field:${r.path}`, page: r.detail.citation.page, box: r.detail.citation.box, kind: 'citation' as const, label: `${r.path}: ${formatValue(r.value)}` }] : [],
      ),
    [rows],
  );

  return (
    <div className="sample__results">
      {test.error ? (
        <p className={test.status === 'error' ? 'form-error' : 'sample__hint'} role={test.status === 'error' ? 'alert' : undefined}>
          {test.error}
        </p>
      ) : null}
      {result ? (
        <>
          <h4 className="sample__subtitle">
            Found on the sample{test.status === 'running' ? ' (updating…)' : ''}
            {result.template ? ` · template ${result.template}` : ''}
          </h4>
          {rows.length === 0 ? <p className="sample__hint">Nothing was found.</p> : null}
          <ul className="sample__values">
            {rows.map((r) => (
              <li key={r.path}>
                <button
                  type="button"
                  className={`sample__value${r.path === selected ? ' is-selected' : ''}`}
                  data-testid="test-result"
                  data-field={r.path}
                  aria-pressed={r.path === selected}
                  onClick={() => state.selectResult(r.path === selected ? null : r.path)}
                >
                  <span className="sample__value-name" title={r.path}>
                    <FieldName path={r.path} />
                  </span>
                  <span className="sample__value-text">{formatValue(r.value)}</span>
                  <Confidence value={r.detail?.confidence} />
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {sample.file || result ? (
        <div className="sample__viewer">
          <PageView
            file={sample.file}
            fileError={sample.file ? null : 'The sample is shown once it has been added here.'}
            run={result?.run ?? null}
            page={page}
            onPageChange={state.setSamplePage}
            boxes={boxes}
            selectedId={selected ? `field:${selected}` : null}
            onSelectBox={(box) => state.selectResult(box.id.slice('field:'.length))}
            label="Page of the sample"
            password={password ?? undefined}
            renderLocked={(wrong) =>
              asking ? (
                <p className="sample__password-note">Type the sample’s password above to see its pages.</p>
              ) : (
                <SamplePasswordForm
                  store={store}
                  label="Password to show the sample"
                  wrong={wrong}
                  note={wrong ? 'That password does not open this PDF. Try again.' : 'This PDF is protected by a password. Type it to see its pages.'}
                />
              )
            }
          />
        </div>
      ) : null}
    </div>
  );
}
