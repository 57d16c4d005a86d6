// Build of the desktop app into out/: main (ESM, dependencies external, plus the engine worker
// beside it), preload (CommonJS, because sandboxed preloads cannot be ES modules) and renderer.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { RENDERER_CSP } from './src/main/electron/csp.js';

/** An absolute path from a path relative to the project root (where this file lives). */
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Writes the CSP into the built index.html: pages loaded from file:// receive no response headers. */
function cspMetaTag(): Plugin {
  return {
    name: 'perfectparser:csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: RENDERER_CSP }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: at('out/main'),
      // Everything in "dependencies" stays a runtime import (pdfjs-dist must never be bundled).
      externalizeDeps: { include: ['pdfjs-dist'] },
      rollupOptions: {
        // package.json "main" is out/main/index.js. The engine, store and OCR workers are built
        // beside it, where their hosts look for them (src/main/worker-script.ts).
        input: {
          index: at('src/main/electron/main.ts'),
          'engine-worker': at('src/main/jobs/engine-worker.ts'),
          'store-worker': at('src/main/store/store-worker.ts'),
          'tesseract-worker': at('src/main/engine/ocr/tesseract-worker.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: at('out/preload'),
      // A sandboxed preload can require only "electron": bundle anything else it imports.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: at('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('src/renderer'),
    plugins: [react(), cspMetaTag()],
    build: {
      outDir: at('out/renderer'),
      rollupOptions: { input: at('src/renderer/index.html') },
    },
  },
});
