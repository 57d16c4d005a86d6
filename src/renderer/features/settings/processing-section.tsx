// OCR languages and engine workers: edited as a draft and saved together.
import { useId, type FormEvent } from 'react';
import { ErrorBanner } from '../../components/error-banner.js';
import { useAppStores, useSettings } from '../../stores/stores-provider.js';
import { isDirty } from '../../stores/settings-store.js';

/** Names of the tesseract codes people are likely to have; others show as their code. */
const LANGUAGE_NAMES: Record<string, string> = {
  eng: 'English', deu: 'German', fra: 'French', spa: 'Spanish', ita: 'Italian', por: 'Portuguese', nld: 'Dutch',
  pol: 'Polish', ces: 'Czech', swe: 'Swedish', dan: 'Danish', nor: 'Norwegian', fin: 'Finnish', tur: 'Turkish',
  rus: 'Russian', ukr: 'Ukrainian', ell: 'Greek', jpn: 'Japanese', chi_sim: 'Chinese (simplified)',
  chi_tra: 'Chinese (traditional)', kor: 'Korean', ara: 'Arabic', heb: 'Hebrew', hin: 'Hindi', osd: 'Orientation and script',
};

export function languageName(code: string): string {
  return LANGUAGE_NAMES[code] ?? code;
}

export function ProcessingSection() {
  const stores = useAppStores();
  const actions = stores.settings.getState();
  const settings = useSettings((s) => s.settings);
  const draft = useSettings((s) => s.draft);
  const dirty = useSettings((s) => isDirty(s));
  const saving = useSettings((s) => s.saving);
  const saved = useSettings((s) => s.saved);
  const saveError = useSettings((s) => s.saveError);
  const headingId = useId();
  const langHintId = useId();
  const workersId = useId();
  const workersHintId = useId();
  if (!settings || !draft) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void actions.save();
  };
  const languages = [...new Set([...settings.available_languages, ...draft.ocr_languages])];

  return (
    <section className="settings-card" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings-card__title">
        Reading documents
      </h3>
      <form onSubmit={submit} className="settings-form" noValidate>
        <fieldset className="fieldset" aria-describedby={langHintId}>
          <legend className="field__label">Text recognition (OCR) languages</legend>
          <div className="checks">
            {languages.map((code) => (
              <label key={code} className="check">
                <input
                  type="checkbox"
                  checked={draft.ocr_languages.includes(code)}
                  onChange={(event) => actions.toggleLanguage(code, event.currentTarget.checked)}
                />
                <span>
                  {languageName(code)} <span className="muted">({code})</span>
                </span>
              </label>
            ))}
          </div>
          <p id={langHintId} className="field__hint">
            Scans and photos are read in these languages; choose at least one, and only the ones you need (each one slows reading a little).
            To add a language, put its <code>.traineddata</code> file in <code className="path">{settings.tessdata_dir}</code> and open Settings again.
          </p>
        </fieldset>

        <div className="field">
          <label htmlFor={workersId} className="field__label">
            Documents processed at the same time
          </label>
          <input
            id={workersId}
            type="number"
            className="input input--number"
            min={1}
            max={settings.max_workers}
            step={1}
            value={Number.isFinite(draft.worker_count) ? draft.worker_count : ''}
            aria-describedby={workersHintId}
            onChange={(event) => actions.setWorkerCount(event.currentTarget.valueAsNumber)}
          />
          <p id={workersHintId} className="field__hint">
            From 1 to {settings.max_workers} on this computer. More finishes big batches sooner but uses more memory.
          </p>
        </div>

        {saveError ? <ErrorBanner message={saveError} /> : null}
        <div className="settings-form__actions">
          <button type="submit" className="button" disabled={saving || !dirty}>
            {saving ? 'Saving…' : 'Save changes'}
          </button>
          {dirty ? (
            <button type="button" className="button button--quiet" onClick={actions.resetDraft} disabled={saving}>
              Undo changes
            </button>
          ) : null}
          <span role="status" className="settings-form__status">
            {saved && !dirty ? 'Saved.' : ''}
          </span>
        </div>
      </form>
    </section>
  );
}
