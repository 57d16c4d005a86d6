// Browser mode: the built renderer (electron-vite's out/renderer) served by `perfectparser serve`.
// The files hold no data, so they need no key (the Host guard still applies); the UI then calls
// /rpc and /v1 with the key it read from the address's fragment. Only regular files below the
// renderer folder are served — no traversal, no symlinks out of it, no dot-files — each with a
// CSP, nosniff, and long-lived caching for Vite's content-hashed assets/ files only.
import { createReadStream, existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isApiPath } from './auth.js';
import { notFoundHandler } from './errors.js';
import { SERVED_RENDERER_CSP } from '../../shared/renderer-csp.js';

/** The renderer's policy in browser mode (declared with the desktop one in src/shared). */
export const BROWSER_CSP = SERVED_RENDERER_CSP;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

const NOT_BUILT =
  'The PerfectParser UI is not built yet. Run `npm run build` (or `npm run build:app`) in the project folder, ' +
  'then reload this page. The /v1 API works without it.\n';

/** Where the built renderer is: `out/renderer` in the project folder, found by walking up from
 *  this module to the folder holding package.json (works from src/ under tsx or vitest, and from
 *  dist/ under bin/perfectparser.js). The folder may not exist (not built yet). */
export function defaultRendererDir(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'out', 'renderer');
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(from, '../../../out/renderer');
    dir = parent;
  }
}

/** Registers `GET /` and `GET /*` serving files from `rendererDir` (looked up per request, so a
 *  build made while the server runs is picked up). */
export function registerStaticRenderer(app: FastifyInstance, rendererDir: string): void {
  const root = path.resolve(rendererDir);
  app.get('/', { config: { public: true } }, (request, reply) => sendFile(request, reply, root, 'index.html'));
  // An API path here is not a file: the hooks treat it as the API's (key check, rate limit; see
  // isPublicRoute), and it is answered as the API's unknown route.
  app.get('/*', { config: { public: true, files: true } }, async (request, reply) => {
    if (isApiPath(request.url)) return notFoundHandler(request, reply);
    return sendFile(request, reply, root, (request.params as { '*': string })['*']);
  });
}

async function sendFile(request: FastifyRequest, reply: FastifyReply, root: string, relative: string): Promise<unknown> {
  if (!existsSync(path.join(root, 'index.html'))) {
    securityHeaders(reply);
    return reply.code(503).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);
  }
  const file = await resolveInside(root, relative);
  // Every browser asks for one; without it the console of each page load shows a 404.
  if (!file && relative === 'favicon.ico') return reply.code(204).header('cache-control', 'public, max-age=86400').send();
  if (!file) return notFoundHandler(request, reply);
  securityHeaders(reply);
  reply.type(CONTENT_TYPES[path.extname(file.path).toLowerCase()] ?? 'application/octet-stream');
  // Vite names assets/ files by their content hash: they never change under one name.
  const hashed = relative.startsWith('assets/') && /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(relative);
  reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (path.basename(file.path) === 'index.html' && path.dirname(file.path) === file.root) {
    return reply.send(withoutCspMeta(await readFile(file.path, 'utf8')));
  }
  reply.header('content-length', String(file.size));
  return reply.send(createReadStream(file.path));
}

function securityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', BROWSER_CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
}

/** The build writes the desktop CSP into index.html as a meta tag (file:// pages get no headers);
 *  both would be enforced, so here the header alone speaks. */
function withoutCspMeta(html: string): string {
  return html.replace(/<meta\s+http-equiv=["']?Content-Security-Policy["']?[^>]*>\s*/gi, '');
}

/** The regular file `relative` names below `root`, or null: no "..", no dot-files, no NUL or
 *  backslash, and no symlink leading out of the folder. */
async function resolveInside(root: string, relative: string): Promise<{ path: string; root: string; size: number } | null> {
  if (relative.includes('\0') || relative.includes('\\')) return null;
  const parts = relative.split('/');
  if (parts.some((part) => part === '' || part.startsWith('.'))) return null;
  try {
    const realRoot = await realpath(root);
    const real = await realpath(path.join(realRoot, ...parts));
    if (!real.startsWith(realRoot + path.sep)) return null;
    const info = await stat(real);
    return info.isFile() ? { path: real, root: realRoot, size: info.size } : null;
  } catch {
    return null;
  }
}
