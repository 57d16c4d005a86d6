// End-to-end harness: the real `perfectparser serve` (the built CLI, bin/perfectparser.js → dist/)
// over a fresh temporary data folder, and the system Chromium driven by playwright-core against
// the UI it serves (the built renderer in out/renderer). Each spec file starts one with
// `startE2e()` in beforeAll and stops it with `close()` in afterAll; pages it opens are watched
// for console errors, uncaught exceptions and failed requests.
//
//   describe('jobs screen', () => {
//     let e2e: E2e;
//     beforeAll(async () => { e2e = await startE2e(); });
//     afterAll(async () => { await e2e?.close(); });
//     it('shows the inbox', async () => {
//       const { page, problems } = await e2e.openApp();
//       await page.getByRole('heading', { name: 'Inbox' }).waitFor();
//       await e2e.screenshot(page, 'inbox');
//       expectNoProblems(problems);
//     });
//   });
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { expect } from 'vitest';
import type { JobDetail, RpcArgs, RpcMethod, RpcResult, StagedFile, StageResult } from '../../src/shared/rpc-contract.js';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(repoRoot, 'bin', 'perfectparser.js');
export const SCREENSHOT_DIR = path.join(repoRoot, 'test-results', 'screenshots');
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const BUILT_CLI = path.join(repoRoot, 'dist', 'main', 'cli', 'index.js');
const BUILT_RENDERER = path.join(repoRoot, 'out', 'renderer', 'index.html');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** A running `perfectparser serve` child process. */
export interface ServeInstance {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  port: number;
  /** The API key, as printed in the "Open in your browser" link. */
  key: string;
  /** The browser link exactly as serve printed it (`<url>/#key=<key>`). */
  openUrl: string;
  /** The temporary data folder (removed by stop()). */
  dataDir: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** SIGTERM (SIGKILL after 15 s), then removes the data folder. */
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** Extra environment (PERFECTPARSER_RATE_LIMIT is `off` unless given here). */
  env?: Record<string, string>;
  /** Sets PERFECTPARSER_API_KEY; by default the key is generated and read from serve's output. */
  apiKey?: string;
  /** Prefix of the temporary data folder's name. */
  name?: string;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts `node bin/perfectparser.js serve --port 0` over a fresh data folder and waits until it
 *  prints its browser link. Needs the build (`npm run build`). */
export async function startServe(options: ServeOptions = {}): Promise<ServeInstance> {
  for (const built of [BUILT_CLI, BUILT_RENDERER]) {
    if (!existsSync(built)) throw new Error(`${path.relative(repoRoot, built)} is missing: run \`npm run build\` before the end-to-end tests.`);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), `pp-e2e-${options.name ?? 'serve'}-`));
  const env: NodeJS.ProcessEnv = { ...process.env, PERFECTPARSER_RATE_LIMIT: 'off', ...options.env };
  delete env['PERFECTPARSER_API_KEY'];
  if (options.apiKey !== undefined) env['PERFECTPARSER_API_KEY'] = options.apiKey;
  const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => children.delete(child), () => undefined);

  async function stop(): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  }

  try {
    const link = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no browser link within ${START_TIMEOUT_MS} ms.\nstdout: ${out}\nstderr: ${err}`)), START_TIMEOUT_MS);
      const check = () => {
        const m = /Open in your browser:\s+(http:\/\/127\.0\.0\.1:(\d+))\/#key=(\S+)/.exec(out);
        if (!m) return;
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(m);
      };
      child.stdout!.on('data', check);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`serve exited (${signal ?? code}) before listening.\nstdout: ${out}\nstderr: ${err}`));
      });
    });
    const [, url, port, encodedKey] = link as unknown as [string, string, string, string];
    const openUrl = `${url}/#key=${encodedKey}`;
    return { url, port: Number(port), key: decodeURIComponent(encodedKey), openUrl, dataDir, child, stdout: () => out, stderr: () => err, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** What went wrong on a page while it was watched. */
export interface PageProblems {
  /** console.error messages, with the URL they came from (Chromium also logs each 4xx/5xx fetch as one). */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections. */
  pageErrors: string[];
  /** Requests that failed at the network level (an aborted event stream is not counted). */
  failedRequests: string[];
  /** Responses with status 400 or more, as `STATUS METHOD path`. */
  errorResponses: string[];
}

/** Starts collecting a page's problems; the returned object fills as they happen. */
export function watchPage(page: Page): PageProblems {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], failedRequests: [], errorResponses: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    problems.consoleErrors.push(where ? `${message.text()} (${where})` : message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.stack ?? error.message));
  // Requests still in flight when the page navigates (a reload, a link) are cancelled by the
  // browser: each request remembers how many navigations the page had begun when it was sent.
  let navigations = 0;
  const sentAt = new WeakMap<Request, number>();
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) navigations++;
    else sentAt.set(request, navigations);
  });
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    const { pathname } = new URL(request.url());
    // The event stream (and downloads) are aborted on purpose when a page closes or navigates,
    // and so is any call still in flight when the page navigates away.
    if (failure === 'net::ERR_ABORTED' && (pathname === '/v1/events' || request.isNavigationRequest())) return;
    if (failure === 'net::ERR_ABORTED' && (sentAt.get(request) ?? navigations) < navigations) return;
    problems.failedRequests.push(`${request.method()} ${pathname}: ${failure}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.errorResponses.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  return problems;
}

/** Fails when the page had any problem, except messages matching one of `allow`. */
export function expectNoProblems(problems: PageProblems, allow: RegExp[] = []): void {
  const keep = (list: string[]) => list.filter((text) => !allow.some((re) => re.test(text)));
  expect({
    consoleErrors: keep(problems.consoleErrors),
    pageErrors: keep(problems.pageErrors),
    failedRequests: keep(problems.failedRequests),
    errorResponses: keep(problems.errorResponses),
  }).toEqual({ consoleErrors: [], pageErrors: [], failedRequests: [], errorResponses: [] });
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Launches the system Chromium headless. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: the end-to-end tests need it. Install it (scripts/setup.sh, or apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--headless=new'] });
}

/** A page of the app with its problems being collected. */
export interface AppPage {
  page: Page;
  problems: PageProblems;
}

/** A server, a browser and helpers over both. */
export interface E2e {
  server: ServeInstance;
  browser: Browser;
  /** One browser context (its own sessionStorage, cookies, downloads) shared by openApp's pages. */
  context: BrowserContext;
  /** Opens a new page at the served UI — with `#key=<key>` unless `withKey` is false — and waits for `load`. */
  openApp(options?: { withKey?: boolean }): Promise<AppPage>;
  /** Calls an RPC method from Node (with the key) to set up or check data; throws on an error answer. */
  rpc<M extends RpcMethod>(method: M, ...args: RpcArgs<M> extends undefined ? [] : [RpcArgs<M>]): Promise<RpcResult<M>>;
  /** fetch against the server from Node, with the key unless the caller sets its own X-API-Key. */
  api(pathname: string, init?: RequestInit): Promise<Response>;
  screenshot(page: Page, name: string): Promise<string>;
  /** Closes the browser, stops the server and removes its data folder. */
  close(): Promise<void>;
}

