// Contract-valid blocks and runs for tests; a block's polygon follows its bounding box.
import { boxPolygon, parseConfigSchema, type Block, type BlockType, type BoundingBox, type ParseRun } from '../../src/shared/parse-contract.js';

export interface BlockFields {
  id?: string;
  type?: BlockType;
  content?: string;
  details?: Record<string, unknown>;
  page?: number;
  box?: BoundingBox;
}

/** Builds a block on a US-letter page; every field has a plain default. */
export function makeBlock(f: BlockFields = {}): Block {
  const box = f.box ?? { left: 10, top: 10, right: 100, bottom: 20 };
  return {
    object: 'block',
    id: f.id ?? 'blk_1',
    type: f.type ?? 'text',
    content: f.content ?? 'Hello',
    details: f.details ?? {},
    metadata: { page: { number: f.page ?? 1, width: 612, height: 792 } },
    polygon: boxPolygon(box),
    boundingBox: box,
  };
}

/** A processed run holding `blocks` in one document chunk (no chunk when there are none),
 *  covering `pageCount` pages. */
export function makeRun(blocks: Block[] = [], pageCount = 1): ParseRun {
  return {
    object: 'parser_run',
    id: 'pr',
    fileId: 'f',
    status: 'PROCESSED',
    failureReason: null,
    failureMessage: null,
    chunks: blocks.length > 0 ? [{ object: 'chunk', type: 'document', content: '', metadata: { pageRange: { start: 1, end: pageCount } }, blocks }] : [],
    config: parseConfigSchema.parse({}),
    metrics: { processingTimeMs: 1, pageCount },
  };
}
