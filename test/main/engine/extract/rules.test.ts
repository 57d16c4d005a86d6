// Per-field template rules (anchor, zone, regex, fixed) over hand-built evidence.
import { describe, expect, it } from 'vitest';
import type { FieldDefinition, FieldFormat, FieldRule } from '../../../../src/shared/api/parsers.js';
import type { DocumentEvidence, EvidenceLine, PageEvidence } from '../../../../src/main/engine/extract/evidence.js';
import type { MatchContext } from '../../../../src/main/engine/extract/label-match.js';
import { applyRule, applyRules, DEFAULT_MAX_DISTANCE, MAX_REGEX_TEXT } from '../../../../src/main/engine/extract/rules.js';

const ctx: MatchContext = { dateOrder: null };

function ln(text: string, left: number, top: number, right: number, bottom: number, extra: { page?: number; ocr?: number } = {}): EvidenceLine {
  return { page: extra.page ?? 1, text, box: { left, top, right, bottom }, ...(extra.ocr === undefined ? {} : { ocrConfidence: extra.ocr }) };
}

function page(number: number, lines: EvidenceLine[], spatial?: string): PageEvidence {
  return { page: number, width: 612, height: 792, lines: lines.map((l) => ({ ...l, page: number })), spatial: spatial ?? lines.map((l) => l.text).join('\n') };
}

const docOf = (...pages: PageEvidence[]): DocumentEvidence => ({ pages });
const oneLineDoc = (...lines: EvidenceLine[]) => docOf(page(1, lines));

function field(type: FieldDefinition['type'], rules: FieldRule[], format?: FieldFormat): FieldDefinition {
  return { name: 'f', type, rules, ...(format ? { format } : {}) };
}

const anchor = (label: string, direction: 'right' | 'below' | 'above' | 'left', more: { offset?: number; maxDistance?: number } = {}): FieldRule => ({
  kind: 'anchor',
  label,
  direction,
  ...more,
});

