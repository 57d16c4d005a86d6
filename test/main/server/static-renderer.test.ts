// Browser mode's static renderer over real HTTP: index.html and assets without a key, with the
// browser CSP (the build's meta CSP removed), nosniff and cache headers; no way out of the
// renderer folder (.., encoded .., dot-files, symlinks); API paths keep their key check and
// 404 envelope; a missing build answers a sentence; the folder is found from src/ and dist/.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src/main/server/app.js';
import { BROWSER_CSP, defaultRendererDir } from '../../../src/main/server/static-renderer.js';
import { createFakeServices } from './fake-services.js';
import { errorOf, rawRequest } from './harness.js';

const KEY = 'pp_local_static_test_key';
const INDEX =
  '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;">\n' +
  '<meta charset="UTF-8" /><script type="module" src="./assets/index-B_qiDiBr.js"></script></head><body><div id="root"></div></body></html>';

let root: string;
let server: RunningServer;
beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'pp-static-test-'));
  const dir = path.join(root, 'renderer');
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  mkdirSync(path.join(dir, 'cmaps'));
  writeFileSync(path.join(dir, 'index.html'), INDEX);
  writeFileSync(path.join(dir, 'assets', 'index-B_qiDiBr.js'), 'console.log("app")');
  writeFileSync(path.join(dir, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(path.join(dir, 'cmaps', 'UniJIS-UTF16-H.bcmap'), 'bcmap');
  writeFileSync(path.join(dir, '.env'), 'SECRET=1');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer');
  symlinkSync(path.join(root, 'secret.txt'), path.join(dir, 'assets', 'link-abcdefgh.txt'));
  server = await startServer(createFakeServices(), { host: '127.0.0.1', port: 0, apiKey: KEY, rendererDir: dir });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const raw = (pathname: string) => rawRequest(server.port, { path: pathname, host: `127.0.0.1:${server.port}` });

describe('serving the renderer', () => {
  it('serves index.html at / without a key, with the browser CSP instead of the build meta tag', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(BROWSER_CSP);
    expect(BROWSER_CSP).toContain("connect-src 'self'");
    expect(BROWSER_CSP).toContain("worker-src 'self' blob:");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).not.toContain('Content-Security-Policy');
    expect(html).toContain('<div id="root"></div>');
    expect((await fetch(`${server.url}/index.html`)).status).toBe(200);
  });

  it('answers a missing favicon with 204, so browsers log no 404', async () => {
    const res = await fetch(`${server.url}/favicon.ico`);
    expect(res.status).toBe(204);
  });

  it('answers HEAD', async () => {
    const res = await fetch(`${server.url}/`, { method: 'HEAD' });
    expect(res.status).toBe(200);
  });

  it('serves hashed assets as immutable and other files as revalidated, with their types', async () => {
    const js = await fetch(`${server.url}/assets/index-B_qiDiBr.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log("app")');
    const svg = await fetch(`${server.url}/assets/logo.svg`);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('no-cache');
    const bcmap = await fetch(`${server.url}/cmaps/UniJIS-UTF16-H.bcmap`);
    expect(bcmap.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('serves nothing outside the folder, no dot-files and no symlinks out of it', async () => {
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/assets/..%5c..%5csecret.txt', '/.env', '/assets/link-abcdefgh.txt', '/assets', '/nothing.js', '/assets/%00.js']) {
      const res = await raw(p);
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.body, p).not.toContain('outside the renderer');
      expect(res.body, p).not.toContain('SECRET');
    }
  });

  it('keeps the key check and the 404 envelope on API paths', async () => {
    const keyless = await fetch(`${server.url}/v1/nothing-here`);
    expect(keyless.status).toBe(401);
    const keyed = await fetch(`${server.url}/v1/nothing-here`, { headers: { 'x-api-key': KEY } });
    expect(keyed.status).toBe(404);
    expect(await errorOf(keyed)).toMatchObject({ code: 'RESOURCE_NOT_FOUND', message: 'No route for GET /v1/nothing-here.' });
    // They count against the rate limit and say so, as every API answer does; files do not.
    for (const res of [keyless, keyed]) {
      expect(res.headers.get('x-ratelimit-limit'), String(res.status)).toBe('150');
      expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(150);
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    }
    expect((await fetch(`${server.url}/assets/logo.svg`)).headers.get('x-ratelimit-limit')).toBeNull();
    expect((await fetch(`${server.url}/rpc/anything`)).status).toBe(401);
    expect((await fetch(`${server.url}/v1/me`)).status).toBe(401);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('applies the Host guard to the UI too', async () => {
    const res = await rawRequest(server.port, { path: '/', host: `rebind.example:${server.port}` });
    expect(res.status).toBe(403);
  });

  it('serves no UI when not asked to', async () => {
    const plain = await startServer(createFakeServices(), { host: '127.0.0.1', port: 0, apiKey: KEY });
    try {
      expect((await fetch(`${plain.url}/`)).status).toBe(401);
    } finally {
      await plain.close();
    }
  });
});

describe('a missing build', () => {
  it('answers / with a sentence saying how to build', async () => {
    const unbuilt = await startServer(createFakeServices(), { host: '127.0.0.1', port: 0, apiKey: KEY, rendererDir: path.join(root, 'not-built') });
    try {
      const res = await fetch(`${unbuilt.url}/`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toContain('npm run build');
      expect((await fetch(`${unbuilt.url}/assets/x.js`)).status).toBe(503);
    } finally {
      await unbuilt.close();
    }
  });
});

describe('defaultRendererDir', () => {
  it('finds out/renderer of the project from src/ and from dist/', () => {
    const repo = path.resolve(import.meta.dirname, '../../..');
    const expected = path.join(repo, 'out', 'renderer');
    expect(defaultRendererDir()).toBe(expected);
    expect(defaultRendererDir(path.join(repo, 'src', 'main', 'server'))).toBe(expected);
    expect(defaultRendererDir(path.join(repo, 'dist', 'main', 'server'))).toBe(expected);
  });
});
