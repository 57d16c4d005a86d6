// Lint rules, and the process boundaries the build enforces (STYLE habit 7): src/shared is
// std-only; only the Electron shell imports electron; the renderer imports only types from main.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const bareBuiltins = builtinModules.filter((name) => !name.includes('/')).map(escape);

/** `node:fs`, `fs`, `fs/promises`, … — every Node built-in, with or without the prefix. */
const nodeBuiltins = {
  regex: `^(?:node:|(?:${bareBuiltins.join('|')})(?:/|$))`,
  message: 'Node built-ins are not available here.',
};
const electron = {
  regex: '^electron(?:/|$)',
  message: 'Only the Electron shell (src/main/electron, src/preload) may import electron.',
};

export default defineConfig(
  {
    ignores: ['dist/', 'out/', 'node_modules/', '.scratch/', '.bench/', '.eval/', 'release/', 'coverage/', 'test-results/', '.tmp*/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Plain .js files (bin/, scripts/, this file) run in Node: its globals are the ones running ESLint.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly'])),
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    name: 'no-spread-extent',
    files: ['src/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // A call takes at most ~120,000 arguments; a page's glyphs or a document's blocks can be more.
          selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(min|max)$/] > SpreadElement",
          message: 'Math.min/Math.max over a spread list fails past ~120,000 values: use minOf/maxOf (src/main/engine/extent.ts) or a loop.',
        },
      ],
    },
  },
  {
    name: 'boundaries/shared',
    files: ['src/shared/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { ...nodeBuiltins, message: 'src/shared runs in every process, the renderer included: no Node built-ins.' },
            { ...electron, message: 'src/shared runs in every process: no electron.' },
            {
              regex: '^(?:\\.\\./)+(?:main|renderer|preload)(?:/|$)|(?:^|/)src/(?:main|renderer|preload)(?:/|$)',
              message: 'src/shared depends on nothing else in the project.',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'boundaries/main',
    files: ['src/main/**'],
    ignores: ['src/main/electron/**', 'src/main/engine/pdf/pdfjs.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              ...electron,
              message: 'Only src/main/electron may import electron; the rest of main runs headless (CLI, server, tests).',
            },
            {
              regex: '^pdfjs-dist/legacy/build/pdf(?:\\.worker)?\\.mjs$',
              allowTypeImports: true,
              message: 'Load pdf.js through src/main/engine/pdf/pdfjs.ts (it undoes a process-wide polyfill).',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'boundaries/renderer',
    files: ['src/renderer/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { ...nodeBuiltins, message: 'The renderer is a sandboxed web page: no Node built-ins.' },
            { ...electron, message: 'The renderer reaches the app through window.api, never electron.' },
            {
              regex: '^(?:\\.\\./)+main(?:/|$)|(?:^|/)src/main(?:/|$)',
              allowTypeImports: true,
              message: 'The renderer may import only types from src/main (use `import type`).',
            },
          ],
        },
      ],
    },
  },
  {
    name: 'boundaries/preload',
    files: ['src/preload/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { ...nodeBuiltins, message: 'The preload is sandboxed: it can require only electron.' },
            {
              regex: '^(?:\\.\\./)+(?:main|renderer)(?:/|$)|(?:^|/)src/(?:main|renderer)(?:/|$)',
              allowTypeImports: true,
              message: 'The preload may import only types from main and the renderer.',
            },
          ],
        },
      ],
    },
  },
);
