// Part of `npm run build:node` and `npm run build:app`: writes pdf.js's two legacy modules (the
// API and its worker side) as CommonJS scripts into dist/vendor/pdfjs/ (the command line's
// build) or the vendor/pdfjs folder given relative to the project (out/vendor/pdfjs, the desktop
// app's), which the engine compiles with a V8 code cache (src/main/engine/pdf/code-cache.ts):
// each start of an engine thread otherwise compiles 3.3 MB of ES modules from scratch, and V8
// can cache only scripts' code in Node 20. Only the module format changes (esbuild, no bundling,
// no minifying); `import.meta.url` becomes a parameter the loader passes as the original
// module's address, so pdf.js finds its own files as before. Both get the changes in
// ./pdfjs-patches.js (its header says what each one does and why).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { API_PATCHES, patchPdfjs, WORKER_PATCHES } from './pdfjs-patches.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pdfjsPackage = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
const pdfjsBuild = path.join(path.dirname(pdfjsPackage), 'legacy', 'build');
const outDir = path.resolve(root, process.argv[2] ?? path.join('dist', 'vendor', 'pdfjs'));
// The folder is emptied first: only ever one named vendor/pdfjs.
if (path.basename(outDir) !== 'pdfjs' || path.basename(path.dirname(outDir)) !== 'vendor') {
  console.error(`usage: node scripts/vendor-pdfjs.js [folder ending in vendor/pdfjs] (got ${outDir})`);
  process.exit(2);
}

/** @type {(patches: import('./pdfjs-patches.js').PdfjsPatch[]) => import('esbuild').Plugin} */
const patched = (patches) => ({
  name: 'pdfjs-patches',
  setup(b) {
    b.onLoad({ filter: /\.mjs$/ }, (args) => ({ contents: patchPdfjs(readFileSync(args.path, 'utf8'), patches), loader: 'js' }));
  },
});

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
for (const [name, patches] of /** @type {const} */ ([['pdf', API_PATCHES], ['pdf.worker', WORKER_PATCHES]])) {
  await build({
    entryPoints: [path.join(pdfjsBuild, `${name}.mjs`)],
    outfile: path.join(outDir, `${name}.cjs`),
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    bundle: false,
    minify: false,
    legalComments: 'inline',
    define: { 'import.meta.url': '__moduleUrl' },
    logLevel: 'error',
    plugins: [patched(patches)],
  });
}
// The engine uses the scripts only with the pdf.js they were made from (an update of
// node_modules without a build falls back to the modules themselves).
const { version } = JSON.parse(readFileSync(pdfjsPackage, 'utf8'));
writeFileSync(path.join(outDir, 'pdfjs-dist.json'), `${JSON.stringify({ version })}\n`);
