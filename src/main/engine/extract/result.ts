// What extraction returns: the values keyed by field name (the `extracted_data` users export),
// a confidence for the document, and for every field its confidence and where it was found.
import type { BoundingBox } from '../../../shared/parse-contract.js';

/** Where a value was read: the page, the box of the text, and the text itself. */
export interface Citation {
  page: number;
  box: BoundingBox;
  text: string;
}

/** How a value was found: a user's rule, a form field of the PDF, a template, a label, a table,
 *  or its place on the page (`layout`: the business name at the top, a bare date). */
export type FieldSource = 'rule' | 'form' | 'template' | 'label' | 'table' | 'layout' | 'none';

export interface FieldValue {
  value: unknown;
  /** 0–1: how sure the match is (label fit, position, OCR confidence). */
  confidence: number;
  citation: Citation | null;
  source: FieldSource;
}

export interface ExtractionOutput {
  /** The values: an object keyed by field name, or one per page (`one_per_page`). */
  data: unknown;
  /** The mean confidence of the scalar fields, or null when there are none. */
  confidence: number | null;
  /** Per field path (`total`, `seller.name`; `p2.total` per page) its confidence and citation. */
  fields: Record<string, Omit<FieldValue, 'value'>>;
  /** With invoice2data templates: the issuer of the template that matched (null: none did). */
  template?: string | null;
}

/** A field that was not found. */
export const NOT_FOUND: FieldValue = { value: null, confidence: 0, citation: null, source: 'none' };

/** Rounds a confidence to three decimals. */
export function roundConfidence(c: number): number {
  return Math.round(Math.min(1, Math.max(0, c)) * 1000) / 1000;
}