describe('anchor rules', () => {
  it('reads the rest of the label’s line first, citing that line', () => {
    const line = ln('Invoice No: INV-0042', 50, 100, 200, 112);
    const doc = oneLineDoc(line, ln('Should not be read', 220, 100, 320, 112));
    expect(applyRules(field('string', [anchor('Invoice No', 'right')]), doc, ctx)).toEqual({
      value: 'INV-0042',
      confidence: 0.95,
      citation: { page: 1, box: line.box, text: 'Invoice No: INV-0042' },
      source: 'rule',
    });
  });

  it('matches the label case-insensitively and whatever the spacing, never inside a longer word', () => {
    const doc = oneLineDoc(ln('SUBTOTAL: 10.00', 50, 80, 200, 92), ln('TOTAL   AMOUNT : 12.50', 50, 100, 200, 112), ln('TotalAmount 99', 50, 120, 200, 132));
    expect(applyRules(field('number', [anchor('total amount', 'right')]), doc, ctx)?.value).toBe(12.5);
    expect(applyRules(field('number', [anchor('Total', 'right')]), doc, ctx)?.value).toBe(12.5);
    const squeezed = oneLineDoc(ln('TotalAmount 99', 50, 120, 200, 132));
    expect(applyRules(field('number', [anchor('Total Amount', 'right')]), squeezed, ctx)?.value).toBe(99);
    expect(applyRules(field('number', [anchor('Grand total', 'right')]), doc, ctx)).toBeNull();
  });

  it('takes the nearest line to the right on the label’s row, within the default 400 pt', () => {
    const value = ln('1,234.56', 200, 101, 260, 113);
    const doc = oneLineDoc(ln('Total', 50, 100, 80, 112), ln('999.00', 300, 100, 340, 112), value, ln('5.00', 120, 130, 160, 142));
    expect(applyRules(field('number', [anchor('Total', 'right')]), doc, ctx)).toMatchObject({
      value: 1234.56,
      citation: { page: 1, box: value.box, text: '1,234.56' },
    });
    expect(DEFAULT_MAX_DISTANCE.right).toBe(400);
    const far = oneLineDoc(ln('Total', 50, 100, 80, 112), ln('42.00', 500, 100, 540, 112));
    expect(applyRules(field('number', [anchor('Total', 'right')]), far, ctx)).toBeNull();
    expect(applyRules(field('number', [anchor('Total', 'right', { maxDistance: 450 })]), far, ctx)?.value).toBe(42);
    expect(applyRules(field('number', [anchor('Total', 'right', { maxDistance: 100 })]), doc, ctx)).toBeNull();
  });

  it('skips `offset` words on the label’s line, then lines', () => {
    const words = oneLineDoc(ln('Total EUR 42.00 net', 50, 100, 200, 112));
    expect(applyRules(field('string', [anchor('Total', 'right', { offset: 1 })]), words, ctx)?.value).toBe('42.00 net');
    expect(applyRules(field('string', [anchor('Total', 'right', { offset: 2 })]), words, ctx)?.value).toBe('net');

    const boxes = oneLineDoc(ln('Total:', 50, 100, 80, 112), ln('EUR', 100, 100, 120, 112), ln('42.00', 140, 100, 170, 112), ln('7.00', 200, 100, 230, 112));
    // Without an offset the first candidate ("EUR") is not a number: the rule yields nothing.
    expect(applyRules(field('number', [anchor('Total', 'right')]), boxes, ctx)).toBeNull();
    expect(applyRules(field('number', [anchor('Total', 'right', { offset: 1 })]), boxes, ctx)).toMatchObject({
      value: 42,
      citation: { box: { left: 140, top: 100, right: 170, bottom: 112 } },
    });
    expect(applyRules(field('number', [anchor('Total', 'right', { offset: 2 })]), boxes, ctx)?.value).toBe(7);
    expect(applyRules(field('number', [anchor('Total', 'right', { offset: 3 })]), boxes, ctx)).toBeNull();

    const mixed = oneLineDoc(ln('Total: EUR', 50, 100, 100, 112), ln('42.00', 140, 100, 170, 112));
    expect(applyRules(field('number', [anchor('Total', 'right', { offset: 1 })]), mixed, ctx)?.value).toBe(42);
  });

  it('reads below in the label’s column, skipping `offset` lines, within 60 pt by default', () => {
    const doc = oneLineDoc(
      ln('Bill To', 50, 200, 100, 212),
      ln('Ship To', 300, 200, 350, 212),
      ln('Other Co', 300, 216, 360, 228),
      ln('ACME Corp', 50, 216, 120, 228),
      ln('1 Main St', 50, 232, 120, 244),
    );
    expect(applyRules(field('string', [anchor('Bill To', 'below')]), doc, ctx)).toMatchObject({
      value: 'ACME Corp',
      citation: { page: 1, box: { left: 50, top: 216, right: 120, bottom: 228 } },
    });
    expect(applyRules(field('string', [anchor('Bill To', 'below', { offset: 1 })]), doc, ctx)?.value).toBe('1 Main St');
    expect(applyRules(field('string', [anchor('Ship To', 'below')]), doc, ctx)?.value).toBe('Other Co');
    expect(applyRules(field('string', [anchor('Bill To', 'below', { offset: 2 })]), doc, ctx)).toBeNull();

    const gap = oneLineDoc(ln('Bill To', 50, 200, 100, 212), ln('ACME Corp', 50, 282, 120, 294));
    expect(applyRules(field('string', [anchor('Bill To', 'below')]), gap, ctx)).toBeNull();
    expect(applyRules(field('string', [anchor('Bill To', 'below', { maxDistance: 80 })]), gap, ctx)?.value).toBe('ACME Corp');
  });

  it('uses the label’s own column when it sits inside a longer line', () => {
    // "Date" takes roughly x 250–300 of the line; the value under it, not the one under "Invoice".
    const doc = oneLineDoc(ln('Invoice        Date', 50, 100, 300, 112), ln('INV-7', 50, 116, 90, 128), ln('2024-03-15', 240, 116, 300, 128));
    expect(applyRules(field('date', [anchor('Date', 'below')]), doc, ctx)?.value).toBe('2024-03-15');
    expect(applyRules(field('string', [anchor('Invoice', 'below')]), doc, ctx)?.value).toBe('INV-7');
  });

  it('reads above and to the left, nearest first', () => {
    const doc = oneLineDoc(
      ln('J. Smith', 60, 500, 120, 512),
      ln('Jane Doe', 60, 520, 120, 532),
      ln('Signature', 60, 536, 120, 548),
      ln('1.234,56', 300, 600, 350, 612),
      ln('EUR', 360, 600, 380, 612),
      ln('Net 42,00 EUR', 50, 620, 200, 632),
    );
    expect(applyRules(field('string', [anchor('Signature', 'above')]), doc, ctx)).toMatchObject({
      value: 'Jane Doe',
      citation: { box: { left: 60, top: 520, right: 120, bottom: 532 } },
    });
    expect(applyRules(field('string', [anchor('Signature', 'above', { offset: 1 })]), doc, ctx)?.value).toBe('J. Smith');
    expect(applyRules(field('number', [anchor('EUR', 'left')], { decimal_separator: ',' }), doc, ctx)?.value).toBe(1234.56);
    const sameLine = oneLineDoc(ln('Net 42,00 EUR', 50, 620, 200, 632));
    expect(applyRules(field('number', [anchor('EUR', 'left')], { decimal_separator: ',' }), sameLine, ctx)?.value).toBe(42);
    expect(applyRules(field('string', [anchor('EUR', 'left', { offset: 1 })]), sameLine, ctx)?.value).toBe('Net');
    expect(applyRules(field('string', [anchor('Jane Doe', 'left')]), doc, ctx)).toBeNull();
  });

  it('tries each place the label occurs until one yields, and scales confidence by OCR', () => {
    const doc = docOf(
      page(1, [ln('Total', 50, 100, 80, 112), ln('Description', 100, 100, 180, 112)]),
      page(2, [ln('Total', 50, 300, 80, 312), ln('42.00', 200, 300, 240, 312, { ocr: 0.8 })]),
    );
    expect(applyRules(field('number', [anchor('Total', 'right')]), doc, ctx)).toEqual({
      value: 42,
      confidence: 0.76,
      citation: { page: 2, box: { left: 200, top: 300, right: 240, bottom: 312 }, text: '42.00' },
      source: 'rule',
    });
  });

  it('does not read a line on another row or page', () => {
    const doc = docOf(page(1, [ln('Total', 50, 100, 80, 112), ln('42.00', 200, 110, 240, 122)]), page(2, [ln('43.00', 200, 100, 240, 112)]));
    expect(applyRules(field('number', [anchor('Total', 'right')]), doc, ctx)).toBeNull();
  });
});

