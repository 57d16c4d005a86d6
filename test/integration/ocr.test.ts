// OCR end to end, offline: images and a scanned PDF parse in a process whose every network
// entry point throws (a preload that also runs in tesseract's worker threads).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const corpus = process.env['PERFECTPARSER_CORPUS'] ?? path.resolve(root, '..', 'shared', 'corpus');
const ocrDir = path.join(corpus, 'ocr');
const here = path.join(root, 'test', 'main', 'engine', 'ocr');

interface FileResult {
  file: string;
  status: string;
  failure: string | null;
  text: string;
  confidences: Array<number | null>;
  page: { number: number; width: number; height: number } | null;
}

function flat(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

describe('OCR with the network disabled', () => {
  it('reads an image, a quarter-turned image and a turned scanned PDF, with confidences', () => {
    const files = ['phototest.tif', 'phototest-rotated-L.png', 'ocr_test_rotated_90.pdf'].map((f) => path.join(ocrDir, f));
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', path.join(here, 'no-network.mjs'), path.join(here, 'ocr-offline-script.ts'), ...files],
      { cwd: root, encoding: 'utf8', timeout: 180_000 },
    );
    expect(child.stderr).not.toContain('NET_ATTEMPT');
    // The stub ran in the main thread and in at least one tesseract worker thread.
    expect(new Set(child.stderr.match(/NET_STUB_ACTIVE \d+/g)).size).toBeGreaterThanOrEqual(2);
    const results = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '[]') as FileResult[];
    expect(results).toHaveLength(3);
    for (const r of results) {
      expect(r.status, `${r.file}: ${r.failure}`).toBe('PROCESSED');
      expect(r.confidences.length).toBeGreaterThan(0);
      for (const c of r.confidences) {
        expect(c).not.toBeNull();
        expect(c!).toBeGreaterThan(0.5);
        expect(c!).toBeLessThanOrEqual(1);
      }
    }
    const [tif, png, pdf] = results as [FileResult, FileResult, FileResult];
    expect(flat(tif.text)).toContain('The quick brown dog jumped over the lazy fox.');
    // 640 x 480 pixels at the file's 200 dpi.
    expect(tif.page).toEqual({ number: 1, width: 230.4, height: 172.8, rotation: 0 });
    expect(flat(png.text)).toContain('This is a lot of 12 point text to test the ocr code');
    // Turned upright: landscape, like the original page.
    expect(png.page!.width).toBeGreaterThan(png.page!.height);
    expect(flat(pdf.text)).toContain('Docling bundles PDF document conversion to JSON and Markdown');
  }, 200_000);
});
