// parsers.* (test on a corpus invoice, detect from a path and from an upload, the stored
// sample) and settings.* (OCR languages reaching the engine, workers, the API switch and key).
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, invoicePdf, openRpcHarness, waitForJob, type RpcHarness } from './harness.js';

let h: RpcHarness;

beforeAll(async () => {
  h = await openRpcHarness('parsers');
});

afterAll(async () => {
  await h.close();
});

describe('parsers', () => {
  it('parsers.test runs draft fields on a corpus invoice and returns the run for citations', async () => {
    const file = path.join(corpusDir, 'fields', 'QualityHosting.pdf');
    const result = await h.call('parsers.test', {
      fields: [
        { name: 'invoice_number', type: 'string' },
        { name: 'total', type: 'number' },
      ],
      file: { kind: 'path', path: file },
    });
    expect(Object.keys(result.data as object).sort()).toEqual(['invoice_number', 'total']);
    expect((result.data as { invoice_number: unknown }).invoice_number).toBe('30064443');
    expect(result.template).toBeNull();
    expect(result.run).toMatchObject({ object: 'parser_run', status: 'PROCESSED' });
    expect(result.run.chunks.length).toBeGreaterThan(0);
    expect(result.fields['invoice_number']).toMatchObject({ citation: { page: 1 } });
  });

  it('detects fields from a path, keeps the sample, tests on it, and serves its bytes', async () => {
    const parser = await h.call('parsers.create', { name: 'From a path' });
    expect(await h.call('parsers.sample', { parser_id: parser.parser_id })).toBeNull();
    await expect(h.call('parsers.test', { fields: [{ name: 'total', type: 'number' }], parser_id: parser.parser_id })).rejects.toThrow(/no sample file yet/);
    const file = await h.write('samples/inv.pdf', invoicePdf(3));
    const detected = await h.call('parsers.detect', { parser_id: parser.parser_id, file: { kind: 'path', path: file } });
    expect(detected.fields.map((f) => f.name)).toEqual(['invoice_number', 'invoice_date', 'total']);
    expect(detected.has_sample_file).toBe(true);
    const tested = await h.call('parsers.test', { fields: detected.fields, parser_id: parser.parser_id });
    expect(tested.data).toMatchObject({ invoice_number: 'INV-3', total: 3250.5 });
    const sample = await h.call('parsers.sample', { parser_id: parser.parser_id });
    expect(sample).toMatchObject({ file_type: 'application/pdf', filename: 'inv.pdf' });
    expect(sample!.bytes.length).toBe(invoicePdf(3).length);
    await expect(h.call('parsers.detect', { parser_id: parser.parser_id, file: { kind: 'path', path: file } })).rejects.toMatchObject({
      code: 'SCHEMA_ALREADY_EXISTS',
    });
  });

  it('detects fields again from the stored sample, without the file', async () => {
    const empty = await h.call('parsers.create', { name: 'No sample' });
    await expect(h.call('parsers.detect', { parser_id: empty.parser_id })).rejects.toThrow('This parser has no sample file yet; choose one to detect fields from.');
    const parser = await h.call('parsers.create', { name: 'Stored sample' });
    const file = await h.write('samples/inv-stored.pdf', invoicePdf(5));
    const first = await h.call('parsers.detect', { parser_id: parser.parser_id, file: { kind: 'path', path: file } });
    await h.call('parsers.update', { parser_id: parser.parser_id, patch: { fields: [{ name: 'other', type: 'string' }] } });
    await expect(h.call('parsers.detect', { parser_id: parser.parser_id })).rejects.toMatchObject({ code: 'SCHEMA_ALREADY_EXISTS' });
    const again = await h.call('parsers.detect', { parser_id: parser.parser_id, replace_existing_schema: true });
    expect(again.fields).toEqual(first.fields);
    expect(again.sample_file_id).toBe(first.sample_file_id);
  });

  it('detects fields from a staged upload', async () => {
    const parser = await h.call('parsers.create', { name: 'From an upload' });
    const temp = await h.write('spool/sample', invoicePdf(4));
    const staged = await h.rpc.stageUpload({ tempPath: temp, filename: 'sample.pdf', relativePath: 'sample.pdf' });
    const detected = await h.call('parsers.detect', { parser_id: parser.parser_id, file: staged.files[0]!.ref });
    expect(detected.fields.length).toBeGreaterThan(0);
    expect(await h.rpc.purgeStaleUploads(0)).toBe(0);
    expect((await h.call('parsers.sample', { parser_id: parser.parser_id }))?.filename).toBe('sample.pdf');
    await expect(h.call('parsers.detect', { parser_id: parser.parser_id, file: { kind: 'upload', upload_id: 'upl_missing' }, replace_existing_schema: true })).rejects.toThrow(
      'This upload is no longer available; add the file again.',
    );
  });

  it('lists every parser, updates and removes one', async () => {
    const all = await h.call('parsers.list');
    expect(all.map((p) => p.name)).toEqual(expect.arrayContaining(['From a path', 'From an upload']));
    const p = await h.call('parsers.create', { name: 'Short-lived' });
    expect((await h.call('parsers.update', { parser_id: p.parser_id, patch: { description: 'x' } })).description).toBe('x');
    expect(await h.call('parsers.remove', { parser_id: p.parser_id })).toEqual({ deleted: true });
    await expect(h.call('parsers.get', { parser_id: p.parser_id })).rejects.toMatchObject({ code: 'PARSER_NOT_FOUND' });
  });
});

