// Field extraction: the engine's entry point for extraction jobs. For each field, the user's
// rules first, then the layout heuristics (labels); objects recurse, one_per_page repeats the
// whole parser on every page. Pure: evidence and a spec in, values with citations out.
import type { FieldDefinition, ResultMode } from '../../../shared/api/parsers.js';
import type { ParseRun } from '../../../shared/parse-contract.js';
import { allLines, documentSpatial, type DocumentEvidence, type EvidenceLine } from './evidence.js';
import { runInvoice2Data, type Invoice2DataTemplate, type TemplateArea } from './invoice2data/index.js';
import { findByLabel, runLines, type MatchContext } from './label-match.js';
import { findInForm } from './form-fields.js';
import { lineItemsOnPage } from './line-items.js';
import { findUnlabelled } from './unlabelled.js';
import { applyRules } from './rules.js';
import { NOT_FOUND, roundConfidence, type ExtractionOutput, type FieldValue } from './result.js';
import { inferDateOrder } from './values.js';

export interface ExtractionSpec {
  fields: FieldDefinition[];
  result_mode: ResultMode;
  /** invoice2data templates: when given, the document's layout text is matched to one of them
   *  and the template decides the fields. */
  templates?: Invoice2DataTemplate[] | undefined;
}

export type { ExtractionOutput };

interface Collected {
  data: Record<string, unknown>;
  fields: ExtractionOutput['fields'];
  scores: number[];
}

/** The user's rules first, then the value by label. */
function valueOf(field: FieldDefinition, doc: DocumentEvidence, lines: EvidenceLine[], ctx: MatchContext): FieldValue {
  const byRule = field.rules?.length ? applyRules(field, doc, ctx) : null;
  if (byRule) return byRule;
  const byForm = findInForm(field, doc, ctx);
  if (byForm) return byForm;
  const byLabel = findByLabel(field, lines, ctx);
  if (byLabel.value !== null) return byLabel;
  // No label: the business name, its address, the date or the total by their place on the page.
  return findUnlabelled(field, doc, ctx) ?? NOT_FOUND;
}

/** An array field's items from the tables of every page, pages in order. */
function itemsOf(field: FieldDefinition, doc: DocumentEvidence, ctx: MatchContext, path: string, out: Collected): unknown[] {
  const items: unknown[] = [];
  for (const page of doc.pages) {
    const found = lineItemsOnPage(field, page, ctx);
    if (!found) continue;
    found.items.forEach((item, i) => {
      const index = items.length;
      items.push(item);
      for (const [sub, cell] of Object.entries(found.cells[i] ?? {})) {
        out.fields[`${path}[${index}].${sub}`] = { confidence: cell.confidence, citation: cell.citation, source: cell.source };
      }
    });
  }
  return items;
}

function collect(
  fields: FieldDefinition[],
  doc: DocumentEvidence,
  ctx: MatchContext,
  prefix: string,
  out: Collected,
): Record<string, unknown> {
  const lines = allLines(doc);
  const data: Record<string, unknown> = {};
  for (const field of fields) {
    const path = `${prefix}${field.name}`;
    if (field.type === 'array') {
      const byForm = field.fields?.length ? null : findInForm(field, doc, ctx);
      data[field.name] = byForm ? byForm.value : itemsOf(field, doc, ctx, path, out);
      if (byForm) out.fields[path] = { confidence: byForm.confidence, citation: byForm.citation, source: byForm.source };
      continue;
    }
    if (field.type === 'object') {
      data[field.name] = collect(field.fields ?? [], doc, ctx, `${path}.`, out);
      continue;
    }
    const found = valueOf(field, doc, lines, ctx);
    data[field.name] = found.value;
    out.fields[path] = { confidence: found.confidence, citation: found.citation, source: found.source };
    out.scores.push(found.confidence);
  }
  return data;
}

function summary(scores: number[]): number | null {
  return scores.length ? roundConfidence(scores.reduce((a, b) => a + b, 0) / scores.length) : null;
}

