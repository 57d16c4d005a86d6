// Deterministic identifiers: the same file and config always give the same ids.
import { createHash } from 'node:crypto';

/** Canonical JSON (sorted keys) so equal configs hash equally. */
export { canonicalJson } from '../../shared/canonical-json.js';

/** Hex SHA-256 of some bytes. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A stable id for a file's content. */
export function fileIdFor(bytes: Uint8Array): string {
  return `file_${sha256Hex(bytes).slice(0, 24)}`;
}

/** A stable id for a block from the run's seed, its page and its position on the page. */
export function blockIdFor(seed: string, page: number, index: number, suffix = ''): string {
  return `blk_${sha256Hex(`${seed}:${page}:${index}:${suffix}`).slice(0, 20)}`;
}