/** Starts serve and Chromium (see ServeOptions); close() undoes both. */
export async function startE2e(options: ServeOptions = {}): Promise<E2e> {
  const browser = await launchChromium();
  let server: ServeInstance;
  try {
    server = await startServe(options);
  } catch (err) {
    await browser.close();
    throw err;
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const api = (pathname: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('x-api-key')) headers.set('x-api-key', server.key);
    return fetch(server.url + pathname, { ...init, headers });
  };
  return {
    server,
    browser,
    context,
    async openApp({ withKey = true } = {}) {
      const page = await context.newPage();
      const problems = watchPage(page);
      await page.goto(withKey ? server.openUrl : `${server.url}/`, { waitUntil: 'load' });
      return { page, problems };
    },
    async rpc(method, ...args) {
      const body = args.length > 0 ? JSON.stringify(args[0]) : undefined;
      const res = await api(`/rpc/${method}`, { method: 'POST', headers: body ? { 'content-type': 'application/json' } : {}, body });
      const text = await res.text();
      if (!res.ok) throw new Error(`rpc ${method} → HTTP ${res.status}: ${text}`);
      return JSON.parse(text);
    },
    api,
    screenshot,
    async close() {
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}

/** Uploads bytes as a file named `name` (as the Inbox does) and returns it staged. */
export async function uploadBytes(e2e: E2e, name: string, body: Uint8Array): Promise<StagedFile> {
  const res = await e2e.api('/rpc/upload', {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(name), 'x-relative-path': encodeURIComponent(name) },
    body: Buffer.from(body),
  });
  if (!res.ok) throw new Error(`upload of ${name} → HTTP ${res.status}: ${await res.text()}`);
  const staged = (await res.json()) as StageResult;
  const file = staged.files[0];
  if (!file) throw new Error(`upload of ${name} was skipped: ${JSON.stringify(staged.skipped)}`);
  return file;
}

/** Starts a job over `files` (parse only without a parser) and waits until every document has
 *  finished; returns the job. */
export async function runJob(e2e: E2e, parserId: string | null, files: StagedFile[], timeoutMs = 90_000): Promise<JobDetail> {
  const created = await e2e.rpc('jobs.create', { parser_id: parserId, files: files.map((f) => f.ref) });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await e2e.rpc('jobs.get', { extraction_id: created.extraction_id });
    if (job.documents.every((d) => d.status === 'completed' || d.status === 'failed')) return job;
    if (Date.now() > deadline) throw new Error(`job ${created.extraction_id} did not finish: ${JSON.stringify(job.documents.map((d) => d.status))}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Opens the app at a job's document (`#/document/<job>/<document>`, then `query` such as
 *  `?field=total`) and waits until the Document screen shows its heading. */
export async function openDocument(e2e: E2e, extractionId: string, documentId: string, query = ''): Promise<AppPage> {
  const opened = await e2e.openApp();
  await opened.page.locator('#root > *').first().waitFor();
  await opened.page.evaluate(`location.hash = '#/document/${extractionId}/${documentId}${query}'`);
  await opened.page.getByRole('heading', { name: 'Document', level: 2 }).waitFor();
  return opened;
}
