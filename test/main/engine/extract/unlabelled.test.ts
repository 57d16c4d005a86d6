// Values read without a label (business name and address, date, total) over hand-built evidence
// laid out like scanned receipts and printed invoices.
import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../../../src/shared/api/parsers.js';
import type { DocumentEvidence, EvidenceLine } from '../../../../src/main/engine/extract/evidence.js';
import type { MatchContext } from '../../../../src/main/engine/extract/label-match.js';
import { textEvidence } from '../../../../src/main/engine/extract/text-input.js';
import { findUnlabelled, unlabelledKind } from '../../../../src/main/engine/extract/unlabelled.js';
import { inferDateOrder } from '../../../../src/main/engine/extract/values.js';

/** A located line: left, top, width and height in points. */
const line = (text: string, left: number, top: number, width: number, height = 10, ocrConfidence?: number): EvidenceLine => ({
  page: 1,
  text,
  box: { left, top, right: left + width, bottom: top + height },
  ...(ocrConfidence === undefined ? {} : { ocrConfidence }),
});
const docOf = (lines: EvidenceLine[]): DocumentEvidence => ({ pages: [{ page: 1, width: 300, height: 600, spatial: '', lines }] });
const ctxOf = (doc: DocumentEvidence): MatchContext => ({ dateOrder: inferDateOrder(doc.pages.flatMap((p) => p.lines.map((l) => l.text)).join('\n')) });

const company: FieldDefinition = { name: 'company', type: 'string' };
const address: FieldDefinition = { name: 'address', type: 'string' };
const date: FieldDefinition = { name: 'date', type: 'date' };
const total: FieldDefinition = { name: 'total', type: 'number' };

/** Every field's value, for a compact assertion. */
function values(doc: DocumentEvidence, ctx = ctxOf(doc)) {
  return Object.fromEntries([company, address, date, total].map((f) => [f.name, findUnlabelled(f, doc, ctx)?.value ?? null]));
}

// A supermarket receipt: the title first, the name under it, a company number, a three-line
// address, phone and GST lines, the date on a "Date: … Time: …" line, a rounding line.
const titledReceipt = docOf([
  line('TAX INVOICE', 110, 20, 80),
  line('SYARIKAT MAJU JAYA', 90, 34, 120),
  line('(123456-A)', 115, 46, 70),
  line('NO 12, JALAN MAWAR 3,', 80, 58, 140),
  line('TAMAN SRI MUDA,', 95, 70, 110),
  line('40400 SHAH ALAM, SELANGOR', 70, 82, 160),
  line('TEL: 03-5544 3322', 100, 94, 100),
  line('GST ID: 000123456789', 90, 106, 120),
  line('Date: 12/03/2019  Time: 14:05', 10, 130, 180),
  line('Cashier: Ali', 10, 142, 80),
  line('2 X NASI LEMAK', 10, 170, 100),
  line('6.00', 250, 170, 30),
  line('1 X TEH TARIK', 10, 182, 90),
  line('4.03', 250, 182, 30),
  line('SUBTOTAL', 10, 206, 60),
  line('10.03', 245, 206, 35),
  line('GST 6%', 10, 218, 50),
  line('0.60', 250, 218, 30),
  line('Total Sales (Incl. GST)', 10, 230, 140),
  line('10.63', 245, 230, 35),
  line('Rounding Adjustment', 10, 242, 120),
  line('-0.03', 245, 242, 35),
  line('TOTAL', 10, 254, 40),
  line('10.60', 245, 254, 35),
  line('CASH', 10, 266, 40),
  line('20.00', 245, 266, 35),
  line('CHANGE', 10, 278, 50),
  line('9.40', 250, 278, 30),
]);

