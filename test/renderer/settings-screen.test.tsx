// What Settings shows: the privacy statement, reading options, the API and webhooks.
import { describe, expect, it } from 'vitest';
import { PRIVACY_STATEMENT, SettingsScreen } from '../../src/renderer/features/settings/settings-screen.js';
import { createFakeBackend } from './fake-backend.js';
import { sampleSettings } from './fixtures.js';
import { render, serverStores } from './render.js';

function setup(settings = sampleSettings()) {
  const fake = createFakeBackend();
  const stores = serverStores(fake.backend);
  stores.settings.setState({ settings, status: 'ready', draft: { ocr_languages: settings.ocr_languages, worker_count: settings.worker_count }, webhooksStatus: 'ready' });
  return { stores, html: () => render(fake.backend, stores, <SettingsScreen />) };
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
