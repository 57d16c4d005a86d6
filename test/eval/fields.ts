// The fields task: our `extract` command on every file of corpus/fields, scored with the README's
// field rules (fields-scoring.ts). invoice2data files run twice: with the corpus templates
// (fields/templates), and template-free with a parser that only names invoice_number, date and
// amount (how far labels and layout alone get). SROIE receipts run with a parser naming company,
// date, address and total. AcroForm values with a parser naming the form fields.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readManifest, readSide, taskInputs } from './corpus.js';
import {
  acroformParser,
  scoreAcroform,
  type AcroGtField,
  type AcroScore,
  invoiceGt,
  invoiceTotals,
  scoreInvoice,
  scoreSroie,
  SROIE_FIELDS,
  sroieTotals,
  type FieldResult,
  type InvoiceScore,
  type InvoiceTotals,
  type Prf,
  type SroieField,
  type SroieScore,
  valuesEqual,
} from './fields-scoring.js';
import { fmt, kbToMb, markdownTable } from './report.js';
import { cliPath, mapPool, rssReporter, runProcess, type ProcessResult } from './runner.js';

const TIMEOUT_MS = 180_000;
const EXTENSIONS = ['.pdf', '.tif', '.tiff', '.png', '.jpg', '.jpeg', '.webp', '.txt'];

/** Targets of the brief: overall exact-field rate with templates, SROIE per-field F1. */
export const TARGETS = { invoiceExactRate: 0.9, sroieF1: 0.7 } as const;

/** The fields the template-free invoice parser names. */
export const TEMPLATE_FREE_FIELDS = ['invoice_number', 'date', 'amount'] as const;

const TEMPLATE_FREE_PARSER = {
  name: 'eval template-free invoice',
  fields: [
    { name: 'invoice_number', type: 'string' },
    { name: 'date', type: 'date' },
    { name: 'amount', type: 'number' },
  ],
};

const SROIE_PARSER = {
  name: 'eval SROIE receipt',
  fields: [
    { name: 'company', type: 'string' },
    { name: 'date', type: 'date' },
    { name: 'address', type: 'string' },
    { name: 'total', type: 'number' },
  ],
};

/** How a fields file is scored, from its MANIFEST gt_kind (else from the GT's shape). */
export type FieldsKind = 'invoice2data' | 'sroie' | 'acroform' | 'cii' | 'unknown';

/** The `document` object `extract --json` prints (the subset read here). */
export interface ExtractDocument {
  status?: string;
  error_message?: string | null;
  template?: string | null;
  extracted_data?: Record<string, unknown> | null;
  fields?: Record<string, { source?: string; confidence?: number }>;
}

/** One `extract` run. */
export interface ExtractRun {
  status: string;
  error: string | null;
  template: string | null;
  exitCode: number | null;
  ms: number;
  maxRssKb: number | null;
  /** Where each field came from (`template`, `label`, `none`, …), when the CLI says. */
  sources: Record<string, string>;
}

export interface InvoiceRun extends ExtractRun {
  score: InvoiceScore;
}

export interface SroieRun extends ExtractRun {
  score: SroieScore;
}

/** Everything measured for one fields file. */
export interface FieldsFile {
  file: string;
  gtKind: string;
  kind: FieldsKind;
  /** How the document reaches the extractor. */
  route: 'pdf text' | 'OCR' | 'text input';
  templates?: InvoiceRun;
  templateFree?: InvoiceRun;
  sroie?: SroieRun;
  acroform?: ExtractRun & { score: AcroScore };
  /** Why the file is not scored (unsupported kind, missing GT). */
  note?: string;
  error?: string;
}

/** Maps a MANIFEST gt_kind (or, without one, the GT's shape) to a scoring family. */
export function fieldsKindOf(gtKind: string, gt: unknown): FieldsKind {
  const k = gtKind.toLowerCase();
  if (k.startsWith('invoice-fields-json')) return k.includes('cii') ? 'cii' : 'invoice2data';
  if (k.startsWith('key-fields')) return 'sroie';
  if (k.startsWith('acroform')) return 'acroform';
  if (Array.isArray(gt)) return 'invoice2data';
  if (typeof gt === 'object' && gt !== null) {
    if ('acroform_fields' in gt) return 'acroform';
    if (SROIE_FIELDS.some((f) => f in gt)) return 'sroie';
  }
  return 'unknown';
}