// A hardware store's receipt: the name over two lines (its suffix on the second), "CO. REG" under
// it, the total on the row of TOTAL INCL. GST, a rounding of nothing, a GST summary with its own
// "Total", a bare date at the bottom.
const hardwareReceipt = docOf([
  line('KEDAI RUNCIT ANEKA', 80, 20, 140, 10, 0.9),
  line('(KEPONG) SDN BHD', 90, 32, 120, 10, 0.9),
  line('CO. REG: 123456-X', 95, 44, 110, 10, 0.8),
  line('LOT 5, JALAN KEPONG 2,', 70, 56, 160, 10, 0.9),
  line('KAWASAN PERINDUSTRIAN KEPONG,', 60, 68, 180, 10, 0.9),
  line('52100 KUALA LUMPUR', 85, 80, 130, 10, 0.9),
  line('(GST ID No: 000473792512)', 75, 92, 150, 10, 0.9),
  line('-TAX INVOICE-', 105, 110, 90),
  line('BOOSTER CABLE XH-500A', 10, 130, 130),
  line('1 X 29.90', 150, 142, 50),
  line('29.90', 250, 142, 35),
  line('TOTAL INCL. GST 6%', 10, 170, 110),
  line('RM 37.80', 240, 171, 50),
  line('CASH', 10, 182, 40),
  line('RM 40.00', 240, 182, 50),
  line('CHANGE', 10, 194, 50),
  line('RM 2.20', 245, 194, 45),
  line('ROUNDING ADJ', 10, 206, 70),
  line('0.00', 250, 206, 30),
  line('GST Summary', 10, 218, 70),
  line('Amount', 150, 218, 40),
  line('Tax', 250, 218, 30),
  line('Total', 10, 226, 40),
  line('35.66', 150, 226, 35),
  line('2.14', 250, 226, 30),
  line('08-03-17 13:42 SH01 B028', 10, 250, 150),
  line('THANK YOU, PLEASE COME AGAIN', 50, 270, 200),
]);

// A restaurant's bill: its name in large type over two lines (one with an OCR pipe for an I), a bare
// company number, the date right of "Date :", TOTAL / RM / amount as three pieces.
const restaurantBill = docOf([
  line('RESTORAN SRI', 100, 20, 200, 30),
  line('MURN| HOUSE', 120, 50, 160, 25),
  line('001234567-K', 150, 78, 100, 14),
  line('8, JLN MELATI 4', 130, 96, 140, 14),
  line('TAMAN MELATI', 140, 112, 120, 14),
  line('53100 KL', 170, 128, 60, 14),
  line('INVOICE', 160, 160, 80, 14),
  line('Invoice 5521', 10, 185, 100, 14),
  line('Cashier:admin', 250, 185, 100, 14),
  line('Date :', 10, 205, 50, 14),
  line('11/5/2018 13:14:32', 80, 205, 150, 14),
  line('Butter Chicken Rice', 10, 240, 160, 14),
  line('2', 250, 240, 10, 14),
  line('27.00', 320, 240, 50, 14),
  line('Sub Total Before Discount', 10, 270, 200, 14),
  line('RM 27.00', 300, 270, 70, 14),
  line('Rounding Adjustment :', 10, 290, 180, 14),
  line('RM 0.00', 300, 290, 70, 14),
  line('TOTAL', 10, 315, 60, 20),
  line('RM', 230, 315, 30, 20),
  line('27.00', 300, 315, 70, 20),
  line('CASH', 10, 345, 50, 20),
  line('RM', 230, 345, 30, 20),
  line('50.00', 300, 345, 70, 20),
]);

// A printed invoice as text: the seller's name and address in the left column, the invoice's
// details in the right one, a due date, "Total Due" under a subtotal and the tax.
const textInvoice = textEvidence(
  [
    'Acme Widgets LLC                          INVOICE',
    '123 Main Street                           Invoice #: 1001',
    'Springfield, IL 62704                     Date: 01/15/2024',
    'Phone: (555) 123-4567                     Due Date: 02/14/2024',
    '',
    'Bill To:',
    'Jane Doe',
    '9 Elm Road, Shelbyville',
    '',
    'Description                 Qty     Unit Price      Amount',
    'Widget                        2          50.00      100.00',
    '                                      Subtotal      100.00',
    '                                      Tax (8%)        8.00',
    '                                      Total Due     108.00',
  ].join('\n'),
);

