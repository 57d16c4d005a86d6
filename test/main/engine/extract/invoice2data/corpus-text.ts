// Text of the corpus invoices the way invoice2data gets it: `pdftotext -layout`, a page region
// for fields with an `area` (pdftotext -f -l -r -x -y -W -H), and, for a PDF no template
// matches, the OCR of its embedded images appended (as invoice2data's OCR input would see it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TemplateArea } from '../../../../../src/main/engine/extract/invoice2data/index.js';

/** Whether a command-line tool runs here. */
export function hasTool(cmd: string, arg = '-v'): boolean {
  const r = spawnSync(cmd, [arg], { encoding: 'utf8' });
  return !r.error;
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

/** `pdftotext -layout FILE -`. */
export function pdfText(file: string): string {
  return run('pdftotext', ['-layout', file, '-']);
}

/** The text of a template `area`, as invoice2data's pdftotext reader extracts it. */
export function pdfAreaText(file: string, a: TemplateArea): string {
  const args = ['-f', a.f, '-l', a.l, '-r', a.r, '-x', a.x, '-y', a.y, '-W', a.W, '-H', a.H].map(String);
  return run('pdftotext', ['-layout', ...args, file, '-']);
}

/** OCR (tesseract) of every image embedded in the PDF, joined; '' when the tools are missing. */
export function embeddedImagesOcr(file: string): string {
  if (!hasTool('pdfimages') || !hasTool('tesseract', '--version')) return '';
  const dir = mkdtempSync(path.join(tmpdir(), 'i2d-img-'));
  try {
    run('pdfimages', ['-png', file, path.join(dir, 'img')]);
    return readdirSync(dir)
      .sort()
      .map((img) => run('tesseract', [path.join(dir, img), '-']))
      .join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
