import { describe, expect, it } from 'vitest';
import { createParserOptionsStore } from '../../../src/renderer/stores/parser-options-store.js';
import { failure, reasonOf } from '../../../src/renderer/stores/index.js';
import { createFakeBackend } from '../fake-backend.js';

const parser = (id: string, name: string, fields: number) => ({
  parser_id: id,
  name,
  description: null,
  result_mode: 'one_per_file' as const,
  schema: null,
  fields: Array.from({ length: fields }, (_, i) => ({ name: `f${i}`, type: 'string' as const })),
  has_sample_file: false,
  sample_file_id: null,
  created_at: 't',
  updated_at: 't',
});

describe('parser options store', () => {
  it('lists parsers by name with their field counts', async () => {
    const fake = createFakeBackend();
    fake.on('parsers.list', () => [parser('prs_2', 'Receipts', 0), parser('prs_1', 'Invoices', 3)]);
    const store = createParserOptionsStore(fake.backend);
    await store.getState().load();
    expect(store.getState().options).toEqual([
      { parser_id: 'prs_1', name: 'Invoices', field_count: 3 },
      { parser_id: 'prs_2', name: 'Receipts', field_count: 0 },
    ]);
    expect(store.getState().status).toBe('ready');
  });

  it('reports a failure as a sentence', async () => {
    const fake = createFakeBackend();
    fake.on('parsers.list', () => {
      throw new Error('database is locked');
    });
    const store = createParserOptionsStore(fake.backend);
    await store.getState().load();
    expect(store.getState().error).toBe('The list of parsers could not be loaded. Database is locked.');
  });
});

describe('failure sentences', () => {
  it('joins what the user did with the reason, each a sentence', () => {
    expect(failure('The job could not be started', new Error('no files'))).toBe('The job could not be started. No files.');
    expect(failure('The job could not be started.', new Error('Nothing to do!'))).toBe('The job could not be started. Nothing to do!');
    expect(failure('Saving failed', 'plain text reason')).toBe('Saving failed. Plain text reason.');
    expect(failure('Saving failed', { weird: true })).toBe('Saving failed.');
    expect(reasonOf(new Error('   '))).toBe('');
  });
});
