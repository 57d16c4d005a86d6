// Settings: OCR languages and workers (edited as a draft, then saved), the local API, and
// webhooks. Every failure becomes a sentence next to the control that caused it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeliveryAttempt, Webhook, WebhookEvent } from '../../shared/api/webhooks.js';
import type { Settings } from '../../shared/rpc-contract.js';
import type { Backend } from '../backend/backend.js';
import { failure } from './index.js';

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** The part of the settings edited before Save. */
export interface SettingsDraft {
  ocr_languages: string[];
  worker_count: number;
}

export type WebhookTest = { state: 'running' } | { state: 'done'; attempt: DeliveryAttempt } | { state: 'error'; message: string };

/** A webhook's recent delivery attempts (the last 10, newest first), loaded when asked for. */
export interface WebhookDeliveries {
  status: LoadStatus;
  items: DeliveryAttempt[];
  error: string | null;
}

/** A signing secret to show once: a new webhook's, or the one a rotation made. */
export interface ShownSecret {
  webhook_id: string;
  url: string;
  signing_secret: string;
  /** Set after a rotation: until when the previous secret still signs (null: it no longer does). */
  rotated?: { previous_secret_expires_at: string | null };
}

/** What can change when a webhook is edited. */
export interface WebhookEdit {
  url?: string;
  events?: WebhookEvent[];
  enabled?: boolean;
}

export interface SettingsState {
  settings: Settings | null;
  status: LoadStatus;
  loadError: string | null;
  draft: SettingsDraft | null;
  saving: boolean;
  saveError: string | null;
  /** Set after a successful save until the draft changes again. */
  saved: boolean;
  apiBusy: boolean;
  apiError: string | null;
  webhooks: Webhook[];
  webhooksStatus: LoadStatus;
  webhooksError: string | null;
  /** The signing secret of the webhook just created, or just given a new one: shown once, until dismissed. */
  createdSecret: ShownSecret | null;
  creating: boolean;
  /** Per webhook, the last test delivery. */
  tests: Record<string, WebhookTest>;
  /** Per webhook, its recent deliveries once they were asked for. */
  deliveries: Record<string, WebhookDeliveries>;
  /** Per webhook, what it is busy with (saving an edit, switching on or off, a new secret). */
  webhookBusy: Record<string, 'saving' | 'switching' | 'rotating'>;
  /** Per webhook, the last failure of an edit, switch or new secret, as a sentence. */
  webhookErrors: Record<string, string>;
  load(): Promise<void>;
  toggleLanguage(code: string, on: boolean): void;
  setWorkerCount(count: number): void;
  /** Puts the draft back to the saved settings. */
  resetDraft(): void;
  save(): Promise<boolean>;
  setApiEnabled(enabled: boolean): Promise<void>;
  rotateApiKey(): Promise<void>;
  loadWebhooks(): Promise<void>;
  createWebhook(url: string, events: WebhookEvent[]): Promise<boolean>;
  dismissSecret(): void;
  testWebhook(webhookId: string): Promise<void>;
  removeWebhook(webhookId: string): Promise<void>;
  /** Saves an edit (a new address or events are checked like a new webhook first) or switches it off or on; false, with the reason in webhookErrors, when it fails. */
  updateWebhook(webhookId: string, edit: WebhookEdit): Promise<boolean>;
  /** Loads (or reloads) the webhook's last 10 delivery attempts. */
  loadDeliveries(webhookId: string): Promise<void>;
  /** Makes a new signing secret and shows it once; the previous one keeps signing for a day, or stops at once. */
  rotateWebhookSecret(webhookId: string, endPreviousNow: boolean): Promise<boolean>;
  dismissWebhookError(webhookId: string): void;
  dismissErrors(): void;
}

export type SettingsStore = StoreApi<SettingsState>;

