// Field extraction from a parse run: the engine's entry point for extraction jobs.
import type { FieldDefinition, ResultMode } from '../../../shared/api/parsers.js';
import type { ParseRun } from '../../../shared/parse-contract.js';
import { extractByLabels, type ExtractionOutput } from './label-match.js';

export interface ExtractionSpec {
  fields: FieldDefinition[];
  result_mode: ResultMode;
}

export type { ExtractionOutput };

/** Fills the spec's fields from a processed run. */
export function extractFields(run: ParseRun, spec: ExtractionSpec): ExtractionOutput {
  return extractByLabels(run, spec);
}
