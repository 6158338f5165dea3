/** Most starts one step of the pacing may group (well under any burst Notion lets through). */
const MAX_STEP = 3;

/**
 * p-queue's interval is whole milliseconds, never shorter than the rate allows. One start per
 * ceil(1000 / rate) ms loses what the rounding cuts: 34 ms for 30/s is 29.4/s, 2% of Notion's
 * write budget. Grouping n starts per ceil(n·1000 / rate) ms loses less (3 per 100 ms is 30/s
 * exactly); the smallest n (≤ MAX_STEP) that loses under 0.3% is taken, else the best of them.
 * At Notion's 3/s, one start per 334 ms (0.2%).
 */
export function pacing(ratePerSecond: number): { intervalCap: number; interval: number } {
  let best = { intervalCap: 1, interval: Math.ceil(1000 / ratePerSecond), loss: Infinity };
  for (let n = 1; n <= MAX_STEP; n++) {
    const exact = (n * 1000) / ratePerSecond;
    const interval = Math.max(1, Math.ceil(exact));
    const loss = interval / exact - 1;
    if (loss < best.loss) best = { intervalCap: n, interval, loss };
    if (loss < 0.003) break;
  }
  return { intervalCap: best.intervalCap, interval: best.interval };
}