/** True when the draft differs from what is saved. */
export function isDirty(state: Pick<SettingsState, 'settings' | 'draft'>): boolean {
  const { settings, draft } = state;
  if (!settings || !draft) return false;
  const saved = [...settings.ocr_languages].sort().join(',');
  return saved !== [...draft.ocr_languages].sort().join(',') || settings.worker_count !== draft.worker_count;
}

/** Why a draft cannot be saved, as a sentence, or null when it can. */
export function draftProblem(draft: SettingsDraft, settings: Settings): string | null {
  if (draft.ocr_languages.length === 0) return 'Choose at least one OCR language.';
  const max = Math.min(settings.max_workers, 64);
  if (!Number.isInteger(draft.worker_count) || draft.worker_count < 1 || draft.worker_count > max) {
    return max === 1 ? 'This computer can use 1 worker only.' : `Choose a whole number of workers from 1 to ${max}.`;
  }
  return null;
}

/** Why a webhook's address and events cannot be used (the same for a new one and an edit), or null. */
export function webhookProblem(url: string, events: readonly WebhookEvent[]): string | null {
  return webhookUrlProblem(url) ?? (events.length === 0 ? 'Choose at least one event to send.' : null);
}

/** Why a webhook URL cannot be used, as a sentence, or null. */
export function webhookUrlProblem(url: string): string | null {
  const text = url.trim();
  if (!text) return 'Enter the URL that should receive the webhook.';
  try {
    const { protocol } = new URL(text);
    if (protocol === 'http:' || protocol === 'https:') return null;
  } catch {
    // falls through to the sentence below
  }
  return 'Enter a web address starting with http:// or https://.';
}

/** A copy of the record without the key. */
function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}

const draftOf = (s: Settings): SettingsDraft => ({ ocr_languages: [...s.ocr_languages], worker_count: s.worker_count });

