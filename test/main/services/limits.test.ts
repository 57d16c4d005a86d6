// One file size limit for every way in: PERFECTPARSER_MAX_FILE_SIZE_MB when set (the local API's
// uploads, jobs and samples read it as the command line does), else 500 MB.
import { afterEach, describe, expect, it } from 'vitest';
import { configuredMaxFileSize } from '../../../src/main/services/limits.js';

const saved = process.env['PERFECTPARSER_MAX_FILE_SIZE_MB'];
afterEach(() => {
  if (saved === undefined) delete process.env['PERFECTPARSER_MAX_FILE_SIZE_MB'];
  else process.env['PERFECTPARSER_MAX_FILE_SIZE_MB'] = saved;
});

describe('configuredMaxFileSize', () => {
  it('reads PERFECTPARSER_MAX_FILE_SIZE_MB, and falls back to 500 MB for a missing or bad value', () => {
    process.env['PERFECTPARSER_MAX_FILE_SIZE_MB'] = '1';
    expect(configuredMaxFileSize()).toBe(1024 * 1024);
    for (const bad of ['', '0', '-5', 'ten']) {
      process.env['PERFECTPARSER_MAX_FILE_SIZE_MB'] = bad;
      expect(configuredMaxFileSize()).toBe(500 * 1024 * 1024);
    }
    delete process.env['PERFECTPARSER_MAX_FILE_SIZE_MB'];
    expect(configuredMaxFileSize()).toBe(500 * 1024 * 1024);
  });
});
