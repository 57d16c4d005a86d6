// The built `perfectparser` command, run as a user runs it: every text-layout PDF of the
// corpus gives a contract-valid parser_run, and exit codes follow the contract.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseRunSchema } from '../../src/shared/parse-contract.js';
import { makePdf, withLinearization, withoutPageTree } from '../helpers/make-pdf.js';
import { cli } from '../helpers/run-cli.js';
import { shebangNodeOptions } from '../eval/runner.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin', 'perfectparser.js');
const corpus = process.env['PERFECTPARSER_CORPUS'] ?? path.resolve(root, '../shared/corpus');
const tmp = mkdtempSync(path.join(tmpdir(), 'pp-cli-'));

describe('perfectparser parse', () => {
  it('is built', () => {
    expect(existsSync(path.join(root, 'dist', 'main', 'cli', 'index.js'))).toBe(true);
  });

  const textLayout = path.join(corpus, 'text-layout');
  const pdfs = existsSync(textLayout) ? readdirSync(textLayout).filter((f) => f.endsWith('.pdf')) : [];
  it('finds the corpus', () => {
    expect(pdfs.length).toBeGreaterThan(10);
  });

  for (const file of pdfs) {
    it(`prints a contract-valid parser_run for ${file}`, async () => {
      const { code, stdout } = await cli(['parse', path.join(textLayout, file), '--json']);
      const parsed = parseRunSchema.safeParse(JSON.parse(stdout));
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true);
      expect(code).toBe(0);
      expect(parsed.data?.status).toBe('PROCESSED');
    });
  }

  it('prints markdown by default and writes --out files', async () => {
    const pdf = path.join(tmp, 'memo.pdf');
    writeFileSync(pdf, makePdf({ pages: [{ items: [{ text: 'Memo to the team', x: 72, y: 700, size: 20 }, { text: 'Body text of the memo.', x: 72, y: 660 }] }] }));
    const out = await cli(['parse', pdf]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('# Memo to the team');
    const outFile = path.join(tmp, 'memo.json');
    const written = await cli(['parse', pdf, '--json', '--out', outFile, '--chunking', 'document']);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    const runJson = JSON.parse(readFileSync(outFile, 'utf8'));
    expect(runJson.config.chunkingStrategy.type).toBe('document');
  });

  it('refuses an --out it cannot write before parsing, and says so when the disk is full', async () => {
    const pdf = path.join(tmp, 'outs.pdf');
    writeFileSync(pdf, makePdf({ pages: [{ items: [{ text: 'Where the output goes', x: 72, y: 700 }] }] }));
    const noFolder = await cli(['parse', pdf, '--out', path.join(tmp, 'no-such-folder', 'a.md')]);
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toMatch(/--out .*a\.md: the folder .*no-such-folder does not exist\./);
    const folder = await cli(['parse', pdf, '--out', tmp]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/is a folder: give the path of a file\./);
    // A file already there is replaced only by a complete output.
    const kept = path.join(tmp, 'kept.md');
    writeFileSync(kept, 'the earlier output\n');
    expect((await cli(['parse', pdf, '--out', kept])).code).toBe(0);
    expect(readFileSync(kept, 'utf8')).toContain('Where the output goes');
    expect(readdirSync(tmp).filter((f) => f.includes('.partial'))).toEqual([]);
    if (existsSync('/dev/full')) {
      // A device is written to, never replaced; /dev/full fails every write as a full disk does.
      // Reached through links in the test's folder, so a regression could replace only a link.
      symlinkSync('/dev/full', path.join(tmp, 'full-disk.md'));
      symlinkSync('/dev/null', path.join(tmp, 'discard.json'));
      const full = await cli(['parse', pdf, '--out', path.join(tmp, 'full-disk.md')]);
      expect(full.code).toBe(1);
      expect(full.stderr).toMatch(/not enough space on the disk to save full-disk\.md/);
      expect((await cli(['parse', pdf, '--json', '--out', path.join(tmp, 'discard.json')])).code).toBe(0);
      expect(lstatSync(path.join(tmp, 'full-disk.md')).isSymbolicLink()).toBe(true);
      expect(lstatSync(path.join(tmp, 'discard.json')).isSymbolicLink()).toBe(true);
    }
  });

  it("writes figures' pictures beside --out (linked relatively), to --figures-dir, and none when printing", async () => {
    const dir = mkdtempSync(path.join(tmp, 'figures-'));
    const pdf = path.join(dir, 'brochure.pdf');
    const body = Array.from({ length: 5 }, (_, i) => ({ text: `Paragraph line ${i + 1} describing the product range in words.`, x: 72, y: 720 - 14 * i, size: 11 }));
    const graphics = 'q 300 0 0 200 72 380 cm BI /W 2 /H 2 /CS /G /BPC 8 /F /AHx ID 20806040> EI Q';
    writeFileSync(pdf, makePdf({ pages: [{ items: [...body, { text: 'Figure 1: The product', x: 72, y: 365, size: 9 }], graphics }] }));
    const printed = await cli(['parse', pdf]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('<!-- figure: image -->');
    expect(readdirSync(dir)).toEqual(['brochure.pdf']);
    const written = await cli(['parse', pdf, '--out', path.join(dir, 'brochure.md')]);
    expect(written.code).toBe(0);
    expect(readFileSync(path.join(dir, 'brochure.md'), 'utf8')).toContain('![image](brochure_figures/page-1-figure-1.png)');
    expect(readdirSync(path.join(dir, 'brochure_figures'))).toEqual(['page-1-figure-1.png']);
    const elsewhere = path.join(dir, 'pictures');
    const json = await cli(['parse', pdf, '--json', '--figures-dir', elsewhere]);
    const figure = JSON.parse(json.stdout).chunks[0].blocks.find((b: { type: string }) => b.type === 'figure');
    expect(figure.details).toMatchObject({ figureType: 'image', caption: 'Figure 1: The product', imagePath: path.join(elsewhere, 'page-1-figure-1.png') });
    expect(existsSync(figure.details.imagePath)).toBe(true);
    const none = await cli(['parse', pdf, '--out', path.join(dir, 'plain.md'), '--no-figure-images']);
    expect(none.code).toBe(0);
    expect(existsSync(path.join(dir, 'plain_figures'))).toBe(false);
    // Output to a device (through a link here: /dev itself is not the test's) writes no pictures.
    symlinkSync('/dev/null', path.join(dir, 'discard.md'));
    expect((await cli(['parse', pdf, '--out', path.join(dir, 'discard.md')])).code).toBe(0);
    expect(existsSync(path.join(dir, 'discard_figures'))).toBe(false);
  });

  it("keeps in NAME_figures exactly the pictures the output links; an interrupted run leaves the earlier output and pictures", async () => {
    const dir = mkdtempSync(path.join(tmp, 'figures-swap-'));
    const pdf = path.join(dir, 'album.pdf');
    const graphics = 'q 300 0 0 200 72 380 cm BI /W 2 /H 2 /CS /G /BPC 8 /F /AHx ID 20806040> EI Q';
    const pages = Array.from({ length: 40 }, (_, i) => ({
      items: [
        ...Array.from({ length: 4 }, (_, l) => ({ text: `Page ${i + 1} line ${l + 1} describing the picture below in words.`, x: 72, y: 720 - 14 * l, size: 11 })),
        { text: `Figure ${i + 1}: A picture`, x: 72, y: 365, size: 9 },
      ],
      graphics,
    }));
    writeFileSync(pdf, makePdf({ pages }));
    const md = path.join(dir, 'album.md');
    const figures = path.join(dir, 'album_figures');
    const linked = () => [...readFileSync(md, 'utf8').matchAll(/\]\(album_figures\/([^)]+)\)/g)].map((m) => m[1]).sort();
    expect((await cli(['parse', pdf, '--out', md])).code).toBe(0);
    expect(readdirSync(figures)).toHaveLength(40);
    expect(readdirSync(figures).sort()).toEqual(linked());
    // A narrower run replaces the folder: no picture of the longer run is left beside it.
    expect((await cli(['parse', pdf, '--out', md, '--pages', '2-3'])).code).toBe(0);
    expect(readdirSync(figures).sort()).toEqual(['page-2-figure-1.png', 'page-3-figure-1.png']);
    expect(linked()).toEqual(['page-2-figure-1.png', 'page-3-figure-1.png']);
    // --json --out names the pictures where they end up.
    const runJson = path.join(dir, 'album.json');
    expect((await cli(['parse', pdf, '--json', '--out', runJson, '--pages', '5'])).code).toBe(0);
    const figure = JSON.parse(readFileSync(runJson, 'utf8')).chunks[0].blocks.find((b: { type: string }) => b.type === 'figure');
    expect(figure.details.imagePath).toBe(path.join(figures, 'page-5-figure-1.png'));
    expect(readdirSync(figures)).toEqual(['page-5-figure-1.png']);
    // Interrupted once its first pictures are written: the earlier output and pictures stay.
    expect((await cli(['parse', pdf, '--out', md, '--pages', '2-3'])).code).toBe(0);
    const before = readFileSync(md, 'utf8');
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [bin, 'parse', pdf, '--out', md], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const staged = () => readdirSync(dir).find((f) => f.startsWith('.album_figures.') && f.endsWith('.partial'));
    for (let i = 0; i < 3000 && !(staged() && readdirSync(path.join(dir, staged()!)).length > 0); i++) await new Promise((r) => setTimeout(r, 10));
    expect(staged()).toBeDefined();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(readFileSync(md, 'utf8')).toBe(before);
    expect(readdirSync(figures).sort()).toEqual(['page-2-figure-1.png', 'page-3-figure-1.png']);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    // A run that fails writes no output: the earlier output's pictures stay too.
    writeFileSync(path.join(dir, 'broken.pdf'), '%PDF-1.7\n%%EOF\n');
    mkdirSync(path.join(dir, 'broken_figures'));
    writeFileSync(path.join(dir, 'broken_figures', 'page-1-figure-1.png'), 'earlier');
    writeFileSync(path.join(dir, 'broken.md'), 'earlier\n');
    expect((await cli(['parse', path.join(dir, 'broken.pdf'), '--out', path.join(dir, 'broken.md')])).code).toBe(1);
    expect(readdirSync(path.join(dir, 'broken_figures'))).toEqual(['page-1-figure-1.png']);
  });

  it('refuses a NAME_figures beside --out that is a file, before parsing', async () => {
    const dir = mkdtempSync(path.join(tmp, 'figures-file-'));
    const pdf = path.join(dir, 'a.pdf');
    writeFileSync(pdf, makePdf({ pages: [{ items: [{ text: 'A page', x: 72, y: 700 }] }] }));
    writeFileSync(path.join(dir, 'a_figures'), 'a file of the user');
    const out = await cli(['parse', pdf, '--out', path.join(dir, 'a.md')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`perfectparser: ${path.join(dir, 'a_figures')} is a file, where this run puts its figures' pictures`);
    expect(readFileSync(path.join(dir, 'a_figures'), 'utf8')).toBe('a file of the user');
    expect(existsSync(path.join(dir, 'a.md'))).toBe(false);
  });

  it('exits 1 with the JSON still printed when the parse fails', async () => {
    const bad = path.join(tmp, 'bad.pdf');
    writeFileSync(bad, 'this is plain text, not a PDF');
    const out = await cli(['parse', bad, '--json']);
    expect(out.code).toBe(1);
    const runJson = JSON.parse(out.stdout);
    expect(runJson.status).toBe('FAILED');
    expect(runJson.failureReason).toBe('FILE_TYPE_NOT_SUPPORTED');
    const plain = await cli(['parse', bad]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/FILE_TYPE_NOT_SUPPORTED/);
  });

  it('starts as its first line says, with Node\'s options (as npx and installed commands run it)', async () => {
    expect(shebangNodeOptions(bin)).toEqual(['--v8-pool-size=2']);
    const { stdout } = await run(bin, ['--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('compiles pdf.js from a code cache written by its first run; a damaged cache is written again', async () => {
    const cacheDir = path.join(tmp, 'code-cache');
    const env = { PERFECTPARSER_CODE_CACHE_DIR: cacheDir };
    const pdf = path.join(tmp, 'cached.pdf');
    writeFileSync(pdf, makePdf({ pages: [{ items: [{ text: 'Read with a code cache', x: 72, y: 700 }] }] }));
    const first = await cli(['parse', pdf], env);
    expect(first.code).toBe(0);
    const files = readdirSync(cacheDir).sort();
    expect(files).toEqual([expect.stringMatching(/^pdf\.cjs-.*\.bin$/), expect.stringMatching(/^pdf\.worker\.cjs-.*\.bin$/)]);
    const worker = path.join(cacheDir, files[1]!);
    const written = statSync(worker).mtimeMs;
    const second = await cli(['parse', pdf], env);
    expect(second).toEqual(first);
    expect(statSync(worker).mtimeMs).toBe(written); // used, not written again
    writeFileSync(worker, 'damaged');
    const third = await cli(['parse', pdf], env);
    expect(third).toEqual(first);
    expect(statSync(worker).size).toBeGreaterThan(100_000);
    const off = path.join(tmp, 'no-cache');
    expect(await cli(['parse', pdf], { PERFECTPARSER_CODE_CACHE_DIR: 'off', XDG_CACHE_HOME: off })).toEqual(first);
    expect(existsSync(off)).toBe(false);
  });

  it('warns on stderr about pages the output leaves out, and still exits 0', async () => {
    const damaged = path.join(tmp, 'damaged.pdf');
    const pdf = makePdf({ pages: [{ items: [{ text: 'The page that is left', x: 72, y: 700 }] }] });
    writeFileSync(damaged, withLinearization(withoutPageTree(pdf), 2));
    const out = await cli(['parse', damaged]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('The page that is left');
    expect(out.stderr).toContain(`perfectparser: warning: ${damaged}: The file declares 2 pages but holds only 1`);
    const json = await cli(['parse', damaged, '--json']);
    expect(JSON.parse(json.stdout).metrics.pageCount).toBe(2);
    expect(json.stderr).toContain('holds only 1');
  });

  it('refuses files above --max-file-size with FILE_SIZE_TOO_LARGE', async () => {
    const big = path.join(tmp, 'big.pdf');
    writeFileSync(big, Buffer.concat([Buffer.from(makePdf({ pages: [{ items: [{ text: 'x', x: 72, y: 700 }] }] })), Buffer.alloc(1024 * 1024 + 10, 32)]));
    const out = await cli(['parse', big, '--json', '--max-file-size', '1']);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout).failureReason).toBe('FILE_SIZE_TOO_LARGE');
    // Above the default limit, by its size on disk: refused unread (a sparse 3 GB file would
    // otherwise be loaded, past what Node reads in one go).
    const huge = path.join(tmp, 'huge.pdf');
    writeFileSync(huge, makePdf({ pages: [{ items: [{ text: 'x', x: 72, y: 700 }] }] }));
    truncateSync(huge, 3 * 1024 ** 3);
    const refused = await cli(['parse', huge]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The file is 3072.0 MB, above the limit of 500 MB. (FILE_SIZE_TOO_LARGE)');
    rmSync(huge);
  });

  it('refuses an --out that is the file being read, and contradictory options, before parsing', async () => {
    const pdf = path.join(tmp, 'victim.pdf');
    const bytes = makePdf({ pages: [{ items: [{ text: 'Keep me', x: 72, y: 700 }] }] });
    writeFileSync(pdf, bytes);
    const same = await cli(['parse', pdf, '--out', pdf]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/--out .*victim\.pdf is the file being read: writing there would replace it\./);
    symlinkSync(pdf, path.join(tmp, 'victim-link.pdf'));
    expect((await cli(['parse', path.join(tmp, 'victim-link.pdf'), '--out', pdf])).code).toBe(2);
    expect(Buffer.compare(readFileSync(pdf), Buffer.from(bytes))).toBe(0);
    const chunks = await cli(['parse', pdf, '--min-chars', '500', '--max-chars', '100']);
    expect(chunks.code).toBe(2);
    expect(chunks.stderr).toContain('--min-chars 500 is more than --max-chars 100');
    const figures = await cli(['parse', pdf, '--figures-dir', pdf]);
    expect(figures.code).toBe(2);
    expect(figures.stderr).toMatch(/--figures-dir .* is a file, not a folder/);
    expect((await cli(['parse', pdf, '--no-figures', '--figures-dir', tmp])).code).toBe(2);
  });

  it('warns when --pages asks for pages past the end, and never echoes the password', async () => {
    const file = path.join(corpus, 'text-layout', 'multi_page.pdf');
    const none = await cli(['parse', file, '--pages', '10']);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('None of the pages asked for are in the document, which has 5 pages (asked for: 10).');
    const some = await cli(['parse', file, '--pages', '4-9', '--json', '--password', 'secret-pw']);
    expect(some.code).toBe(0);
    const runJson = JSON.parse(some.stdout);
    expect(runJson.warnings).toEqual(['Some pages asked for are not in the document, which has 5 pages (asked for: 4–9).']);
    expect(runJson.chunks.map((c: { metadata: { pageRange: { start: number } } }) => c.metadata.pageRange.start)).toEqual([4, 5]);
    expect(some.stdout).not.toContain('secret-pw');
    expect(runJson.config.advancedOptions.password).toBeUndefined();
  });

  it('keeps the permissions of an --out file it replaces', async () => {
    const pdf = path.join(tmp, 'private.pdf');
    writeFileSync(pdf, makePdf({ pages: [{ items: [{ text: 'Private', x: 72, y: 700 }] }] }));
    const out = path.join(tmp, 'private.md');
    writeFileSync(out, 'before\n');
    chmodSync(out, 0o600);
    expect((await cli(['parse', pdf, '--out', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('Private');
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('reads a scanned image with OCR, and names a missing OCR language', async () => {
    const scan = path.join(corpus, 'ocr', 'phototest.tif');
    const out = await cli(['parse', scan, '--json']);
    expect(out.code).toBe(0);
    const runJson = JSON.parse(out.stdout);
    const blocks = runJson.chunks.flatMap((c: { blocks: unknown[] }) => c.blocks);
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.every((b: { metadata: { avgOcrConfidence?: number } }) => typeof b.metadata.avgOcrConfidence === 'number')).toBe(true);
    expect(runJson.chunks.map((c: { content: string }) => c.content).join(' ')).toContain('quick brown dog');
    const missing = await cli(['parse', scan, '--ocr-lang', 'eng+deu']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/deu/);
    expect(missing.stderr).toMatch(/INVALID_CONFIG_OPTIONS/);
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli(['parse'])).code).toBe(2);
    expect((await cli(['parse', 'x.pdf', '--target', 'html'])).code).toBe(2);
    expect((await cli(['parse', 'x.pdf', '--max-chars', 'ten'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    const missing = await cli(['parse', path.join(tmp, 'does-not-exist.pdf')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/not found/);
  });

  it('says what is wrong in sentences prefixed perfectparser:, commander\'s errors included', async () => {
    const empty = await cli(['parse', '']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('perfectparser: No file was given: name the document to parse.\n');
    const unknown = await cli(['parse', 'x.pdf', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^perfectparser: unknown option '--bogus'\n/);
    const missing = await cli(['parse']);
    expect(missing.stderr).toMatch(/^perfectparser: missing required argument 'file'\n/);
    expect((await cli(['parse', 'x.pdf', '--out', ''])).stderr).toBe('perfectparser: --out needs the path of a file.\n');
  });

  it('a data folder it cannot use is a usage error with a sentence naming it', async () => {
    const dir = mkdtempSync(path.join(tmp, 'data-dirs-'));
    const file = path.join(dir, 'plain.txt');
    writeFileSync(file, 'not a folder\n');
    const noKey = { PERFECTPARSER_API_KEY: '' }; // else `key` prints it without opening the folder
    const isFile = await cli(['key', '--data-dir', file], noKey);
    expect(isFile.code).toBe(2);
    expect(isFile.stderr).toBe(`perfectparser: The data folder ${file} is a file, not a folder: choose a folder (--data-dir or PERFECTPARSER_DATA_DIR).\n`);
    const under = await cli(['key', '--data-dir', path.join(file, 'sub')], noKey);
    expect(under.code).toBe(2);
    expect(under.stderr).toBe(`perfectparser: The data folder ${path.join(file, 'sub')} cannot be made: part of its path is a file. Choose another folder (--data-dir or PERFECTPARSER_DATA_DIR).\n`);
    mkdirSync(path.join(dir, 'damaged'));
    writeFileSync(path.join(dir, 'damaged', 'perfectparser.db'), 'garbage, not SQLite\n');
    const damaged = await cli(['key', '--data-dir', path.join(dir, 'damaged')], noKey);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toContain(`perfectparser: ${path.join(dir, 'damaged', 'perfectparser.db')} is not a PerfectParser database`);
    const empty = await cli(['key', '--data-dir', ''], noKey);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('perfectparser: --data-dir needs the path of a folder.\n');
    for (const out of [isFile, under, damaged, empty]) expect(out.stderr).not.toContain('unexpected error');
  });

  it('stops quietly when its output pipe closes early', async () => {
    const file = path.join(corpus, 'text-layout', 'multi_page.pdf');
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" parse "${file}" | head -c 10 > /dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(result.stdout.trim()).toBe('0');
  });

  it('prints its version and help', async () => {
    const version = await cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await cli(['parse', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--chunking');
  });
});
