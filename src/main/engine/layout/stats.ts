// Small statistics helpers shared by the layout stages.

/** Median line width (font sizes) from which a column's lines are running text rather than
 *  the narrow cells of a table or a list of labels. */
export const PROSE_MIN_WIDTH_EM = 8;

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The median of the values, each counted `weight(v)` times (whole numbers): the same as
 *  median() of the values repeated, without building that list. */
export function weightedMedian<T>(items: readonly T[], value: (item: T) => number, weight: (item: T) => number): number {
  const entries = items.map((item) => ({ v: value(item), w: weight(item) })).filter((e) => e.w > 0);
  const total = entries.reduce((sum, e) => sum + e.w, 0);
  if (total === 0) return 0;
  entries.sort((a, b) => a.v - b.v);
  const at = (index: number): number => {
    let seen = 0;
    for (const e of entries) {
      seen += e.w;
      if (index < seen) return e.v;
    }
    return entries[entries.length - 1]!.v;
  };
  const mid = total >> 1;
  return total % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/** The value carrying the most weight, after rounding to a half point. */
export function weightedMode(entries: Iterable<[value: number, weight: number]>): number {
  const bins = new Map<number, number>();
  for (const [v, w] of entries) {
    const k = Math.round(v * 2) / 2;
    bins.set(k, (bins.get(k) ?? 0) + w);
  }
  let best = 0;
  let bestW = -1;
  for (const [k, w] of bins) {
    if (w > bestW) {
      best = k;
      bestW = w;
    }
  }
  return best;
}
