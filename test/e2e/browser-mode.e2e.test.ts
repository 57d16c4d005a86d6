// Browser mode, end to end: `perfectparser serve` serves the UI; opened from the printed link it
// loads without console errors, takes the key out of the address bar, and reaches /rpc with it;
// /rpc refuses a request without the key and an argument that fails its schema.
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { expectNoProblems, startE2e, type E2e } from './harness.js';

describe('browser mode', () => {
  let e2e: E2e;
  beforeAll(async () => {
    e2e = await startE2e({ name: 'browser-mode' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('serves the UI with its security headers', async () => {
    const res = await fetch(`${e2e.server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<div id="root">');
  });

  it('loads from the printed link, takes the key out of the address bar and calls /rpc with it', async () => {
    const { page, problems } = await e2e.openApp();
    // (Page functions run in the browser; this file is typechecked without the DOM library.)
    await page.waitForFunction('(document.getElementById("root")?.childElementCount ?? 0) > 0', undefined, { timeout: 30_000 });
    await e2e.screenshot(page, 'browser-mode-loaded');
    expect(page.url()).toBe(`${e2e.server.url}/`);
    const answer = await page.evaluate(async () => {
      const key = (globalThis as unknown as { sessionStorage: { getItem(name: string): string | null } }).sessionStorage.getItem('perfectparser.apiKey');
      const res = await fetch('/rpc/settings.get', { method: 'POST', headers: { 'X-API-Key': key ?? '' } });
      return { hadKey: key !== null, status: res.status, body: (await res.json()) as { mode?: string; api?: { can_toggle?: boolean } } };
    });
    expect(answer.hadKey).toBe(true);
    expect(answer.status).toBe(200);
    expect(answer.body.mode).toBe('browser');
    expect(answer.body.api?.can_toggle).toBe(false);
    expectNoProblems(problems);
    await page.close();
  });

  it('refuses /rpc without the key, and an argument that fails its schema', async () => {
    const keyless = await fetch(`${e2e.server.url}/rpc/settings.get`, { method: 'POST' });
    expect(keyless.status).toBe(401);
    expect(((await keyless.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    const bad = await e2e.api('/rpc/jobs.get', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ extraction_id: 42 }) });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect(error.message).toContain('extraction_id');
  });
});
