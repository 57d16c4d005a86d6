// Output bytes for a run serialised in pieces: written straight into one buffer that can be
// transferred between threads without a copy.

/** UTF-8 bytes of strings joined, in one transferable buffer. */
export function stringsToBytes(pieces: string[]): Uint8Array {
  let total = 0;
  for (const p of pieces) total += Buffer.byteLength(p, 'utf8');
  const buf = Buffer.allocUnsafeSlow(total);
  let offset = 0;
  for (const p of pieces) offset += buf.write(p, offset, 'utf8');
  return new Uint8Array(buf.buffer, buf.byteOffset, total);
}