describe('unlabelledKind', () => {
  it('reads the meaning of a field from its name, else its short description', () => {
    expect(unlabelledKind({ name: 'merchant_name', type: 'string' })).toBe('business_name');
    expect(unlabelledKind({ name: 'vendorName', type: 'string' })).toBe('business_name');
    expect(unlabelledKind({ name: 'seller_address', type: 'string' })).toBe('business_address');
    expect(unlabelledKind({ name: 'receipt_date', type: 'date' })).toBe('date');
    expect(unlabelledKind({ name: 'grand_total', type: 'number' })).toBe('total');
    expect(unlabelledKind({ name: 'f1', type: 'string', description: "The store's name" })).toBe('business_name');
  });

  it('leaves the buyer’s fields, other dates and types that cannot hold the value', () => {
    expect(unlabelledKind({ name: 'customer_name', type: 'string' })).toBeNull();
    expect(unlabelledKind({ name: 'billing_address', type: 'string' })).toBeNull();
    expect(unlabelledKind({ name: 'due_date', type: 'date' })).toBeNull();
    expect(unlabelledKind({ name: 'total', type: 'boolean' })).toBeNull();
    expect(findUnlabelled({ name: 'invoice_number', type: 'string' }, titledReceipt, ctxOf(titledReceipt))).toBeNull();
  });
});

