import { makeBlock } from '../helpers/contract-block.js';
import { describe, expect, it } from 'vitest';
import {
  FAILURE_REASONS,
  isRetryable,
  parseRunSchema,
  resolveParseConfig,
  type FailureReason,
} from '../../src/shared/parse-contract.js';

function resolveOk(input: unknown) {
  const r = resolveParseConfig(input);
  if (!r.ok) throw new Error(`expected a valid config, got: ${r.message}`);
  return r.config;
}

function resolveErr(input: unknown): string {
  const r = resolveParseConfig(input);
  if (r.ok) throw new Error(`expected an invalid config, got ${JSON.stringify(r.config)}`);
  return r.message;
}

describe('resolveParseConfig defaults', () => {
  it('applies every default to an empty config', () => {
    const c = resolveOk({});
    expect(c.target).toBe('markdown');
    expect(c.chunkingStrategy.type).toBe('page');
    expect(c.chunkingStrategy.minCharacters).toBeUndefined();
    expect(c.chunkingStrategy.maxCharacters).toBeUndefined();
    expect(c.blockOptions.tables).toEqual({ enabled: true, targetFormat: 'markdown', cellBlocksEnabled: false });
    expect(c.blockOptions.figures).toEqual({ enabled: true, figureImageClippingEnabled: true });
    expect(c.blockOptions.text).toEqual({ signatureDetectionEnabled: true });
    expect(c.advancedOptions.ocr).toBe('auto');
    expect(c.advancedOptions.pageRotationEnabled).toBe(true);
    expect(c.advancedOptions.password).toBeUndefined();
    expect(c.advancedOptions.pageRanges).toBeUndefined();
  });

  it('treats undefined and null input as an empty config', () => {
    expect(resolveOk(undefined)).toEqual(resolveOk({}));
    expect(resolveOk(null)).toEqual(resolveOk({}));
  });

  it('fills defaults inside partially given nested objects', () => {
    const c = resolveOk({
      chunkingStrategy: { maxCharacters: 500 },
      blockOptions: { tables: { targetFormat: 'html' } },
      advancedOptions: { ocr: 'off' },
    });
    expect(c.chunkingStrategy).toEqual({ type: 'page', maxCharacters: 500 });
    expect(c.blockOptions.tables).toEqual({ enabled: true, targetFormat: 'html', cellBlocksEnabled: false });
    expect(c.blockOptions.figures.enabled).toBe(true);
    expect(c.advancedOptions).toEqual({ pageRotationEnabled: true, ocr: 'off' });
  });

  it('keeps explicit values', () => {
    const c = resolveOk({
      target: 'spatial',
      chunkingStrategy: { type: 'document', minCharacters: 10, maxCharacters: 10 },
      blockOptions: { figures: { enabled: false } },
      advancedOptions: { pageRotationEnabled: false, ocr: 'force', password: 'pw', pageRanges: [{ start: 2, end: 3 }] },
    });
    expect(c.target).toBe('spatial');
    expect(c.chunkingStrategy).toEqual({ type: 'document', minCharacters: 10, maxCharacters: 10 });
    expect(c.blockOptions.figures.enabled).toBe(false);
    expect(c.advancedOptions).toEqual({ pageRotationEnabled: false, ocr: 'force', password: 'pw', pageRanges: [{ start: 2, end: 3 }] });
  });
});

