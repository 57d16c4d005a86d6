import { describe, expect, it, vi } from 'vitest';
import { createIpcBackend, plainIpcMessage } from '../../src/renderer/backend/ipc-backend.js';
import type { DesktopApi } from '../../src/preload/api.js';
import { processedRun } from './sample-run.js';

function fakeApi(path: string, parse: DesktopApi['parseFile']): DesktopApi {
  return { parseFile: parse, openFiles: async () => [], pathForFile: () => path };
}

const file = { name: 'invoice.pdf' } as File;

describe('desktop backend', () => {
  it('parses a dropped file by its path on disk', async () => {
    const parse = vi.fn<DesktopApi['parseFile']>(async () => processedRun());
    const backend = createIpcBackend(fakeApi('/home/ada/invoice.pdf', parse));
    await expect(backend.parseFile(file)).resolves.toMatchObject({ status: 'PROCESSED' });
    expect(parse).toHaveBeenCalledWith({ path: '/home/ada/invoice.pdf' });
    await backend.parseFile(file, { target: 'spatial' });
    expect(parse).toHaveBeenLastCalledWith({ path: '/home/ada/invoice.pdf', config: { target: 'spatial' } });
  });

  it('refuses a file that has no path on disk, with a sentence', async () => {
    const parse = vi.fn<DesktopApi['parseFile']>(async () => processedRun());
    const backend = createIpcBackend(fakeApi('', parse));
    await expect(backend.parseFile(file)).rejects.toThrow('"invoice.pdf" is not a file on this computer');
    expect(parse).not.toHaveBeenCalled();
  });

  it('shows main-process errors without Electron’s prefix', async () => {
    const parse = vi.fn<DesktopApi['parseFile']>(async () => {
      throw new Error("Error invoking remote method 'parse:file': Error: File not found: /home/ada/invoice.pdf");
    });
    const backend = createIpcBackend(fakeApi('/home/ada/invoice.pdf', parse));
    await expect(backend.parseFile(file)).rejects.toThrow(/^File not found: \/home\/ada\/invoice\.pdf$/);
    expect(plainIpcMessage(new Error('plain'))).toBe('plain');
    expect(plainIpcMessage('text')).toBe('text');
  });
});
