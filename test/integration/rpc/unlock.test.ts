// documents.unlock over the real runner and engine workers: encrypted PDFs that failed for want
// of a password are opened with one (checked at once), alone or with the job's others, and the
// password is never stored.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParseRun } from '../../../src/shared/parse-contract.js';
import { invoicePdf, lockedInvoice, openRpcHarness, waitForJob, type RpcHarness } from './harness.js';

let h: RpcHarness;

beforeAll(async () => {
  h = await openRpcHarness('unlock');
});

afterAll(async () => {
  await h.close();
});

describe('documents.unlock', () => {
  it('opens a password-protected document with its password and processes it; a wrong one is refused at once', async () => {
    const parser = await h.call('parsers.create', { name: 'Locked invoices', fields: [{ name: 'invoice_number', type: 'string' }, { name: 'total', type: 'number' }] });
    const a = await lockedInvoice(h, 'a.pdf', 41, 'pässwörd');
    const plain = await h.write('open/b.pdf', invoicePdf(42));
    const job = await h.call('jobs.create', { parser_id: parser.parser_id, files: [{ kind: 'path', path: a }, { kind: 'path', path: plain }] });
    const failed = await waitForJob(h, job.extraction_id);
    expect(failed.status).toBe('partial');
    const locked = failed.documents[0]!;
    expect(locked).toMatchObject({ status: 'failed', error_code: 'PASSWORD_PROTECTED_FILE' });

    const ref = { extraction_id: job.extraction_id, document_id: locked.document_id };
    await expect(h.call('documents.unlock', { ...ref, password: 'wrong' })).rejects.toThrow('This password does not open “a.pdf”.');
    // A refused password leaves the document as it was.
    expect((await h.call('jobs.get', { extraction_id: job.extraction_id })).documents[0]).toMatchObject({ status: 'failed', error_code: 'PASSWORD_PROTECTED_FILE' });
    expect(() => h.call('documents.unlock', { ...ref, password: '' })).toThrow('password: type the password.');
    await expect(h.call('documents.unlock', { extraction_id: job.extraction_id, document_id: failed.documents[1]!.document_id, password: 'x' })).rejects.toThrow(
      '“b.pdf” did not fail for want of a password, so there is nothing to open.',
    );
    await expect(h.call('documents.unlock', { extraction_id: job.extraction_id, document_id: 'doc_missing', password: 'x' })).rejects.toMatchObject({ code: 'RESOURCE_NOT_FOUND' });

    const unlocked = await h.call('documents.unlock', { ...ref, password: 'pässwörd' });
    expect(unlocked).toMatchObject({ opened: [locked.document_id], not_opened: 0 });
    expect(['queued', 'processing']).toContain(unlocked.job.status);
    const done = await waitForJob(h, job.extraction_id);
    expect(done.status).toBe('completed');
    const results = await h.call('results.get', { extraction_id: job.extraction_id });
    expect(results.documents[0]!.extracted_data).toEqual({ invoice_number: 'INV-41', total: 41250.5 });
    const view = await h.call('documents.get', ref);
    expect((view.run as ParseRun).config.advancedOptions).not.toHaveProperty('password');

    // The password was used for that attempt only; it is in neither the run nor the database.
    const dataDir = path.join(h.files, '..', 'data');
    const stored = (await readdir(dataDir)).filter((f) => f.startsWith('perfectparser.db'));
    expect(stored.length).toBeGreaterThan(0);
    for (const f of stored) expect((await readFile(path.join(dataDir, f))).includes(Buffer.from('pässwörd'))).toBe(false);
  });

  it('with whole_job, opens every other locked document of the job the password opens', async () => {
    const same1 = await lockedInvoice(h, 's1.pdf', 51, 'statement');
    const same2 = await lockedInvoice(h, 's2.pdf', 52, 'statement');
    const other = await lockedInvoice(h, 'o.pdf', 53, 'another');
    const job = await h.call('jobs.create', { parser_id: null, files: [same1, same2, other].map((p) => ({ kind: 'path' as const, path: p })) });
    const failed = await waitForJob(h, job.extraction_id);
    expect(failed.documents.map((d) => d.error_code)).toEqual(['PASSWORD_PROTECTED_FILE', 'PASSWORD_PROTECTED_FILE', 'PASSWORD_PROTECTED_FILE']);
    const [d1, d2] = failed.documents;
    const unlocked = await h.call('documents.unlock', { extraction_id: job.extraction_id, document_id: d2!.document_id, password: 'statement', whole_job: true });
    expect(unlocked.opened.sort()).toEqual([d1!.document_id, d2!.document_id].sort());
    expect(unlocked.not_opened).toBe(1);
    const done = await waitForJob(h, job.extraction_id);
    expect(done.documents.map((d) => [d.filename, d.status, d.error_code])).toEqual([
      ['s1.pdf', 'completed', null],
      ['s2.pdf', 'completed', null],
      ['o.pdf', 'failed', 'PASSWORD_PROTECTED_FILE'],
    ]);
  });
});
