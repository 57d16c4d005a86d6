// parser_runs for renderer tests, built through the contract's schema so they stay valid.
import { parseConfigSchema, type Chunk, type ParseRun } from '../../src/shared/parse-contract.js';

function chunk(start: number, end: number, content: string): Chunk {
  return { object: 'chunk', type: 'page', content, metadata: { pageRange: { start, end } }, blocks: [] };
}

export function processedRun(): ParseRun {
  return {
    object: 'parser_run',
    id: 'pr_test',
    fileId: 'file_test',
    status: 'PROCESSED',
    failureReason: null,
    failureMessage: null,
    chunks: [chunk(1, 1, '# Invoice 42\n\nTotal: 10 EUR\n'), chunk(2, 2, '  '), chunk(3, 3, 'Thank you.')],
    config: parseConfigSchema.parse({}),
    metrics: { processingTimeMs: 1432, pageCount: 3 },
  };
}

export function failedRun(): ParseRun {
  return {
    ...processedRun(),
    status: 'FAILED',
    failureReason: 'PASSWORD_PROTECTED_FILE',
    failureMessage: 'The PDF is protected by a password',
    retryable: false,
    chunks: [],
    metrics: { processingTimeMs: 12, pageCount: 0 },
  };
}
