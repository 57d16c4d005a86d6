// The store over its writer worker (the compiled dist/main/store/store-worker.js: run
// `npm run build:node` first): RPC, rebuilt errors, ordering, refusal at open, close, WAL.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api/errors.js';
import { LATEST_VERSION } from '../../../src/main/store/migrations/index.js';
import { damagedSentence, storeFile } from '../../../src/main/store/db.js';
import { Store } from '../../../src/main/store/store-client.js';
import { doc, INVOICE_PARSER } from './fixtures.js';

let dir: string;
let n = 0;
const fresh = (): string => path.join(dir, `store-${++n}`, 'perfectparser.db');

/** The store's worker thread (private), to simulate a crash. */
function workerOf(store: Store): Worker {
  return (store as unknown as { worker: Worker }).worker;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pp-store-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Store over the writer worker', () => {
  it('runs methods in the worker and returns their results', async () => {
    const store = await Store.open({ file: fresh() });
    try {
      const key = await store.call('ensureApiKey');
      expect(key.key).toMatch(/^pp_local_/);
      expect((await store.call('ensureApiKey')).key).toBe(key.key);
      const parser = await store.call('insertParser', { name: 'Invoices', result_mode: 'one_per_file', fields: [{ name: 'total', type: 'number' }] });
      expect(parser).toMatchObject({ name: 'Invoices', fields: [{ name: 'total', type: 'number' }] });
      expect(await store.call('findParser', { ref: 'INVOICES' })).toEqual(parser);
      const { extraction_id } = await store.call('createExtraction', { parser: INVOICE_PARSER, documents: [doc('a', 2)] });
      const claim = await store.call('claimNextDocument', { lease: 'L' });
      expect(claim?.extraction_id).toBe(extraction_id);
      const done = await store.call('completeDocument', {
        document_id: claim!.document_id,
        lease: 'L',
        extracted_data: { total: 3 },
        confidence: 1,
        parse_run: null,
        page_count: 2,
        processing_time_ms: 5,
      });
      expect(done).toEqual({ accepted: true, extraction_status: 'completed', job_finished: true, deliveries: 0 });
      expect(await store.call('getExtraction', { extraction_id })).toMatchObject({ status: 'completed', credits_used: 2 });
      expect(await store.call('getParser', { parser_id: 'prs_nope' })).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('an ApiError thrown in the worker arrives as an ApiError with its code and field', async () => {
    const store = await Store.open({ file: fresh() });
    try {
      await store.call('insertParser', { name: 'Invoices', result_mode: 'one_per_file', fields: [] });
      const conflict = await rejection(store.call('insertParser', { name: 'invoices', result_mode: 'one_per_file', fields: [] }));
      expect(conflict).toBeInstanceOf(ApiError);
      expect(conflict).toMatchObject({ name: 'ApiError', code: 'CONFLICT', field: 'name', message: 'A parser named "invoices" already exists.' });
      expect((conflict as ApiError).status).toBe(409);
      const badCursor = await rejection(store.call('listParsers', { limit: 5, cursor: 'nope' }));
      expect(badCursor).toBeInstanceOf(ApiError);
      expect(badCursor).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'cursor' });
      // The worker is still serving after errors.
      expect((await store.call('listParsers', { limit: 5 })).items).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('a plain error in the worker arrives as an Error with its message, not an ApiError', async () => {
    const store = await Store.open({ file: fresh() });
    try {
      const err = await rejection((store.call as (m: string, a?: unknown) => Promise<unknown>)('noSuchMethod', {}));
      expect(err).not.toBeInstanceOf(ApiError);
      expect(err.message).toBe('Unknown store method noSuchMethod');
    } finally {
      await store.close();
    }
  });

  it('concurrent calls are answered in the order they were sent', async () => {
    const store = await Store.open({ file: fresh() });
    try {
      const settled: number[] = [];
      const calls = Array.from({ length: 30 }, (_, i) =>
        (i % 3 === 2
          ? store.call('listParsers', { limit: 100 }).then((p) => p.items.length)
          : store.call('insertParser', { name: `p${i}`, result_mode: 'one_per_file', fields: [] }).then((p) => p.name)
        ).then((v) => {
          settled.push(i);
          return v;
        }),
      );
      const values = await Promise.all(calls);
      expect(settled).toEqual(Array.from({ length: 30 }, (_, i) => i));
      // Each list saw exactly the inserts sent before it: 2 per group of 3.
      expect(values.filter((_, i) => i % 3 === 2)).toEqual(Array.from({ length: 10 }, (_, k) => 2 * (k + 1)));
      expect(values[0]).toBe('p0');
      const listed = await store.call('listParsers', { limit: 100 });
      expect(listed.items.map((p) => p.name)).toEqual(
        Array.from({ length: 30 }, (_, i) => i)
          .filter((i) => i % 3 !== 2)
          .reverse()
          .map((i) => `p${i}`),
      );
    } finally {
      await store.close();
    }
  });

  it('close() answers the calls already sent, then refuses new ones with SERVICE_UNAVAILABLE', async () => {
    const store = await Store.open({ file: fresh() });
    const inFlight = store.call('insertParser', { name: 'Last', result_mode: 'one_per_file', fields: [] });
    await store.close();
    await expect(inFlight).resolves.toMatchObject({ name: 'Last' });
    const err = await rejection(store.call('listParsers', { limit: 1 }));
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('SERVICE_UNAVAILABLE');
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('when the worker dies, pending and later calls reject with SERVICE_UNAVAILABLE', async () => {
    const store = await Store.open({ file: fresh() });
    const pending = store.call('listParsers', { limit: 1 });
    // Simulate a crash of the writer thread.
    await workerOf(store).terminate();
    const first = await rejection(pending);
    expect(first).toBeInstanceOf(ApiError);
    expect(first).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/^The job store is unavailable: The store worker stopped/) });
    const later = await rejection(store.call('ensureApiKey'));
    expect((later as ApiError).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('close() still resolves when the worker has already stopped', async () => {
    const store = await Store.open({ file: fresh() });
    await workerOf(store).terminate();
    const outcome = await Promise.race([store.close().then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still waiting after 2 s'), 2000))]);
    expect(outcome).toBe('closed');
  });

  it('keeps its data across a close and a reopen, and the file is in WAL mode', async () => {
    const file = fresh();
    const first = await Store.open({ file });
    const { key } = await first.call('ensureApiKey');
    await first.call('insertParser', { name: 'Kept', result_mode: 'one_per_page', fields: [] });
    await first.close();

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    } finally {
      raw.close();
    }

    const second = await Store.open({ file });
    try {
      expect((await second.call('ensureApiKey')).key).toBe(key);
      expect(await second.call('findParser', { ref: 'kept' })).toMatchObject({ name: 'Kept', result_mode: 'one_per_page' });
    } finally {
      await second.close();
    }
  });

  it('writes a -wal file beside the store while it is open', async () => {
    const file = fresh();
    const store = await Store.open({ file });
    try {
      await store.call('setSetting', { key: 'k', value: 'v' });
      expect(existsSync(`${file}-wal`)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('opens perfectparser.db inside a data folder, creating the folder', async () => {
    const dataDir = path.join(dir, 'nested', 'data');
    const store = await Store.open({ dataDir });
    try {
      await store.call('setSetting', { key: 'theme', value: 'dark' });
      expect(await store.call('getSetting', { key: 'theme' })).toBe('dark');
    } finally {
      await store.close();
    }
    expect(existsSync(storeFile(dataDir))).toBe(true);
    expect(storeFile(dataDir)).toBe(path.join(dataDir, 'perfectparser.db'));
  });

  it('does not keep the process alive while idle and left open (a command that failed after opening it ends)', () => {
    const client = pathToFileURL(path.resolve(import.meta.dirname, '../../../dist/main/store/store-client.js')).href;
    const script = path.join(dir, 'left-open.mjs');
    writeFileSync(
      script,
      `const { Store } = await import(${JSON.stringify(client)});
      const store = await Store.open({ file: ${JSON.stringify(fresh())} });
      await store.call('setSetting', { key: 'k', value: 'v' });
      console.log(await store.call('getSetting', { key: 'k' }));`,
    );
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.signal).toBeNull();
    expect(run.stdout.trim()).toBe('v');
    expect(run.status).toBe(0);
  });

  it('keeps the process alive while it closes, even when the last call is answered during the close', () => {
    const client = pathToFileURL(path.resolve(import.meta.dirname, '../../../dist/main/store/store-client.js')).href;
    const script = path.join(dir, 'closing.mjs');
    writeFileSync(
      script,
      `const { Store } = await import(${JSON.stringify(client)});
      const store = await Store.open({ file: ${JSON.stringify(fresh())} });
      const written = store.call('setSetting', { key: 'k', value: 'v' });
      await store.close();
      await written;
      console.log('closed');`,
    );
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stdout.trim()).toBe('closed');
    expect(run.status).toBe(0);
  });

  it('refuses at open a store written by a newer version, with the clear message, and leaves it intact', async () => {
    const file = fresh();
    const store = await Store.open({ file });
    await store.call('setSetting', { key: 'k', value: 'v' });
    await store.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 3}`);
    raw.close();

    const err = await rejection(Store.open({ file }));
    expect(err.message).toBe(
      `The data folder was written by a newer version of PerfectParser (schema ${LATEST_VERSION + 3}); please update the app.`,
    );
    const after = new Database(file, { readonly: true });
    try {
      expect(after.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 3);
      expect(after.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: 'v' });
    } finally {
      after.close();
    }
  });
});

describe('Store whose file is lost or damaged', () => {
  it('refuses every call, saying so, once its data folder is deleted while it is open', async () => {
    const dataDir = path.join(dir, 'deleted', 'data');
    const store = await Store.open({ dataDir });
    try {
      await store.call('setSetting', { key: 'k', value: 'v' });
      await rm(dataDir, { recursive: true, force: true });
      const err = await rejection(store.call('setSetting', { key: 'k2', value: 'v2' }));
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe('SERVICE_UNAVAILABLE');
      expect(err.message).toBe(
        `The data folder ${dataDir} was deleted, moved or replaced while PerfectParser was running, so nothing more can be saved in it; put it back, or restart PerfectParser to begin a new one there.`,
      );
      await expect(store.call('getSetting', { key: 'k' })).rejects.toThrow('was deleted, moved or replaced');
    } finally {
      await store.close();
    }
  });

  it('refuses every call once its file is replaced by another one', async () => {
    const file = fresh();
    const store = await Store.open({ file });
    try {
      await store.call('setSetting', { key: 'k', value: 'v' });
      const other = new Database(`${file}.other`);
      other.close();
      renameSync(`${file}.other`, file);
      await expect(store.call('getSetting', { key: 'k' })).rejects.toThrow('was deleted, moved or replaced');
    } finally {
      await store.close();
    }
  });

  it('names a store file cut short, instead of passing on SQLite\'s words', async () => {
    const file = fresh();
    const store = await Store.open({ file });
    for (let i = 0; i < 200; i++) {
      await store.call('insertParser', { name: `Parser ${i}`, description: 'x'.repeat(500), result_mode: 'one_per_file', fields: [{ name: 'total', type: 'number' }] });
    }
    await store.close();
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const err = await rejection(
      (async () => {
        const reopened = await Store.open({ file });
        try {
          let cursor: string | undefined;
          do {
            const page = await reopened.call('listParsers', { limit: 100, cursor });
            cursor = page.pagination.next_cursor ?? undefined;
          } while (cursor);
        } finally {
          await reopened.close();
        }
      })(),
    );
    expect(err.message).toBe(damagedSentence(file));
  });
});
