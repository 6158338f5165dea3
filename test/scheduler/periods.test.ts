/** The scheduler's pure period maths: a schedule's period, and the retry after failed runs. */
import { describe, expect, test } from "bun:test";
import { periodMs, retryAfterFailureMs } from "../../src/scheduler/periods";

describe("retryAfterFailureMs: 30 s, doubling, never later than the job's period", () => {
  test.each([
    // [failures, period, retry]
    [1, 900_000, 30_000],
    [2, 900_000, 60_000],
    [3, 900_000, 120_000],
    [5, 900_000, 480_000],
    [6, 900_000, 900_000], // 960 s capped at the 15-min interval
    [40, 900_000, 900_000], // no overflow into Infinity or NaN
    [1, 15_000, 15_000], // a job every 15 s never waits 30 s
    [0, 900_000, 30_000], // read as the first failure
  ] as const)("%d failure(s), period %d ms → %d ms", (failures, period, retry) => {
    expect(retryAfterFailureMs(failures, period)).toBe(retry);
  });
});

describe("periodMs", () => {
  test("an interval is its own period; a cron pattern's is its shortest gap", () => {
    expect(periodMs({ kind: "interval", everyMs: 300_000, jitterMs: 0 })).toBe(300_000);
    expect(periodMs({ kind: "cron", pattern: "*/5 * * * *", timeZone: "UTC", jitterMs: 0 })).toBe(300_000);
    // Twice a day at 06:00 and 18:00: the gap is 12 h.
    expect(periodMs({ kind: "cron", pattern: "0 6,18 * * *", timeZone: "UTC", jitterMs: 0 })).toBe(12 * 3_600_000);
  });
});