/** The first line whose text contains the value as written, for a template value's citation. */
function citeText(lines: EvidenceLine[], value: unknown): FieldValue['citation'] {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const needle = String(value).trim();
  if (needle.length < 2) return null;
  const line = lines.find((l) => l.text.includes(needle));
  return line ? { page: line.page, box: line.box, text: line.text } : null;
}

/** The text inside a template's `area` (pdftotext's -f -l -x -y -W -H, in pixels at `r` dpi):
 *  the lines of those pages whose centre lies in the box, in reading order. */
function areaText(doc: DocumentEvidence, area: TemplateArea): string | null {
  const scale = 72 / (area.r || 72);
  const box = { left: area.x * scale, top: area.y * scale, right: (area.x + area.W) * scale, bottom: (area.y + area.H) * scale };
  const pages = doc.pages.filter((p) => p.page >= (area.f || 1) && p.page <= (area.l || area.f || 1));
  const inside = pages.flatMap((p) =>
    p.lines.filter((l) => {
      const cx = (l.box.left + l.box.right) / 2;
      const cy = (l.box.top + l.box.bottom) / 2;
      return cx >= box.left && cx <= box.right && cy >= box.top && cy <= box.bottom;
    }),
  );
  return inside.length ? inside.map((l) => l.text).join('\n') : null;
}

/** Extraction by invoice2data template over the layout text. */
function extractWithTemplates(doc: DocumentEvidence, templates: Invoice2DataTemplate[]): ExtractionOutput {
  const lines = allLines(doc);
  const result = runInvoice2Data(documentSpatial(doc), templates, { areaText: (area) => areaText(doc, area) });
  if (!result.template) return { data: null, confidence: null, fields: {}, template: null };
  const fields: ExtractionOutput['fields'] = {};
  for (const [key, value] of Object.entries(result.data)) {
    if (Array.isArray(value)) continue;
    fields[key] = { confidence: 1, citation: citeText(lines, value), source: 'template' };
  }
  for (const key of result.missing) fields[key] = { confidence: 0, citation: null, source: 'none' };
  const total = Object.keys(fields).length;
  const confidence = total ? roundConfidence((total - result.missing.length) / total) : null;
  return { data: result.data, confidence, fields, template: result.template };
}

/** Fills the spec's fields from a document's evidence. */
export function extractFields(doc: DocumentEvidence, spec: ExtractionSpec): ExtractionOutput {
  if (spec.templates?.length) return extractWithTemplates(doc, spec.templates);
  const lines = allLines(doc);
  const ctx: MatchContext = { dateOrder: inferDateOrder(lines.map((l) => l.text).join('\n')) };
  const out: Collected = { data: {}, fields: {}, scores: [] };
  if (spec.result_mode === 'one_per_file') {
    const data = collect(spec.fields, doc, ctx, '', out);
    return { data, confidence: summary(out.scores), fields: out.fields };
  }
  const pages = doc.pages.map((p) => ({ page: p.page, ...collect(spec.fields, { pages: [p] }, ctx, `p${p.page}.`, out) }));
  return { data: pages, confidence: summary(out.scores), fields: out.fields };
}

/** Evidence rebuilt from a parse run's blocks (block boxes stand in for line boxes). */
export function evidenceFromRun(run: ParseRun): DocumentEvidence {
  const lines = runLines(run);
  const numbers = [...new Set(lines.map((l) => l.page))].sort((a, b) => a - b);
  return {
    pages: numbers.map((page) => ({
      page,
      width: 0,
      height: 0,
      lines: lines.filter((l) => l.page === page),
      spatial: lines.filter((l) => l.page === page).map((l) => l.text).join('\n'),
    })),
  };
}

/** Fills the spec's fields from a stored parse run. */
export function extractByLabels(run: ParseRun, spec: ExtractionSpec): ExtractionOutput {
  return extractFields(evidenceFromRun(run), spec);
}
