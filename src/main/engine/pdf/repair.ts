// Last-resort repair of a PDF whose page tree is gone (its root /Pages object is missing or
// unreadable): the page objects still in the file are gathered under a new page tree, written
// as an incremental update, so their text can still be read. pdf.js rebuilds the cross-reference
// table itself (the update points it nowhere), then finds the catalog and the new tree.

const OBJ_RE = /(\d+)\s+(\d+)\s+obj\b/g;
const PAGE_RE = /\/Type\s*\/Page(?![a-zA-Z])/;
const CATALOG_RE = /\/Type\s*\/Catalog\b/;
const PAGES_REF_RE = /\/Pages\s+(\d+)\s+(\d+)\s+R/;
/** How far into an object its dictionary's /Type is looked for. */
const HEAD = 4096;

interface Found {
  pages: Map<number, number>;
  catalog?: { num: number; pagesRef?: number };
  maxNum: number;
}

function scan(text: string): Found {
  const pages = new Map<number, number>();
  let catalog: Found['catalog'];
  let maxNum = 0;
  for (const m of text.matchAll(OBJ_RE)) {
    const num = Number(m[1]);
    if (!Number.isSafeInteger(num)) continue;
    maxNum = Math.max(maxNum, num);
    const start = (m.index ?? 0) + m[0].length;
    const end = text.indexOf('endobj', start);
    const head = text.slice(start, Math.min(end < 0 ? start + HEAD : end, start + HEAD));
    // Only the object's own dictionary, not a stream's data.
    const dict = head.split(/\bstream\b/)[0] ?? head;
    if (PAGE_RE.test(dict)) pages.set(num, Number(m[2]));
    else if (CATALOG_RE.test(dict)) {
      const ref = PAGES_REF_RE.exec(dict);
      catalog = { num, ...(ref ? { pagesRef: Number(ref[1]) } : {}) };
    }
  }
  return { pages, ...(catalog ? { catalog } : {}), maxNum };
}

const LINEARIZED_RE = /<<\s*\/Linearized\b[^>]*>>/;

/** The page count a linearized file's first object declares (/N), trusted only when the same
 *  dictionary's file length (/L) is this file's: a file whose page tree is lost still says how
 *  many pages it had. Undefined for a file that is not linearized. */
export function linearizedPageCount(bytes: Uint8Array): number | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  const dict = LINEARIZED_RE.exec(head)?.[0];
  if (!dict) return undefined;
  const n = Number(/\/N\s+(\d+)/.exec(dict)?.[1]);
  const length = Number(/\/L\s+(\d+)/.exec(dict)?.[1]);
  if (!Number.isSafeInteger(n) || n < 1 || length !== bytes.byteLength) return undefined;
  return n;
}

/** A repaired copy of the file with a rebuilt page tree, or null when there is nothing to
 *  rebuild it from (no page objects). */
export function repairPageTree(bytes: Uint8Array): Uint8Array | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const found = scan(text);
  if (found.pages.size === 0) return null;
  const kids = [...found.pages.entries()].map(([num, gen]) => `${num} ${gen} R`).join(' ');
  const count = found.pages.size;
  let next = found.maxNum + 1;
  // Reuse the number the catalog (and the pages' /Parent) already point at when its object is gone.
  const pagesNum = found.catalog?.pagesRef !== undefined && !new RegExp(`(?<!\\d)${found.catalog.pagesRef}\\s+0\\s+obj\\b`).test(text)
    ? found.catalog.pagesRef
    : next++;
  let update = `\n${pagesNum} 0 obj\n<< /Type /Pages /Kids [${kids}] /Count ${count} >>\nendobj\n`;
  let rootNum = found.catalog?.num;
  if (rootNum === undefined || found.catalog?.pagesRef !== pagesNum) {
    rootNum = next++;
    update += `${rootNum} 0 obj\n<< /Type /Catalog /Pages ${pagesNum} 0 R >>\nendobj\n`;
  }
  update += `trailer\n<< /Size ${next} /Root ${rootNum} 0 R >>\nstartxref\n0\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(bytes), Buffer.from(update, 'latin1')]));
}

/** Bytes after the last end-of-file marker looked at for objects of a cut-short update. */
const AFTER_EOF_SCAN = 1 << 20;

/** Whether the file was cut short (an interrupted download or copy): it has no end-of-file
 *  marker, or objects follow its last one (an update whose end is missing). */
export function cutShort(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eof = buf.lastIndexOf('%%EOF');
  if (eof < 0) return true;
  const after = buf.subarray(eof + 5, Math.min(buf.length, eof + 5 + AFTER_EOF_SCAN)).toString('latin1');
  return /\d+\s+\d+\s+obj\b/.test(after);
}

/** The file without its last cross-reference table when that table, or the trailer after it,
 *  was cut short (pdf.js then rebuilds the table from the objects, as for a file without one);
 *  null when the file does not end that way. */
export function withoutCutXref(bytes: Uint8Array): Uint8Array | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = buf.length;
  while (at > 0) {
    const i = buf.lastIndexOf('xref', at - 1);
    if (i <= 0) return null;
    const before = buf[i - 1];
    const next = buf[i + 4];
    // A table starts a line ("startxref" names where one is, and is not one).
    if ((before === 0x0a || before === 0x0d) && (next === undefined || next === 0x0a || next === 0x0d || next === 0x20)) {
      return buf.indexOf('startxref', i) < 0 ? bytes.subarray(0, i) : null;
    }
    at = i;
  }
  return null;
}
