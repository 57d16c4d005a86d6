// Deterministic identifiers: the same file and config always give the same ids.
import { createHash } from 'node:crypto';

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

/** Canonical JSON (sorted keys) so equal configs hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
