/** The front thread's liveness answer: a pure function of the main thread's last turn. */
import { describe, expect, test } from "bun:test";
import { healthAnswer } from "../../src/runtime/front/protocol";

describe("healthAnswer", () => {
  const base = { startedAtMs: 1_000_000, stallAfterMs: 10_000, version: "1.2.3" };
  test.each([
    // [now, last beat, status, body status, stalled_s]
    [1_000_000, 1_000_000, 200, "ok", undefined],
    [1_042_500, 1_042_400, 200, "ok", undefined],
    [1_060_000, 1_050_001, 200, "ok", undefined], // 9.999 s quiet: still turning
    [1_060_000, 1_050_000, 503, "stalled", 10], // exactly the limit: stalled
    [1_100_000, 1_037_000, 503, "stalled", 63],
    [1_000_100, 1_000_200, 200, "ok", undefined], // a beat "after" now (the clocks of two threads): fine
  ] as const)("now %d, last beat %d → %d %s", (nowMs, lastBeatMs, status, said, stalled) => {
    const a = healthAnswer({ ...base, nowMs, lastBeatMs });
    expect(a.status).toBe(status);
    expect(a.body.status).toBe(said);
    expect(a.body.version).toBe("1.2.3");
    expect(a.body.uptime_s).toBe(Math.floor((nowMs - base.startedAtMs) / 1000));
    expect(a.body.stalled_s).toBe(stalled);
  });
});
