// `perfectparser extract --out PATH` keeps each file's result in PATH.partial.jsonl as it
// completes: a batch killed (SIGKILL) or stopped with Ctrl-C (SIGINT) is taken up by running the
// same command again, which extracts only the files not done yet (or changed since) and writes
// the same output a run from scratch writes. Run as a user runs it: the built command line.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../helpers/make-pdf.js';
import { cli } from '../helpers/run-cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin', 'perfectparser.js');
const tmp = mkdtempSync(path.join(tmpdir(), 'pp-resume-'));
const invoices = path.join(tmp, 'invoices');
const COUNT = 120;
const parser = path.join(tmp, 'parser.json');
const otherParser = path.join(tmp, 'other-parser.json');

function invoicePdf(n: number, number = `INV-${n}`): Uint8Array {
  return makePdf({ pages: [{ items: [{ text: `Invoice No: ${number}`, x: 72, y: 700 }, { text: `Total: ${n},250.50`, x: 72, y: 670 }] }] });
}

/** Whole lines of a journal (a torn last one left out). */
function journalLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').slice(0, -1);
}

/** Starts `extract`; `midway` runs once its journal holds more than `lines` results. Resolves
 *  with how the run ended. */
async function midBatch(
  args: string[],
  journal: string,
  midway: (child: ChildProcess) => void,
  lines = 5,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  const deadline = Date.now() + 60_000;
  while (!(existsSync(journal) && journalLines(journal).length > lines)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the run ended before its middle: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  midway(child);
  return { ...(await ended), stderr };
}

/** Starts `extract` and sends it `signal` midway. */
function stopped(args: string[], journal: string, signal: NodeJS.Signals, lines = 5): ReturnType<typeof midBatch> {
  return midBatch(args, journal, (child) => child.kill(signal), lines);
}

beforeAll(() => {
  mkdirSync(invoices);
  for (let n = 1; n <= COUNT; n++) writeFileSync(path.join(invoices, `invoice-${String(n).padStart(3, '0')}.pdf`), invoicePdf(n));
  writeFileSync(parser, JSON.stringify({ name: 'Invoices', fields: [{ name: 'invoice_number', type: 'string' }, { name: 'total', type: 'number' }] }));
  writeFileSync(otherParser, JSON.stringify({ name: 'Numbers', fields: [{ name: 'invoice_number', type: 'string' }] }));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('extract --out: a stopped batch is taken up where it stopped', () => {
  it('after a kill (a torn last line included), extracts only the rest, writes what a run from scratch writes, and removes the journal', async () => {
    const outDir = mkdtempSync(path.join(tmp, 'killed-'));
    const out = path.join(outDir, 'results.csv');
    const journal = `${out}.partial.jsonl`;
    const killed = await stopped(['extract', invoices, '--parser', parser, '--csv', '--out', out], journal, 'SIGKILL', 10);
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);
    const kept = journalLines(journal).length - 1; // the first line names the parser
    expect(kept).toBeGreaterThanOrEqual(10);
    expect(kept).toBeLessThan(COUNT);
    // A kill while a line is written leaves it torn: it is left out, not a problem.
    appendFileSync(journal, '{"path":"/torn","size":12,"mtimeMs":1,"result":{"filen');

    const resumed = await cli(['extract', invoices, '--parser', parser, '--csv', '--out', out]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toBe(`Resuming: ${kept} of ${COUNT} files were already extracted; extracting the other ${COUNT - kept}.\n`);
    expect(existsSync(journal)).toBe(false);

    const fresh = path.join(outDir, 'fresh.csv');
    expect((await cli(['extract', invoices, '--parser', parser, '--csv', '--out', fresh])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(fresh, 'utf8'));
    expect(readFileSync(out, 'utf8').trim().split(/\r?\n/)).toHaveLength(COUNT + 1);
  }, 120_000);

  it('after Ctrl-C (exit 130, saying what is kept), reuses the results kept for unchanged files and extracts a changed one again', async () => {
    const folder = mkdtempSync(path.join(tmp, 'interrupted-'));
    for (let n = 1; n <= COUNT; n++) writeFileSync(path.join(folder, `invoice-${String(n).padStart(3, '0')}.pdf`), invoicePdf(n));
    // The output and its journal inside the folder read are not taken as documents.
    const out = path.join(folder, 'results.json');
    const journal = `${out}.partial.jsonl`;
    const args = ['extract', folder, '--parser', parser, '--json', '--out', out];
    const interrupted = await stopped(args, journal, 'SIGINT');
    expect(interrupted.code).toBe(130);
    const lines = journalLines(journal);
    const kept = lines.length - 1;
    expect(interrupted.stderr).toBe(`perfectparser: Stopped. The ${kept} files extracted so far are kept in ${journal}; run the same command again to extract the rest and write ${out}.\n`);
    expect(existsSync(out)).toBe(false);

    // A result kept is used as it is (shown by changing it in the journal); a file changed since
    // it was extracted is extracted again.
    const entries = lines.slice(1).map((line) => JSON.parse(line) as { path: string; result: { extracted_data: { invoice_number: string } } });
    const [reused, changed] = entries;
    reused!.result.extracted_data.invoice_number = 'KEPT-IN-JOURNAL';
    // A line damaged in the middle is left out (its file extracted again), with a warning.
    const written = [lines[0], ...entries.map((e) => JSON.stringify(e))];
    written[3] = written[3]!.slice(0, 40);
    writeFileSync(journal, [...written, ''].join('\n'));
    writeFileSync(changed!.path, invoicePdf(999, 'INV-99999'));
    utimesSync(changed!.path, new Date(), new Date(Date.now() + 5_000));

    const resumed = await cli(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toBe(
      `perfectparser: warning: 1 line of ${journal} could not be read; its file is extracted again.\n` +
        `Resuming: ${kept - 2} of ${COUNT} files were already extracted; extracting the other ${COUNT - kept + 2}.\n`,
    );
    const docs = (JSON.parse(readFileSync(out, 'utf8')) as { documents: Array<{ path: string; extracted_data: { invoice_number: string } }> }).documents;
    expect(docs).toHaveLength(COUNT);
    const numberOf = (file: string) => docs.find((d) => d.path === file)?.extracted_data.invoice_number;
    expect(numberOf(reused!.path)).toBe('KEPT-IN-JOURNAL');
    expect(numberOf(changed!.path)).toBe('INV-99999');
    expect(numberOf(path.join(folder, 'invoice-120.pdf'))).toBe('INV-120');
    expect(existsSync(journal)).toBe(false);
  }, 120_000);

  it('leaves out, with a warning, a journal of another parser or one that cannot be read; --no-resume starts again', async () => {
    const outDir = mkdtempSync(path.join(tmp, 'other-'));
    const folder = path.join(outDir, 'invoices');
    mkdirSync(folder);
    for (let n = 1; n <= 40; n++) writeFileSync(path.join(folder, `invoice-${String(n).padStart(3, '0')}.pdf`), invoicePdf(n));
    const out = path.join(outDir, 'results.csv');
    const journal = `${out}.partial.jsonl`;
    const args = (p: string, ...more: string[]) => ['extract', folder, '--parser', p, '--csv', '--out', out, ...more];
    const expected = (await cli(['extract', folder, '--parser', otherParser, '--csv'])).stdout;

    expect((await stopped(args(parser), journal, 'SIGINT')).code).toBe(130);
    const other = await cli(args(otherParser));
    expect(other.code, other.stderr).toBe(0);
    expect(other.stderr).toBe(
      `perfectparser: warning: The results kept in ${journal} were extracted with another parser (or another version of it): they are not used, and the file is started again.\n`,
    );
    expect(readFileSync(out, 'utf8')).toBe(expected);
    expect(existsSync(journal)).toBe(false);

    writeFileSync(journal, 'these are not the results of a run\n');
    const unreadable = await cli(args(otherParser));
    expect(unreadable.code, unreadable.stderr).toBe(0);
    expect(unreadable.stderr).toBe(`perfectparser: warning: ${journal} cannot be read as the results of an earlier run: it is not used, and the file is started again.\n`);
    expect(readFileSync(out, 'utf8')).toBe(expected);
    expect(existsSync(journal)).toBe(false);

    expect((await stopped(args(otherParser), journal, 'SIGINT')).code).toBe(130);
    const again = await cli(args(otherParser, '--no-resume'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(expected);
    expect(existsSync(journal)).toBe(false);

    const noOut = await cli(['extract', folder, '--parser', parser, '--no-resume']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toBe('perfectparser: --no-resume concerns a run written to a file: give --out PATH with it, or leave it out.\n');
  }, 120_000);

  it('says a file moved or deleted while the batch runs as such, apart from a file named that is not there', async () => {
    const folder = mkdtempSync(path.join(tmp, 'vanishing-'));
    for (let n = 1; n <= COUNT; n++) writeFileSync(path.join(folder, `invoice-${String(n).padStart(3, '0')}.pdf`), invoicePdf(n));
    const out = path.join(tmp, 'vanishing.csv');
    const last = path.join(folder, `invoice-${COUNT}.pdf`);
    const absent = path.join(tmp, 'never-there.pdf');
    const ran = await midBatch(['extract', folder, absent, '--parser', parser, '--csv', '--out', out], `${out}.partial.jsonl`, () => unlinkSync(last));
    expect(ran.code).toBe(1);
    expect(ran.stderr).toBe(
      `perfectparser: invoice-${COUNT}.pdf: This file was moved or deleted while the batch was running.\nperfectparser: never-there.pdf: No file was found at this path.\n`,
    );
    expect(readFileSync(out, 'utf8').trim().split(/\r?\n/)).toHaveLength(COUNT + 2);
  });
});
