// POST /parse with the real engine workers (multipart upload with a config part, and a JSON
// local path), FAILED runs for bad configs and files, and GET /openapi.json listing the routes.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParseService } from '../../../src/main/services/parse-service.js';
import { figureDetailsSchema, parseRunSchema, type Block, type ParseRun } from '../../../src/shared/parse-contract.js';
import { corpusDir, expectError, expectJson, invoicePdf, leftoverUploadFolders, openHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await openHarness('parse');
});
afterAll(async () => {
  await h?.close();
});

function uploadForm(bytes: Uint8Array | string, filename: string, config?: unknown): FormData {
  const data = new FormData();
  data.append('file', new Blob([bytes], { type: 'application/pdf' }), filename);
  if (config !== undefined) data.append('config', typeof config === 'string' ? config : JSON.stringify(config));
  return data;
}

async function parseRun(res: Response): Promise<ParseRun> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const run = await expectJson<ParseRun>(res, 200);
  const checked = parseRunSchema.safeParse(run);
  expect(checked.success, checked.success ? '' : JSON.stringify(checked.error.issues.slice(0, 3))).toBe(true);
  return run;
}

describe('POST /parse', () => {
  it('parses an uploaded file with a config part', async () => {
    const res = await h.api('/parse', { method: 'POST', body: uploadForm(invoicePdf(1, 1), 'invoice.pdf', { target: 'spatial' }) });
    const run = await parseRun(res);
    expect(run).toMatchObject({ object: 'parser_run', status: 'PROCESSED', failureReason: null, metrics: { pageCount: 2 } });
    expect(run.config).toMatchObject({ target: 'spatial', chunkingStrategy: { type: 'page' } });
    expect(run.chunks.map((c) => [c.type, c.metadata.pageRange])).toEqual([
      ['page', { start: 1, end: 1 }],
      ['page', { start: 2, end: 2 }],
    ]);
    expect(run.chunks[0]!.content).toContain('Invoice No: INV-1');
    expect(run.chunks[0]!.content).toContain('Total: 1,250.50');
    expect(run.chunks[1]!.content).toContain('Terms and conditions');
    expect(await leftoverUploadFolders(h)).toEqual([]);
  });

  it('parses a file on this machine given by path (JSON), with defaults when no config is sent', async () => {
    const file = path.join(h.root, 'local.pdf');
    await writeFile(file, invoicePdf(2, 2));
    const res = await h.api('/parse', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: file, config: { chunkingStrategy: { type: 'document' } } }),
    });
    const run = await parseRun(res);
    expect(run.status).toBe('PROCESSED');
    expect(run.metrics.pageCount).toBe(3);
    expect(run.chunks).toHaveLength(1);
    expect(run.chunks[0]).toMatchObject({ type: 'document', metadata: { pageRange: { start: 1, end: 3 } } });
    expect(run.config).toMatchObject({ target: 'markdown' });

    const plain = await parseRun(await h.api('/parse', { method: 'POST', body: uploadForm(invoicePdf(3), 'plain.pdf') }));
    expect(plain.config).toMatchObject({ target: 'markdown', chunkingStrategy: { type: 'page' } });
    expect(plain.chunks[0]!.blocks.map((b) => b.type)).toContain('section_heading');
    // Same file, same config: the same block ids.
    const again = await parseRun(await h.api('/parse', { method: 'POST', body: uploadForm(invoicePdf(3), 'plain.pdf') }));
    expect(again.chunks[0]!.blocks.map((b) => b.id)).toEqual(plain.chunks[0]!.blocks.map((b) => b.id));
  });

  it('parses a corpus file by path', async () => {
    const file = path.join(corpusDir, 'fields', 'AmazonWebServices.pdf');
    const run = await parseRun(
      await h.api('/parse', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: file }) }),
    );
    expect(run.status).toBe('PROCESSED');
    expect(run.metrics.pageCount).toBeGreaterThanOrEqual(1);
    expect(run.chunks.map((c) => c.content).join('\n')).toMatch(/Amazon Web Services/);
  });

  it('answers a bad config with a 200 FAILED run (INVALID_CONFIG_OPTIONS), not a 400', async () => {
    const res = await h.api('/parse', {
      method: 'POST',
      body: uploadForm(invoicePdf(4), 'x.pdf', { target: 'spatial', chunkingStrategy: { type: 'section' } }),
    });
    const run = await parseRun(res);
    expect(run).toMatchObject({ object: 'parser_run', status: 'FAILED', failureReason: 'INVALID_CONFIG_OPTIONS', chunks: [] });
    expect(run.failureMessage).toEqual(expect.any(String));

    const json = await parseRun(
      await h.api('/parse', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path: path.join(h.root, 'local.pdf'), config: { target: 'html' } }),
      }),
    );
    expect(json).toMatchObject({ status: 'FAILED', failureReason: 'INVALID_CONFIG_OPTIONS' });
  });

  it('answers a file it cannot read with a FAILED run naming the reason', async () => {
    const text = await parseRun(await h.api('/parse', { method: 'POST', body: uploadForm('just words', 'notes.txt') }));
    expect(text).toMatchObject({ status: 'FAILED', failureReason: 'FILE_TYPE_NOT_SUPPORTED' });
    const broken = await parseRun(await h.api('/parse', { method: 'POST', body: uploadForm('%PDF-1.7\ngarbage\n%%EOF\n', 'broken.pdf') }));
    expect(broken).toMatchObject({ status: 'FAILED', failureReason: 'CORRUPT_FILE' });
    expect(await leftoverUploadFolders(h)).toEqual([]);
  });

  it('refuses malformed requests with INVALID_PAYLOAD naming the part', async () => {
    const badConfig = await expectError(await h.api('/parse', { method: 'POST', body: uploadForm(invoicePdf(5), 'x.pdf', '{target:') }), 400, 'INVALID_PAYLOAD');
    expect(badConfig.message).toMatch(/^config: /);
    const noFile = new FormData();
    noFile.append('config', '{}');
    expect((await expectError(await h.api('/parse', { method: 'POST', body: noFile }), 400, 'INVALID_PAYLOAD')).message).toMatch(/^file: /);
    const twoFiles = uploadForm(invoicePdf(5), 'a.pdf');
    twoFiles.append('file', new Blob([invoicePdf(6)]), 'b.pdf');
    expect((await expectError(await h.api('/parse', { method: 'POST', body: twoFiles }), 400, 'INVALID_PAYLOAD')).message).toMatch(/^file: /);
    const noPath = await expectError(
      await h.api('/parse', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config: {} }) }),
      400,
      'INVALID_PAYLOAD',
    );
    expect(noPath.message).toMatch(/^path: /);
    await expectError(await fetch(`${h.url}/parse`, { method: 'POST', body: uploadForm(invoicePdf(5), 'x.pdf') }), 401, 'UNAUTHORIZED');
    expect(await leftoverUploadFolders(h)).toEqual([]);
  });
});

