// Unit-of-measure codes (UNECE Recommendation 20) for line items: invoices print "kg", "PCS"
// or "Units", accounting imports want "KGM", "H87". Like current invoice2data, a line with a
// `uom` and no `unece_code` gets the code filled in; an explicit code is never replaced.

const CODES: Record<string, string> = {};
const add = (code: string, names: string): void => {
  for (const n of names.split(' ')) CODES[n] = code;
};
add('LTR', 'l ltr lt ℓ liter litre liters litres');
add('MLT', 'ml millilitre milliliter');
add('KGM', 'kg kgm kgs kilogram kilograms');
add('GRM', 'g gr grm gram grams');
add('MTR', 'm mtr meter metre meters metres');
add('CMT', 'cm');
add('MMT', 'mm');
add('KMT', 'km');
add('H87', 'pcs pc piece pieces ea each ps st stk stk. stuk stuks stück stueck unit units x');
add('SET', 'set sets');
add('HUR', 'h hr hrs hour hours uur uren');
add('MIN', 'min minute minutes');
add('DAY', 'd day days dag dagen');
add('MON', 'month months maand maanden mnd');
add('ANN', 'year years jaar');

/** The UNECE code for a printed unit ("kg" → "KGM"), or null when unknown. */
export function uneceCode(uom: string): string | null {
  return CODES[uom.trim().toLowerCase()] ?? null;
}

/** Fills `unece_code` from `uom` on the rows of `lines` and `tax_lines` (in place). */
export function normalizeLinesUom(output: Record<string, unknown>): void {
  for (const key of ['lines', 'tax_lines']) {
    const rows = output[key];
    if (!Array.isArray(rows)) continue;
    for (const row of rows) {
      if (!row || typeof row !== 'object') continue;
      const r = row as Record<string, unknown>;
      if (r['unece_code'] || typeof r['uom'] !== 'string') continue;
      const code = uneceCode(r['uom']);
      if (code) r['unece_code'] = code;
    }
  }
}
