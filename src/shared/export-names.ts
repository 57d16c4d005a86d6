// Names of export files, the same in the browser's downloads and the desktop's save dialog: the
// parser's name and the job's day, in safe characters.

/** A file name (without its extension) made of safe characters: letters, digits, spaces and
 *  `.,_()+-`; anything else becomes `_`, and the name never starts or ends with a dot or space. */
export function safeFileName(name: string, fallback = 'export'): string {
  const safe = name
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(/[^\p{L}\p{N} .,_()+-]+/gu, '_')
    .replace(/_+/g, '_')
    .slice(0, 80)
    .replace(/^[\s._-]+|[\s._-]+$/g, '');
  return safe || fallback;
}

/** An export's file name without extension: the parser's name and the job's day in this
 *  computer's time ("Invoices 2026-11-24"). */
export function exportFileBase(parserName: string | null, createdAt: string): string {
  const date = new Date(createdAt);
  const day = Number.isNaN(date.getTime())
    ? ''
    : ` ${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  return `${safeFileName(parserName ?? '', 'Results')}${day}`;
}