describe('POST /parse config options', () => {
  it('refuses a misspelt or unknown option with a 400 naming it, by upload and by path', async () => {
    const file = path.join(corpusDir, 'text-layout', 'multi_page.pdf');
    const config = { chunkStrategy: { type: 'document' }, advancedOptions: { pagerange: [{ start: 1, end: 1 }] } };
    const upload = await expectError(await h.api('/parse', { method: 'POST', body: uploadForm(await readFile(file), 'multi_page.pdf', config) }), 400, 'INVALID_PAYLOAD');
    expect(upload.message).toBe(
      'config.chunkStrategy: unknown option; did you mean chunkingStrategy?; config.advancedOptions.pagerange: unknown option; did you mean pageRanges?',
    );
    const byPath = await expectError(
      await h.api('/parse', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: file, config: { bogus: 1 } }) }),
      400,
      'INVALID_PAYLOAD',
    );
    expect(byPath.message).toBe('config.bogus: unknown option');
    expect(await leftoverUploadFolders(h)).toEqual([]);

    // Spelt right, the same options take effect.
    const run = await parseRun(
      await h.api('/parse', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path: file, config: { chunkingStrategy: { type: 'document' }, advancedOptions: { pageRanges: [{ start: 1, end: 1 }] } } }),
      }),
    );
    expect(run.chunks.map((c) => [c.type, c.metadata.pageRange])).toEqual([['document', { start: 1, end: 1 }]]);
  });
});

