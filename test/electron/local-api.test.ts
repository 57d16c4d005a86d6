import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalApi, type StartServer } from '../../src/main/electron/local-api.js';
import type { RunningServer, ServerOptions } from '../../src/main/server/app.js';
import type { Services } from '../../src/main/services/types.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pp-api-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function setup(start?: StartServer) {
  const servers: Array<{ options: ServerOptions; close: ReturnType<typeof vi.fn> }> = [];
  const startServer = vi.fn<StartServer>(
    start ??
      (async (_services, options) => {
        const close = vi.fn(async () => undefined);
        servers.push({ options, close });
        return { url: `http://${options.host}:${options.port}`, port: options.port!, close } as unknown as RunningServer;
      }),
  );
  const persist = vi.fn(async (_enabled: boolean) => undefined);
  const log = vi.fn();
  const api = new LocalApi({
    services: {} as Services,
    apiKey: async () => 'pp_local_1',
    uploadDir: path.join(dir, 'api-incoming'),
    start: startServer,
    persist,
    log,
  });
  return { api, startServer, servers, persist, log };
}

describe('local API switch', () => {
  it('listens on 127.0.0.1:4780 with the store key, and stops', async () => {
    const { api, servers, persist } = setup();
    await api.setEnabled(true);
    expect(servers).toHaveLength(1);
    expect(servers[0]!.options).toMatchObject({ host: '127.0.0.1', port: 4780, uploadDir: path.join(dir, 'api-incoming') });
    expect((await stat(path.join(dir, 'api-incoming'))).isDirectory()).toBe(true);
    expect(api.status()).toEqual({ enabled: true, url: 'http://127.0.0.1:4780' });
    await api.setEnabled(true);
    expect(servers).toHaveLength(1);
    await api.setEnabled(false);
    expect(servers[0]!.close).toHaveBeenCalledTimes(1);
    expect(api.status()).toEqual({ enabled: false, url: null });
    expect(persist.mock.calls).toEqual([[true], [true], [false]]);
  });

  it('checks a rotated key from the next request on, without restarting', async () => {
    const { api, servers } = setup();
    await api.setEnabled(true);
    const key = servers[0]!.options.apiKey as () => string;
    expect(key()).toBe('pp_local_1');
    api.keyChanged('pp_local_2');
    expect(key()).toBe('pp_local_2');
    expect(servers).toHaveLength(1);
  });

  it('says in a sentence when the port is taken, and stays off without remembering "on"', async () => {
    const { api, persist } = setup(async () => {
      throw Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:4780'), { code: 'EADDRINUSE' });
    });
    await expect(api.setEnabled(true)).rejects.toThrow(/^Port 4780 on this computer is already used by another program/);
    expect(api.status().enabled).toBe(false);
    expect(persist).not.toHaveBeenCalled();
  });

  it('never runs two servers when switched quickly', async () => {
    const { api, servers } = setup();
    await Promise.all([api.setEnabled(true), api.setEnabled(false), api.setEnabled(true)]);
    expect(servers).toHaveLength(2);
    expect(servers[0]!.close).toHaveBeenCalledTimes(1);
    expect(api.status().enabled).toBe(true);
  });

  it('restores the remembered choice at launch; a failure is logged, not thrown', async () => {
    const ok = setup();
    await ok.api.restore(undefined);
    expect(ok.servers).toHaveLength(0);
    await ok.api.restore(true);
    expect(ok.servers).toHaveLength(1);
    expect(ok.persist).not.toHaveBeenCalled();

    const busy = setup(async () => {
      throw Object.assign(new Error('in use'), { code: 'EADDRINUSE' });
    });
    await expect(busy.api.restore(true)).resolves.toBeUndefined();
    expect(busy.log).toHaveBeenCalledWith(expect.stringMatching(/Port 4780/));
  });

  it("gives the server the app's file size limit for uploads", async () => {
    const seen: ServerOptions[] = [];
    const api = new LocalApi({
      services: {} as Services,
      apiKey: async () => 'pp_local_1',
      uploadDir: path.join(dir, 'api-incoming'),
      maxUploadBytes: 3 * 1024 * 1024,
      start: async (_services, options) => {
        seen.push(options);
        return { url: 'http://127.0.0.1:4780', port: 4780, close: async () => undefined } as unknown as RunningServer;
      },
      persist: async () => undefined,
    });
    await api.setEnabled(true);
    expect(seen[0]!.maxUploadBytes).toBe(3 * 1024 * 1024);
    await api.close();
  });

  it('closes on quit without forgetting the choice', async () => {
    const { api, servers, persist } = setup();
    await api.setEnabled(true);
    await api.close();
    expect(servers[0]!.close).toHaveBeenCalledTimes(1);
    expect(persist.mock.calls).toEqual([[true]]);
  });
});
