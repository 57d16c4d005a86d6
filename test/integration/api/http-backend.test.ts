// The renderer's browser-mode Backend (src/renderer/backend/http-backend.ts) in Node against the
// real server over HTTP, with fake services and a fake RpcService: calls and their errors, file
// bytes, key rotation, staging (type filter, folder walking, three uploads at a time, refused
// files reported as skipped), the shared event stream and its reconnection, and exports.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src/main/server/app.js';
import type { DroppedEntry } from '../../../src/renderer/backend/backend.js';
import { BackendError, createHttpBackend, filenameFromDisposition, type HttpBackendOptions } from '../../../src/renderer/backend/http-backend.js';
import { captureApiKey, keyFromHash, type KeyScope } from '../../../src/renderer/backend/api-key.js';
import type { JobEvent } from '../../../src/shared/rpc-contract.js';
import { createFakeRpc, type FakeRpc } from '../../main/server/fake-rpc.js';
import { createFakeServices, type FakeServices } from '../../main/server/fake-services.js';

let key = 'pp_local_backend_test';
let root: string;
let services: FakeServices;
let rpc: FakeRpc;
let server: RunningServer;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'pp-http-backend-'));
  services = createFakeServices();
  rpc = createFakeRpc();
  server = await startServer(services, { host: '127.0.0.1', port: 0, apiKey: () => key, uploadDir: root, rpc, maxUploadBytes: 1000, rateLimits: false });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

function backend(options: HttpBackendOptions = {}) {
  return createHttpBackend({ baseUrl: server.url, apiKey: key, ...options });
}

function file(name: string, content = '%PDF-1.7', relative?: string): File {
  const f = new File([content], name);
  if (relative) Object.defineProperty(f, 'webkitRelativePath', { value: relative });
  return f;
}

/** A dropped folder as the File and Directory Entries API shows it, read in batches of two. */
function folder(fullPath: string, children: DroppedEntry[]): DroppedEntry {
  const name = fullPath.split('/').pop()!;
  return Object.assign(
    { isFile: false, isDirectory: true, name, fullPath },
    {
      createReader: () => {
        let at = 0;
        return {
          readEntries: (ok: (entries: DroppedEntry[]) => void) => {
            const batch = children.slice(at, at + 2);
            at += batch.length;
            setTimeout(() => ok(batch), 1);
          },
        };
      },
    },
  );
}

function fileEntry(fullPath: string, content = '%PDF-1.7'): DroppedEntry {
  const name = fullPath.split('/').pop()!;
  return Object.assign({ isFile: true, isDirectory: false, name, fullPath }, { file: (ok: (f: File) => void) => ok(new File([content], name)) });
}

describe('call', () => {
  it('posts the argument and answers the result', async () => {
    const b = backend();
    expect(b.kind).toBe('browser');
    expect(await b.call('settings.get')).toEqual({ method: 'settings.get', args: null });
    expect(await b.call('jobs.get', { extraction_id: 'ext_1' })).toEqual({ method: 'jobs.get', args: { extraction_id: 'ext_1' } });
  });

  it('rejects with the envelope message and code', async () => {
    const err = await backend()
      .call('jobs.get', { extraction_id: '' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).code).toBe('INVALID_PAYLOAD');
    expect((err as BackendError).message).toMatch(/^Invalid request to jobs\.get — extraction_id: /);
  });

  it('explains how to get the key on 401, and sends nothing without one', async () => {
    const wrong = await backend({ apiKey: 'pp_local_wrong' })
      .call('settings.get')
      .catch((e: Error) => e);
    expect((wrong as BackendError).status).toBe(401);
    expect((wrong as Error).message).toContain('perfectparser serve');
    let fetched = 0;
    const none = backend({ apiKey: null, fetch: (url, init) => (fetched++, fetch(url, init)) });
    expect(none.hasApiKey()).toBe(false);
    const err = await none.call('settings.get').catch((e: Error) => e);
    expect((err as Error).message).toContain('#key=');
    expect(fetched).toBe(0);
  });

  it('gets document and sample files through the GET routes', async () => {
    const b = backend();
    const doc = await b.call('documents.file', { extraction_id: 'ext_1', document_id: 'doc_1' });
    expect(doc.file_type).toBe('pdf');
    expect(doc.filename).toBe('März invoice.pdf');
    expect(new TextDecoder().decode(doc.bytes)).toBe('%PDF-1.7 fake');
    expect(await b.call('parsers.sample', { parser_id: 'prs_none' })).toBeNull();
    expect((await b.call('documents.figure', { extraction_id: 'ext_1', document_id: 'doc_1', name: 'page-1-figure-1.png' }))?.file_type).toBe('image/png');
    expect(await b.call('documents.figure', { extraction_id: 'ext_1', document_id: 'doc_1', name: 'page-9-figure-9.png' })).toBeNull();
    expect((await b.call('parsers.sample', { parser_id: 'prs_1' }))?.file_type).toBe('image/png');
  });

  it('switches to the new key after rotating it', async () => {
    rpc.answers.set('settings.rotateApiKey', () => {
      key = 'pp_local_rotated';
      return { api: { key } };
    });
    const b = backend();
    try {
      await b.call('settings.rotateApiKey');
      expect(await b.call('settings.get')).toEqual({ method: 'settings.get', args: null });
    } finally {
      rpc.answers.delete('settings.rotateApiKey');
    }
  });
});

