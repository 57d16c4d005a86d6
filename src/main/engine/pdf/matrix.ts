// A PDF transformation matrix [a b c d e f], and the product that tracks the current
// transformation matrix as a page's drawing operators change it.
export type Matrix = [number, number, number, number, number, number];

/** m × n in PDF order: a point is mapped by n first, then by m. */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}