describe('zone rules', () => {
  const box = { left: 40, top: 90, right: 260, bottom: 150 };
  const address = [ln('1 Main St', 50, 116, 120, 128), ln('Corp', 95, 101, 130, 112), ln('ACME', 50, 100, 90, 112), ln('Springfield', 130, 116, 200, 128)];

  it('joins the lines inside in reading order, on the given page, citing their union', () => {
    const doc = docOf(page(1, [ln('Elsewhere', 50, 100, 120, 112)]), page(2, address));
    expect(applyRules(field('string', [{ kind: 'zone', page: 2, box }]), doc, ctx)).toEqual({
      value: 'ACME Corp\n1 Main St Springfield',
      confidence: 0.9,
      citation: { page: 2, box: { left: 50, top: 100, right: 200, bottom: 128 }, text: 'ACME Corp\n1 Main St Springfield' },
      source: 'rule',
    });
    expect(applyRules(field('string', [{ kind: 'zone', page: 3, box }]), doc, ctx)).toBeNull();
  });

  it('without a page, uses the first page with text in the zone', () => {
    const doc = docOf(page(1, [ln('Outside', 300, 400, 380, 412)]), page(2, address), page(3, [ln('Later', 50, 100, 90, 112)]));
    expect(applyRules(field('string', [{ kind: 'zone', box }]), doc, ctx)?.citation?.page).toBe(2);
    const first = docOf(page(1, [ln('First', 50, 100, 90, 112)]), page(2, address));
    expect(applyRules(field('string', [{ kind: 'zone', box }]), first, ctx)).toMatchObject({ value: 'First', citation: { page: 1 } });
  });

  it('counts a line by its centre', () => {
    // Centre (245, 106) is inside; centre (300, 106) is not, though the line starts inside.
    const doc = oneLineDoc(ln('in', 230, 100, 260, 112), ln('straddling', 250, 100, 350, 112));
    expect(applyRules(field('string', [{ kind: 'zone', box }]), doc, ctx)?.value).toBe('in');
    expect(applyRules(field('string', [{ kind: 'zone', box: { left: 300, top: 300, right: 400, bottom: 400 } }]), doc, ctx)).toBeNull();
  });

  it('types the text, with the decimal separator and the mean OCR confidence', () => {
    const doc = oneLineDoc(ln('Total due', 50, 100, 100, 112, { ocr: 0.9 }), ln('1.234,56', 150, 100, 200, 112, { ocr: 0.7 }));
    expect(applyRules(field('number', [{ kind: 'zone', box }], { decimal_separator: ',' }), doc, ctx)).toMatchObject({ value: 1234.56, confidence: 0.72 });
    expect(applyRules(field('number', [{ kind: 'zone', box }], { decimal_separator: '.' }), doc, ctx)?.value).toBe(1.23456);
    const words = oneLineDoc(ln('Total due', 50, 100, 100, 112));
    expect(applyRules(field('number', [{ kind: 'zone', box }]), words, ctx)).toBeNull();
  });
});

