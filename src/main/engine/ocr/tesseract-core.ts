// Which tesseract.js WebAssembly core an OCR worker loads (tesseract-worker.ts): the LSTM-only
// build, with 128-bit SIMD where the runtime has it.

// The engine's TypeScript library has no DOM types, where WebAssembly is declared.
declare const WebAssembly: { validate(bytes: Uint8Array): boolean };

/** A module using a 128-bit SIMD instruction (wasm-feature-detect's probe): every Node and
 *  Electron we support validates it; a runtime that does not gets the plain core. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** Whether this runtime runs WebAssembly SIMD. */
export function wasmSimd(): boolean {
  return WebAssembly.validate(SIMD_PROBE);
}

/** The module name of the LSTM-only core for a runtime with or without SIMD. */
export function lstmCoreModule(simd = wasmSimd()): string {
  return simd ? 'tesseract.js-core/tesseract-core-simd-lstm' : 'tesseract.js-core/tesseract-core-lstm';
}
