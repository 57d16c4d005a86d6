// Placing blocks found by their own stage (tables, figures) among a page's text blocks.
import type { PageBlock } from '../page-model.js';

/** Puts each group of blocks among the others: before the first block below the group's top
 *  that shares its columns (`before-below`), or after the last block above it in its columns
 *  (`after-above`, for pictures set in one column of several); when the first way finds no
 *  place, the other is tried (a table at the foot of its column goes after the text above it,
 *  not after the page's footer); else at the end. */
export function insertByPosition(blocks: PageBlock[], groups: PageBlock[][], rule: 'before-below' | 'after-above' = 'before-below'): PageBlock[] {
  const out = [...blocks];
  const shares = (b: PageBlock, box: PageBlock['box']) => b.type !== 'table_cell' && Math.min(b.box.right, box.right) > Math.max(b.box.left, box.left);
  for (const group of [...groups].sort((a, b) => a[0]!.box.top - b[0]!.box.top)) {
    const box = group[0]!.box;
    const afterAbove = () => {
      for (let i = out.length - 1; i >= 0; i--) if (shares(out[i]!, box) && out[i]!.box.bottom <= box.top + 2) return i + 1;
      return -1;
    };
    const beforeBelow = () => out.findIndex((b) => shares(b, box) && b.box.top >= box.top - 1);
    let at = rule === 'after-above' ? afterAbove() : beforeBelow();
    if (at < 0) at = rule === 'after-above' ? beforeBelow() : afterAbove();
    if (at < 0) at = out.length;
    out.splice(at, 0, ...group);
  }
  return out;
}
