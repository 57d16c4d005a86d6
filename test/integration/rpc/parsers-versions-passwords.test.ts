// parsers.* as the Parsers screen uses them over the real app (SQLite, engine workers): a save
// carries the version the editor loaded and is refused when the parser was saved since; an
// encrypted PDF sample is detected from and tested on with its password (never stored), and a
// wrong password is refused with a sentence.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARSER_CHANGED_MESSAGE } from '../../../src/shared/api/parsers.js';
import { lockedInvoice, openRpcHarness, type RpcHarness } from './harness.js';

let h: RpcHarness;

beforeAll(async () => {
  h = await openRpcHarness('parser-versions');
});

afterAll(async () => {
  await h.close();
});

describe('parsers.update with the version loaded', () => {
  it('refuses the second of two saves from the same loaded version, and lets a deliberate one replace it', async () => {
    const loaded = await h.call('parsers.create', { name: 'Two windows', fields: [{ name: 'total', type: 'number' }] });
    const [first, second] = await Promise.allSettled([
      h.call('parsers.update', { parser_id: loaded.parser_id, patch: { description: 'first' }, expected_updated_at: loaded.updated_at }),
      h.call('parsers.update', { parser_id: loaded.parser_id, patch: { description: 'second' }, expected_updated_at: loaded.updated_at }),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { description: 'first' } });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'CONFLICT', message: PARSER_CHANGED_MESSAGE } });
    const stored = await h.call('parsers.get', { parser_id: loaded.parser_id });
    expect(stored.description).toBe('first');
    expect(stored.updated_at > loaded.updated_at).toBe(true);

    // Keeping mine: saved without a version, it replaces theirs; a script (no version) also wins.
    expect(await h.call('parsers.update', { parser_id: loaded.parser_id, patch: { description: 'second' } })).toMatchObject({ description: 'second' });
    // Saves back to back each give a new version, so the one loaded before is refused.
    const a = await h.call('parsers.update', { parser_id: loaded.parser_id, patch: { description: 'a' } });
    const b = await h.call('parsers.update', { parser_id: loaded.parser_id, patch: { description: 'b' } });
    expect(b.updated_at > a.updated_at).toBe(true);
    await expect(h.call('parsers.update', { parser_id: loaded.parser_id, patch: { description: 'late' }, expected_updated_at: a.updated_at })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(h.call('parsers.update', { parser_id: 'prs_missing', patch: { description: 'x' }, expected_updated_at: a.updated_at })).rejects.toMatchObject({
      code: 'PARSER_NOT_FOUND',
    });
  });
});

describe('an encrypted sample', () => {
  const fields = [
    { name: 'invoice_number', type: 'string' as const },
    { name: 'total', type: 'number' as const },
  ];

  it('is detected from and tested on with its password; without it, or with a wrong one, it is refused with a sentence', async () => {
    const parser = await h.call('parsers.create', { name: 'Locked sample' });
    const file = { kind: 'path' as const, path: await lockedInvoice(h, 'locked-invoice.pdf', 7, 'pässwörd') };

    await expect(h.call('parsers.detect', { parser_id: parser.parser_id, file })).rejects.toThrow(/protected by a password/);
    await expect(h.call('parsers.detect', { parser_id: parser.parser_id, file, password: 'wrong' })).rejects.toThrow('This password does not open “locked-invoice.pdf”.');
    expect(() => h.call('parsers.detect', { parser_id: parser.parser_id, file, password: '' })).toThrow('password: type the password.');
    // Refused samples are not kept.
    expect((await h.call('parsers.get', { parser_id: parser.parser_id })).has_sample_file).toBe(false);

    const detected = await h.call('parsers.detect', { parser_id: parser.parser_id, file, password: 'pässwörd' });
    expect(detected.fields.map((f) => f.name)).toEqual(['invoice_number', 'invoice_date', 'total']);
    expect(detected.has_sample_file).toBe(true);

    await expect(h.call('parsers.test', { fields, file })).rejects.toThrow(/protected by a password/);
    await expect(h.call('parsers.test', { fields, file, password: 'wrong' })).rejects.toThrow('This password does not open “locked-invoice.pdf”.');
    expect((await h.call('parsers.test', { fields, file, password: 'pässwörd' })).data).toEqual({ invoice_number: 'INV-7', total: 7250.5 });

    // The stored sample: its bytes as they are (the viewer opens them with the password), and
    // detecting again or testing on it needs the password again.
    const sample = await h.call('parsers.sample', { parser_id: parser.parser_id });
    expect(sample).toMatchObject({ filename: 'locked-invoice.pdf', file_type: 'application/pdf' });
    await expect(h.call('parsers.test', { fields, parser_id: parser.parser_id, password: 'wrong' })).rejects.toThrow('This password does not open “locked-invoice.pdf”.');
    expect((await h.call('parsers.test', { fields, parser_id: parser.parser_id, password: 'pässwörd' })).data).toEqual({ invoice_number: 'INV-7', total: 7250.5 });
    await expect(h.call('parsers.detect', { parser_id: parser.parser_id, replace_existing_schema: true })).rejects.toThrow(/protected by a password/);
    await expect(h.call('parsers.detect', { parser_id: parser.parser_id, replace_existing_schema: true, password: 'wrong' })).rejects.toThrow(
      'This password does not open “locked-invoice.pdf”.',
    );
    const again = await h.call('parsers.detect', { parser_id: parser.parser_id, replace_existing_schema: true, password: 'pässwörd' });
    expect(again.fields).toEqual(detected.fields);

    // The password is in neither the parser nor the database.
    expect(JSON.stringify(await h.call('parsers.get', { parser_id: parser.parser_id }))).not.toContain('pässwörd');
    const dataDir = path.join(h.files, '..', 'data');
    const stored = (await readdir(dataDir)).filter((f) => f.startsWith('perfectparser.db'));
    expect(stored.length).toBeGreaterThan(0);
    for (const f of stored) expect((await readFile(path.join(dataDir, f))).includes(Buffer.from('pässwörd'))).toBe(false);
  });

  it('is detected from as a staged upload with its password, the upload staying usable after a wrong one', async () => {
    const parser = await h.call('parsers.create', { name: 'Locked upload' });
    const locked = await lockedInvoice(h, 'upload.pdf', 8, 'secret');
    const spooled = await h.write('spool/locked', await readFile(locked));
    const staged = await h.rpc.stageUpload({ tempPath: spooled, filename: 'scan.pdf', relativePath: 'scan.pdf' });
    const ref = staged.files[0]!.ref;
    await expect(h.call('parsers.test', { fields, file: ref, password: 'nope' })).rejects.toThrow('This password does not open “scan.pdf”.');
    await expect(h.call('parsers.detect', { parser_id: parser.parser_id, file: ref, password: 'nope' })).rejects.toThrow('This password does not open “scan.pdf”.');
    const detected = await h.call('parsers.detect', { parser_id: parser.parser_id, file: ref, password: 'secret' });
    expect(detected.fields.map((f) => f.name)).toEqual(['invoice_number', 'invoice_date', 'total']);
    expect((await h.call('parsers.sample', { parser_id: parser.parser_id }))?.filename).toBe('scan.pdf');
  });
});
