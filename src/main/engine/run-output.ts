// A finished run in compact form — blocks kept as their JSON text, not as objects — and the
// ways out of it: contract objects for in-process callers, or JSON / text bytes for large runs,
// so memory stays small in the page count.
import type { Block, BlockType, ParseRun } from '../../shared/parse-contract.js';
import { runText } from '../../shared/run-text.js';
import type { ChunkOf } from './chunk.js';

/** A block kept as the UTF-8 JSON of its contract shape (a view into its page's buffer). */
export interface BlockRef {
  id: string;
  type: BlockType;
  json: Uint8Array;
}

/** Compact references for a page's contract blocks, all in one buffer. Bytes, not strings:
 *  V8 keeps the builder's spare capacity with each JSON.stringify result, several KiB each. */
export function blockRefs(blocks: Block[]): BlockRef[] {
  const parts = blocks.map((b) => Buffer.from(JSON.stringify(b), 'utf8'));
  const page = Buffer.concat(parts);
  let offset = 0;
  return blocks.map((b, i) => {
    const len = parts[i]!.length;
    const ref = { id: b.id, type: b.type, json: page.subarray(offset, offset + len) };
    offset += len;
    return ref;
  });
}

function jsonText(ref: BlockRef): string {
  return Buffer.from(ref.json.buffer, ref.json.byteOffset, ref.json.byteLength).toString('utf8');
}

/** A run whose chunks hold block references. */
export type CompactRun = Omit<ParseRun, 'chunks'> & { chunks: Array<ChunkOf<BlockRef>> };

/** The contract object, blocks rebuilt from their JSON. */
export function materializeRun(run: CompactRun): ParseRun {
  return {
    ...run,
    chunks: run.chunks.map((c) => ({ ...c, blocks: c.blocks.map((b) => JSON.parse(jsonText(b)) as Block) })),
  };
}

/** The run's text (its chunks' content), as shown to a reader. */
export function compactRunText(run: CompactRun): string {
  return run.status === 'PROCESSED' ? runText(run) : '';
}

function indent(json: string, depth: number): string {
  return json.replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** JSON text of the run in pieces (the same text JSON.stringify would give), built one block at
 *  a time; `pretty` indents by two spaces. */
export function compactRunJsonPieces(run: CompactRun, pretty: boolean): Array<string | Uint8Array> {
  const out: Array<string | Uint8Array> = [];
  const nl = (depth: number) => (pretty ? `\n${'  '.repeat(depth)}` : '');
  const sep = pretty ? ': ' : ':';
  const value = (v: unknown, depth: number) => (pretty ? indent(JSON.stringify(v, null, 2), depth) : JSON.stringify(v));
  const entries = Object.entries(run).filter(([, v]) => v !== undefined);
  out.push('{');
  entries.forEach(([key, v], i) => {
    out.push(`${i > 0 ? ',' : ''}${nl(1)}${JSON.stringify(key)}${sep}`);
    if (key !== 'chunks') {
      out.push(value(v, 1));
      return;
    }
    const chunks = v as CompactRun['chunks'];
    if (chunks.length === 0) {
      out.push('[]');
      return;
    }
    out.push('[');
    chunks.forEach((chunk, ci) => {
      out.push(`${ci > 0 ? ',' : ''}${nl(2)}{`);
      const fields = Object.entries(chunk).filter(([, fv]) => fv !== undefined);
      fields.forEach(([fk, fv], fi) => {
        out.push(`${fi > 0 ? ',' : ''}${nl(3)}${JSON.stringify(fk)}${sep}`);
        if (fk !== 'blocks') {
          out.push(value(fv, 3));
          return;
        }
        const blocks = fv as BlockRef[];
        if (blocks.length === 0) {
          out.push('[]');
          return;
        }
        out.push('[');
        blocks.forEach((b, bi) => {
          out.push(`${bi > 0 ? ',' : ''}${nl(4)}`);
          out.push(pretty ? indent(JSON.stringify(JSON.parse(jsonText(b)), null, 2), 4) : b.json);
        });
        out.push(`${nl(3)}]`);
      });
      out.push(`${nl(2)}}`);
    });
    out.push(`${nl(1)}]`);
  });
  out.push(`${pretty ? '\n' : ''}}`);
  return out;
}