describe('webhooks', () => {
  it('creates, lists and removes a webhook', async () => {
    const created = await h.call('webhooks.create', { url: 'https://example.com/hook', events: ['extraction.job_completed'] });
    expect(created.signing_secret).toMatch(/^wh_sec_/);
    expect((await h.call('webhooks.list')).map((w) => w.webhook_id)).toContain(created.webhook_id);
    expect(await h.call('webhooks.remove', { webhook_id: created.webhook_id })).toEqual({ deleted: true });
    expect(await h.call('webhooks.list')).toEqual([]);
  });
});

describe('settings', () => {
  it('reports the languages, workers, data folder and the API', async () => {
    const s = await h.call('settings.get');
    expect(s).toMatchObject({
      ocr_languages: ['eng'],
      tessdata_dir: path.join(h.app.dataDir, 'tessdata'),
      worker_count: h.app.pool.size,
      max_workers: os.availableParallelism(),
      data_dir: h.app.dataDir,
      api: { enabled: true, url: 'http://127.0.0.1:4780', key: await h.app.apiKey(), can_toggle: true },
      sync_enabled: false,
      mode: 'desktop',
    });
    expect(s.available_languages[0]).toBe('eng');
  });

  it('refuses a language whose data is missing, naming it; the chosen languages reach the engine', async () => {
    await expect(h.call('settings.update', { ocr_languages: ['eng', 'deu'] })).rejects.toThrow(
      `OCR language data is missing for deu: put deu.traineddata in ${path.join(h.app.dataDir, 'tessdata')} and choose it again.`,
    );
    await expect(h.call('settings.update', { ocr_languages: ['english'] })).rejects.toThrow(/Unknown OCR language code "english"/);
    const data = path.join(h.app.dataDir, 'tessdata', 'deu.traineddata');
    await mkdir(path.dirname(data), { recursive: true });
    await writeFile(data, 'not real language data');
    expect((await h.call('settings.get')).available_languages).toEqual(['eng', 'deu']);
    const updated = await h.call('settings.update', { ocr_languages: ['eng', 'deu'] });
    expect(updated.ocr_languages).toEqual(['eng', 'deu']);
    expect(await h.app.store.call('getSetting', { key: 'ocr_languages' })).toBe('["eng","deu"]');
    // The engine now reads with eng+deu from the data folder: with deu's data gone again, a
    // scanned page fails for exactly that reason (so the setting reached the OCR).
    await rm(data);
    const png = await h.write('scan.png', new Uint8Array(0));
    await copyFile(path.join(corpusDir, 'fields', 'oyo.scan.png'), png);
    const job = await h.call('jobs.create', { parser_id: null, files: [{ kind: 'path', path: png }] });
    const done = await waitForJob(h, job.extraction_id);
    expect(done.documents[0]).toMatchObject({ status: 'failed', error_code: 'INVALID_CONFIG_OPTIONS' });
    expect(done.documents[0]!.error_message).toMatch(/OCR language data is missing for deu/);
    await h.call('settings.update', { ocr_languages: ['eng'] });
    expect(h.app.ocrLanguages()).toEqual(['eng']);
  });

  it('sizes the engine pool at once, within the cores', async () => {
    const before = h.app.pool.size;
    const one = await h.call('settings.update', { worker_count: 1 });
    expect(one.worker_count).toBe(1);
    expect(h.app.pool.size).toBe(1);
    expect(h.app.runner.concurrency).toBe(1);
    const max = os.availableParallelism();
    if (max < 64) await expect(h.call('settings.update', { worker_count: max + 1 })).rejects.toThrow(`at most ${max} workers can run`);
    await h.call('settings.update', { worker_count: before });
    expect(h.app.pool.size).toBe(before);
  });

  it('switches the API off and on, and rotates its key', async () => {
    expect((await h.call('settings.update', { api_enabled: false })).api).toMatchObject({ enabled: false, url: null });
    expect(h.host.enabled).toBe(false);
    await h.call('settings.update', { api_enabled: true });
    const old = await h.app.apiKey();
    const rotated = await h.call('settings.rotateApiKey');
    expect(rotated.api.key).toMatch(/^pp_local_/);
    expect(rotated.api.key).not.toBe(old);
    expect(await h.app.apiKey()).toBe(rotated.api.key);
    expect(h.host.keys).toEqual([rotated.api.key]);
  });

  it('in browser mode with a fixed key: no API switch, no rotation', async () => {
    const browser = await openRpcHarness('browser', { mode: 'browser', fixedKey: 'pp_fixed_key', noToggle: true, runJobs: false });
    try {
      const s = await browser.call('settings.get');
      expect(s).toMatchObject({ mode: 'browser', api: { key: 'pp_fixed_key', can_toggle: false } });
      await expect(browser.call('settings.update', { api_enabled: false })).rejects.toThrow(/cannot be switched on or off from here/);
      await expect(browser.call('settings.rotateApiKey')).rejects.toThrow(/set by PERFECTPARSER_API_KEY/);
    } finally {
      await browser.close();
    }
  });
});
