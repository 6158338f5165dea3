import { expect, test } from "bun:test";
import { runChaos } from "../../bench/chaos";

/**
 * `npm run chaos` in small: the real CLI and service as child processes against the faulty
 * emulators, killed with SIGKILL a few times mid-run, then clean runs and the check. The full
 * run (50 kills) is `npm run chaos`; this one keeps the same code path honest in every test run.
 * Kills come early (small delays, few writes), so each round is short.
 */
test("a few SIGKILLs under faults: the clean runs settle and Notion holds every record once, current", async () => {
  const r = await runChaos({
    kills: 3,
    customers: 3,
    seed: 7,
    maxKillDelayMs: 1500,
    maxKillWrites: 15,
    roundTimeoutMs: 6000,
    letFinishRate: 0,
    budgetSeconds: 90,
    quiet: true,
  });
  expect(r.failures, r.line).toEqual([]);
  expect(r.kills.length).toBeGreaterThanOrEqual(3);
  expect(r.kills.every((k) => k.signalCode === "SIGKILL")).toBe(true);
  expect(r.check).not.toBeNull();
  const c = r.check!;
  expect([c.duplicates, c.missing, c.stale, c.unarchived, c.disagree]).toEqual([0, 0, 0, 0, 0]);
  expect(c.pages).toBe(c.records);
  // The faults were really there: the emulators injected errors while the children ran.
  expect(r.faults.fiveXx).toBeGreaterThan(0);
  expect(r.settled).toBe(true);
  expect(r.ok).toBe(true);
}, 150_000);
