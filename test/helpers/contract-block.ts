// A contract-valid block for tests, with a polygon that follows its bounding box.
import { boxPolygon, type Block, type BlockType, type BoundingBox } from '../../src/shared/parse-contract.js';

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