describe('findUnlabelled on receipts', () => {
  it('reads a receipt whose first line is its title, with a company number under the name', () => {
    expect(values(titledReceipt)).toEqual({
      company: 'SYARIKAT MAJU JAYA',
      address: 'NO 12, JALAN MAWAR 3, TAMAN SRI MUDA, 40400 SHAH ALAM, SELANGOR',
      // "12/03" could be either way round: day first, as receipts print it.
      date: '2019-03-12',
      // The total after the rounding line, not the larger one before it.
      total: 10.6,
    });
  });

  it('cites the lines each value was read from, with a low confidence and the layout source', () => {
    const ctx = ctxOf(titledReceipt);
    const name = findUnlabelled(company, titledReceipt, ctx)!;
    expect(name.citation).toEqual({ page: 1, box: { left: 90, top: 34, right: 210, bottom: 44 }, text: 'SYARIKAT MAJU JAYA' });
    const where = findUnlabelled(address, titledReceipt, ctx)!;
    expect(where.citation).toEqual({
      page: 1,
      box: { left: 70, top: 58, right: 230, bottom: 92 },
      text: 'NO 12, JALAN MAWAR 3,\nTAMAN SRI MUDA,\n40400 SHAH ALAM, SELANGOR',
    });
    expect(findUnlabelled(date, titledReceipt, ctx)!.citation?.text).toBe('Date: 12/03/2019  Time: 14:05');
    expect(findUnlabelled(total, titledReceipt, ctx)!.citation?.text).toBe('10.60');
    for (const f of [company, address, date, total]) {
      const found = findUnlabelled(f, titledReceipt, ctx)!;
      expect(found.source).toBe('layout');
      expect(found.confidence).toBeGreaterThan(0);
      expect(found.confidence).toBeLessThanOrEqual(0.6);
    }
  });

  it('joins a name whose company suffix is on the next line, skips "CO. REG", stops the address at the GST line', () => {
    expect(values(hardwareReceipt)).toEqual({
      company: 'KEDAI RUNCIT ANEKA (KEPONG) SDN BHD',
      address: 'LOT 5, JALAN KEPONG 2, KAWASAN PERINDUSTRIAN KEPONG, 52100 KUALA LUMPUR',
      // A bare date followed by a time.
      date: '2017-03-08',
      // The amount right of TOTAL INCL. GST, larger than the GST summary's "Total".
      total: 37.8,
    });
    const ctx = ctxOf(hardwareReceipt);
    expect(findUnlabelled(company, hardwareReceipt, ctx)!.citation?.text).toBe('KEDAI RUNCIT ANEKA\n(KEPONG) SDN BHD');
    expect(findUnlabelled(total, hardwareReceipt, ctx)!.citation?.text).toBe('RM 37.80');
    expect(findUnlabelled(date, hardwareReceipt, ctx)!.citation?.text).toBe('08-03-17 13:42 SH01 B028');
    // Scaled by the OCR confidence of the lines read.
    expect(findUnlabelled(company, hardwareReceipt, ctx)!.confidence).toBeCloseTo(0.54, 3);
  });

  it('joins a two-line name in large type, fixes an OCR pipe, skips a bare company number', () => {
    expect(values(restaurantBill)).toEqual({
      company: 'RESTORAN SRI MURNI HOUSE',
      address: '8, JLN MELATI 4 TAMAN MELATI 53100 KL',
      date: '2018-05-11',
      total: 27,
    });
    const ctx = ctxOf(restaurantBill);
    expect(findUnlabelled(date, restaurantBill, ctx)!.citation?.text).toBe('11/5/2018 13:14:32');
    expect(findUnlabelled(total, restaurantBill, ctx)!.citation).toEqual({ page: 1, box: { left: 300, top: 315, right: 370, bottom: 335 }, text: '27.00' });
    expect(findUnlabelled({ name: 'total', type: 'string' }, restaurantBill, ctx)!.value).toBe('27.00');
  });

  it('takes the registered name under a logo word, and an address under a printing date', () => {
    const logo = docOf([
      line('sunrise', 110, 10, 70, 22),
      line('SUNRISE BAKERIES (KL) SDN BHD (139386 X)', 20, 38, 260),
      line('LOT 3, JALAN PELABUR 23/1,', 60, 50, 170),
      line('40300 SHAH ALAM, SELANGOR.', 60, 62, 170),
      line('TEL: 03-5542 3228', 90, 74, 110),
    ]);
    expect(values(logo)).toMatchObject({ company: 'SUNRISE BAKERIES (KL) SDN BHD', address: 'LOT 3, JALAN PELABUR 23/1, 40300 SHAH ALAM, SELANGOR.' });

    const dated = docOf([
      line('TAMPOI TRADING SDN BHD', 60, 10, 180),
      line('18 Nov 2017 18:52', 90, 22, 110),
      line('(867388-U)', 110, 34, 70),
      line('12, Jalan Tampoi 7/4, Kawasan Perindustrian Tampoi, 81200 Johor Bahru', 10, 46, 280),
      line('Tel: 07-335 0000', 100, 58, 100),
    ]);
    expect(values(dated)).toEqual({
      company: 'TAMPOI TRADING SDN BHD',
      address: '12, Jalan Tampoi 7/4, Kawasan Perindustrian Tampoi, 81200 Johor Bahru',
      date: '2017-11-18',
      total: null,
    });
  });
});

