// When leaving the page would lose work (the browser's "Leave site?" question is asked then).
import { describe, expect, it } from 'vitest';
import { hasUnsavedWork } from '../../src/renderer/use-unload-guard.js';
import { stagedFile } from './fixtures.js';

describe('hasUnsavedWork', () => {
  it('holds for unsaved parser edits and for files staged or being staged in the Inbox', () => {
    const empty = { files: [], staging: null };
    expect(hasUnsavedWork(empty, { dirty: false })).toBe(false);
    expect(hasUnsavedWork(empty, { dirty: true })).toBe(true);
    expect(hasUnsavedWork({ files: [stagedFile('a.pdf')], staging: null }, { dirty: false })).toBe(true);
    expect(hasUnsavedWork({ files: [], staging: { done: 1, total: 3 } }, { dirty: false })).toBe(true);
  });
});
