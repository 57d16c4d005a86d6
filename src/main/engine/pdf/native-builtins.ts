// Built-ins captured before pdf.js loads. pdf.js's legacy build carries core-js polyfills that
// replace some built-ins for the whole process with much slower JavaScript versions: on Node 20
// its Array.prototype.push check fails (a V8 quirk about non-writable lengths), and it swaps
// JSON.stringify and JSON.parse for versions that support JSON.rawJSON (which nothing here
// uses), making every JSON.stringify 4-6 times slower. This module must be evaluated before
// pdf.js: import it first (./pdfjs.ts does, and puts these back).
export const nativeBuiltins: ReadonlyArray<{ owner: object; key: string; value: unknown }> = [
  { owner: Array.prototype, key: 'push', value: Array.prototype.push },
  { owner: JSON, key: 'stringify', value: JSON.stringify },
  { owner: JSON, key: 'parse', value: JSON.parse },
];