describe('regex rules', () => {
  const regex = (pattern: string, more: { flags?: string; group?: number | string } = {}): FieldRule => ({ kind: 'regex', pattern, ...more });
  const invoice = ln('Invoice No: INV-0042', 50, 100, 200, 112);
  const total = ln('Total: 1,234.56 EUR', 50, 140, 200, 152);
  const doc = oneLineDoc(ln('ACME Corp', 50, 60, 120, 72), invoice, total);

  it('takes group 1 when the pattern has one, else the whole match, citing the line', () => {
    expect(applyRules(field('string', [regex('Invoice No:\\s*(\\S+)')]), doc, ctx)).toEqual({
      value: 'INV-0042',
      confidence: 0.95,
      citation: { page: 1, box: invoice.box, text: 'Invoice No: INV-0042' },
      source: 'rule',
    });
    expect(applyRules(field('string', [regex('INV-\\d+')]), doc, ctx)?.value).toBe('INV-0042');
    expect(applyRules(field('string', [regex('Invoice No:\\s*(\\S+)', { group: 0 })]), doc, ctx)?.value).toBe('Invoice No: INV-0042');
  });

  it('takes a named or numbered group as asked', () => {
    const pattern = 'Total:\\s*(?<amount>[\\d,.]+)\\s+(?<currency>[A-Z]{3})';
    expect(applyRules(field('number', [regex(pattern, { group: 'amount' })]), doc, ctx)).toMatchObject({ value: 1234.56, citation: { box: total.box } });
    expect(applyRules(field('string', [regex(pattern, { group: 'currency' })]), doc, ctx)?.value).toBe('EUR');
    expect(applyRules(field('string', [regex(pattern, { group: 2 })]), doc, ctx)?.value).toBe('EUR');
    expect(applyRules(field('string', [regex(pattern, { group: '2' })]), doc, ctx)?.value).toBe('EUR');
    expect(applyRules(field('string', [regex(pattern, { group: 'missing' })]), doc, ctx)).toBeNull();
    expect(applyRules(field('string', [regex(pattern, { group: 5 })]), doc, ctx)).toBeNull();
  });

  it('honours flags', () => {
    expect(applyRules(field('string', [regex('invoice no:\\s*(\\S+)')]), doc, ctx)).toBeNull();
    expect(applyRules(field('string', [regex('invoice no:\\s*(\\S+)', { flags: 'i' })]), doc, ctx)?.value).toBe('INV-0042');
    expect(applyRules(field('string', [regex('^Total')]), doc, ctx)).toBeNull();
    expect(applyRules(field('string', [regex('^Total:\\s*(\\S+)', { flags: 'm' })]), doc, ctx)?.value).toBe('1,234.56');
    expect(applyRules(field('string', [regex('Corp.(Invoice)')]), doc, ctx)).toBeNull();
    expect(applyRules(field('string', [regex('Corp.(Invoice)', { flags: 's' })]), doc, ctx)?.value).toBe('Invoice');
  });

  it('searches page by page and passes over blank captures', () => {
    const pages = docOf(page(1, [ln('Cover letter', 50, 60, 150, 72)]), page(2, [ln('Ref:', 50, 100, 80, 112), ln('Ref: R-9', 50, 200, 120, 212)]));
    expect(applyRules(field('string', [regex('Ref:[ \\t]*(\\S*)')]), pages, ctx)).toMatchObject({
      value: 'R-9',
      citation: { page: 2, box: { left: 50, top: 200, right: 120, bottom: 212 } },
    });
  });

  it('cites the line under the capture’s column when a row holds several', () => {
    // 6 pt per character: each line sits at column left / 6 of the layout text, as rendered.
    const net = ln('10.00', 36, 100, 66, 112);
    const gross = ln('10.00', 156, 100, 186, 112);
    const elsewhere = ln('10.00', 156, 300, 186, 312);
    const lines = [ln('Net', 0, 100, 18, 112), net, ln('Gross', 114, 100, 144, 112), gross, ln('Tax', 0, 300, 18, 312), elsewhere];
    const row = page(1, lines, 'Net   10.00        Gross  10.00\n\nTax                       10.00');
    expect(applyRules(field('number', [regex('Gross\\s+(\\S+)')]), docOf(row), ctx)?.citation?.box).toEqual(gross.box);
    expect(applyRules(field('number', [regex('Net\\s+(\\S+)')]), docOf(row), ctx)?.citation?.box).toEqual(net.box);
    expect(applyRules(field('number', [regex('Tax\\s+(\\S+)')]), docOf(row), ctx)?.citation?.box).toEqual(elsewhere.box);
  });

  it('cites the whole page when no line holds the capture', () => {
    const odd = page(1, [ln('A B', 50, 100, 80, 112)], 'Code: X-1');
    expect(applyRules(field('string', [regex('Code: (\\S+)')]), docOf(odd), ctx)).toMatchObject({
      value: 'X-1',
      citation: { page: 1, box: { left: 0, top: 0, right: 612, bottom: 792 }, text: 'X-1' },
    });
  });

  it('yields nothing for invalid patterns or flags, and skips captures of the wrong type', () => {
    const fallback: FieldRule = { kind: 'fixed', value: 'fallback' };
    expect(applyRules(field('string', [regex('(unclosed'), fallback]), doc, ctx)?.value).toBe('fallback');
    expect(applyRules(field('string', [regex('INV', { flags: 'x' }), fallback]), doc, ctx)?.value).toBe('fallback');
    expect(applyRules(field('number', [regex('Invoice No:\\s*([A-Z]+)')]), doc, ctx)).toBeNull();
    expect(applyRules(field('string', [regex('nowhere')]), doc, ctx)).toBeNull();
  });

  it('gives up a catastrophically backtracking pattern quickly', () => {
    const evil = docOf(page(1, [ln('a', 50, 100, 60, 112)], `${'a'.repeat(40)}!`), page(2, [ln('Total: 5', 50, 100, 100, 112)]));
    const started = Date.now();
    const out = applyRules(field('string', [regex('^(a+)+$'), { kind: 'fixed', value: 'safe' }]), evil, ctx);
    expect(out?.value).toBe('safe');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reads at most 1 MB of a page', () => {
    const filler = 'x'.repeat(MAX_REGEX_TEXT);
    const big = docOf(page(1, [ln('Ref 7', 50, 100, 90, 112)], `${filler}Ref 7`), page(2, [ln('Ref 8', 50, 100, 90, 112)]));
    expect(applyRules(field('number', [regex('Ref (\\d)')]), big, ctx)?.value).toBe(8);
  });
});