describe('findUnlabelled on invoices', () => {
  it('reads the seller from the left column, the invoice date before the due date, the total due', () => {
    expect(values(textInvoice)).toEqual({
      company: 'Acme Widgets LLC',
      address: '123 Main Street Springfield, IL 62704',
      // 01/15 is month first: the document's order.
      date: '2024-01-15',
      total: 108,
    });
    expect(findUnlabelled(date, textInvoice, ctxOf(textInvoice))!.citation?.text).toBe('Springfield, IL 62704                     Date: 01/15/2024');
    expect(findUnlabelled(total, textInvoice, ctxOf(textInvoice))!.confidence).toBe(0.6);
  });

  it('drops a title printed after the name, and splits a sender line above a window envelope', () => {
    const titled = docOf([line('Northwind Traders Invoice', 10, 10, 200, 16), line('Account number: 12345', 10, 40, 150), line('March 3, 2021', 10, 52, 90)]);
    expect(values(titled)).toMatchObject({ company: 'Northwind Traders', address: null, date: '2021-03-03' });

    const letter = docOf([
      line('Hosting Partner GmbH - Uferweg 4 - D-63571 Gelnhausen', 40, 100, 220, 7),
      line('Example Ltd.', 40, 130, 80),
      line('93B Sai Yu Chung', 40, 142, 90),
      line('Rechnung', 40, 200, 60),
    ]);
    const ctx = ctxOf(letter);
    expect(findUnlabelled(company, letter, ctx)).toMatchObject({ value: 'Hosting Partner GmbH', confidence: 0.6 });
    expect(findUnlabelled(address, letter, ctx)).toMatchObject({
      value: 'Uferweg 4 - D-63571 Gelnhausen',
      citation: { text: 'Hosting Partner GmbH - Uferweg 4 - D-63571 Gelnhausen' },
    });
  });

  it('names no issuer when the buyer’s block or the document’s details come first', () => {
    const buyerFirst = docOf([line('Bill To:', 10, 10, 60), line('Contoso Corp', 10, 22, 90), line('1 Harbour Road, Leeds', 10, 34, 140)]);
    expect(values(buyerFirst)).toMatchObject({ company: null, address: null });
    const detailsFirst = docOf([line('PAYMENT RECEIPT', 10, 10, 120), line('Guest Name: Sanjay', 10, 22, 120), line('Date: 31/12/2017', 10, 34, 100), line('Hotel Details', 10, 46, 90)]);
    expect(values(detailsFirst)).toMatchObject({ company: null, date: '2017-12-31' });
  });

  it('prefers a grand total to a larger plain total, the total after a rounding, an amount under its word', () => {
    const grand = docOf([
      line('Total', 10, 100, 40),
      line('120.00', 200, 100, 40),
      line('Discount', 10, 112, 50),
      line('-20.00', 200, 112, 40),
      line('GRAND TOTAL', 10, 124, 80),
      line('100.00', 200, 124, 40),
    ]);
    expect(findUnlabelled(total, grand, ctxOf(grand))?.value).toBe(100);

    const rounded = docOf([
      line('GRAND TOTAL', 10, 100, 80),
      line('10.63', 200, 100, 40),
      line('Rounding Adj', 10, 112, 80),
      line('-0.03', 200, 112, 40),
      line('Total After Rounding', 10, 124, 120),
      line('10.60', 200, 124, 40),
    ]);
    expect(findUnlabelled(total, rounded, ctxOf(rounded))).toMatchObject({ value: 10.6, citation: { text: '10.60' } });

    const under = docOf([line('Invoice total', 200, 100, 80), line('EUR 1.234,50', 200, 112, 80)]);
    const found = findUnlabelled(total, under, ctxOf(under));
    expect(found).toMatchObject({ value: 1234.5, citation: { text: 'EUR 1.234,50' } });
    expect(found!.confidence).toBe(0.5);
  });
});

describe('findUnlabelled finds nothing', () => {
  it('when a page starts with its items, or only subtotals, tax and quantity totals carry amounts', () => {
    const items = docOf([
      line('QTY DESCRIPTION PRICE', 10, 10, 200),
      line('2 X WIDGET 10.00', 10, 22, 200),
      line('SUBTOTAL 10.00', 10, 40, 120),
      line('GST TOTAL 0.60', 10, 52, 120),
      line('TOTAL QTY 2', 10, 64, 120),
    ]);
    expect(values(items)).toEqual({ company: null, address: null, date: null, total: null });
  });

  it('takes no due or expiry date before another one, and no word that only starts like a month', () => {
    const doc = docOf([
      line('Aisle 4 MARKET 12 10:30', 10, 10, 200),
      line('Valid until 31/12/2024', 10, 22, 150),
      line('05/01/2024', 10, 34, 80),
    ]);
    expect(findUnlabelled(date, doc, ctxOf(doc))).toMatchObject({ value: '2024-01-05', confidence: 0.5, citation: { text: '05/01/2024' } });
  });
});
