// The page viewer: one page of a document with its boxes.
export { PageView, type PageViewProps, type OverlayBox, type PageFile } from './page-view.js';
export { blockFamily, blockTypeLabel, blocksByPage, runBlocks, runPageCount, runPageSizes } from './geometry.js';
