// Runs of pixels along the rows of an image, and the pieces they make when the runs of
// neighbouring rows that touch are joined: a union-find over runs, far fewer than pixels.
// Used for the strokes of ruling lines on scans and for the size of a scan's print.

/** Runs gathered row by row (rows begun in order), in growing typed arrays. */
export class RowRuns {
  count = 0;
  rows: Int32Array;
  starts: Int32Array;
  /** Each run's end (exclusive). */
  ends: Int32Array;
  /** The index of each row's first run; entry `height` is the count once `end()` is called. */
  readonly rowFirst: Int32Array;

  constructor(
    readonly height: number,
    capacity = 4096,
  ) {
    this.rows = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.rowFirst = new Int32Array(height + 1);
  }

  /** Starts row `y`: the runs added next are its own. */
  beginRow(y: number): void {
    this.rowFirst[y] = this.count;
  }

  add(y: number, start: number, end: number): void {
    if (this.count === this.rows.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.rows = grow(this.rows);
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.rows[this.count] = y;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  /** Closes the last row. */
  end(): void {
    this.rowFirst[this.height] = this.count;
  }
}

/** Each run's piece, as the index of the piece's root run (a root is its own): runs of
 *  consecutive rows that overlap, each reaching `reach` pixels further either side (1 also
 *  joins runs that touch at a corner), are one piece. */
export function joinRuns(runs: RowRuns, reach = 0): Int32Array {
  const { rowFirst, starts, ends, height, count } = runs;
  const parent = new Int32Array(count);
  for (let i = 0; i < count; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let y = 1; y < height; y++) {
    let j = rowFirst[y - 1]!;
    const jEnd = rowFirst[y]!;
    for (let i = rowFirst[y]!, iEnd = rowFirst[y + 1]!; i < iEnd; i++) {
      const s = starts[i]! - reach;
      const e = ends[i]! + reach;
      while (j < jEnd && ends[j]! <= s) j++;
      for (let k = j; k < jEnd && starts[k]! < e; k++) {
        const a = find(i);
        const c = find(k);
        if (a !== c) parent[a] = c;
      }
    }
  }
  for (let i = 0; i < count; i++) parent[i] = find(i);
  return parent;
}
