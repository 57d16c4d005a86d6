// Form fields become key_value blocks placed after their label in the reading order.
import { describe, expect, it } from 'vitest';
import { addFormBlocks } from '../../../src/main/engine/layout/form-blocks.js';
import type { PageBlock, PageModel } from '../../../src/main/engine/page-model.js';

const textBlock = (text: string, top: number): PageBlock => ({ type: 'text', lines: [], text, box: { left: 50, top, right: 150, bottom: top + 12 } });

describe('addFormBlocks', () => {
  it('adds filled fields and every check box after the blocks that start above them', () => {
    const page: PageModel = {
      number: 1,
      width: 600,
      height: 800,
      rotation: 0,
      runs: [],
      blocks: [textBlock('Name', 100), textBlock('Subscribe', 140), textBlock('Footer', 700)],
      formFields: [
        { name: 'Subscribe', kind: 'checkbox', value: true, box: { left: 200, top: 138, right: 212, bottom: 150 } },
        { name: 'Name', kind: 'text', value: 'Jane *Roe*', box: { left: 200, top: 98, right: 400, bottom: 114 } },
        { name: 'Notes', kind: 'text', value: null, box: { left: 200, top: 300, right: 400, bottom: 320 } },
        { name: 'Send', kind: 'button', value: null, box: { left: 200, top: 400, right: 260, bottom: 420 } },
      ],
    };
    addFormBlocks(page);
    expect(page.blocks.map((b) => b.markdown ?? b.text)).toEqual(['Name', '**Name:** Jane \\*Roe\\*', 'Subscribe', '**Subscribe:** ☑', 'Footer']);
    expect(page.blocks[3]).toMatchObject({ type: 'key_value', details: { key: 'Subscribe', value: true, formField: 'checkbox' } });
  });
});