describe('resolveParseConfig rejections', () => {
  it('rejects section chunking with the spatial target, naming section', () => {
    const msg = resolveErr({ target: 'spatial', chunkingStrategy: { type: 'section' } });
    expect(msg).toMatch(/section/i);
  });

  it('allows section chunking with markdown and page chunking with spatial', () => {
    expect(resolveParseConfig({ chunkingStrategy: { type: 'section' } }).ok).toBe(true);
    expect(resolveParseConfig({ target: 'spatial', chunkingStrategy: { type: 'page' } }).ok).toBe(true);
  });

  it('rejects minCharacters greater than maxCharacters', () => {
    const msg = resolveErr({ chunkingStrategy: { minCharacters: 200, maxCharacters: 100 } });
    expect(msg).toMatch(/minCharacters/);
  });

  it('rejects unknown enum values', () => {
    expect(resolveErr({ target: 'html' })).toMatch(/target/);
    expect(resolveErr({ chunkingStrategy: { type: 'paragraph' } })).toMatch(/chunkingStrategy\.type/);
    expect(resolveErr({ blockOptions: { tables: { targetFormat: 'csv' } } })).toMatch(/targetFormat/);
    expect(resolveErr({ advancedOptions: { ocr: 'always' } })).toMatch(/ocr/);
  });

  it('rejects wrongly typed and out-of-range values', () => {
    expect(resolveParseConfig({ chunkingStrategy: { maxCharacters: 0 } }).ok).toBe(false);
    expect(resolveParseConfig({ chunkingStrategy: { minCharacters: -1 } }).ok).toBe(false);
    expect(resolveParseConfig({ chunkingStrategy: { maxCharacters: 10.5 } }).ok).toBe(false);
    expect(resolveParseConfig({ advancedOptions: { pageRanges: [{ start: 3, end: 2 }] } }).ok).toBe(false);
    expect(resolveParseConfig({ advancedOptions: { pageRanges: [{ start: 0, end: 2 }] } }).ok).toBe(false);
    expect(resolveParseConfig({ blockOptions: { figures: { enabled: 'yes' } } }).ok).toBe(false);
    expect(resolveParseConfig('markdown').ok).toBe(false);
  });

  it('explains the problem in one sentence', () => {
    const msg = resolveErr({ target: 'html' });
    expect(msg.startsWith('Invalid parse options')).toBe(true);
    expect(msg.endsWith('.')).toBe(true);
    expect(msg).not.toContain('\n');
  });
});

function minimalRun(): Record<string, unknown> {
  return {
    object: 'parser_run',
    id: 'pr_1',
    fileId: 'file_1',
    status: 'PROCESSED',
    failureReason: null,
    failureMessage: null,
    chunks: [
      {
        object: 'chunk',
        type: 'page',
        content: 'Hello',
        metadata: { pageRange: { start: 1, end: 1 } },
        blocks: [
          makeBlock({ box: { left: 10, top: 10, right: 50, bottom: 20 } }),
        ],
      },
    ],
    config: {},
    metrics: { processingTimeMs: 3, pageCount: 1 },
  };
}

describe('parseRunSchema', () => {
  it('accepts a minimal valid run and applies config defaults', () => {
    const r = parseRunSchema.safeParse(minimalRun());
    expect(r.success).toBe(true);
    if (r.success) expect(r.data.config.target).toBe('markdown');
  });

  it('accepts a failed run with a reason', () => {
    const run = { ...minimalRun(), status: 'FAILED', failureReason: 'CORRUPT_FILE', failureMessage: 'bad', chunks: [], retryable: false };
    expect(parseRunSchema.safeParse(run).success).toBe(true);
  });

  it('rejects a block with a missing boundingBox', () => {
    const run = minimalRun();
    const block = ((run['chunks'] as Array<{ blocks: Array<Record<string, unknown>> }>)[0]!.blocks[0]!);
    delete block['boundingBox'];
    const r = parseRunSchema.safeParse(run);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.some((i) => i.path.includes('boundingBox'))).toBe(true);
  });

  it('rejects an unknown block type and an unknown failure reason', () => {
    const run = minimalRun();
    const block = ((run['chunks'] as Array<{ blocks: Array<Record<string, unknown>> }>)[0]!.blocks[0]!);
    block['type'] = 'paragraph';
    expect(parseRunSchema.safeParse(run).success).toBe(false);
    expect(parseRunSchema.safeParse({ ...minimalRun(), status: 'FAILED', failureReason: 'TIMEOUT' }).success).toBe(false);
  });
});

describe('isRetryable', () => {
  it('marks only OCR_ERROR and INTERNAL_ERROR as retryable', () => {
    const reasons = Object.keys(FAILURE_REASONS) as FailureReason[];
    expect(reasons.sort()).toEqual(
      [
        'CORRUPT_FILE',
        'FAILED_TO_CONVERT_TO_PDF',
        'FAILED_TO_GENERATE_TARGET_FORMAT',
        'FILE_SIZE_TOO_LARGE',
        'FILE_TYPE_NOT_SUPPORTED',
        'INTERNAL_ERROR',
        'INVALID_CONFIG_OPTIONS',
        'OCR_ERROR',
        'PASSWORD_PROTECTED_FILE',
      ].sort(),
    );
    const retryable = reasons.filter((r) => isRetryable(r)).sort();
    expect(retryable).toEqual(['INTERNAL_ERROR', 'OCR_ERROR']);
  });
});
