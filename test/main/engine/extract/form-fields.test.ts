// Values read from a PDF's own form fields, typed as the parser asks.
import { describe, expect, it } from 'vitest';
import { extractFields } from '../../../../src/main/engine/extract/index.js';
import type { FormEvidence } from '../../../../src/main/engine/extract/evidence.js';

const box = { left: 100, top: 200, right: 180, bottom: 215 };
const form = (name: string, kind: string, value: FormEvidence['value']): FormEvidence => ({ page: 1, name, kind, value, box });
const doc = {
  pages: [
    {
      page: 1,
      width: 600,
      height: 800,
      spatial: 'Total: 99',
      lines: [{ page: 1, text: 'Total: 99', box: { left: 50, top: 50, right: 120, bottom: 60 } }],
      formFields: [
        form('Applicant Name', 'text', 'Jane Roe'),
        form('Agree', 'checkbox', true),
        form('Newsletter', 'checkbox', false),
        form('Amount', 'text', '1.250,00'),
        form('Colours', 'choice', ['red', 'blue']),
        form('Notes', 'text', null),
      ],
    },
  ],
};

describe('form fields', () => {
  it('fills fields named like the form fields, typed, and cites the widget', () => {
    const out = extractFields(doc, {
      result_mode: 'one_per_file',
      fields: [
        { name: 'applicant_name', type: 'string' },
        { name: 'agree', type: 'boolean' },
        { name: 'newsletter', type: 'boolean' },
        { name: 'amount', type: 'number', format: { decimal_separator: ',' } },
        { name: 'colours', type: 'array' },
        { name: 'notes', type: 'string' },
        { name: 'total', type: 'number' },
      ],
    });
    expect(out.data).toEqual({ applicant_name: 'Jane Roe', agree: true, newsletter: false, amount: 1250, colours: ['red', 'blue'], notes: null, total: 99 });
    expect(out.fields['applicant_name']).toEqual({ confidence: 1, source: 'form', citation: { page: 1, box, text: 'Jane Roe' } });
    expect(out.fields['total']?.source).toBe('label');
  });
});
