// Settings and the local API key.
import { describe, expect, it } from 'vitest';
import { ensureApiKey, getSetting, setSetting } from '../../../src/main/store/queries/settings.js';
import { memoryDb } from './fixtures.js';

describe('settings queries', () => {
  it('getSetting is null until set; setSetting replaces the value', () => {
    const db = memoryDb();
    expect(getSetting(db, { key: 'theme' })).toBeNull();
    setSetting(db, { key: 'theme', value: 'dark' });
    expect(getSetting(db, { key: 'theme' })).toBe('dark');
    setSetting(db, { key: 'theme', value: 'light' });
    expect(getSetting(db, { key: 'theme' })).toBe('light');
    expect(db.prepare("SELECT COUNT(*) AS n FROM settings WHERE key = 'theme'").get()).toEqual({ n: 1 });
  });

  it('ensureApiKey makes a pp_local_ key once and returns the same one afterwards', () => {
    const db = memoryDb();
    const first = ensureApiKey(db);
    expect(first.key).toMatch(/^pp_local_[A-Za-z0-9_-]{32}$/);
    expect(Date.parse(first.created_at)).not.toBeNaN();
    expect(ensureApiKey(db)).toEqual(first);
    expect(ensureApiKey(db)).toEqual(first);
    expect(getSetting(db, { key: 'api_key' })).toBe(first.key);
  });

  it('ensureApiKey gives different stores different keys', () => {
    expect(ensureApiKey(memoryDb()).key).not.toBe(ensureApiKey(memoryDb()).key);
  });
});