function routeOf(file: string): FieldsFile['route'] {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.txt') return 'text input';
  return ext === '.pdf' ? 'pdf text' : 'OCR';
}

/** Parses `extract --json` stdout into its document; null when it is not that JSON. */
export function parseExtract(stdout: string): ExtractDocument | null {
  try {
    const value = JSON.parse(stdout.trim()) as { document?: unknown };
    const doc = value?.document;
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as ExtractDocument) : null;
  } catch {
    return null;
  }
}

/** Runs `perfectparser extract FILE --parser PARSER --json` under the RSS reporter. */
export function runExtract(file: string, parser: string): Promise<ProcessResult> {
  return runProcess(process.execPath, ['--import', rssReporter, cliPath, 'extract', file, '--parser', parser, '--json'], { timeoutMs: TIMEOUT_MS });
}

async function extract(file: string, parser: string): Promise<{ run: ExtractRun; data: Record<string, unknown> | null }> {
  const result = await runExtract(file, parser);
  const doc = parseExtract(result.stdout);
  const status = doc?.status ?? (result.timedOut ? 'TIMEOUT' : `NO_JSON(exit ${result.exitCode ?? result.signal})`);
  const sources: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc?.fields ?? {})) if (typeof v?.source === 'string') sources[k] = v.source;
  const run: ExtractRun = {
    status,
    error: doc?.error_message ?? (doc ? null : result.stderr.trim().split('\n').slice(-1)[0] || null),
    template: doc?.template ?? null,
    exitCode: result.exitCode,
    ms: result.ms,
    maxRssKb: result.maxRssKb,
    sources,
  };
  const data = doc?.status === 'completed' && doc.extracted_data && typeof doc.extracted_data === 'object' ? doc.extracted_data : null;
  return { run, data };
}

