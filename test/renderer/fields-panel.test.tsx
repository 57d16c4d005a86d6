// The Document screen's Fields tab: each value with how sure the extraction was and where it came
// from; a value the user corrected is marked and shows no confidence (it is the user's now).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FieldsPanel } from '../../src/renderer/features/document/fields-panel.js';
import type { FieldDetail } from '../../src/shared/api/extractions.js';
import type { FieldRow } from '../../src/renderer/stores/document-store.js';

const detail = (confidence: number, source: FieldDetail['source']): FieldDetail => ({ confidence, source, citation: null });

describe('Fields tab', () => {
  it('shows the extraction\'s confidence and source, and none for a value the user corrected', () => {
    const rows: FieldRow[] = [
      { path: 'invoice_number', value: 'INV-7', detail: detail(0.93, 'label'), correction: null },
      { path: 'total', value: 280, detail: detail(0, 'none'), correction: { original: null, corrected_at: '2026-11-24T06:00:00.000Z' } },
    ];
    const html = renderToStaticMarkup(<FieldsPanel rows={rows} selected={null} onSelect={() => undefined} />);
    const [extracted, corrected] = html.split('data-testid="field-row"').slice(1) as [string, string];
    expect(extracted).toContain('93%');
    expect(extracted).toContain('from label');
    expect(corrected).toContain('Corrected');
    expect(corrected).toContain('set by you');
    // The extraction found nothing (0 %): that no longer describes the value shown.
    expect(corrected).not.toContain('0%');
    expect(corrected).not.toContain('conf--low');
  });
});
