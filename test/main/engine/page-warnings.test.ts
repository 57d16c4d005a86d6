import { describe, expect, it } from 'vitest';
import { ocrOffWarnings, pageWarnings } from '../../../src/main/engine/parse.js';
import { parseConfigSchema } from '../../../src/shared/parse-contract.js';

const whole = { pageCount: 10, failedPages: [] as number[], missingPages: 0, declaredPages: 10, cutShort: false };

describe('pageWarnings', () => {
  it('says nothing when every page was read', () => {
    expect(pageWarnings(whole)).toEqual([]);
  });

  it('names unreadable pages, and counts the rest past ten', () => {
    expect(pageWarnings({ ...whole, failedPages: [4] })).toEqual([
      'Page 4 could not be read (the file is damaged there) and is missing from the output; the other pages were parsed.',
    ]);
    expect(pageWarnings({ ...whole, failedPages: [2, 5, 9] })[0]).toMatch(/^Pages 2, 5 and 9 could not be read .* and are missing/);
    const many = Array.from({ length: 13 }, (_, i) => i + 1);
    expect(pageWarnings({ ...whole, pageCount: 20, declaredPages: 20, failedPages: many })[0]).toMatch(/^Pages 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 3 more could not/);
  });

  it('names pages read without a part whose data expands past the limit', () => {
    expect(pageWarnings({ ...whole, oversizedPages: [3] })).toEqual([
      'Page 3: part of the content expands to more than 256 MB when decompressed (the file may be built to overload readers) and was left out; the rest of the page was read.',
    ]);
    expect(pageWarnings({ ...whole, oversizedPages: [1, 2] })[0]).toMatch(/^Pages 1 and 2: part of the content .* the rest of those pages were read\.$/);
  });

  it('counts pages the file declares but does not hold', () => {
    expect(pageWarnings({ ...whole, pageCount: 4, declaredPages: 4, missingPages: 1 })).toEqual([
      'The file declares 4 pages but holds only 3: the data of one page is missing (the file is damaged or was cut short).',
    ]);
    expect(pageWarnings({ ...whole, pageCount: 9, declaredPages: 9, missingPages: 2 })[0]).toContain('the data of 2 pages is missing');
  });

  it('says when a page tree lists more pages than could be read, unless only some pages were asked for', () => {
    expect(pageWarnings({ ...whole, pageCount: 1, declaredPages: 2_147_483_647 })).toEqual([
      "The file's page tree lists 2,147,483,647 pages but only the first page could be read; the rest are damaged or missing.",
    ]);
    expect(pageWarnings({ ...whole, pageCount: 3, declaredPages: 5 })[0]).toContain('only the first 3 could be read');
    expect(pageWarnings({ ...whole, pageCount: 3, declaredPages: 5 }, false)).toEqual([]);
  });

  it('says when the file was cut short, unless its missing pages already said so', () => {
    expect(pageWarnings({ ...whole, cutShort: true })).toEqual([
      'The file was cut short (it does not end as a PDF does, as after an interrupted download or copy): anything it held past that point is missing from the output.',
    ]);
    expect(pageWarnings({ ...whole, pageCount: 4, declaredPages: 4, missingPages: 1, cutShort: true })).toHaveLength(1);
  });
});

describe('ocrOffWarnings', () => {
  const off = parseConfigSchema.parse({ advancedOptions: { ocr: 'off' } });
  const auto = parseConfigSchema.parse({});

  it('says a picture was not read while OCR is off', () => {
    expect(ocrOffWarnings(off, [1], true)).toEqual(['Text recognition (OCR) is off, and a picture has no text of its own, so nothing was read; turn OCR on to read it.']);
  });

  it('names the PDF pages without text while OCR is off', () => {
    expect(ocrOffWarnings(off, [3], false)).toEqual(['Page 3 has no text to read without text recognition (OCR), which is off; if it is a scan, turn OCR on to read it.']);
    expect(ocrOffWarnings(off, [1, 2, 5], false)[0]).toMatch(/^Pages 1, 2 and 5 have no text .* if they are scans, turn OCR on to read them\.$/);
  });

  it('says nothing when OCR was on or every page had text', () => {
    expect(ocrOffWarnings(auto, [1], true)).toEqual([]);
    expect(ocrOffWarnings(off, [], false)).toEqual([]);
  });
});
