import { afterEach, describe, expect, test } from "bun:test";
import { RunsRepo } from "../../src/ledger/runs-repo";
import { livePages } from "../helpers/sync-harness";
import { spawnCli } from "../helpers/spawn";
import { startStack, type Stack } from "../helpers/stack";

let s: Stack | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

/** Polls a condition (bounded): the child process works in real time, nothing to fake here. */
async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await Bun.sleep(10);
  }
}

describe("crash safety", () => {
  test("a sync killed with SIGKILL mid-run, then run again: 0 duplicates, every record present and correct", async () => {
    s = await startStack({ customers: 6, seed: 4 });
    const snapshot = await s.sources.read();
    const total = snapshot.customers.length + snapshot.sites.length + snapshot.devices.length + snapshot.alerts.length;
    // This emulator applies a write before it answers, so a write of the killed process can
    // land at most a moment after the kill: a settle of 1 s instead of the real API's 60 s.
    const config = s.configFile({ sync: { write_settle_seconds: 1 } });
    s.ledger.close(); // the CLI processes own the ledger now
    const creates = () => s!.emulators.notion.stats.count("POST", "/v1/pages");

    const victim = spawnCli(["sync", "--config", config], { env: s.env });
    await until(() => creates() >= total / 3, 30_000);
    victim.proc.kill("SIGKILL");
    await victim.exited;
    expect(victim.proc.signalCode).toBe("SIGKILL");
    expect(creates()).toBeLessThan(total);

    const rerun = spawnCli(["sync", "--config", config], { env: s.env });
    expect(await rerun.exited).toBe(0);
    expect(rerun.lines.some((l) => l.includes("were interrupted"))).toBe(true);
    // The creates the victim had on the wire were looked up only once they could no longer land.
    expect(rerun.lines.some((l) => l.includes("write of unknown outcome"))).toBe(true);

    const pages = livePages(s.emulators.notion);
    expect(new Set(pages.map((p) => p.key)).size).toBe(pages.length);
    expect(pages).toHaveLength(total);

    // "Correct": a full sync compares every page's properties with the sources and finds nothing to write.
    s.reopenLedger();
    s.emulators.notion.stats.reset();
    const check = await s.sync({ mode: "full" });
    expect(check.exitCode).toBe(0);
    expect(check.totals.unchanged).toBe(total);
    expect(s.emulators.notion.stats.count("POST", "/v1/pages") + s.emulators.notion.stats.count("PATCH", "/v1/pages/:page_id")).toBe(0);
    const runs = new RunsRepo(s.ledger.db, () => "").recent(5).map((r) => r.status);
    expect(runs).toContain("interrupted");
  }, 60_000);
});
