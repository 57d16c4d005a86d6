// What Settings shows: the privacy statement, reading options, the API and webhooks (each with a
// switch, editing in place, recent deliveries and a new signing secret).
import { describe, expect, it } from 'vitest';
import type { DeliveryAttempt, Webhook } from '../../src/shared/api/webhooks.js';
import { formatFullDateTime } from '../../src/renderer/components/format.js';
import { attemptOutcome, DeliveriesPanel } from '../../src/renderer/features/settings/webhook-deliveries.js';
import { RotateSecretPrompt, SWITCH_HINT_OFF, SWITCH_HINT_ON, WebhookEditForm } from '../../src/renderer/features/settings/webhook-row.js';
import { PRIVACY_STATEMENT, SettingsScreen } from '../../src/renderer/features/settings/settings-screen.js';
import { createFakeBackend } from './fake-backend.js';
import { sampleSettings } from './fixtures.js';
import { render, serverStores } from './render.js';

function setup(settings = sampleSettings()) {
  const fake = createFakeBackend();
  const stores = serverStores(fake.backend);
  stores.settings.setState({ settings, status: 'ready', draft: { ocr_languages: settings.ocr_languages, worker_count: settings.worker_count }, webhooksStatus: 'ready' });
  return { stores, fake, html: () => render(fake.backend, stores, <SettingsScreen />) };
}

describe('settings screen', () => {
  it('states that nothing leaves this computer', () => {
    const page = setup().html();
    expect(page).toMatch(/<h2[^>]*>Settings<\/h2>/);
    expect(PRIVACY_STATEMENT).toBe('Nothing leaves this computer. Documents, results and settings stay in the data folder; sync with the hosted service is off.');
    expect(page).toContain(PRIVACY_STATEMENT);
  });

  it('shows languages, workers, the data folder and where language data goes', () => {
    const page = setup().html();
    expect(page).toMatch(/<input type="checkbox" checked=""\/><span>English/);
    expect(page).toContain('German');
    expect(page).toContain('/data/tessdata');
    expect(page).toMatch(/type="number"[^>]*min="1" max="8"[^>]*value="2"/);
    expect(page).toContain('PERFECTPARSER_DATA_DIR');
    expect(page).toContain('>/data</code>');
    expect(page).toMatch(/<button type="submit" class="button" disabled="">Save changes<\/button>/);
  });

  it('explains why the API cannot be switched off from a page it serves, and hides the key', () => {
    const page = setup(sampleSettings({ api: { enabled: true, url: 'http://127.0.0.1:4780', key: 'pp_local_secret', can_toggle: false } })).html();
    expect(page).toMatch(/role="switch" disabled="" aria-describedby="[^"]+" checked=""/);
    expect(page).toContain('cannot be switched off from here');
    expect(page).toContain('http://127.0.0.1:4780');
    expect(page).not.toContain('pp_local_secret');
    expect(page).toContain('aria-label="Copy the API key"');
    expect(page).toContain('New key');
  });

  it('lists webhooks, or says none are set, and shows a new signing secret once', () => {
    const { stores, html } = setup();
    expect(html()).toContain('No webhooks.');
    stores.settings.setState({
      webhooks: [{ webhook_id: 'wh_1', url: 'https://example.com/h', events: ['extraction.job_completed'], enabled: true, has_secret: false, created_at: 't', updated_at: 't' }],
      createdSecret: { webhook_id: 'wh_1', url: 'https://example.com/h', signing_secret: 'wh_sec_123' },
      tests: { wh_1: { state: 'done', attempt: { delivery_id: 'd', event: 'test', attempt: 1, status_code: 500, success: false, error: 'Server error', duration_ms: 30, attempted_at: 't' } } },
    });
    const page = html();
    expect(page).toContain('https://example.com/h');
    expect(page).toContain('A job finished');
    expect(page).toContain('wh_sec_123');
    expect(page).toContain('shown only this once');
    expect(page).toContain('Not delivered: the receiver answered 500; Server error (30 ms).');
    expect(page).toContain('aria-label="Send a test to https://example.com/h"');
  });

  it('shows a save failure as a sentence', () => {
    const { stores, html } = setup();
    stores.settings.setState({ saveError: 'The settings could not be saved. The data folder is read-only.' });
    expect(html()).toContain('The settings could not be saved. The data folder is read-only.');
  });
});

