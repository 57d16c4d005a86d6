// The tables task: our CLI (`--tables html`) on every tables PDF; for each GT table the
// predicted table on its page with the highest cell-text Jaccard is scored (corpus README,
// tables): ICDAR-2013 adjacency-relation F1 for the ICDAR files, cell accuracy, shape, fuzzy
// cell F1 and a row-merge-tolerant column ES for the camelot files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../helpers/csv.js';
import { readSide, taskInputs } from './corpus.js';
import { mean } from './metrics.js';
import { parseRun } from './parser-run.js';
import { fmt, markdownTable, passMark } from './report.js';
import { mapPool, runCli } from './runner.js';
import { cellJaccard, cellScore, gridCells, icdarScore, parseHtmlTables, parseIcdarStructure, toGrid, type CellScore, type GridCell, type Prf, type ScoredTable } from './tables-scoring.js';

const TIMEOUT_MS = 120_000;
/** Bars from the issue: ICDAR relation F1 mean, camelot cell accuracy. */
export const TABLE_BARS = { icdarF1: 0.85, cellAccuracy: 0.85 } as const;

interface ExpectedJson {
  camelot_flavor?: string;
  camelot_params?: { pages?: string };
  tables: Array<{ csv: string; page?: number }>;
}

/** The score of one GT table. */
export interface TableScore {
  gt: string;
  page: number;
  found: boolean;
  jaccard: number;
  icdar?: Prf;
  cells: CellScore | null;
}

/** Everything measured for one tables file. */
export interface TablesFile {
  file: string;
  kind: 'icdar' | 'camelot';
  flavor: string;
  predicted: number;
  tables: TableScore[];
  /** ICDAR: relation F1 over all the file's relations (micro); camelot: mean cell accuracy. */
  icdarF1?: number;
  cellAccuracy: number;
  ms: number;
  error?: string;
}

/** Predicted tables per page, from a run's table blocks (HTML content). */
function predictedTables(stdout: string): ScoredTable[] {
  const run = parseRun(stdout);
  if (!run || run.status !== 'PROCESSED') return [];
  const out: ScoredTable[] = [];
  for (const chunk of run.chunks) {
    for (const b of chunk.blocks ?? []) {
      if (b.type !== 'table' || !b.content) continue;
      for (const cells of parseHtmlTables(b.content)) out.push({ page: b.metadata?.page?.number ?? 0, cells });
    }
  }
  return out;
}

function best(pred: ScoredTable[], page: number, gt: GridCell[]): { table: ScoredTable | null; jaccard: number } {
  let table: ScoredTable | null = null;
  let jaccard = 0;
  for (const p of pred) {
    if (p.page !== page) continue;
    const j = cellJaccard(p.cells, gt);
    if (j > jaccard || table === null) {
      table = p;
      jaccard = j;
    }
  }
  return { table, jaccard };
}

/** Runs the tables task over the corpus. */
export async function runTables(corpus: string, concurrency: number, only?: RegExp): Promise<TablesFile[]> {
  const inputs = taskInputs(corpus, 'tables', ['.pdf']).filter((f) => !only || only.test(path.basename(f)));
  return mapPool(inputs, concurrency, async (input) => {
    const file = path.basename(input);
    const started = performance.now();
    try {
      return await scoreFile(input);
    } catch (e) {
      return { file, kind: 'camelot', flavor: '?', predicted: 0, tables: [], cellAccuracy: 0, ms: performance.now() - started, error: String(e) };
    }
  });
}