describe('fixed rules', () => {
  const doc = oneLineDoc(ln('Anything', 50, 100, 100, 112));
  const fixed = (value: string | number | boolean): FieldRule => ({ kind: 'fixed', value });

  it('returns the constant as the field’s type, uncited, with full confidence', () => {
    expect(applyRules(field('string', [fixed('ACME')]), doc, ctx)).toEqual({ value: 'ACME', confidence: 1, citation: null, source: 'rule' });
    expect(applyRules(field('string', [fixed(42)]), doc, ctx)?.value).toBe('42');
    expect(applyRules(field('number', [fixed(42)]), doc, ctx)?.value).toBe(42);
    expect(applyRules(field('number', [fixed('1.234,5')], { decimal_separator: ',' }), doc, ctx)?.value).toBe(1234.5);
    expect(applyRules(field('boolean', [fixed('true')]), doc, ctx)?.value).toBe(true);
    expect(applyRules(field('boolean', [fixed('no')]), doc, ctx)?.value).toBe(false);
    expect(applyRules(field('boolean', [fixed(false)]), doc, ctx)?.value).toBe(false);
    expect(applyRules(field('boolean', [fixed(1)]), doc, ctx)?.value).toBe(true);
    expect(applyRules(field('date', [fixed('2024-03-15')]), doc, ctx)?.value).toBe('2024-03-15');
    expect(applyRules(field('date', [fixed('03/04/2024')], { date_format: '%m/%d/%Y' }), doc, ctx)?.value).toBe('2024-03-04');
  });

  it('yields nothing for a constant that is not of the type', () => {
    expect(applyRules(field('number', [fixed(true)]), doc, ctx)).toBeNull();
    expect(applyRules(field('number', [fixed('n/a')]), doc, ctx)).toBeNull();
    expect(applyRules(field('boolean', [fixed(7)]), doc, ctx)).toBeNull();
    expect(applyRules(field('boolean', [fixed('maybe')]), doc, ctx)).toBeNull();
    expect(applyRules(field('date', [fixed(20240315)]), doc, ctx)).toBeNull();
    expect(applyRules(field('string', [fixed('   ')]), doc, ctx)).toBeNull();
  });
});

