// 007: per-field confidence and citation (page, box, source text) beside each result, so the
// desktop can highlight every value on its page.
import type { Migration } from './index.js';

export const m007FieldDetails: Migration = {
  version: 7,
  name: 'field-details',
  up(db) {
    db.exec(`ALTER TABLE document_results ADD COLUMN field_details TEXT;`);
  },
};
