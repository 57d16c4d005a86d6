// A finished run in compact form — blocks kept as their JSON text, not as objects — and the
// ways out of it: contract objects for in-process callers, or JSON / text bytes for large runs,
// so memory stays small in the page count.
import { randomUUID } from 'node:crypto';
import type { Block, BlockType, ParseConfig, ParseRun } from '../../shared/parse-contract.js';
import { isRetryable } from '../../shared/parse-values.js';
import { runText } from '../../shared/run-text.js';
import type { ChunkOf } from './chunk.js';
import type { EngineError } from './errors.js';

/** A block kept as the compact JSON of its contract shape: a slice of its page's JSON text. */
export interface BlockRef {
  id: string;
  type: BlockType;
  /** The page's blocks' JSON, one flat string shared by the page's references. */
  pageJson: { text: string };
  start: number;
  end: number;
}

/** Compact references for a page's contract blocks. The page's JSON is joined into one flat
 *  string: V8 keeps spare builder capacity with each small JSON.stringify result (several KiB
 *  a block), which a long document's thousands of blocks would multiply. */
export function blockRefs(blocks: Block[]): BlockRef[] {
  const parts = blocks.map((b) => JSON.stringify(b));
  const pageJson = { text: parts.join('') };
  let offset = 0;
  return blocks.map((b, i) => {
    const len = parts[i]!.length;
    const ref: BlockRef = { id: b.id, type: b.type, pageJson, start: offset, end: offset + len };
    offset += len;
    return ref;
  });
}

function jsonText(ref: BlockRef): string {
  return ref.pageJson.text.slice(ref.start, ref.end);
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
export function compactRunJsonPieces(run: CompactRun, pretty: boolean): string[] {
  const out: string[] = [];
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
          out.push(pretty ? indent(JSON.stringify(JSON.parse(jsonText(b)), null, 2), 4) : jsonText(b));
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

/** The config a run echoes: as resolved, without the document's password (a run saved or
 *  shared must not carry it). */
export function echoedConfig(config: ParseConfig): ParseConfig {
  if (config.advancedOptions.password === undefined) return config;
  const { password: _password, ...advancedOptions } = config.advancedOptions;
  return { ...config, advancedOptions };
}

/** A FAILED run (no chunks) for a failure of the engine or of the worker running it, echoing
 *  the resolved config (every default for an invalid one: configOrDefaults). Fits both the
 *  contract's run and the compact one. */
export function failedParseRun(
  fileId: string,
  config: ParseConfig,
  err: EngineError,
  started: number,
  pageCount = 0,
): Omit<ParseRun, 'chunks'> & { chunks: never[] } {
  return {
    object: 'parser_run',
    id: `pr_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    fileId,
    status: 'FAILED',
    failureReason: err.reason,
    failureMessage: err.message,
    retryable: isRetryable(err.reason),
    chunks: [],
    config: echoedConfig(config),
    metrics: { processingTimeMs: Math.round(performance.now() - started), pageCount },
  };
}
