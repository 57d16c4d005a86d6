import { describe, expect, it, vi } from 'vitest';
import type { DesktopApi } from '../../src/preload/api.js';
import { createIpcBackend, fromIpcError, plainIpcMessage } from '../../src/renderer/backend/ipc-backend.js';
import { BackendError } from '../../src/renderer/backend/http-backend.js';
import type { JobEvent, StageResult, StagedFile } from '../../src/shared/rpc-contract.js';

function staged(path: string): StagedFile {
  const name = path.split('/').pop()!;
  return { ref: { kind: 'path', path }, name, relative_path: name, size: 10, hash: 'ab', file_type: 'pdf', processed_before: null };
}

/** A window.api whose calls are recorded; paths come from a File's name through `paths`. */
function fakeApi(paths: Record<string, string> = {}) {
  const listeners = new Set<(event: JobEvent) => void>();
  const call = vi.fn(async (method: string, arg?: unknown): Promise<unknown> => {
    if (method === 'inbox.scan') {
      const { paths: scanned } = arg as { paths: string[] };
      return { files: scanned.map(staged), skipped: [] } satisfies StageResult;
    }
    return { method, arg };
  });
  const desktop = vi.fn(async (method: string, _arg?: unknown): Promise<unknown> => (method === 'dialog.open' ? ['/home/ada/inbox'] : { saved_to: '/home/ada/ext_1.csv' }));
  const api = {
    call,
    desktop,
    onJobEvent: vi.fn((listener: (event: JobEvent) => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    }),
    pathForFile: vi.fn((file: File) => paths[file.name] ?? ''),
  };
  return { api, backend: createIpcBackend(api as unknown as DesktopApi), listeners };
}

const file = (name: string, webkitRelativePath = '') => ({ name, webkitRelativePath }) as unknown as File;

describe('desktop backend', () => {
  it('is the desktop kind and passes calls through to window.api', async () => {
    const { api, backend } = fakeApi();
    expect(backend.kind).toBe('desktop');
    await expect(backend.call('jobs.get', { extraction_id: 'ext_1' })).resolves.toEqual({ method: 'jobs.get', arg: { extraction_id: 'ext_1' } });
    await backend.call('settings.get');
    expect(api.call.mock.calls[1]).toEqual(['settings.get']);
  });

  it('stages dropped files and folders by their paths on disk, through inbox.scan', async () => {
    const { api, backend } = fakeApi({ 'a.pdf': '/home/ada/a.pdf', march: '/home/ada/march' });
    const progress = vi.fn();
    const result = await backend.stage({ files: [file('a.pdf'), file('march'), file('a.pdf')] }, 'pdf', progress);
    expect(api.call).toHaveBeenCalledWith('inbox.scan', { paths: ['/home/ada/a.pdf', '/home/ada/march'], filter: 'pdf' });
    expect(result.files.map((f) => f.ref)).toEqual([
      { kind: 'path', path: '/home/ada/a.pdf' },
      { kind: 'path', path: '/home/ada/march' },
    ]);
    expect(progress).toHaveBeenLastCalledWith(2, 2);
  });

  it('skips a file that has no path on disk, with a sentence, and scans the rest', async () => {
    const { api, backend } = fakeApi({ 'a.pdf': '/home/ada/a.pdf' });
    const result = await backend.stage({ files: [file('pasted.png', 'clip/pasted.png'), file('a.pdf')] }, 'supported');
    expect(result.skipped).toEqual([
      { name: 'pasted.png', relative_path: 'clip/pasted.png', reason: expect.stringMatching(/^"pasted\.png" is not a file on this computer.*Save it to disk first/) },
    ]);
    expect(result.files).toHaveLength(1);

    api.call.mockClear();
    const none = await backend.stage({ files: [file('pasted.png')] }, 'supported');
    expect(none.files).toEqual([]);
    expect(none.skipped).toHaveLength(1);
    expect(api.call).not.toHaveBeenCalled();
  });

  it('subscribes to job events and hands back the disposer', () => {
    const { backend, listeners } = fakeApi();
    const listener = vi.fn();
    const stop = backend.subscribe(listener);
    const event: JobEvent = { type: 'extraction.status', extraction_id: 'ext_1', status: 'processing' };
    for (const l of listeners) l(event);
    expect(listener).toHaveBeenCalledWith(event);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('exports through the save dialog in main', async () => {
    const { api, backend } = fakeApi();
    await expect(backend.exportResults('ext_1', 'csv', 'json')).resolves.toEqual({ saved_to: '/home/ada/ext_1.csv' });
    expect(api.desktop).toHaveBeenCalledWith('results.export', { extraction_id: 'ext_1', format: 'csv', line_items: 'json' });
  });

  it('picks with the native dialog, then scans what was chosen; cancelling stages nothing', async () => {
    const { api, backend } = fakeApi();
    const result = await backend.pickWithDialog!('folder', 'images');
    expect(api.desktop).toHaveBeenCalledWith('dialog.open', { kind: 'folder' });
    expect(api.call).toHaveBeenCalledWith('inbox.scan', { paths: ['/home/ada/inbox'], filter: 'images' });
    expect(result.files).toHaveLength(1);

    api.desktop.mockResolvedValueOnce([]);
    api.call.mockClear();
    await expect(backend.pickWithDialog!('files', 'supported')).resolves.toEqual({ files: [], skipped: [] });
    expect(api.call).not.toHaveBeenCalled();
  });

  it('shows main-process errors without Electron’s prefix, keeping the contract code', async () => {
    const { api, backend } = fakeApi();
    api.call.mockRejectedValueOnce(new Error("Error invoking remote method 'rpc:jobs.get': RESOURCE_NOT_FOUND: No job ext_9."));
    const err = await backend.call('jobs.get', { extraction_id: 'ext_9' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(err).toMatchObject({ message: 'No job ext_9.', code: 'RESOURCE_NOT_FOUND', status: 404 });

    api.desktop.mockRejectedValueOnce(new Error("Error invoking remote method 'desktop:results.export': Error: There is not enough space on the disk."));
    const plainErr = await backend.exportResults('ext_1', 'xlsx', 'rows').catch((e: unknown) => e);
    expect(plainErr).not.toBeInstanceOf(BackendError);
    expect((plainErr as Error).message).toBe('There is not enough space on the disk.');

    expect(plainIpcMessage(new Error('plain'))).toBe('plain');
    expect(plainIpcMessage('text')).toBe('text');
    expect(fromIpcError(new Error('NOT_A_CODE: hello')).message).toBe('NOT_A_CODE: hello');
  });
});
