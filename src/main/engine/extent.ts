// The smallest and largest of a list of numbers, without spreading the list into the arguments
// of Math.min / Math.max: a call takes at most ~120,000 arguments, and a page's glyphs, a path's
// points or a long document's blocks can be more.

/** The smallest value (Infinity for none; NaN if any is NaN, as Math.min). */
export function minOf(values: readonly number[]): number;
/** The smallest `value(item)` over the items (Infinity for none; NaN if any is NaN). */
export function minOf<T>(items: readonly T[], value: (item: T) => number): number;
export function minOf<T>(items: readonly T[], value?: (item: T) => number): number {
  let best = Infinity;
  for (let i = 0; i < items.length; i++) {
    const v = value ? value(items[i]!) : (items[i] as number);
    if (Number.isNaN(v)) return NaN;
    if (v < best) best = v;
  }
  return best;
}

/** The largest value (-Infinity for none; NaN if any is NaN, as Math.max). */
export function maxOf(values: readonly number[]): number;
/** The largest `value(item)` over the items (-Infinity for none; NaN if any is NaN). */
export function maxOf<T>(items: readonly T[], value: (item: T) => number): number;
export function maxOf<T>(items: readonly T[], value?: (item: T) => number): number {
  let best = -Infinity;
  for (let i = 0; i < items.length; i++) {
    const v = value ? value(items[i]!) : (items[i] as number);
    if (Number.isNaN(v)) return NaN;
    if (v > best) best = v;
  }
  return best;
}
