import { afterEach, describe, expect, test } from "bun:test";
import { createLogger } from "../../src/telemetry/logger";
import { renderProgress, formatDuration } from "../../src/cli/progress";
import { makeSnapshot, recordCount } from "../helpers/snapshot";
import { startSyncHarness, type SyncHarness } from "../helpers/sync-harness";

let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("the log lines the runbook greps", () => {
  test("BatchResult per batch (sums to the run), Failed to sync <key>: <reason>, Sync completed", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", destination: { write: (s: string) => void lines.push(s) } });
    h = await startSyncHarness({ logger, config: { sync_batch_size: 10 } });
    const snap = makeSnapshot(3, 6);
    const run = await h.sync(snap, { batchSize: 10 });
    const parsed = lines.map((l) => JSON.parse(l));
    const batches = parsed.filter((l) => l.msg === "BatchResult");
    expect(batches.length).toBeGreaterThan(3);
    for (const b of batches) expect(Object.keys(b)).toEqual(expect.arrayContaining(["job", "created", "updated", "unchanged", "archived", "failed"]));
    expect(batches.reduce((n, b) => n + b.created, 0)).toBe(recordCount(snap));
    const done = parsed.filter((l) => l.msg === "Sync completed");
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ created: run.totals.created, status: "succeeded" });
    expect(typeof done[0].duration_ms).toBe("number");

    lines.length = 0;
    snap.devices[0]!.status = "offline";
    await fetch(`${h.server.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ error_rate: 1, match: { methods: ["PATCH"] } }) });
    await h.sync(snap);
    const failures = lines.map((l) => JSON.parse(l)).filter((l) => String(l.msg).startsWith("Failed to sync "));
    expect(failures.map((f) => f.msg)).toContain(`Failed to sync ${snap.devices[0]!.key}: ${failures.find((f) => f.key === snap.devices[0]!.key)?.error}`);
    expect(failures[0].msg).toMatch(/^Failed to sync \S+: notion pages\.update: /);
  });
});

describe("progress bar", () => {
  test.each([
    ["devices", 0, 100, 0, "devices    [........................] 0/100  0.0/s  ETA --"],
    ["devices", 50, 100, 10, "devices    [############............] 50/100  5.0/s  ETA 10s"],
    ["alerts", 3, 3, 1, "alerts     [########################] 3/3  3.0/s  ETA done"],
  ])("%s %p/%p after %p s", (job, done, total, elapsed, expected) => {
    expect(renderProgress(job, done, total, elapsed)).toBe(expected);
  });

  test.each([
    [5, "5s"],
    [59.2, "60s"],
    [61, "1m01s"],
    [3700, "1h02m"],
  ])("%p s → %s", (s, out) => {
    expect(formatDuration(s)).toBe(out);
  });
});
