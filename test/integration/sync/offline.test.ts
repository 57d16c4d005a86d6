// Off means off: with sync off, a full local batch (the app core with its store worker, engine
// workers and OCR workers; and the `extract` command) opens no socket of any kind. A preload
// that runs in every thread records (and refuses) each connection attempt; a control attempt at
// the end proves the recorder works.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const corpus = process.env['PERFECTPARSER_CORPUS'] ?? path.resolve(root, '../shared/corpus');
const preload = path.join(root, 'test', 'helpers', 'record-sockets.mjs');
const tmp = mkdtempSync(path.join(tmpdir(), 'pp-offline-'));
const files = ['fields/AmazonWebServices.pdf', 'fields/QualityHosting.pdf', 'fields/oyo.pdf', 'fields/oyo.scan.png'].map((f) => path.join(corpus, f));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Record {
  threadId: number;
  type: 'loaded' | 'attempt' | 'control';
  kind?: string;
}

function records(file: string): Record[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record);
}

function run(args: string[], logName: string): { records: Record[]; stdout: string; stderr: string; status: number | null } {
  const log = path.join(tmp, logName);
  const child = spawnSync(process.execPath, ['--import', preload, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, PP_SOCKET_LOG: log, PERFECTPARSER_DATA_DIR: path.join(tmp, `${logName}-data`) },
  });
  return { records: records(log), stdout: child.stdout, stderr: child.stderr, status: child.status };
}

describe('with sync off', () => {
  it('a full local batch (store, engine and OCR workers, export) opens no socket', () => {
    const started = performance.now();
    const r = run([path.join(root, 'test', 'integration', 'sync', 'offline-batch.mjs'), path.join(tmp, 'app-data'), ...files], 'app.log');
    console.log(`offline local batch of ${files.length} files: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
      status: { enabled: boolean };
      job: { status: string; documents: Array<[string, string, string | null]> };
      csv: string;
      refused: string | null;
      control: string | null;
    };
    expect(result.status.enabled).toBe(false);
    expect(result.job.documents.map((d) => d[1])).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(result.csv.split('\n').length).toBeGreaterThan(4);
    expect(result.refused).toMatch(/Sync is off/);

    const marker = r.records.findIndex((x) => x.type === 'control');
    expect(marker).toBeGreaterThan(0);
    const during = r.records.slice(0, marker);
    expect(during.filter((x) => x.type === 'attempt')).toEqual([]);
    // The recorder ran in the main thread and in the worker threads (store, engine pool, OCR).
    const threads = new Set(during.filter((x) => x.type === 'loaded').map((x) => x.threadId));
    expect(threads.has(0)).toBe(true);
    expect(threads.size).toBeGreaterThanOrEqual(3);
    // …and it does catch a connection: the control attempt after the marker.
    expect(r.records.slice(marker).filter((x) => x.type === 'attempt')).toHaveLength(1);
    expect(result.control).toMatch(/socket recorder/);
  }, 250_000);

  it('`perfectparser extract` with invoice2data templates, OCR included, opens no socket', () => {
    const templates = path.join(corpus, 'fields', 'templates');
    const r = run([path.join(root, 'bin', 'perfectparser.js'), 'extract', ...files, '--parser', templates, '--csv'], 'cli.log');
    expect(r.stdout.length, r.stderr).toBeGreaterThan(0);
    expect(r.records.filter((x) => x.type === 'attempt')).toEqual([]);
    expect(new Set(r.records.filter((x) => x.type === 'loaded').map((x) => x.threadId)).size).toBeGreaterThanOrEqual(2);
  }, 250_000);
});
