// Names and places the command line cannot use are usage errors (exit 2) with a sentence, said
// before any work is done: a file name that is not UTF-8 text, an --out or figures folder whose
// name (or that of the temporary file written beside it) is too long for the disk, a port out
// of range, a host name that does not resolve, a data folder on a read-only disk.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePdf } from '../helpers/make-pdf.js';
import { cli } from '../helpers/run-cli.js';
import { mountTmpfs, unmountTmpfs } from '../helpers/tmpfs.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'pp-cli-names-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function pdfAt(name: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, makePdf({ pages: [{ items: [{ text: 'A name to check', x: 72, y: 700 }] }] }));
  return file;
}

describe('names the command cannot use', () => {
  it('says a file name that is not UTF-8 cannot be opened, instead of "not found"', async () => {
    // What the command receives for a name with the bytes E9 FF (Latin-1 "é" and an invalid byte).
    const given = path.join(tmp, 'facture-\uFFFD\uFFFD.pdf');
    const sentence = `its name is not UTF-8 text (the "\uFFFD" marks stand for the bytes that are not), so it cannot be opened by that name: rename it and try again.`;
    for (const args of [['parse', given], ['extract', given, pdfAt('ok.pdf'), '--parser', 'x.json'], ['detect-fields', given]]) {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`perfectparser: ${given}: ${sentence}\n`);
    }
    // A file really named with the replacement character is read.
    const real = pdfAt('real-\uFFFD.pdf');
    const parsed = await cli(['parse', real]);
    expect(parsed.code).toBe(0);
    expect(parsed.stdout).toContain('A name to check');
  });

  it('tells a file in a folder whose name is not UTF-8 as skipped, and extracts the rest', async () => {
    const folder = path.join(tmp, 'latin1-folder');
    mkdirSync(folder);
    const ok = makePdf({ pages: [{ items: [{ text: 'Invoice total 12.50', x: 72, y: 700 }] }] });
    writeFileSync(path.join(folder, 'ok.pdf'), ok);
    // A name written in Latin-1 (E9 is "é" there, and no UTF-8 text).
    writeFileSync(Buffer.concat([Buffer.from(`${folder}/facture-`), Buffer.from([0xe9]), Buffer.from('.pdf')]), ok);
    const parser = path.join(tmp, 'names-parser.json');
    writeFileSync(parser, JSON.stringify({ name: 'P', fields: [{ name: 'total', type: 'number' }] }));
    const run = await cli(['extract', folder, '--parser', parser, '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`perfectparser: skipped ${folder}/facture-\uFFFD.pdf: its name is not UTF-8 text`);
    expect((JSON.parse(run.stdout) as { document: { filename: string } }).document.filename).toBe('ok.pdf');
  });

  it('refuses an --out name too long for the disk before parsing, not after', async () => {
    const pdf = pdfAt('long-out.pdf');
    // 240 characters fit the disk (255), but not the temporary file written beside them (+18).
    const out = path.join(tmp, `${'o'.repeat(237)}.md`);
    const run = await cli(['parse', pdf, '--no-figure-images', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`perfectparser: --out ${out}: the file name is too long for this disk; choose a shorter one.\n`);
    const extract = await cli(['extract', pdf, '--parser', 'x.json', '--out', out]);
    expect(extract.code).toBe(2);
    expect(extract.stderr).toBe(`perfectparser: --out ${out}: the file name is too long for this disk; choose a shorter one.\n`);
    // Its NAME_figures folder (staged under a name 18 characters longer) is checked too.
    const stem = path.join(tmp, 'f'.repeat(232));
    const figures = await cli(['parse', pdf, '--out', `${stem}.md`]);
    expect(figures.code).toBe(2);
    expect(figures.stderr).toBe(
      `perfectparser: ${stem}_figures: the name of this folder for the figures' pictures is too long for this disk; choose a shorter --out name, or give --figures-dir or --no-figure-images.\n`,
    );
    const dir = path.join(tmp, 'd'.repeat(300));
    const figuresDir = await cli(['parse', pdf, '--figures-dir', dir]);
    expect(figuresDir.code).toBe(2);
    expect(figuresDir.stderr).toBe(`perfectparser: --figures-dir ${dir}: the name is too long for this disk; choose a shorter one.\n`);
    for (const r of [run, extract, figures, figuresDir]) expect(r.stderr).not.toContain('unexpected error');
    expect(readdirSync(tmp).filter((f) => f.length > 200)).toEqual([]);
  });
});

describe('serve and key', () => {
  it('refuses a port out of range and a host name that does not resolve, with exit code 2', async () => {
    const dataDir = path.join(tmp, 'serve-data');
    const port = await cli(['serve', '--port', '70000', '--data-dir', dataDir]);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/^perfectparser: option '--port <port>' argument '70000' is invalid\. A port is a number from 0 to 65535\.\n/);
    const whole = await cli(['parse', 'x.pdf', '--max-chars', 'ten']);
    expect(whole.stderr).toMatch(/^perfectparser: option '--max-chars <n>' argument 'ten' is invalid\. It must be a whole number\.\n/);
    const host = await cli(['serve', '--host', 'no-such-host.invalid', '--port', '0', '--data-dir', dataDir], { PERFECTPARSER_API_KEY: 'pp_local_test' });
    expect(host.code).toBe(2);
    expect(host.stderr).toBe('perfectparser: The host name no-such-host.invalid could not be found; give an address of this machine, such as --host 127.0.0.1.\n');
  });

  // A read-only disk needs a mount (as root, permissions do not stop a write); where mounting is
  // not allowed, this case cannot be made.
  const readOnly = path.join(tmp, 'read-only');
  const canMount = mountTmpfs(readOnly, 'size=1m,ro');
  afterAll(() => {
    if (canMount) unmountTmpfs(readOnly);
  });

  it.runIf(canMount)('says a data folder on a read-only disk cannot be written, not a system message', async () => {
    const dir = path.join(readOnly, 'data', 'perfectparser');
    const run = await cli(['key', '--data-dir', dir], { PERFECTPARSER_API_KEY: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`perfectparser: PerfectParser is not allowed to write in the data folder ${dir}; choose another one (--data-dir or PERFECTPARSER_DATA_DIR).\n`);
  });
});

describe('options that contradict each other', () => {
  it('refuses --target spatial with --chunking section as a usage error (exit 2), before reading the file', async () => {
    const run = await cli(['parse', path.join(tmp, 'never-read.pdf'), '--target', 'spatial', '--chunking', 'section']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('perfectparser: --chunking section splits the markdown at its headings, which --target spatial does not make: give --chunking page or document with it.\n');
    expect(run.stdout).toBe('');
  });
});
