// inbox.scan over real folders, and browser uploads staged, used by a job and purged.
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcContext } from '../../../src/main/services/rpc/context.js';
import { uploadForService } from '../../../src/main/services/rpc/uploads.js';
import { invoicePdf, openRpcHarness, waitForJob, ZIP_BYTES, type RpcHarness } from './harness.js';

let h: RpcHarness;

beforeAll(async () => {
  h = await openRpcHarness('inbox');
});

afterAll(async () => {
  await h.close();
});

describe('inbox.scan', () => {
  it('expands nested folders, keeps documents, skips the rest with a reason, and hashes each file', async () => {
    const root = path.join(h.files, 'scan');
    await h.write('scan/top.pdf', invoicePdf(1));
    await h.write('scan/2024/march/inv-1.pdf', invoicePdf(2));
    await h.write('scan/2024/march/copy-of-top.pdf', invoicePdf(1));
    await h.write('scan/2024/notes.txt', 'Meeting notes: pay invoice INV-1 by Friday.\n');
    await h.write('scan/2024/archive.zip', ZIP_BYTES);
    await h.write('scan/2024/empty.pdf', '');
    await h.write('scan/.hidden/secret.pdf', invoicePdf(3));
    await h.write('scan/.DS_Store', 'junk');
    // A link back up the tree is not walked twice.
    await symlink(root, path.join(root, '2024', 'loop'));

    const result = await h.call('inbox.scan', { paths: [root] });
    expect(result.files.map((f) => [f.relative_path, f.file_type])).toEqual([
      ['2024/march/copy-of-top.pdf', 'pdf'],
      ['2024/march/inv-1.pdf', 'pdf'],
      ['2024/notes.txt', 'text'],
      ['top.pdf', 'pdf'],
    ]);
    const top = result.files.find((f) => f.name === 'top.pdf')!;
    const copy = result.files.find((f) => f.name === 'copy-of-top.pdf')!;
    expect(top.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(copy.hash).toBe(top.hash);
    expect(top).toMatchObject({ ref: { kind: 'path', path: path.join(root, 'top.pdf') }, size: invoicePdf(1).length, processed_before: null });
    expect(result.skipped.map((s) => s.relative_path).sort()).toEqual(['2024/archive.zip', '2024/empty.pdf']);
    expect(result.skipped.find((s) => s.name === 'archive.zip')?.reason).toMatch(/^This is a ZIP archive.*cannot be processed\./);
    expect(result.skipped.find((s) => s.name === 'empty.pdf')?.reason).toMatch(/empty/);
  });

  it('filters by type, takes single files by name, and reports paths that are not there', async () => {
    const root = path.join(h.files, 'mixed');
    const pdf = await h.write('mixed/a.pdf', invoicePdf(4));
    await h.write('mixed/b.txt', 'plain text\n');
    const pdfOnly = await h.call('inbox.scan', { paths: [root], filter: 'pdf' });
    expect(pdfOnly.files.map((f) => f.relative_path)).toEqual(['a.pdf']);
    expect(pdfOnly.skipped).toEqual([{ name: 'b.txt', relative_path: 'b.txt', reason: 'This is a plain text file; only PDF documents were asked for.' }]);
    const images = await h.call('inbox.scan', { paths: [root], filter: 'images' });
    expect(images.files).toEqual([]);
    const single = await h.call('inbox.scan', { paths: [pdf, path.join(h.files, 'missing.pdf')] });
    expect(single.files.map((f) => f.relative_path)).toEqual(['a.pdf']);
    expect(single.skipped).toEqual([{ name: 'missing.pdf', relative_path: 'missing.pdf', reason: expect.stringMatching(/moved or deleted/) }]);
  });

  it('skips a file or folder whose name is not UTF-8 text, saying so (it cannot be opened by that name)', async () => {
    const root = path.join(h.files, 'latin1');
    await h.write('latin1/ok.pdf', invoicePdf(5));
    // Names written in Latin-1 (E9 is "é" there, and no UTF-8 text): a file, and a folder.
    await writeFile(Buffer.concat([Buffer.from(`${root}/facture-`), Buffer.from([0xe9]), Buffer.from('.pdf')]), invoicePdf(6));
    await mkdir(Buffer.concat([Buffer.from(`${root}/ann`), Buffer.from([0xe9]), Buffer.from('e')]));
    const result = await h.call('inbox.scan', { paths: [root] });
    expect(result.files.map((f) => f.relative_path)).toEqual(['ok.pdf']);
    expect(result.skipped.map((s) => [s.relative_path, s.reason])).toEqual([
      ['ann\uFFFDe', expect.stringMatching(/^This folder was left out: its name is not UTF-8 text .* rename it\.$/)],
      ['facture-\uFFFD.pdf', expect.stringMatching(/^This file was left out: its name is not UTF-8 text/)],
    ]);
  });

  it('flags content processed before, pointing at the newest such document', async () => {
    const file = await h.write('again/repeat.pdf', invoicePdf(5));
    const job = await h.call('jobs.create', { parser_id: null, files: [{ kind: 'path', path: file }] });
    await waitForJob(h, job.extraction_id);
    const detail = await h.call('jobs.get', { extraction_id: job.extraction_id });
    const copy = await h.write('again/renamed.pdf', invoicePdf(5));
    const scan = await h.call('inbox.scan', { paths: [copy] });
    expect(scan.files[0]?.processed_before).toEqual({
      extraction_id: job.extraction_id,
      document_id: detail.documents[0]!.document_id,
      filename: 'repeat.pdf',
      created_at: expect.any(String),
    });
  });

  it('scans a thousand files', async () => {
    const root = path.join(h.files, 'many');
    for (let d = 0; d < 10; d++) {
      await mkdir(path.join(root, `d${d}`), { recursive: true });
      await Promise.all(Array.from({ length: 100 }, (_, i) => writeFile(path.join(root, `d${d}`, `f${i}.txt`), `Invoice ${d}-${i}\nTotal: ${i}.00\n`)));
    }
    const scan = await h.call('inbox.scan', { paths: [root] });
    expect(scan.files).toHaveLength(1000);
    expect(new Set(scan.files.map((f) => f.hash)).size).toBe(1000);
    expect(scan.skipped).toEqual([]);
  });
});

describe('uploads (browser mode)', () => {
  it('stages an upload, runs a job on it, and keeps it out of the purge', async () => {
    const temp = await h.write('spool/up-1', invoicePdf(6));
    const staged = await h.rpc.stageUpload({ tempPath: temp, filename: 'inv-6.pdf', relativePath: 'batch\\inv-6.pdf' });
    expect(staged.skipped).toEqual([]);
    const file = staged.files[0]!;
    expect(file).toMatchObject({ name: 'inv-6.pdf', relative_path: 'batch/inv-6.pdf', file_type: 'pdf', ref: { kind: 'upload' } });
    expect(await stat(temp).catch(() => null)).toBeNull();
    const uploadId = (file.ref as { upload_id: string }).upload_id;
    expect(await readdir(path.join(h.app.dataDir, 'uploads'))).toContain(uploadId);

    const job = await h.call('jobs.create', { parser_id: null, files: [file.ref] });
    const done = await waitForJob(h, job.extraction_id);
    expect(done.documents[0]).toMatchObject({ status: 'completed', filename: 'inv-6.pdf', relative_path: 'batch/inv-6.pdf', page_count: 1 });
    // The used upload lives in the file store now; the purge has nothing of it to remove.
    expect(await h.rpc.purgeStaleUploads(0)).toBe(0);
    const file2 = await h.call('documents.file', { extraction_id: job.extraction_id, document_id: done.documents[0]!.document_id });
    expect(file2.bytes.length).toBe(invoicePdf(6).length);
  });

  it('keeps the hash the transport made while spooling, and hands it on with the upload', async () => {
    const temp = await h.write('spool/up-4', invoicePdf(8));
    // Another content's hash shows the one given is used as it is: the file is not read again for it.
    const given = createHash('sha256').update('hashed while spooling').digest('hex');
    const staged = await h.rpc.stageUpload({ tempPath: temp, filename: 'inv-8.pdf', relativePath: 'inv-8.pdf', sha256: given });
    expect(staged.files[0]?.hash).toBe(given);
    const uploadId = (staged.files[0]!.ref as { upload_id: string }).upload_id;
    const incoming = await uploadForService({ app: h.app } as RpcContext, uploadId);
    expect(incoming).toMatchObject({ kind: 'upload', filename: 'inv-8.pdf', sha256: given });
    // The service that takes it over would move or remove it.
    await rm((incoming as { tempPath: string }).tempPath);
  });

  it('skips (and removes) an upload that is not a document, and purges stale unused uploads', async () => {
    const junk = await h.write('spool/up-2', ZIP_BYTES);
    const skipped = await h.rpc.stageUpload({ tempPath: junk, filename: 'a.zip', relativePath: 'a.zip' });
    expect(skipped.files).toEqual([]);
    expect(skipped.skipped[0]).toMatchObject({ name: 'a.zip', reason: expect.stringMatching(/ZIP archive/) });
    expect(await stat(junk).catch(() => null)).toBeNull();

    const temp = await h.write('spool/up-3', invoicePdf(7));
    const staged = await h.rpc.stageUpload({ tempPath: temp, filename: 'inv-7.pdf', relativePath: 'inv-7.pdf' });
    const uploadId = (staged.files[0]!.ref as { upload_id: string }).upload_id;
    expect(await h.rpc.purgeStaleUploads(60_000)).toBe(0);
    const stray = path.join(h.app.dataDir, 'uploads', 'upl_stray');
    await writeFile(stray, 'left by a crash');
    await utimes(stray, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    expect(await h.rpc.purgeStaleUploads(0)).toBe(2);
    expect(await readdir(path.join(h.app.dataDir, 'uploads'))).not.toContain(uploadId);
    // A job naming the purged upload still runs; that file fails with a sentence.
    const job = await h.call('jobs.create', { parser_id: null, files: [{ kind: 'upload', upload_id: uploadId }] });
    const done = await waitForJob(h, job.extraction_id);
    expect(done.status).toBe('failed');
    expect(done.documents[0]).toMatchObject({ status: 'failed', error_code: 'UPLOAD_MISSING', error_message: 'This upload is no longer available; add the file again.' });
  });
});
