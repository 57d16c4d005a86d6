// Loading pdf.js must leave the process's built-ins as fast as it found them: its legacy
// build's polyfills replace Array.prototype.push, JSON.stringify and JSON.parse with slower
// versions, and its Flate streams would wait on DecompressionStream's thread pool (the engine's
// DecompressionStream refuses to be made, so pdf.js falls back to its own inflater).
import { describe, expect, it } from 'vitest';
import { makePdf } from '../../../helpers/make-pdf.js';

describe('loading pdf.js', () => {
  it('keeps the native push, JSON.stringify and JSON.parse and refuses DecompressionStream', async () => {
    const push = Array.prototype.push;
    const stringify = JSON.stringify;
    const parse = JSON.parse;
    await import('../../../../src/main/engine/pdf/pdfjs.js');
    expect(Array.prototype.push).toBe(push);
    expect(JSON.stringify).toBe(stringify);
    expect(JSON.parse).toBe(parse);
    expect(() => new DecompressionStream('deflate')).toThrow();
    // pdf.js still inflates Flate streams (its own decoder): a compressed page reads.
    const { openPdf } = await import('../../../../src/main/engine/pdf/open.js');
    const doc = await openPdf(makePdf({ pages: [{ deflate: true, items: [{ text: 'Hello inflated world', x: 72, y: 720 }] }] }));
    const page = await doc.getPage(1);
    const text = await page.getTextContent();
    expect(text.items.map((i) => ('str' in i ? i.str : '')).join('')).toContain('Hello inflated world');
    await doc.destroy();
  });
});
