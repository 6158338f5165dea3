/**
 * Bounded optimal string alignment distance, the typo measure of the matcher (similarity.ts says
 * why it is written here rather than taken from a library).
 * @module
 */

/**
 * Optimal string alignment distance (insert, delete, substitute, swap of neighbours), or
 * `max + 1` as soon as it must exceed `max`.
 */
export function osaDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  // Three rows reused across calls (the matcher runs this ~10^6 times per fleet; a fresh matrix
  // per call was most of its garbage). Synchronous, so sharing them is safe.
  const n = b.length + 1;
  if (rows.length < 3 * n) rows = new Int32Array(6 * n);
  let prev2 = 0;
  let prev = n;
  let cur = 2 * n;
  for (let j = 0; j < n; j++) rows[prev + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[cur] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[prev + j]! + 1, rows[cur + j - 1]! + 1, rows[prev + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[prev2 + j - 2]! + 1);
      rows[cur + j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return rows[prev + b.length]!;
}

let rows = new Int32Array(3 * 64);
