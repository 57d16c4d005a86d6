// A strict RFC 4180 reader for tests that parse exports back.

/** RFC 4180: records separated by CRLF (a lone LF is accepted too), fields optionally quoted
 *  with `"`, `""` an escaped quote inside a quoted field, which may hold commas and line breaks.
 *  Throws on a malformed file (a quote inside an unquoted field, text after a closing quote). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let afterQuote = false;
  const endField = () => {
    row.push(field);
    field = '';
    quoted = false;
    afterQuote = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        afterQuote = true;
        i += 1;
        continue;
      }
      field += c;
      i += 1;
      continue;
    }
    if (c === ',') {
      endField();
      i += 1;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endField();
      rows.push(row);
      row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (afterQuote) throw new Error(`CSV: text after a closing quote at offset ${i}`);
    if (c === '"') {
      if (field !== '') throw new Error(`CSV: a quote inside an unquoted field at offset ${i}`);
      quoted = true;
      i += 1;
      continue;
    }
    field += c;
    i += 1;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || row.length > 0 || afterQuote) {
    endField();
    rows.push(row);
  }
  return rows;
}