describe('stage', () => {
  it('uploads picked files passing the filter and reports the others as skipped', async () => {
    const progress: Array<[number, number]> = [];
    const result = await backend().stage(
      { files: [file('a.pdf'), file('b.PNG', 'png'), file('c.docx'), file('.DS_Store'), file('Thumbs.db')] },
      'pdf',
      (done, total) => progress.push([done, total]),
    );
    expect(result.files.map((f) => f.name)).toEqual(['a.pdf']);
    expect(result.skipped).toEqual([
      { name: 'b.PNG', relative_path: 'b.PNG', reason: 'Not a PDF.' },
      { name: 'c.docx', relative_path: 'c.docx', reason: 'Not a PDF.' },
    ]);
    expect(progress).toEqual([
      [0, 1],
      [1, 1],
    ]);
    const images = await backend().stage({ files: [file('b.PNG', 'png'), file('scan.tiff')] }, 'images');
    expect(images.files.map((f) => f.name)).toEqual(['b.PNG', 'scan.tiff']);
  });

  it('keeps the folder path of a folder input', async () => {
    const result = await backend().stage({ files: [file('inv.pdf', '%PDF', 'taxes/2024/inv.pdf')] }, 'supported');
    expect(result.files[0]).toMatchObject({ name: 'inv.pdf', relative_path: 'taxes/2024/inv.pdf' });
  });

  it('walks dropped folders recursively, reading every batch, with at most three uploads at a time', async () => {
    const entries = [
      folder('/scans', [
        fileEntry('/scans/1.pdf'),
        fileEntry('/scans/2.pdf'),
        folder('/scans/march', [fileEntry('/scans/march/3.pdf'), fileEntry('/scans/march/4.pdf'), fileEntry('/scans/march/notes.xml')]),
        fileEntry('/scans/5.pdf'),
        fileEntry('/scans/6.pdf'),
      ]),
      fileEntry('/7.pdf'),
    ];
    let inFlight = 0;
    let most = 0;
    const counting: HttpBackendOptions['fetch'] = async (url, init) => {
      const isUpload = url.endsWith('/rpc/upload');
      if (isUpload) most = Math.max(most, ++inFlight);
      try {
        await new Promise((r) => setTimeout(r, 20));
        return await fetch(url, init);
      } finally {
        if (isUpload) inFlight--;
      }
    };
    const result = await backend({ fetch: counting }).stage({ files: [], entries }, 'supported');
    expect(result.files.map((f) => f.relative_path)).toEqual(['scans/1.pdf', 'scans/2.pdf', 'scans/march/3.pdf', 'scans/march/4.pdf', 'scans/5.pdf', 'scans/6.pdf', '7.pdf']);
    expect(result.skipped).toEqual([{ name: 'notes.xml', relative_path: 'scans/march/notes.xml', reason: 'Not a PDF, an image or a text file.' }]);
    expect(most).toBe(3);
  });

  it('reports a file the server refuses as skipped and stages the rest', async () => {
    const result = await backend().stage({ files: [file('small.pdf'), file('huge.pdf', 'x'.repeat(5000))] }, 'pdf');
    expect(result.files.map((f) => f.name)).toEqual(['small.pdf']);
    expect(result.skipped).toEqual([{ name: 'huge.pdf', relative_path: 'huge.pdf', reason: '"huge.pdf" is larger than the upload limit of 1000 bytes.' }]);
  });

  it('stops at a refused key', async () => {
    await expect(backend({ apiKey: 'pp_local_wrong' }).stage({ files: [file('a.pdf'), file('b.pdf')] }, 'pdf')).rejects.toThrow(/perfectparser serve/);
  });
});