describe('POST /parse figures', () => {
  const redbook = path.join(corpusDir, 'text-layout', 'redp5110_sampled.pdf');

  function figures(run: ParseRun): Block[] {
    return run.chunks.flatMap((c) => c.blocks).filter((b) => b.type === 'figure');
  }

  /** A data URL's PNG bytes, after checking the URL's form. */
  function pngOf(url: unknown): Buffer {
    expect(url).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    const png = Buffer.from(String(url).slice('data:image/png;base64,'.length), 'base64');
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return png;
  }

  it("carries each figure's picture as a data URL, cut from the page where the figure is", async () => {
    const run = await parseRun(await h.api('/parse', { method: 'POST', body: uploadForm(await readFile(redbook), 'redbook.pdf') }));
    expect(run.config.blockOptions.figures.figureImageClippingEnabled).toBe(true);
    const found = figures(run);
    expect(found.length).toBeGreaterThanOrEqual(10);
    for (const figure of found) {
      const details = figureDetailsSchema.parse(figure.details);
      expect(details.imagePath).toBeUndefined();
      expect(details.imageError).toBeUndefined();
      const png = pngOf(details.imageUrl);
      // The picture is the figure's box (plus a 2-point border) at 150 dpi.
      const width = png.readUInt32BE(16);
      const expected = ((figure.boundingBox.right - figure.boundingBox.left + 4) * 150) / 72;
      expect(Math.abs(width - expected), `${figure.id}: ${width} px for ${expected.toFixed(1)}`).toBeLessThanOrEqual(3);
      // The markdown names no file (there is none): the figure shows as a comment.
      expect(figure.content).toBe(`<!-- figure: ${details.figureType} -->`);
    }
    const markdown = run.chunks.map((c) => c.content).join('\n');
    expect(markdown).toContain('<!-- figure: image -->');
    expect(markdown).not.toMatch(/!\[[a-z]+\]\(/);
    expect(await leftoverUploadFolders(h)).toEqual([]);
  });

  it('carries pictures for a file given by path, and none with figureImageClippingEnabled off', async () => {
    const byPath = await parseRun(
      await h.api('/parse', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: redbook, config: { advancedOptions: { pageRanges: [{ start: 7, end: 7 }] } } }) }),
    );
    const onPage = figures(byPath);
    expect(onPage.length).toBeGreaterThan(1);
    for (const figure of onPage) pngOf(figure.details['imageUrl']);

    const off = await parseRun(
      await h.api('/parse', { method: 'POST', body: uploadForm(await readFile(redbook), 'redbook.pdf', { blockOptions: { figures: { figureImageClippingEnabled: false } } }) }),
    );
    expect(off.config.blockOptions.figures.figureImageClippingEnabled).toBe(false);
    expect(figures(off).length).toBe(figures(await parseRun(await h.api('/parse', { method: 'POST', body: uploadForm(await readFile(redbook), 'r.pdf') }))).length);
    for (const figure of figures(off)) {
      expect(Object.keys(figure.details)).not.toContain('imageUrl');
      expect(Object.keys(figure.details)).not.toContain('imagePath');
    }
    expect(await leftoverUploadFolders(h)).toEqual([]);
  });

  it('stops adding pictures at the size cap, in page order, and says so on the others', async () => {
    const cap = 1024 * 1024;
    const result = await createParseService({ maxFigureUrlBytes: cap }).parse({ file: { kind: 'local', path: redbook }, config: undefined });
    const run = JSON.parse(new TextDecoder().decode(result.output)) as ParseRun;
    const found = figures(run);
    const carried = found.findIndex((f) => f.details['imageUrl'] === undefined);
    expect(carried).toBeGreaterThan(0);
    let total = 0;
    for (const figure of found.slice(0, carried)) total += pngOf(figure.details['imageUrl']).length;
    expect(total).toBeLessThanOrEqual(cap);
    for (const figure of found.slice(carried)) {
      expect(figure.details['imageUrl']).toBeUndefined();
      expect(figure.details['imageError']).toBe(
        "The picture was left out: the figures before it fill this answer's 1 MB of pictures. Ask for fewer pages at a time (advancedOptions.pageRanges) to get it.",
      );
    }
  });
});

describe('GET /openapi.json', () => {
  it('is public and lists every /v1 path with its methods', async () => {
    const doc = await expectJson<{ openapi: string; servers: Array<{ url: string }>; paths: Record<string, Record<string, { operationId?: string }>> }>(
      await fetch(`${h.url}/openapi.json`),
      200,
    );
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(doc.servers.map((s) => s.url)).toContain(h.url);
    const methods = Object.fromEntries(Object.entries(doc.paths).map(([p, ops]) => [p, Object.keys(ops).sort()]));
    expect(methods).toEqual({
      '/v1/me': ['get'],
      '/v1/credits': ['get'],
      '/v1/parsers': ['get', 'post'],
      '/v1/parsers/{id}': ['delete', 'get', 'patch'],
      '/v1/parsers/{id}/detect-fields': ['post'],
      '/v1/extractions': ['get', 'post'],
      '/v1/extractions/{id}': ['get'],
      '/v1/extractions/{id}/results': ['get'],
      '/v1/extractions/{id}/documents/{doc_id}': ['get'],
      '/v1/extractions/{id}/cancel': ['post'],
      '/v1/extractions/{id}/export': ['get'],
      '/v1/extractions/{id}/documents/{doc_id}/export': ['get'],
      '/v1/webhooks': ['get', 'post'],
      '/v1/webhooks/{id}': ['delete', 'get', 'patch'],
      '/v1/webhooks/{id}/test': ['post'],
      '/v1/webhooks/{id}/rotate-secret': ['post'],
      '/v1/events': ['get'],
      '/parse': ['post'],
      '/health': ['get'],
      '/openapi.json': ['get'],
    });
    expect(doc.paths['/v1/extractions']?.['post']?.operationId).toBe('createExtraction');
  });
});
