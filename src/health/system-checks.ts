/**
 * Readiness of the host: the ledger, the free space of the ledger's filesystem and the process's
 * memory. A full disk stops SQLite from writing and a runaway heap ends in an OOM kill; both are
 * cheaper to see on /ready than to diagnose after the fact.
 * @module
 */
import { existsSync, statfsSync } from "node:fs";
import { dirname } from "node:path";
import type { CheckResult, ComponentCheck } from "./checks";

const MiB = 1024 * 1024;

/** Below either limit the disk check is unhealthy. */
export const DISK_LIMITS = { minFreeBytes: 100 * MiB, minFreeRatio: 0.05 };

/** Above this resident size the memory check is unhealthy (the service idles at ~55 MB). */
export const MEMORY_LIMIT_BYTES = 1024 * MiB;

/** "1.5 GiB", "512 MiB". */
export function formatBytes(n: number): string {
  return n >= 1024 * MiB ? `${(n / (1024 * MiB)).toFixed(1)} GiB` : `${Math.round(n / MiB)} MiB`;
}

/** Pure verdict on free space, so the thresholds are tested as a table. */
export function diskVerdict(freeBytes: number, totalBytes: number, limits = DISK_LIMITS): CheckResult {
  const ratio = totalBytes > 0 ? freeBytes / totalBytes : 0;
  const detail = `${formatBytes(freeBytes)} free of ${formatBytes(totalBytes)} (${Math.floor(ratio * 100)}%)`;
  if (freeBytes < limits.minFreeBytes || ratio < limits.minFreeRatio) {
    const error = `low disk space: ${detail}; the ledger needs room to write (limit ${formatBytes(limits.minFreeBytes)} and ${limits.minFreeRatio * 100}%)`;
    return { healthy: false, detail, error };
  }
  return { healthy: true, detail };
}

/** Pure verdict on memory. */
export function memoryVerdict(rss: number, heapUsed: number, heapTotal: number, limit = MEMORY_LIMIT_BYTES): CheckResult {
  const detail = `RSS ${formatBytes(rss)} (limit ${formatBytes(limit)}), heap ${formatBytes(heapUsed)} of ${formatBytes(heapTotal)}`;
  return rss > limit ? { healthy: false, detail, error: `memory use too high: ${detail}` } : { healthy: true, detail };
}

/** The nearest folder of `path` that exists (the ledger file may not exist yet). */
function existingDir(path: string): string {
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** `disk`: free space of the filesystem that holds the ledger. */
export function diskCheck(ledgerPath: string, limits = DISK_LIMITS): ComponentCheck {
  return {
    name: "disk",
    async run() {
      const st = statfsSync(existingDir(ledgerPath));
      return diskVerdict(Number(st.bavail) * Number(st.bsize), Number(st.blocks) * Number(st.bsize), limits);
    },
  };
}

/** `memory`: resident set size of this process against a limit. */
export function memoryCheck(limit = MEMORY_LIMIT_BYTES): ComponentCheck {
  return {
    name: "memory",
    async run() {
      const m = process.memoryUsage();
      return memoryVerdict(m.rss, m.heapUsed, m.heapTotal, limit);
    },
  };
}


