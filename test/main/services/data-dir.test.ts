// Where the data folder is: an explicit one, else PERFECTPARSER_DATA_DIR, with a `~` the shell did
// not expand taken as the home folder (not a folder named "~" in whatever folder the app starts in).
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../src/main/services/data-dir.js';

const saved = process.env['PERFECTPARSER_DATA_DIR'];
afterEach(() => {
  if (saved === undefined) delete process.env['PERFECTPARSER_DATA_DIR'];
  else process.env['PERFECTPARSER_DATA_DIR'] = saved;
});

describe('resolveDataDir', () => {
  it('takes a leading ~ as the home folder, from --data-dir and from the environment', () => {
    expect(resolveDataDir('~/pp-data')).toBe(path.join(os.homedir(), 'pp-data'));
    expect(resolveDataDir('~')).toBe(os.homedir());
    process.env['PERFECTPARSER_DATA_DIR'] = '~/from-env';
    expect(resolveDataDir(undefined)).toBe(path.join(os.homedir(), 'from-env'));
  });

  it('leaves other paths as they are, resolved from the current folder', () => {
    expect(resolveDataDir('data')).toBe(path.resolve('data'));
    expect(resolveDataDir('~user-folder')).toBe(path.resolve('~user-folder'));
    expect(resolveDataDir('/srv/pp')).toBe(path.resolve('/srv/pp'));
  });

  it('refuses an empty --data-dir', () => {
    expect(() => resolveDataDir('')).toThrow('--data-dir needs the path of a folder.');
  });
});