export function createSettingsStore(backend: Backend): SettingsStore {
  return createStore<SettingsState>()((set, get) => {
    const editDraft = (patch: Partial<SettingsDraft>) => {
      const draft = get().draft;
      if (draft) set({ draft: { ...draft, ...patch }, saved: false, saveError: null });
    };
    /** A webhook's edit, switch or new secret failed: no longer busy, the reason kept; false. */
    const failWebhook = (webhookId: string, message: string): false => {
      set({ webhookBusy: without(get().webhookBusy, webhookId), webhookErrors: { ...get().webhookErrors, [webhookId]: message } });
      return false;
    };

    return {
      settings: null,
      status: 'idle',
      loadError: null,
      draft: null,
      saving: false,
      saveError: null,
      saved: false,
      apiBusy: false,
      apiError: null,
      webhooks: [],
      webhooksStatus: 'idle',
      webhooksError: null,
      createdSecret: null,
      creating: false,
      tests: {},
      deliveries: {},
      webhookBusy: {},
      webhookErrors: {},
      async load() {
        if (get().status !== 'ready') set({ status: 'loading', loadError: null });
        try {
          const settings = await backend.call('settings.get');
          // Keep unsaved edits when coming back to the screen.
          set({ settings, status: 'ready', loadError: null, draft: isDirty({ settings: get().settings, draft: get().draft }) ? get().draft : draftOf(settings) });
        } catch (err) {
          set({ status: get().settings ? 'ready' : 'error', loadError: failure('The settings could not be loaded', err) });
        }
      },
      toggleLanguage(code, on) {
        const draft = get().draft;
        if (!draft) return;
        const rest = draft.ocr_languages.filter((c) => c !== code);
        editDraft({ ocr_languages: on ? [...rest, code] : rest });
      },
      setWorkerCount: (worker_count) => editDraft({ worker_count }),
      resetDraft() {
        const settings = get().settings;
        if (settings) set({ draft: draftOf(settings), saveError: null, saved: false });
      },
      async save() {
        const { settings, draft, saving } = get();
        if (!settings || !draft || saving) return false;
        const problem = draftProblem(draft, settings);
        if (problem) {
          set({ saveError: problem, saved: false });
          return false;
        }
        const patch: { ocr_languages?: string[]; worker_count?: number } = {};
        if ([...settings.ocr_languages].sort().join(',') !== [...draft.ocr_languages].sort().join(',')) patch.ocr_languages = draft.ocr_languages;
        if (settings.worker_count !== draft.worker_count) patch.worker_count = draft.worker_count;
        if (Object.keys(patch).length === 0) {
          set({ saved: true, saveError: null });
          return true;
        }
        set({ saving: true, saveError: null, saved: false });
        try {
          const next = await backend.call('settings.update', patch);
          set({ settings: next, draft: draftOf(next), saving: false, saved: true });
          return true;
        } catch (err) {
          set({ saving: false, saveError: failure('The settings could not be saved', err) });
          return false;
        }
      },
      async setApiEnabled(enabled) {
        if (get().apiBusy || !get().settings?.api.can_toggle) return;
        set({ apiBusy: true, apiError: null });
        try {
          const next = await backend.call('settings.update', { api_enabled: enabled });
          set({ settings: next, apiBusy: false });
        } catch (err) {
          set({ apiBusy: false, apiError: failure(enabled ? 'The local API could not be turned on' : 'The local API could not be turned off', err) });
        }
      },
      async rotateApiKey() {
        if (get().apiBusy) return;
        set({ apiBusy: true, apiError: null });
        try {
          const next = await backend.call('settings.rotateApiKey');
          set({ settings: next, apiBusy: false });
        } catch (err) {
          set({ apiBusy: false, apiError: failure('A new API key could not be made', err) });
        }
      },
      async loadWebhooks() {
        if (get().webhooksStatus !== 'ready') set({ webhooksStatus: 'loading' });
        try {
          const webhooks = await backend.call('webhooks.list');
          set({ webhooks, webhooksStatus: 'ready', webhooksError: null });
        } catch (err) {
          set({ webhooksStatus: get().webhooksStatus === 'ready' ? 'ready' : 'error', webhooksError: failure('The webhooks could not be loaded', err) });
        }
      },
      async createWebhook(url, events) {
        const problem = webhookProblem(url, events);
        if (problem) {
          set({ webhooksError: problem });
          return false;
        }
        set({ creating: true, webhooksError: null });
        try {
          const created = await backend.call('webhooks.create', { url: url.trim(), events });
          const { signing_secret, ...webhook } = created;
          set({
            webhooks: [...get().webhooks, webhook],
            createdSecret: { webhook_id: webhook.webhook_id, url: webhook.url, signing_secret },
            creating: false,
          });
          return true;
        } catch (err) {
          set({ creating: false, webhooksError: failure('The webhook could not be added', err) });
          return false;
        }
      },
      dismissSecret: () => set({ createdSecret: null }),
      async testWebhook(webhookId) {
        set({ tests: { ...get().tests, [webhookId]: { state: 'running' } } });
        try {
          const attempt = await backend.call('webhooks.test', { webhook_id: webhookId });
          set({ tests: { ...get().tests, [webhookId]: { state: 'done', attempt } } });
          // The list of recent deliveries, when open, shows the test too.
          if (get().deliveries[webhookId]) void get().loadDeliveries(webhookId);
        } catch (err) {
          set({ tests: { ...get().tests, [webhookId]: { state: 'error', message: failure('The test could not be sent', err) } } });
        }
      },
      async removeWebhook(webhookId) {
        try {
          await backend.call('webhooks.remove', { webhook_id: webhookId });
          const secret = get().createdSecret;
          set({
            webhooks: get().webhooks.filter((w) => w.webhook_id !== webhookId),
            tests: without(get().tests, webhookId),
            deliveries: without(get().deliveries, webhookId),
            webhookBusy: without(get().webhookBusy, webhookId),
            webhookErrors: without(get().webhookErrors, webhookId),
            createdSecret: secret?.webhook_id === webhookId ? null : secret,
          });
        } catch (err) {
          set({ webhooksError: failure('The webhook could not be removed', err) });
        }
      },
      async updateWebhook(webhookId, edit) {
        const current = get().webhooks.find((w) => w.webhook_id === webhookId);
        if (!current || get().webhookBusy[webhookId]) return false;
        const patch: WebhookEdit = {};
        if (edit.url !== undefined || edit.events !== undefined) {
          const url = (edit.url ?? current.url).trim();
          const events = edit.events ?? current.events;
          const problem = webhookProblem(url, events);
          if (problem) return failWebhook(webhookId, problem);
          if (url !== current.url) patch.url = url;
          if ([...events].sort().join(',') !== [...current.events].sort().join(',')) patch.events = events;
        }
        if (edit.enabled !== undefined && edit.enabled !== current.enabled) patch.enabled = edit.enabled;
        if (Object.keys(patch).length === 0) {
          set({ webhookErrors: without(get().webhookErrors, webhookId) });
          return true;
        }
        set({
          webhookBusy: { ...get().webhookBusy, [webhookId]: patch.url || patch.events ? 'saving' : 'switching' },
          webhookErrors: without(get().webhookErrors, webhookId),
        });
        try {
          const updated = await backend.call('webhooks.update', { webhook_id: webhookId, patch });
          const secret = get().createdSecret;
          set({
            webhooks: get().webhooks.map((w) => (w.webhook_id === webhookId ? updated : w)),
            webhookBusy: without(get().webhookBusy, webhookId),
            createdSecret: secret?.webhook_id === webhookId ? { ...secret, url: updated.url } : secret,
          });
          // Turning a webhook off ends its waiting retries, which the delivery list then shows.
          if (get().deliveries[webhookId]) void get().loadDeliveries(webhookId);
          return true;
        } catch (err) {
          const what =
            patch.url || patch.events ? 'The webhook could not be saved' : patch.enabled ? 'The webhook could not be turned on' : 'The webhook could not be turned off';
          return failWebhook(webhookId, failure(what, err));
        }
      },
      async loadDeliveries(webhookId) {
        const before = get().deliveries[webhookId];
        set({ deliveries: { ...get().deliveries, [webhookId]: { status: 'loading', items: before?.items ?? [], error: null } } });
        try {
          const detail = await backend.call('webhooks.get', { webhook_id: webhookId });
          set({ deliveries: { ...get().deliveries, [webhookId]: { status: 'ready', items: detail.deliveries, error: null } } });
        } catch (err) {
          set({
            deliveries: {
              ...get().deliveries,
              [webhookId]: { status: 'error', items: before?.items ?? [], error: failure('The recent deliveries could not be loaded', err) },
            },
          });
        }
      },
      async rotateWebhookSecret(webhookId, endPreviousNow) {
        if (get().webhookBusy[webhookId]) return false;
        set({ webhookBusy: { ...get().webhookBusy, [webhookId]: 'rotating' }, webhookErrors: without(get().webhookErrors, webhookId) });
        try {
          const rotated = await backend.call('webhooks.rotateSecret', endPreviousNow ? { webhook_id: webhookId, grace_period_seconds: 0 } : { webhook_id: webhookId });
          const { signing_secret, previous_secret_expires_at, ...webhook } = rotated;
          set({
            webhooks: get().webhooks.map((w) => (w.webhook_id === webhookId ? webhook : w)),
            createdSecret: { webhook_id: webhookId, url: webhook.url, signing_secret, rotated: { previous_secret_expires_at } },
            webhookBusy: without(get().webhookBusy, webhookId),
          });
          return true;
        } catch (err) {
          return failWebhook(webhookId, failure('A new signing secret could not be made', err));
        }
      },
      dismissWebhookError: (webhookId) => set({ webhookErrors: without(get().webhookErrors, webhookId) }),
      dismissErrors: () => set({ loadError: null, saveError: null, apiError: null, webhooksError: null }),
    };
  });
}