describe('settings screen: managing a webhook', () => {
  const hook = (patch: Partial<Webhook> = {}): Webhook => ({
    webhook_id: 'wh_1',
    url: 'https://example.com/h',
    events: ['extraction.job_completed'],
    enabled: true,
    has_secret: false,
    created_at: '2026-03-01T10:00:00.000Z',
    updated_at: '2026-03-01T10:00:00.000Z',
    ...patch,
  });
  const attempt = (patch: Partial<DeliveryAttempt> = {}): DeliveryAttempt => ({
    delivery_id: 'dlv_1',
    event: 'extraction.job_completed',
    attempt: 1,
    status_code: 200,
    success: true,
    error: null,
    duration_ms: 42,
    attempted_at: '2026-03-01T10:05:00.000Z',
    ...patch,
  });

  it('gives each webhook a labelled switch that says what turning it off does, and the actions', () => {
    const { stores, html } = setup();
    stores.settings.setState({ webhooks: [hook(), hook({ webhook_id: 'wh_2', url: 'https://example.com/off', enabled: false })] });
    const page = html();
    expect(page).toMatch(/<input type="checkbox" role="switch" aria-describedby="[^"]+" checked=""\/>.*?Send events<span class="visually-hidden"> to https:\/\/example.com\/h<\/span>/);
    expect(page).toContain(SWITCH_HINT_ON);
    expect(SWITCH_HINT_ON).toBe('Turning it off stops sending: events that happen while it is off are never sent, and deliveries waiting for a retry end.');
    expect(page).toMatch(/<input type="checkbox" role="switch" aria-describedby="[^"]+"\/>.*?Send events<span class="visually-hidden"> to https:\/\/example.com\/off<\/span>/);
    expect(page).toContain(SWITCH_HINT_OFF);
    expect(page).toContain('A job finished · turned off');
    expect(page).toContain('aria-label="Edit the webhook to https://example.com/h"');
    expect(page).toContain('aria-label="New signing secret for https://example.com/h"');
    expect(page).toMatch(/aria-expanded="false"[^>]*aria-label="Recent deliveries to https:\/\/example.com\/h"/);
  });

  it('switching one off saves it; a failure is a sentence in its row', async () => {
    const { stores, html, fake } = setup();
    stores.settings.setState({ webhooks: [hook()] });
    fake.on('webhooks.update', ({ patch }) => hook({ enabled: patch.enabled ?? true }));
    await stores.settings.getState().updateWebhook('wh_1', { enabled: false });
    expect(fake.callsOf('webhooks.update')).toEqual([{ webhook_id: 'wh_1', patch: { enabled: false } }]);
    expect(stores.settings.getState().webhooks[0]!.enabled).toBe(false);
    expect(html()).toContain(SWITCH_HINT_OFF);

    fake.on('webhooks.update', () => {
      throw new Error('No webhook with id wh_1.');
    });
    await stores.settings.getState().updateWebhook('wh_1', { enabled: true });
    expect(stores.settings.getState().webhooks[0]!.enabled).toBe(false);
    expect(html()).toContain('The webhook could not be turned on. No webhook with id wh_1.');
  });

  it('checks an edit with the same sentences as adding one, and sends only what changed', async () => {
    const { stores, fake } = setup();
    stores.settings.setState({ webhooks: [hook()] });
    const { updateWebhook, createWebhook } = stores.settings.getState();
    let saved = hook();
    fake.on('webhooks.update', ({ patch }) => (saved = { ...saved, ...patch }));

    expect(await updateWebhook('wh_1', { url: 'not a url', events: ['extraction.job_completed'] })).toBe(false);
    expect(stores.settings.getState().webhookErrors['wh_1']).toBe('Enter a web address starting with http:// or https://.');
    expect(await createWebhook('not a url', ['extraction.job_completed'])).toBe(false);
    expect(stores.settings.getState().webhooksError).toBe('Enter a web address starting with http:// or https://.');
    expect(await updateWebhook('wh_1', { url: ' ', events: ['extraction.job_completed'] })).toBe(false);
    expect(stores.settings.getState().webhookErrors['wh_1']).toBe('Enter the URL that should receive the webhook.');
    expect(await updateWebhook('wh_1', { url: 'https://example.com/h', events: [] })).toBe(false);
    expect(stores.settings.getState().webhookErrors['wh_1']).toBe('Choose at least one event to send.');
    expect(fake.callsOf('webhooks.update')).toEqual([]);

    expect(await updateWebhook('wh_1', { url: ' https://example.com/new ', events: ['extraction.job_completed'] })).toBe(true);
    expect(await updateWebhook('wh_1', { url: 'https://example.com/new', events: ['extraction.job_completed', 'extraction.document_completed'] })).toBe(true);
    expect(fake.callsOf('webhooks.update')).toEqual([
      { webhook_id: 'wh_1', patch: { url: 'https://example.com/new' } },
      { webhook_id: 'wh_1', patch: { events: ['extraction.job_completed', 'extraction.document_completed'] } },
    ]);
    expect(stores.settings.getState().webhookErrors).toEqual({});
    expect(stores.settings.getState().webhooks[0]).toMatchObject({ url: 'https://example.com/new', events: ['extraction.job_completed', 'extraction.document_completed'] });
  });

  it('edits in place with the address, the events, Save and Cancel, and the problem next to them', () => {
    const { stores, fake } = setup();
    const page = render(
      fake.backend,
      stores,
      <WebhookEditForm webhook={hook()} saving={false} error="Choose at least one event to send." onSave={() => undefined} onCancel={() => undefined} />,
    );
    expect(page).toContain('aria-label="Edit the webhook to https://example.com/h"');
    expect(page).toMatch(/<label for="[^"]+" class="field__label">Send to<\/label><input id="[^"]+" type="url" class="input" value="https:\/\/example.com\/h"\/>/);
    expect(page).toMatch(/<input type="checkbox"\/><span>A document finished<\/span>/);
    expect(page).toMatch(/<input type="checkbox" checked=""\/><span>A job finished<\/span>/);
    expect(page).toContain('role="alert"');
    expect(page).toContain('Choose at least one event to send.');
    expect(page).toMatch(/<button type="submit" class="button button--small">Save<\/button>/);
    expect(page).toContain('>Cancel</button>');
  });

  it('lists recent deliveries with time, event, attempt, status, the outcome in words and how long each took', () => {
    const { stores, fake } = setup();
    const deliveries = {
      status: 'ready' as const,
      error: null,
      items: [
        attempt({ event: 'webhook.test', duration_ms: 1500 }),
        attempt({ attempt: 3, status_code: 503, success: false, error: 'the receiver answered 503 Service Unavailable' }),
        attempt({ attempt: 2, status_code: null, success: false, error: 'Not sent: the webhook was disabled before this attempt.', duration_ms: 0 }),
      ],
    };
    const page = render(fake.backend, stores, <DeliveriesPanel webhook={hook()} deliveries={deliveries} onRefresh={() => undefined} />);
    expect(page).toContain('<th scope="col">Time</th><th scope="col">Event</th><th scope="col" class="num">Attempt</th><th scope="col" class="num">Status</th><th scope="col">Result</th><th scope="col" class="num">Took</th>');
    expect(page).toContain('<time dateTime="2026-03-01T10:05:00.000Z"');
    expect(page).toContain('<code>webhook.test</code>');
    expect(page).toMatch(/<td class="num">1<\/td><td class="num">200<\/td><td class="webhook-deliveries__result">Delivered.<\/td><td class="num">1.5 s<\/td>/);
    expect(page).toMatch(/<td class="num">3<\/td><td class="num">503<\/td><td class="webhook-deliveries__result">Not delivered: the receiver answered 503 Service Unavailable.<\/td>/);
    expect(page).toMatch(/<td class="num">2<\/td><td class="num">—<\/td><td class="webhook-deliveries__result">Not sent: the webhook was disabled before this attempt.<\/td><td class="num">0 ms<\/td>/);
    expect(page).toContain('aria-label="Refresh the recent deliveries to https://example.com/h"');
    expect(page).toContain('The last 10 attempts to send to this address, newest first.');

    const empty = render(fake.backend, stores, <DeliveriesPanel webhook={hook()} deliveries={{ status: 'ready', items: [], error: null }} onRefresh={() => undefined} />);
    expect(empty).toContain('Nothing has been sent to this address yet.');
    const failed = render(
      fake.backend,
      stores,
      <DeliveriesPanel webhook={hook()} deliveries={{ status: 'error', items: [], error: 'The recent deliveries could not be loaded. No webhook with id wh_1.' }} onRefresh={() => undefined} />,
    );
    expect(failed).toContain('The recent deliveries could not be loaded. No webhook with id wh_1.');
    expect(attemptOutcome(attempt({ success: false, status_code: 410, error: null }))).toBe('Not delivered: the receiver answered 410.');
  });

  it('loads the recent deliveries, and a test reloads them when they are open', async () => {
    const { stores, fake } = setup();
    stores.settings.setState({ webhooks: [hook()] });
    let items = [attempt()];
    fake.on('webhooks.get', () => ({ ...hook(), deliveries: items }));
    fake.on('webhooks.test', () => {
      const a = attempt({ delivery_id: 'dlv_2', event: 'webhook.test' });
      items = [a, ...items];
      return a;
    });
    await stores.settings.getState().testWebhook('wh_1');
    expect(fake.callsOf('webhooks.get')).toEqual([]);
    await stores.settings.getState().loadDeliveries('wh_1');
    expect(stores.settings.getState().deliveries['wh_1']).toMatchObject({ status: 'ready', items: [{ delivery_id: 'dlv_2' }, { delivery_id: 'dlv_1' }] });
    await stores.settings.getState().testWebhook('wh_1');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.callsOf('webhooks.get')).toEqual([{ webhook_id: 'wh_1' }, { webhook_id: 'wh_1' }]);
    expect(stores.settings.getState().deliveries['wh_1']!.items).toHaveLength(3);
  });

  it('asks before a new signing secret, explaining the day of grace and offering to end the old one at once', () => {
    const { stores, fake } = setup();
    const page = render(fake.backend, stores, <RotateSecretPrompt webhook={hook()} busy={false} onConfirm={() => undefined} onCancel={() => undefined} />);
    expect(page).toContain('role="alertdialog"');
    expect(page).toContain('Make a new signing secret for https://example.com/h?');
    expect(page).toContain('For a day the current secret keeps signing deliveries beside the new one');
    expect(page).toMatch(/<input type="checkbox"\/><span>Stop signing with the current secret at once/);
    expect(page).toContain('>Make a new secret</button>');
    expect(page).toContain('>Cancel</button>');
  });

  it('shows the new signing secret once, as after adding, and says how long the previous one still signs', async () => {
    const { stores, html, fake } = setup();
    stores.settings.setState({ webhooks: [hook()] });
    const until = '2026-03-02T10:00:00.000Z';
    fake.on('webhooks.rotateSecret', (arg) => ({
      ...hook(),
      signing_secret: arg.grace_period_seconds === 0 ? 'wh_sec_now' : 'wh_sec_grace',
      previous_secret_expires_at: arg.grace_period_seconds === 0 ? null : until,
    }));
    expect(await stores.settings.getState().rotateWebhookSecret('wh_1', false)).toBe(true);
    let page = html();
    expect(page).toContain('New signing secret for https://example.com/h');
    expect(page).toContain('<code class="path secret">wh_sec_grace</code>');
    expect(page).toContain('aria-label="Copy the signing secret"');
    expect(page).toContain(`Copy it now: it is shown only this once. The receiver uses it to check the X-PerfectParser-Signature header. The previous secret keeps signing deliveries beside it until ${formatFullDateTime(until)}`);

    expect(await stores.settings.getState().rotateWebhookSecret('wh_1', true)).toBe(true);
    expect(fake.callsOf('webhooks.rotateSecret')).toEqual([{ webhook_id: 'wh_1' }, { webhook_id: 'wh_1', grace_period_seconds: 0 }]);
    page = html();
    expect(page).toContain('wh_sec_now');
    expect(page).not.toContain('wh_sec_grace');
    expect(page).toContain('The previous secret no longer signs deliveries.');

    fake.on('webhooks.rotateSecret', () => {
      throw new Error('No webhook with id wh_1.');
    });
    stores.settings.getState().dismissSecret();
    expect(await stores.settings.getState().rotateWebhookSecret('wh_1', false)).toBe(false);
    page = html();
    expect(page).not.toContain('secret-box');
    expect(page).toContain('A new signing secret could not be made. No webhook with id wh_1.');
  });
});
