// The page viewer reads a run's pages (count, sizes, turns) once per run, not again each time it
// draws: a long document's blocks are walked once per fact, and not once more to see whether
// there are no pages at all.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PageView } from '../../src/renderer/components/page-view/page-view.js';
import type { ParseRun } from '../../src/shared/parse-contract.js';
import { makeBlock, makeRun } from '../helpers/contract-block.js';

/** The run, and how many times its chunks (and with them its blocks) were walked. */
function countingRun(run: ParseRun): { run: ParseRun; walks: () => number } {
  let walks = 0;
  const chunks = run.chunks;
  const counted = { ...run };
  Object.defineProperty(counted, 'chunks', {
    get: () => {
      walks++;
      return chunks;
    },
  });
  return { run: counted, walks: () => walks };
}

const view = (run: ParseRun) =>
  renderToStaticMarkup(<PageView file={null} run={run} page={2} onPageChange={() => {}} boxes={[]} selectedId={null} label="Page of invoice.pdf" />);

describe('page view', () => {
  it('reads the pages of a run once per fact when it draws a page', () => {
    const blocks = Array.from({ length: 300 }, (_, i) => makeBlock({ id: `blk_${i}`, page: 1 + (i % 3) }));
    const { run, walks } = countingRun(makeRun(blocks, 3));
    const html = view(run);
    expect(html).toContain('aria-label="Page of invoice.pdf"');
    expect(html).not.toContain('This file has no pages.');
    // The count (chunks, then blocks), the sizes and the turns: four walks in all.
    expect(walks()).toBe(4);
  });

  it('says when a finished run has no pages', () => {
    const { run } = countingRun(makeRun([], 0));
    const html = renderToStaticMarkup(
      <PageView file={{ bytes: new Uint8Array(), file_type: 'text', filename: 'empty.txt' }} run={run} page={1} onPageChange={() => {}} boxes={[]} selectedId={null} label="Page" />,
    );
    expect(html).toContain('This file has no pages.');
  });
});
