// Built-ins captured before pdf.js loads. pdf.js's legacy build carries core-js polyfills, and
// on Node 20 its Array.prototype.push check fails (a V8 quirk about non-writable lengths), so it
// replaces the native push for the whole process with a much slower one. This module must be
// evaluated before pdf.js: import it first (./pdfjs.ts does).
export const nativeArrayPush = Array.prototype.push;