describe('typing', () => {
  const doc = oneLineDoc(ln('Date: 03/04/2024', 50, 100, 200, 112), ln('Issued 5 März 2024 (paid)', 50, 120, 250, 132), ln('Amount: 1.234', 50, 140, 200, 152));

  it('reads dates by the field’s date_format, falling back to the usual forms', () => {
    expect(applyRules(field('date', [anchor('Date', 'right')], { date_format: '%m/%d/%Y' }), doc, ctx)?.value).toBe('2024-03-04');
    expect(applyRules(field('date', [anchor('Date', 'right')]), doc, ctx)?.value).toBe('2024-04-03');
    expect(applyRules(field('date', [anchor('Issued', 'right')], { date_format: '%d %B %Y' }), doc, ctx)?.value).toBe('2024-03-05');
    expect(applyRules(field('date', [anchor('Date', 'right')], { date_format: '%Y%m%d' }), doc, ctx)?.value).toBe('2024-04-03');
    expect(applyRules(field('date', [anchor('Amount', 'right')], { date_format: '%d.%m.%Y' }), doc, ctx)).toBeNull();
  });

  it('reads numbers with the field’s decimal separator', () => {
    expect(applyRules(field('number', [anchor('Amount', 'right')], { decimal_separator: ',' }), doc, ctx)?.value).toBe(1234);
    expect(applyRules(field('number', [anchor('Amount', 'right')], { decimal_separator: '.' }), doc, ctx)?.value).toBe(1.234);
  });
});

describe('rule order', () => {
  const doc = oneLineDoc(ln('Invoice No: ABC', 50, 100, 200, 112), ln('Total: see attached', 50, 120, 200, 132), ln('Due 42.00', 50, 140, 200, 152));

  it('returns the first rule that yields a value of the type', () => {
    const rules: FieldRule[] = [anchor('Balance', 'right'), anchor('Total', 'right'), { kind: 'regex', pattern: 'Due (\\S+)' }, { kind: 'fixed', value: 0 }];
    expect(applyRules(field('number', rules), doc, ctx)).toMatchObject({ value: 42, citation: { box: { top: 140 } } });
    expect(applyRules(field('number', rules.slice(0, 2).concat(rules.slice(3))), doc, ctx)).toMatchObject({ value: 0, citation: null });
    expect(applyRules(field('string', rules), doc, ctx)?.value).toBe('see attached');
  });

  it('yields null without rules, when none yields, and for arrays and objects', () => {
    expect(applyRules({ name: 'f', type: 'string' }, doc, ctx)).toBeNull();
    expect(applyRules(field('number', [anchor('Invoice No', 'right')]), doc, ctx)).toBeNull();
    expect(applyRules(field('array', [{ kind: 'fixed', value: 'x' }]), doc, ctx)).toBeNull();
    expect(applyRules(field('object', [{ kind: 'fixed', value: 'x' }]), doc, ctx)).toBeNull();
  });

  it('applies one rule on its own', () => {
    expect(applyRule({ kind: 'zone', box: { left: 0, top: 95, right: 300, bottom: 115 } }, field('string', []), doc, ctx)?.value).toBe('Invoice No: ABC');
    expect(applyRule({ kind: 'fixed', value: 'x' }, field('number', []), doc, ctx)).toBeNull();
  });
});
