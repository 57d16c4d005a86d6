import { describe, expect, it } from 'vitest';
import { createSettingsStore, draftProblem, isDirty, webhookUrlProblem } from '../../../src/renderer/stores/settings-store.js';
import { createFakeBackend } from '../fake-backend.js';
import { sampleSettings } from '../fixtures.js';

function loadedStore(overrides: Parameters<typeof sampleSettings>[0] = {}) {
  const fake = createFakeBackend();
  let current = sampleSettings(overrides);
  fake.on('settings.get', () => current);
  fake.on('settings.update', (patch) => {
    current = {
      ...current,
      ...(patch.ocr_languages ? { ocr_languages: patch.ocr_languages } : {}),
      ...(patch.worker_count ? { worker_count: patch.worker_count } : {}),
      ...(patch.api_enabled !== undefined ? { api: { ...current.api, enabled: patch.api_enabled } } : {}),
    };
    return current;
  });
  const store = createSettingsStore(fake.backend);
  return { fake, store };
}

describe('settings store', () => {
  it('loads the settings into a draft', async () => {
    const { store } = loadedStore();
    await store.getState().load();
    expect(store.getState().status).toBe('ready');
    expect(store.getState().draft).toEqual({ ocr_languages: ['eng'], worker_count: 2 });
    expect(isDirty(store.getState())).toBe(false);
  });

  it('saves only what changed', async () => {
    const { fake, store } = loadedStore();
    await store.getState().load();
    store.getState().toggleLanguage('deu', true);
    store.getState().setWorkerCount(4);
    expect(isDirty(store.getState())).toBe(true);
    expect(await store.getState().save()).toBe(true);
    expect(fake.callsOf('settings.update')).toEqual([{ ocr_languages: ['eng', 'deu'], worker_count: 4 }]);
    expect(store.getState().settings?.worker_count).toBe(4);
    expect(store.getState().saved).toBe(true);
    expect(isDirty(store.getState())).toBe(false);

    store.getState().setWorkerCount(3);
    await store.getState().save();
    expect(fake.callsOf('settings.update')[1]).toEqual({ worker_count: 3 });
  });

  it('refuses a draft without languages or with too many workers, in a sentence, without calling', async () => {
    const { fake, store } = loadedStore();
    await store.getState().load();
    store.getState().toggleLanguage('eng', false);
    expect(await store.getState().save()).toBe(false);
    expect(store.getState().saveError).toBe('Choose at least one OCR language.');
    store.getState().toggleLanguage('eng', true);
    store.getState().setWorkerCount(9);
    await store.getState().save();
    expect(store.getState().saveError).toBe('Choose a whole number of workers from 1 to 8.');
    store.getState().setWorkerCount(Number.NaN);
    await store.getState().save();
    expect(store.getState().saveError).toBe('Choose a whole number of workers from 1 to 8.');
    expect(fake.callsOf('settings.update')).toEqual([]);
    store.getState().resetDraft();
    expect(store.getState().draft).toEqual({ ocr_languages: ['eng'], worker_count: 2 });
  });

  it('turns a failed save into a sentence and keeps the draft', async () => {
    const { fake, store } = loadedStore();
    await store.getState().load();
    fake.on('settings.update', () => {
      throw new Error('the data folder is read-only');
    });
    store.getState().setWorkerCount(5);
    expect(await store.getState().save()).toBe(false);
    expect(store.getState().saveError).toBe('The settings could not be saved. The data folder is read-only.');
    expect(store.getState().draft?.worker_count).toBe(5);
    expect(store.getState().saving).toBe(false);
  });

  it('switches the local API only where it can be switched', async () => {
    const { fake, store } = loadedStore();
    await store.getState().load();
    await store.getState().setApiEnabled(false);
    expect(fake.callsOf('settings.update')).toEqual([{ api_enabled: false }]);
    expect(store.getState().settings?.api.enabled).toBe(false);

    const locked = loadedStore({ api: { enabled: true, url: 'http://127.0.0.1:4780', key: 'k', can_toggle: false } });
    await locked.store.getState().load();
    await locked.store.getState().setApiEnabled(false);
    expect(locked.fake.callsOf('settings.update')).toEqual([]);
  });

  it('rotates the API key and reports a failure', async () => {
    const { fake, store } = loadedStore();
    await store.getState().load();
    fake.on('settings.rotateApiKey', () => sampleSettings({ api: { enabled: true, url: null, key: 'pp_local_new', can_toggle: true } }));
    await store.getState().rotateApiKey();
    expect(store.getState().settings?.api.key).toBe('pp_local_new');
    fake.on('settings.rotateApiKey', () => {
      throw new Error('');
    });
    await store.getState().rotateApiKey();
    expect(store.getState().apiError).toBe('A new API key could not be made.');
  });

  it('lists, adds (showing the secret once), tests and removes webhooks', async () => {
    const fake = createFakeBackend();
    const hook = { webhook_id: 'wh_1', url: 'https://example.com/h', events: ['extraction.job_completed' as const], enabled: true, has_secret: false, created_at: 't', updated_at: 't' };
    fake.on('webhooks.list', () => []);
    fake.on('webhooks.create', () => ({ ...hook, signing_secret: 'wh_sec_abc' }));
    fake.on('webhooks.test', () => ({ delivery_id: 'd', event: 'test', attempt: 1, status_code: 200, success: true, error: null, duration_ms: 12, attempted_at: 't' }));
    fake.on('webhooks.remove', () => ({ deleted: true as const }));
    const store = createSettingsStore(fake.backend);
    await store.getState().loadWebhooks();
    expect(store.getState().webhooksStatus).toBe('ready');

    expect(await store.getState().createWebhook('ftp://x', ['extraction.job_completed'])).toBe(false);
    expect(store.getState().webhooksError).toBe('Enter a web address starting with http:// or https://.');
    expect(await store.getState().createWebhook('https://example.com/h', [])).toBe(false);
    expect(store.getState().webhooksError).toBe('Choose at least one event to send.');
    expect(fake.callsOf('webhooks.create')).toEqual([]);

    expect(await store.getState().createWebhook(' https://example.com/h ', ['extraction.job_completed'])).toBe(true);
    expect(fake.callsOf('webhooks.create')).toEqual([{ url: 'https://example.com/h', events: ['extraction.job_completed'] }]);
    expect(store.getState().createdSecret).toEqual({ webhook_id: 'wh_1', url: 'https://example.com/h', signing_secret: 'wh_sec_abc' });
    expect(store.getState().webhooks[0]).not.toHaveProperty('signing_secret');

    await store.getState().testWebhook('wh_1');
    expect(store.getState().tests['wh_1']).toMatchObject({ state: 'done', attempt: { success: true, status_code: 200 } });

    await store.getState().removeWebhook('wh_1');
    expect(store.getState().webhooks).toEqual([]);
    expect(store.getState().createdSecret).toBeNull();
  });

  it('reports a failed webhook test as a sentence', async () => {
    const fake = createFakeBackend();
    fake.on('webhooks.test', () => {
      throw new Error('No webhook wh_9');
    });
    const store = createSettingsStore(fake.backend);
    await store.getState().testWebhook('wh_9');
    expect(store.getState().tests['wh_9']).toEqual({ state: 'error', message: 'The test could not be sent. No webhook wh_9.' });
  });

  it('explains bad drafts and URLs', () => {
    expect(draftProblem({ ocr_languages: ['eng'], worker_count: 1 }, sampleSettings({ max_workers: 1 }))).toBeNull();
    expect(draftProblem({ ocr_languages: ['eng'], worker_count: 2 }, sampleSettings({ max_workers: 1 }))).toBe('This computer can use 1 worker only.');
    expect(webhookUrlProblem('')).toBe('Enter the URL that should receive the webhook.');
    expect(webhookUrlProblem('http://localhost:9000/x')).toBeNull();
  });
});
