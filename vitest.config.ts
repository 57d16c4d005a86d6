// Unit and integration tests under test/, in Node. End-to-end tests (Playwright) run separately.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: [...configDefaults.exclude, 'test/e2e/**'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
