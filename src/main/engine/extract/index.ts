// Field extraction: the engine's entry point for extraction jobs. For each field, the user's
// rules first, then the layout heuristics (labels); objects recurse, one_per_page repeats the
// whole parser on every page. Pure: evidence and a spec in, values with citations out.
import type { FieldDefinition, ResultMode } from '../../../shared/api/parsers.js';
import type { ParseRun } from '../../../shared/parse-contract.js';
import { allLines, type DocumentEvidence, type EvidenceLine } from './evidence.js';
import { findByLabel, runLines, type MatchContext } from './label-match.js';
import { NOT_FOUND, roundConfidence, type ExtractionOutput, type FieldValue } from './result.js';
import { inferDateOrder } from './values.js';

export interface ExtractionSpec {
  fields: FieldDefinition[];
  result_mode: ResultMode;
}

export type { ExtractionOutput };

interface Collected {
  data: Record<string, unknown>;
  fields: ExtractionOutput['fields'];
  scores: number[];
}

function valueOf(field: FieldDefinition, lines: EvidenceLine[], ctx: MatchContext): FieldValue {
  const byLabel = findByLabel(field, lines, ctx);
  return byLabel.value === null ? NOT_FOUND : byLabel;
}

function collect(fields: FieldDefinition[], lines: EvidenceLine[], ctx: MatchContext, prefix: string, out: Collected): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of fields) {
    const path = `${prefix}${field.name}`;
    if (field.type === 'array') {
      data[field.name] = [];
      continue;
    }
    if (field.type === 'object') {
      data[field.name] = collect(field.fields ?? [], lines, ctx, `${path}.`, out);
      continue;
    }
    const found = valueOf(field, lines, ctx);
    data[field.name] = found.value;
    out.fields[path] = { confidence: found.confidence, citation: found.citation, source: found.source };
    out.scores.push(found.confidence);
  }
  return data;
}

function summary(scores: number[]): number | null {
  return scores.length ? roundConfidence(scores.reduce((a, b) => a + b, 0) / scores.length) : null;
}

/** Fills the spec's fields from a document's evidence. */
export function extractFields(doc: DocumentEvidence, spec: ExtractionSpec): ExtractionOutput {
  const lines = allLines(doc);
  const ctx: MatchContext = { dateOrder: inferDateOrder(lines.map((l) => l.text).join('\n')) };
  const out: Collected = { data: {}, fields: {}, scores: [] };
  if (spec.result_mode === 'one_per_file') {
    const data = collect(spec.fields, lines, ctx, '', out);
    return { data, confidence: summary(out.scores), fields: out.fields };
  }
  const pages = doc.pages.map((p) => ({ page: p.page, ...collect(spec.fields, p.lines, ctx, `p${p.page}.`, out) }));
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
