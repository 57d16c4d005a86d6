import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAbiMismatch, sqliteBindingPath } from '../../src/main/electron/native-binding.js';

describe('the Electron-ABI SQLite binding', () => {
  const resourcesPath = path.resolve('/opt/PerfectParser/resources');
  const appPath = path.resolve('/home/ada/perfectparser');

  it('is taken from resources/native in a packaged app', () => {
    const expected = path.join(resourcesPath, 'native', 'better_sqlite3.node');
    expect(sqliteBindingPath({ isPackaged: true, resourcesPath, appPath, exists: (f) => f === expected })).toBe(expected);
  });

  it('is taken from build/electron-native in development', () => {
    const expected = path.join(appPath, 'build', 'electron-native', 'better_sqlite3.node');
    expect(sqliteBindingPath({ isPackaged: false, resourcesPath, appPath, exists: (f) => f === expected })).toBe(expected);
  });

  it('is left to better-sqlite3 when there is none', () => {
    expect(sqliteBindingPath({ isPackaged: true, resourcesPath, appPath, exists: () => false })).toBeUndefined();
    expect(sqliteBindingPath({ isPackaged: false, resourcesPath, appPath, exists: () => false })).toBeUndefined();
  });

  it('recognises an ABI mismatch', () => {
    expect(isAbiMismatch(new Error("The module '/x/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115."))).toBe(true);
    expect(isAbiMismatch(new Error('database or disk is full'))).toBe(false);
  });
});
