// Starts the real server on a free port with fake services, and speaks real HTTP to it.
import { mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../../src/main/server/app.js';
import { createFakeServices, type FakeServices } from './fake-services.js';

export const API_KEY = 'pp_local_test_key_0123456789';

export interface TestServer extends RunningServer {
  services: FakeServices;
  /** This server's upload folder (each request spools into a subfolder of it). */
  uploadDir: string;
  /** fetch with the API key (unless the caller sets its own X-API-Key). */
  api(pathname: string, init?: RequestInit): Promise<Response>;
  /** Subfolders currently in the upload folder. */
  uploadFolders(): string[];
}

/** Starts a server on 127.0.0.1:0; stop it with `close()`. */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const services = createFakeServices();
  const uploadDir = mkdtempSync(path.join(tmpdir(), 'pp-server-test-'));
  const server = await startServer(services, { host: '127.0.0.1', port: 0, apiKey: API_KEY, uploadDir, ...options });
  return {
    ...server,
    services,
    uploadDir,
    api: (pathname, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('x-api-key')) headers.set('x-api-key', API_KEY);
      return fetch(server.url + pathname, { ...init, headers });
    },
    uploadFolders: () => readdirSync(uploadDir),
    close: async () => {
      await server.close();
      await rm(uploadDir, { recursive: true, force: true });
    },
  };
}

export { rawRequest, type RawResponse } from '../../helpers/raw-http.js';

/** The parsed error envelope of a response, checking its shape. */
export async function errorOf(res: Response): Promise<{ code: string; message: string; requestId: string; retryable: boolean }> {
  const body = (await res.json()) as { error?: { code: string; message: string; requestId: string; retryable: boolean } };
  if (!body.error) throw new Error(`not an error envelope: ${JSON.stringify(body)}`);
  return body.error;
}