async function scoreFile(input: string): Promise<TablesFile> {
  const file = path.basename(input);
  const expected = JSON.parse(readSide(input, '.expected.json') ?? '{"tables":[]}') as ExpectedJson;
  const result = await runCli(input, ['--tables', 'html'], { timeoutMs: TIMEOUT_MS });
  const pred = predictedTables(result.stdout);
  const csvGrid = (name: string) => parseCsv(readFileSync(path.join(path.dirname(input), name), 'utf8'));
  const str = readSide(input, '.gt-str.xml');
  const ms = result.ms;
  if (!expected.camelot_flavor && str) {
    const gts = parseIcdarStructure(str);
    const scores: TableScore[] = gts.map((gt, i) => {
      const { table, jaccard } = best(pred, gt.page, gt.cells);
      const csv = expected.tables[i]?.csv;
      return {
        gt: `table ${gt.tableId} p${gt.page}`,
        page: gt.page,
        found: table !== null,
        jaccard,
        icdar: icdarScore(table?.cells ?? [], gt.cells),
        cells: csv ? cellScore(toGrid(table?.cells ?? []), csvGrid(csv)) : null,
      };
    });
    return {
      file,
      kind: 'icdar',
      flavor: 'icdar',
      predicted: pred.length,
      tables: scores,
      icdarF1: mean(scores.map((s) => s.icdar?.f1 ?? 0)),
      cellAccuracy: mean(scores.map((s) => s.cells?.cellAccuracy ?? 0)),
      ms,
    };
  }
  const page = Number(expected.camelot_params?.pages ?? 1) || 1;
  const scores: TableScore[] = expected.tables.map((t) => {
    const gt = csvGrid(t.csv);
    const { table, jaccard } = best(pred, page, gridCells(gt));
    return { gt: t.csv, page, found: table !== null, jaccard, cells: cellScore(toGrid(table?.cells ?? []), gt) };
  });
  if (str) {
    const gts = parseIcdarStructure(str);
    for (const s of scores) {
      const gt = gts.find((g) => g.page === page);
      const { table } = best(pred, page, gt?.cells ?? []);
      if (gt) s.icdar = icdarScore(table?.cells ?? [], gt.cells);
    }
  }
  return {
    file,
    kind: 'camelot',
    flavor: expected.camelot_flavor ?? '?',
    predicted: pred.length,
    tables: scores,
    cellAccuracy: mean(scores.map((s) => s.cells?.cellAccuracy ?? 0)),
    ms,
  };
}

/** Means and pass marks against the bars. */
export function tablesSummary(results: TablesFile[]): Record<string, number | boolean> {
  const icdar = results.filter((r) => r.kind === 'icdar');
  const camelot = results.filter((r) => r.kind === 'camelot');
  const icdarF1 = mean(icdar.map((r) => r.icdarF1 ?? 0));
  const cellAccuracy = mean(camelot.map((r) => r.cellAccuracy));
  return {
    icdarFiles: icdar.length,
    icdarF1Mean: icdarF1,
    icdarPass: icdarF1 >= TABLE_BARS.icdarF1,
    camelotFiles: camelot.length,
    camelotCellAccuracyMean: cellAccuracy,
    camelotFuzzyF1Mean: mean(camelot.flatMap((r) => r.tables.map((t) => t.cells?.fuzzyF1 ?? 0))),
    camelotColumnEsMean: mean(camelot.flatMap((r) => r.tables.map((t) => t.cells?.columnEs ?? 0))),
    camelotPass: cellAccuracy >= TABLE_BARS.cellAccuracy,
  };
}

/** Human-readable report of the tables task. */
export function formatTables(results: TablesFile[]): string {
  const rows: string[][] = [];
  for (const r of results) {
    for (const t of r.tables) {
      const c = t.cells;
      rows.push([
        r.file,
        r.flavor,
        t.gt,
        String(r.predicted),
        fmt(t.jaccard),
        t.icdar ? `${fmt(t.icdar.precision)}/${fmt(t.icdar.recall)}/${fmt(t.icdar.f1)}` : '-',
        c ? fmt(c.cellAccuracy) : '-',
        c ? `${c.predShape.join('x')} vs ${c.gtShape.join('x')}${c.shapeMatch ? ' ✓' : ''}` : '-',
        c ? fmt(c.fuzzyF1) : '-',
        c ? fmt(c.columnEs) : '-',
      ]);
    }
    if (r.error) rows.push([r.file, r.flavor, `error: ${r.error}`, '', '', '', '', '', '', '']);
  }
  const s = tablesSummary(results);
  const headers = ['file', 'flavor', 'GT table', 'predicted tables', 'jaccard', 'ICDAR P/R/F1', 'cell acc', 'shape (pred vs GT)', 'fuzzy F1', 'column ES'];
  const perFile = results.map((r) => [r.file, r.kind, r.kind === 'icdar' ? fmt(r.icdarF1) : '-', fmt(r.cellAccuracy), r.ms.toFixed(0)]);
  return [
    '## tables',
    '',
    markdownTable(headers, rows),
    '',
    markdownTable(['file', 'kind', 'ICDAR F1 (mean of tables)', 'cell accuracy (mean of tables)', 'ms'], perFile),
    '',
    `ICDAR relation F1, mean over ${s['icdarFiles']} files: ${fmt(s['icdarF1Mean'] as number)} (bar ${TABLE_BARS.icdarF1}) ${passMark(s['icdarPass'] as boolean)}`,
    `camelot cell accuracy, mean over ${s['camelotFiles']} files: ${fmt(s['camelotCellAccuracyMean'] as number)} (bar ${TABLE_BARS.cellAccuracy}) ${passMark(s['camelotPass'] as boolean)}; fuzzy cell F1 ${fmt(s['camelotFuzzyF1Mean'] as number)}, column ES ${fmt(s['camelotColumnEsMean'] as number)}`,
    '',
  ].join('\n');
}
