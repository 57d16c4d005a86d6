// Dates: strptime directives from `date_formats`, and the forgiving reader behind them.
import { describe, expect, it } from 'vitest';
import { parseDate, parseLooseDate, strptime } from '../../../../../src/main/engine/extract/invoice2data/dates.js';
import { monthFromName } from '../../../../../src/main/engine/extract/invoice2data/date-names.js';

describe('strptime', () => {
  it.each([
    ['28/11/2022', '%d/%m/%Y', '2022-11-28'],
    ['8-9-2022', '%d-%m-%Y', '2022-09-08'],
    ['2021-01-01', '%Y-%m-%d', '2021-01-01'],
    ['03.04.21', '%d.%m.%y', '2021-04-03'],
    ['01.01.70', '%d.%m.%y', '1970-01-01'],
    ['August 3, 2014', '%B %d, %Y', '2014-08-03'],
    ['Aug 3 2014', '%b %d %Y', '2014-08-03'],
    ['Monday 4 March 2024', '%A %d %B %Y', '2024-03-04'],
    ['Mon, 4 Mar 2024 13:45:10', '%a, %d %b %Y %H:%M:%S', '2024-03-04'],
    ['2024-03-04T09:05', '%Y-%m-%dT%H:%M', '2024-03-04'],
    ['100% 2024', '100%% %Y', '2024-01-01'],
    ['2024 060', '%Y %j', '2024-02-29'],
  ])('%s with %s', (value, format, expected) => {
    expect(strptime(value, format)).toBe(expected);
  });

  it('reads month names in the template languages', () => {
    expect(strptime('02 Juillet 2015', '%d %B %Y', ['fr'])).toBe('2015-07-02');
    expect(strptime('7. März 2014', '%d. %B %Y', ['de'])).toBe('2014-03-07');
  });

  it('fails on anything the format does not cover, or an impossible date', () => {
    expect(strptime('August 3 , 2014', '%B %d, %Y')).toBeNull();
    expect(strptime('2022-11-28 extra', '%Y-%m-%d')).toBeNull();
    expect(strptime('31/02/2022', '%d/%m/%Y')).toBeNull();
    expect(strptime('2022', '%Q')).toBeNull();
  });
});

describe('parseLooseDate', () => {
  it.each([
    ['August 3 , 2014', '2014-08-03'],
    ['Jan 1, 2022', '2022-01-01'],
    ['7. Mai 2014', '2014-05-07'],
    ['1er Juillet 2015', '2015-07-01'],
    ['3rd of March 2020', '2020-03-03'],
    ['lundi 2 février 2015', '2015-02-02'],
    ['19-Apr-2014', '2014-04-19'],
    ['2014 April 19', '2014-04-19'],
    ['March 2024', '2024-03-01'],
    ['2021-01-01', '2021-01-01'],
    ['2021/1/5 10:30', '2021-01-05'],
    ['20140503', '2014-05-03'],
    ['31/12/2017', '2017-12-31'],
    ['03/20/2023', '2023-03-20'],
    ['20-10-2015', '2015-10-20'],
    ['15 wrzesnia 2020', '2020-09-15'],
  ])('%s', (value, expected) => {
    expect(parseLooseDate(value)).toBe(expected);
  });

  it('reads ambiguous numeric dates month first, unless the languages are not English', () => {
    expect(parseLooseDate('04/05/2017')).toBe('2017-04-05');
    expect(parseLooseDate('04/05/2017', ['en'])).toBe('2017-04-05');
    expect(parseLooseDate('04/05/2017', ['nl'])).toBe('2017-05-04');
  });

  it.each(['', 'no date', '2017-13-45', '32/13/2017', 'Smarch 3 2020'])('%j is not a date', (value) => {
    expect(parseLooseDate(value)).toBeNull();
  });
});

describe('parseDate', () => {
  it('tries each date format in turn, then the forgiving reader', () => {
    expect(parseDate(' 05/04/2021 ', ['%Y', '%d/%m/%Y'])).toBe('2021-04-05');
    expect(parseDate('19 april 2014', ['%d-%m-%Y'], ['nl'])).toBe('2014-04-19');
    expect(parseDate('   ')).toBeNull();
  });
});

describe('monthFromName', () => {
  it('knows full names, abbreviations and inflections, without accents', () => {
    expect(monthFromName('Décembre')).toBe(12);
    expect(monthFromName('sept.')).toBe(9);
    expect(monthFromName('juil')).toBe(7);
    expect(monthFromName('maart')).toBe(3);
    expect(monthFromName('stycznia', ['pl'])).toBe(1);
  });

  it('prefers the template languages and refuses ambiguous or unknown names', () => {
    expect(monthFromName('mar', ['fi'])).toBeNull();
    expect(monthFromName('mar')).toBe(3);
    expect(monthFromName('ju')).toBeNull();
    expect(monthFromName('xyz')).toBeNull();
  });
});