/** Runs the fields task over corpus/fields. */
export async function runFields(corpus: string, concurrency: number): Promise<FieldsFile[]> {
  const manifest = readManifest(corpus);
  const templates = path.join(corpus, 'fields', 'templates');
  const inputs = taskInputs(corpus, 'fields', EXTENSIONS);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pp-fields-eval-'));
  const freeParser = path.join(dir, 'template-free-invoice.json');
  const sroieParser = path.join(dir, 'sroie-receipt.json');
  writeFileSync(freeParser, JSON.stringify(TEMPLATE_FREE_PARSER, null, 2));
  writeFileSync(sroieParser, JSON.stringify(SROIE_PARSER, null, 2));
  try {
    return await mapPool(inputs, concurrency, async (input) => {
      const rel = path.relative(corpus, input).split(path.sep).join('/');
      const gtKind = manifest.get(rel)?.gtKind ?? '(not in MANIFEST)';
      const base: FieldsFile = { file: path.basename(input), gtKind, kind: 'unknown', route: routeOf(input) };
      try {
        const text = readSide(input, '.expected.json');
        if (text === null) return { ...base, note: 'no .expected.json' };
        const gt = JSON.parse(text) as unknown;
        const kind = fieldsKindOf(gtKind, gt);
        return await scoreFile({ ...base, kind }, input, gt, { templates, freeParser, sroieParser });
      } catch (e) {
        return { ...base, note: 'harness error', error: String(e) };
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function scoreFile(base: FieldsFile, input: string, gt: unknown, parsers: { templates: string; freeParser: string; sroieParser: string }): Promise<FieldsFile> {
  switch (base.kind) {
    case 'invoice2data': {
      const dict = invoiceGt(gt);
      if (!dict) return { ...base, note: 'GT is not a list with one dict' };
      const withTemplates = await extract(input, parsers.templates);
      const free = await extract(input, parsers.freeParser);
      return {
        ...base,
        templates: { ...withTemplates.run, score: scoreInvoice(dict, withTemplates.data) },
        templateFree: { ...free.run, score: scoreInvoice(dict, free.data, { only: TEMPLATE_FREE_FIELDS }) },
      };
    }
    case 'sroie': {
      const r = await extract(input, parsers.sroieParser);
      return { ...base, sroie: { ...r.run, score: scoreSroie(gt as Record<string, unknown>, r.data) } };
    }
    case 'acroform': {
      const fields = (gt as { acroform_fields?: AcroGtField[] }).acroform_fields ?? [];
      const parserFile = path.join(path.dirname(parsers.freeParser), `acroform-${base.file}.json`);
      writeFileSync(parserFile, JSON.stringify(acroformParser(fields), null, 2));
      const r = await extract(input, parserFile);
      return { ...base, acroform: { ...r.run, score: scoreAcroform(fields, r.data) } };
    }
    case 'cii':
      return { ...base, note: 'not scored: no runner for CII-derived GT yet' };
    default:
      return { ...base, note: 'not scored: unknown gt_kind' };
  }
}

/** Totals of the task. */
export interface FieldsSummary {
  files: number;
  invoiceDocuments: number;
  templatesMatched: number;
  withTemplates: InvoiceTotals;
  templateFree: InvoiceTotals;
  /** The with-templates exact-field rate on the template-free keys only (like for like). */
  withTemplatesSameKeysRate: number;
  receipts: number;
  sroie: { perField: Record<SroieField, Prf>; overall: Prf };
  notScored: string[];
  targets: typeof TARGETS;
  invoiceTargetMet: boolean;
  sroieFieldsAtTarget: SroieField[];
}

/** Aggregates per-file results. */
export function fieldsSummary(results: FieldsFile[]): FieldsSummary {
  const invoices = results.filter((r) => r.templates && r.templateFree);
  const receipts = results.filter((r) => r.sroie);
  const withTemplates = invoiceTotals(invoices.map((r) => (r.templates as InvoiceRun).score));
  const sroie = sroieTotals(receipts.map((r) => (r.sroie as SroieRun).score));
  return {
    files: results.length,
    invoiceDocuments: invoices.length,
    templatesMatched: invoices.filter((r) => r.templates?.status === 'completed').length,
    withTemplates,
    templateFree: invoiceTotals(invoices.map((r) => (r.templateFree as InvoiceRun).score)),
    withTemplatesSameKeysRate: sameKeysRate(invoices),
    receipts: receipts.length,
    sroie,
    notScored: results.filter((r) => r.note).map((r) => `${r.file}: ${r.note}`),
    targets: TARGETS,
    invoiceTargetMet: withTemplates.rate >= TARGETS.invoiceExactRate,
    sroieFieldsAtTarget: SROIE_FIELDS.filter((f) => sroie.perField[f].f1 >= TARGETS.sroieF1),
  };
}

function short(v: unknown, max = 60): string {
  const s = v === undefined ? '(absent)' : typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function missText(f: FieldResult): string {
  if (f.items) {
    const t = f.items;
    const want = Array.isArray(f.expected) ? f.expected : [];
    const got = Array.isArray(f.predicted) ? f.predicted : [];
    const first = want.findIndex((item, i) => !valuesEqual(f.key, item, got[i]));
    const detail = first < 0 ? '' : `; first wrong item #${first + 1}: got ${short(got[first], 80)}, want ${short(want[first], 80)}`;
    return `${f.key}: items ${t.itemsCorrect}/${t.items} right (ours ${t.predItems}), item keys ${t.cellsCorrect}/${t.cells}${detail}`;
  }
  return `${f.key}: got ${short(f.predicted)}, want ${short(f.expected)}`;
}

function runStatus(run: ExtractRun): string {
  return run.status === 'completed' ? (run.template ?? 'completed') : `${run.status}${run.error ? `: ${run.error}` : ''}`;
}

function itemsCell(score: InvoiceScore): string {
  const t = score.items;
  return t.items === 0 ? '-' : `${t.itemsCorrect}/${t.items} (keys ${t.cellsCorrect}/${t.cells})`;
}

/** Human-readable report of the fields task. */
export function formatFields(results: FieldsFile[]): string {
  const s = fieldsSummary(results);
  const invoices = results.filter((r) => r.templates && r.templateFree);
  const receipts = results.filter((r) => r.sroie);
  const lines: string[] = [];

  // invoice2data, with templates
  const tplRows = invoices.map((r) => {
    const run = r.templates as InvoiceRun;
    const sc = run.score;
    return [r.file, r.route, runStatus(run), `${sc.correct}/${sc.scored}`, fmt(sc.rate), sc.allCorrect ? 'yes' : 'no', itemsCell(sc), sc.missing.join(', ') || '-', sc.extra.join(', ') || '-', (run.ms / 1000).toFixed(1), kbToMb(run.maxRssKb)];
  });
  const w = s.withTemplates;
  tplRows.push(['**total**', '', `${s.templatesMatched}/${s.invoiceDocuments} matched`, `${w.correct}/${w.scored}`, `**${fmt(w.rate)}** (macro ${fmt(w.macroRate)})`, `${w.allCorrect}/${w.documents}`, `${w.items.itemsCorrect}/${w.items.items} (keys ${w.items.cellsCorrect}/${w.items.cells})`, '', '', '', '']);
  lines.push(
    '## fields: invoice2data, with templates',
    '',
    markdownTable(['file', 'route', 'template / status', 'fields exact', 'rate', 'all correct', 'list items right', 'missing keys', 'extra keys', 's', 'MB'], tplRows),
    '',
    `Overall exact-field rate ${fmt(w.rate)} (target ≥ ${TARGETS.invoiceExactRate}: ${s.invoiceTargetMet ? 'met' : 'NOT met'}); documents with every field right: ${w.allCorrect}/${w.documents}.`,
    'Rules: dates → YYYY-MM-DD; numbers within 0.005; strings flat() (case-sensitive); a list of dicts (lines, line_items, sums) is one field, right when every item matches in order (its item tally is shown apart).',
    `desc, currency and issuer come from template options: scored when our output has them (the template run supplies them), left out otherwise (e.g. when no template matched).`,
    '',
  );
  const misses = invoices.filter((r) => (r.templates as InvoiceRun).score.fields.some((f) => !f.correct));
  lines.push(misses.length === 0 ? 'Misses (with templates): none' : 'Misses (with templates):');
  for (const r of misses) {
    const run = r.templates as InvoiceRun;
    const wrong = run.score.fields.filter((f) => !f.correct);
    if (run.status !== 'completed') lines.push(`- ${r.file}: ${runStatus(run)} (${wrong.length} fields missed)`);
    else lines.push(`- ${r.file}: ${wrong.map(missText).join('; ')}`);
  }
  lines.push('');

  // invoice2data, template-free
  const freeRows = invoices.map((r) => {
    const run = r.templateFree as InvoiceRun;
    const sc = run.score;
    const cell = (key: string): string => {
      const f = sc.fields.find((x) => x.key === key);
      if (!f) return sc.extra.includes(key) ? 'extra (no GT)' : '-';
      return f.correct ? 'ok' : f.missing ? 'missing' : `✗ ${short(f.predicted, 40)}`;
    };
    return [r.file, r.route, run.status, ...TEMPLATE_FREE_FIELDS.map(cell), `${sc.correct}/${sc.scored}`, fmt(sc.rate), (run.ms / 1000).toFixed(1)];
  });
  const f = s.templateFree;
  const keyCell = (key: string): string => {
    const k = f.perKey[key];
    return k ? `${k.correct}/${k.documents}` : '-';
  };
  freeRows.push(['**total**', '', '', ...TEMPLATE_FREE_FIELDS.map(keyCell), `${f.correct}/${f.scored}`, `**${fmt(f.rate)}**`, '']);
  lines.push(
    `## fields: invoice2data, template-free (a parser naming ${TEMPLATE_FREE_FIELDS.join(', ')})`,
    '',
    markdownTable(['file', 'route', 'status', ...TEMPLATE_FREE_FIELDS, 'fields exact', 'rate', 's'], freeRows),
    '',
    `Scored on the GT keys the parser names; a value for a key the GT lacks is listed as extra. Overall exact-field rate without templates: ${fmt(f.rate)} (with templates, same keys: ${fmt(s.withTemplatesSameKeysRate)}).`,
    '',
  );

  // per-key accuracy with templates (keys present in at least two documents)
  const keyRows = Object.entries(w.perKey)
    .filter(([, v]) => v.documents >= 2)
    .sort((a, b) => b[1].documents - a[1].documents || a[0].localeCompare(b[0]))
    .map(([key, v]) => [key, `${v.correct}/${v.documents}`, fmt(v.correct / v.documents)]);
  lines.push('Per-key accuracy with templates (keys in ≥ 2 documents):', '', markdownTable(['key', 'right', 'accuracy'], keyRows), '');

  // SROIE
  const sroieRows = receipts.map((r) => {
    const run = r.sroie as SroieRun;
    const cell = (field: SroieField): string => {
      const x = run.score.fields.find((y) => y.field === field);
      if (!x) return '-';
      return x.correct ? 'ok' : x.predicted === null ? 'missing' : `✗ ${short(x.predicted, 40)}`;
    };
    return [r.file, run.status, ...SROIE_FIELDS.map(cell), `${run.score.correct}/${run.score.expected}`, (run.ms / 1000).toFixed(1), kbToMb(run.maxRssKb)];
  });
  lines.push('## fields: SROIE key fields (a parser naming company, date, address, total)', '', markdownTable(['file', 'status', ...SROIE_FIELDS, 'right', 's', 'MB'], sroieRows), '');
  const prfRow = (name: string, p: Prf): string[] => [name, `${p.correct}/${p.predicted}/${p.expected}`, fmt(p.precision), fmt(p.recall), fmt(p.f1), p.f1 >= TARGETS.sroieF1 ? 'yes' : 'no'];
  lines.push(
    markdownTable(
      ['field', 'right/predicted/GT', 'precision', 'recall', 'F1', `F1 ≥ ${TARGETS.sroieF1}`],
      [...SROIE_FIELDS.map((field) => prfRow(field, s.sroie.perField[field])), prfRow('**all fields**', s.sroie.overall)],
    ),
    '',
    'Rule (SROIE task 3): equal after whitespace collapse, case-sensitive (ours is not upper-cased). The GT date is converted to YYYY-MM-DD (day-first) and compared with ours normalised to YYYY-MM-DD; a numeric total is formatted with the GT’s decimals.',
    '',
  );
  const wrongReceipts = receipts.filter((r) => (r.sroie as SroieRun).score.fields.some((x) => !x.correct));
  if (wrongReceipts.length > 0) {
    lines.push('Misses (SROIE):');
    for (const r of wrongReceipts) {
      const wrong = (r.sroie as SroieRun).score.fields.filter((x) => !x.correct);
      lines.push(`- ${r.file}: ${wrong.map((x) => `${x.field}: got ${x.predicted === null ? '(none)' : short(x.predicted)}, want ${short(x.expectedCompared)}`).join('; ')}`);
    }
    lines.push('');
  }

  // AcroForm values
  const forms = results.filter((r) => r.acroform);
  if (forms.length > 0) {
    lines.push(
      '## fields: AcroForm field values (a parser naming the form fields)',
      '',
      markdownTable(
        ['file', 'status', 'values right', 'misses'],
        forms.map((r) => {
          const a = r.acroform!;
          const misses = a.score.misses.map((m) => `${m.name}: got ${short(m.predicted)}, want ${short(m.expected)}`).join('; ');
          return [r.file, runStatus(a), `${a.score.correct}/${a.score.total}`, misses || '-'];
        }),
      ),
      '',
    );
  }

  // not scored
  const notScored = results.filter((r) => r.note);
  if (notScored.length > 0) {
    lines.push('## fields: not scored', '', markdownTable(['file', 'gt_kind', 'status'], notScored.map((r) => [r.file, r.gtKind, `${r.note}${r.error ? ` [${r.error}]` : ''}`])));
  }
  return lines.join('\n').trimEnd();
}

/** Exact-field rate of the template runs restricted to the template-free keys (a like-for-like comparison). */
function sameKeysRate(invoices: FieldsFile[]): number {
  let scored = 0;
  let correct = 0;
  for (const r of invoices) {
    for (const f of r.templates?.score.fields ?? []) {
      if (!(TEMPLATE_FREE_FIELDS as readonly string[]).includes(f.key)) continue;
      scored++;
      if (f.correct) correct++;
    }
  }
  return scored === 0 ? 0 : correct / scored;
}