describe('subscribe', () => {
  it('shares one stream among listeners and closes it with the last disposer', async () => {
    const b = backend();
    const a: JobEvent[] = [];
    const c: JobEvent[] = [];
    const stopA = b.subscribe((e) => a.push(e));
    const stopC = b.subscribe((e) => c.push(e));
    await until(() => services.subscriptions() === 1);
    const event: JobEvent = { type: 'extraction.status', extraction_id: 'ext_1', status: 'processing' };
    services.emit(event);
    await until(() => a.length === 1 && c.length === 1);
    expect(a).toEqual([event]);
    stopA();
    stopA();
    services.emit({ ...event, status: 'completed' });
    await until(() => c.length === 2);
    expect(a.length).toBe(1);
    stopC();
    await until(() => services.subscriptions() === 0);
  });

  it('reconnects after the stream fails', async () => {
    let attempts = 0;
    const flaky: HttpBackendOptions['fetch'] = (url, init) => {
      if (url.endsWith('/v1/events') && ++attempts === 1) return Promise.reject(new TypeError('network down'));
      return fetch(url, init);
    };
    const got: JobEvent[] = [];
    const stop = backend({ fetch: flaky }).subscribe((e) => got.push(e));
    try {
      await until(() => services.subscriptions() === 1, 5_000);
      expect(attempts).toBe(2);
      services.emit({ type: 'extraction.status', extraction_id: 'ext_2', status: 'queued' });
      await until(() => got.length === 1);
    } finally {
      stop();
    }
    await until(() => services.subscriptions() === 0);
  });
});

describe('exportResults', () => {
  it('downloads the export under the server’s file name', async () => {
    const input = path.join(root, 'input.pdf');
    writeFileSync(input, '%PDF-1.7');
    const created = await fetch(`${server.url}/v1/extractions`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ parser_id: 'prs_invoice', paths: [input] }),
    });
    const { extraction } = (await created.json()) as { extraction: { extraction_id: string } };
    const downloads: Array<{ name: string; text: string; bytes: Uint8Array }> = [];
    const b = backend({
      download: (blob, name) =>
        void blob.arrayBuffer().then((buf) => downloads.push({ name, bytes: new Uint8Array(buf), text: new TextDecoder().decode(buf) })),
    });
    const saved = await b.exportResults(extraction.extraction_id, 'csv', 'json');
    expect(saved).toEqual({ saved_to: `${extraction.extraction_id} résumé.csv` });
    await until(() => downloads.length === 1);
    // For a spreadsheet: a UTF-8 byte-order mark first.
    expect([...downloads[0]!.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(downloads[0]!.text).toContain('document_id,total');
    expect(downloads[0]!.text).toContain(',json');
    await expect(b.exportResults('ext_missing', 'json', 'rows')).rejects.toThrow('No extraction ext_missing.');
  });

  it('reads both forms of Content-Disposition', () => {
    expect(filenameFromDisposition('attachment; filename="a.csv"')).toBe('a.csv');
    expect(filenameFromDisposition(`attachment; filename="r_sum_.csv"; filename*=UTF-8''r%C3%A9sum%C3%A9.csv`)).toBe('résumé.csv');
    expect(filenameFromDisposition(null)).toBeNull();
  });
});

describe('api key', () => {
  function scope(hash: string) {
    const store = new Map<string, string>();
    const replaced: string[] = [];
    const s: KeyScope = {
      location: { hash, pathname: '/', search: '' },
      history: { state: null, replaceState: (_d, _u, url) => void replaced.push(url ?? '') },
      sessionStorage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v), removeItem: (k) => void store.delete(k) },
    };
    return { s, store, replaced };
  }

  it('moves the key from the fragment to sessionStorage and out of the address bar', () => {
    const { s, replaced } = scope('#key=pp_local_abc&view=jobs');
    expect(captureApiKey(s)).toBe('pp_local_abc');
    expect(replaced).toEqual(['/#view=jobs']);
    const again = scope('');
    again.store.set('perfectparser.apiKey', 'pp_local_kept');
    expect(captureApiKey(again.s)).toBe('pp_local_kept');
    expect(again.replaced).toEqual([]);
  });

  it('reads only the key parameter', () => {
    expect(keyFromHash('#key=pp%2Bx')).toBe('pp+x');
    expect(keyFromHash('#jobs')).toBeNull();
    expect(keyFromHash('')).toBeNull();
  });
});

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
