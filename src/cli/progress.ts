/**
 * A one-line progress bar for terminals: job, bar, done/total, rate and ETA, redrawn in place.
 * Written by hand because it is a few lines and no dependency is worth it; outside a terminal
 * the BatchResult log lines say the same thing.
 */
export function createProgressBar(write: (text: string) => void, now: () => number = Date.now) {
  let current: { job: string; started: number; total: number } | undefined;
  let lastDraw = 0;
  const finish = () => {
    if (current) write("\n");
    current = undefined;
  };
  return {
    update(job: string, done: number, total: number): void {
      if (!current || current.job !== job) {
        finish();
        current = { job, started: now(), total };
      }
      const t = now();
      if (done < total && t - lastDraw < 100) return; // at most 10 redraws a second
      lastDraw = t;
      write(`\r${renderProgress(job, done, total, (t - current.started) / 1000)}\x1b[K`);
      if (done >= total) finish();
    },
    finish,
  };
}

/** Pure rendering, so the format is testable: "devices  [#####.....]  50/100  3.0/s  ETA 17s". */
export function renderProgress(job: string, done: number, total: number, elapsedS: number, width = 24): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const rate = elapsedS > 0 ? done / elapsedS : 0;
  const eta = rate > 0 && done < total ? formatDuration((total - done) / rate) : done >= total ? "done" : "--";
  return `${job.padEnd(10)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}  ${rate.toFixed(1)}/s  ETA ${eta}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, "0")}m`;
}
