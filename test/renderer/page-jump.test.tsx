// The viewer's page number box: what a typed page number reads as.
import { describe, expect, it } from 'vitest';
import { parsePageInput } from '../../src/renderer/components/page-view/page-jump.js';

describe('parsePageInput', () => {
  it('takes a page of the document', () => {
    expect(parsePageInput('1', 117)).toEqual({ ok: true, page: 1 });
    expect(parsePageInput(' 117 ', 117)).toEqual({ ok: true, page: 117 });
    expect(parsePageInput('007', 117)).toEqual({ ok: true, page: 7 });
  });

  it('refuses anything else with a sentence naming the pages there are', () => {
    expect(parsePageInput('0', 117)).toEqual({ ok: false, message: 'There is no page 0. Enter a page from 1 to 117.' });
    expect(parsePageInput('118', 117)).toEqual({ ok: false, message: 'There is no page 118. Enter a page from 1 to 117.' });
    expect(parsePageInput('2.5', 117)).toEqual({ ok: false, message: '“2.5” is not a page number. Enter a page from 1 to 117.' });
    expect(parsePageInput('-3', 117)).toEqual({ ok: false, message: '“-3” is not a page number. Enter a page from 1 to 117.' });
    expect(parsePageInput('', 2000)).toEqual({ ok: false, message: 'Enter a page from 1 to 2,000.' });
    expect(parsePageInput('2', 1)).toEqual({ ok: false, message: 'There is no page 2. This document has only page 1.' });
  });
});
