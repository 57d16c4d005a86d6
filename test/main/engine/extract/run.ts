// A hand-built processed ParseRun: one page chunk per page, one block per string.
import type { ParseRun } from '../../../../src/shared/parse-contract.js';
import { makeBlock } from '../../../helpers/contract-block.js';

/** `pages[i]` holds the contents of page i+1's blocks, in reading order. */
export function runOf(pages: string[][]): ParseRun {
  return {
    object: 'parser_run',
    id: 'run_test',
    fileId: 'file_test',
    status: 'PROCESSED',
    failureReason: null,
    failureMessage: null,
    chunks: pages.map((blocks, i) => ({
      object: 'chunk',
      type: 'page',
      content: blocks.join('\n\n'),
      metadata: { pageRange: { start: i + 1, end: i + 1 } },
      blocks: blocks.map((content, j) =>
        makeBlock({ id: `blk_${i + 1}_${j + 1}`, content, page: i + 1, box: { left: 50, top: 50 + 20 * j, right: 400, bottom: 64 + 20 * j } }),
      ),
    })),
    config: {
      target: 'markdown',
      chunkingStrategy: { type: 'page' },
      blockOptions: {
        figures: { enabled: true, figureImageClippingEnabled: true },
        tables: { enabled: true, targetFormat: 'markdown', cellBlocksEnabled: false },
        text: { signatureDetectionEnabled: true },
        furniture: { enabled: true, inMarkdown: false },
      },
      advancedOptions: { pageRotationEnabled: true, ocr: 'auto' },
    },
    metrics: { processingTimeMs: 1, pageCount: pages.length },
  };
}
