// Locating the shared corpus and reading MANIFEST.tsv (layout described in the corpus README).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './runner.js';

/** One MANIFEST.tsv row. */
export interface ManifestRow {
  file: string;
  sourceRepo: string;
  sourcePath: string;
  commit: string;
  license: string;
  task: string;
  gtKind: string;
  gtQuality: string;
  gtFiles: string[];
  notes: string;
}

/** The corpus folder: PERFECTPARSER_CORPUS, else ../shared/corpus beside the checkout. */
export function corpusDir(): string {
  const dir = process.env['PERFECTPARSER_CORPUS'] ?? path.resolve(repoRoot, '..', 'shared', 'corpus');
  if (!existsSync(path.join(dir, 'MANIFEST.tsv'))) {
    throw new Error(`corpus not found: ${dir} has no MANIFEST.tsv (set PERFECTPARSER_CORPUS)`);
  }
  return dir;
}

/** Reads MANIFEST.tsv into rows keyed by their `file` column (e.g. "text-layout/foo.pdf"). */
export function readManifest(dir: string): Map<string, ManifestRow> {
  const lines = readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8').split(/\r?\n/);
  const header = (lines.shift() ?? '').split('\t');
  const col = (cells: string[], name: string): string => cells[header.indexOf(name)] ?? '';
  const rows = new Map<string, ManifestRow>();
  for (const line of lines) {
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    const row: ManifestRow = {
      file: col(cells, 'file'),
      sourceRepo: col(cells, 'source_repo'),
      sourcePath: col(cells, 'source_path'),
      commit: col(cells, 'commit'),
      license: col(cells, 'license'),
      task: col(cells, 'task'),
      gtKind: col(cells, 'gt_kind'),
      gtQuality: col(cells, 'gt_quality'),
      gtFiles: col(cells, 'gt_files')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      notes: col(cells, 'notes'),
    };
    rows.set(row.file, row);
  }
  return rows;
}

const GT_NAME = /\.(expected(-sorted)?\.(md|txt|json)|table-\d+\.csv|gt-(str|reg)\.xml|cii\.xml|boxes\.csv|source\.tex|uzn|tabula\.json|tesseractjs-test\.txt)$/;

/** Input documents of a task folder (GT side files excluded), sorted by name. */
export function taskInputs(dir: string, task: string, extensions: string[]): string[] {
  const folder = path.join(dir, task);
  return readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isFile() && !GT_NAME.test(e.name))
    .map((e) => e.name)
    .filter((name) => extensions.includes(path.extname(name).toLowerCase()))
    .sort()
    .map((name) => path.join(folder, name));
}

/** Path of a GT side file: same folder and base name as the input, plus `suffix` (e.g. ".expected.md"). */
export function sidePath(input: string, suffix: string): string {
  return path.join(path.dirname(input), path.basename(input, path.extname(input)) + suffix);
}

/** Reads a GT side file, or null when it does not exist. */
export function readSide(input: string, suffix: string): string | null {
  const file = sidePath(input, suffix);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}
