// Serialises a large value (a parser_run of thousands of pages) to UTF-8 bytes piece by piece.
// V8's JSON.stringify on one huge object graph peaks at many times the output's size; here
// each block is stringified on its own and written straight into one buffer.

/** Depth below which values are stringified whole (a run's blocks sit at depth 4). */
const WHOLE_DEPTH = 4;

function emit(value: unknown, pretty: boolean, depth: number, out: string[]): void {
  if (value === null || typeof value !== 'object' || depth >= WHOLE_DEPTH) {
    let s = JSON.stringify(value, null, pretty ? 2 : undefined) ?? 'null';
    if (pretty && depth > 0 && s.includes('\n')) s = s.replace(/\n/g, `\n${'  '.repeat(depth)}`);
    out.push(s);
    return;
  }
  const inner = pretty ? `\n${'  '.repeat(depth + 1)}` : '';
  const close = pretty ? `\n${'  '.repeat(depth)}` : '';
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    out.push('[');
    value.forEach((v, i) => {
      out.push(i > 0 ? `,${inner}` : inner);
      emit(v === undefined ? null : v, pretty, depth + 1, out);
    });
    out.push(`${close}]`);
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    out.push('{}');
    return;
  }
  out.push('{');
  entries.forEach(([k, v], i) => {
    out.push(`${i > 0 ? ',' : ''}${inner}${JSON.stringify(k)}:${pretty ? ' ' : ''}`);
    emit(v, pretty, depth + 1, out);
  });
  out.push(`${close}}`);
}

/** JSON bytes of a value, the same text JSON.stringify would give (with 2-space indent when pretty). */
export function jsonBytes(value: unknown, pretty: boolean): Uint8Array {
  const pieces: string[] = [];
  emit(value, pretty, 0, pieces);
  return stringsToBytes(pieces);
}

/** UTF-8 bytes of strings (and byte pieces) joined, in one buffer that can be transferred
 *  between threads. */
export function stringsToBytes(pieces: Array<string | Uint8Array>): Uint8Array {
  let total = 0;
  for (const p of pieces) total += typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : p.byteLength;
  const buf = Buffer.allocUnsafeSlow(total);
  let offset = 0;
  for (const p of pieces) {
    if (typeof p === 'string') offset += buf.write(p, offset, 'utf8');
    else {
      buf.set(p, offset);
      offset += p.byteLength;
    }
  }
  return new Uint8Array(buf.buffer, buf.byteOffset, total);
}
