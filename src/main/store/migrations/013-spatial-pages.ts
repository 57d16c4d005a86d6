// 013: a document's result keeps its pages as layout-preserving text, made from the same pass
// that made its run, so the Document screen's Spatial tab shows them without parsing the file
// again (for a scan, running OCR again).
import type { Migration } from './index.js';

export const m013SpatialPages: Migration = {
  version: 13,
  name: 'spatial-pages',
  up(db) {
    db.exec('ALTER TABLE document_results ADD COLUMN spatial_pages TEXT;');
  },
};
