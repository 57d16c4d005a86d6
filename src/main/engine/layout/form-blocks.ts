// A PDF's form fields as key_value blocks: each filled field shows its name and value where its
// widget sits in the reading order (check boxes as ☑/☐ in markdown).
import type { FormField, PageBlock, PageModel } from '../page-model.js';

function valueText(f: FormField): string {
  if (typeof f.value === 'boolean') return f.value ? '☑' : '☐';
  if (Array.isArray(f.value)) return f.value.join(', ');
  return f.value ?? '';
}

const escape = (s: string) => s.replace(/([*_`\\[\]])/g, '\\$1');

function formBlock(f: FormField): PageBlock {
  const value = valueText(f);
  return {
    type: 'key_value',
    lines: [],
    box: f.box,
    text: `${f.name}: ${value}`,
    markdown: `**${escape(f.name)}:** ${escape(value)}`,
    details: { key: f.name, value: f.value, formField: f.kind },
  };
}

/** Adds a key_value block for every form field that holds a value (and every check box),
 *  each after the blocks that start above its bottom edge (its label on the same row first). */
export function addFormBlocks(page: PageModel): void {
  const fields = (page.formFields ?? []).filter((f) => f.kind !== 'button' && f.kind !== 'signature' && (f.kind === 'checkbox' || f.value !== null));
  for (const f of [...fields].sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left)) {
    const at = page.blocks.findIndex((b) => b.box.top >= f.box.bottom);
    page.blocks.splice(at < 0 ? page.blocks.length : at, 0, formBlock(f));
  }
}
