import { afterEach, describe, expect, test } from "bun:test";
import { parseConfig } from "../../src/config/load";
import { openLedger, type Ledger } from "../../src/ledger/ledger";
import { ServiceStateRepo } from "../../src/ledger/service-state";
import { FakeClock } from "@oberaconnect/common/clock";
import type { Role } from "../../src/runtime/role";
import { Scheduler, type SyncRunner } from "../../src/scheduler/scheduler";

import { RunsRepo } from "../../src/ledger/runs-repo";
import { SyncBusyError, type ActiveRun, type SyncRequest } from "../../src/sync/service";
import type { JobName } from "../../src/core/snapshot";
import { silentLogger } from "../../src/telemetry/logger";
import { type SyncReport } from "../../src/core";

/** A SyncService stand-in: records what the scheduler starts; the test ends each run by hand. */
class FakeRunner implements SyncRunner {
  runs: { jobs: JobName[]; at: number }[] = [];
  private active: { info: ActiveRun; end: (status: SyncReport["status"]) => void } | null = null;
  constructor(private readonly clock: FakeClock) {}
  current(): ActiveRun | null {
    return this.active?.info ?? null;
  }
  start(req: SyncRequest) {
    if (this.active) return Promise.reject(new SyncBusyError(this.active.info.runId));
    const runId = this.runs.length + 1;
    this.runs.push({ jobs: req.jobs, at: this.clock.now() });
    let end!: (status: SyncReport["status"]) => void;
    const done = new Promise<SyncReport>((resolve) => {
      end = (status) => {
        this.active = null;
        resolve({ runId, status } as SyncReport);
      };
    });
    this.active = { info: { runId, jobs: req.jobs, mode: req.mode, dryRun: false, trigger: req.trigger, startedAt: new Date(this.clock.now()).toISOString() }, end };
    return Promise.resolve({ runId, done });
  }
  finish(status: SyncReport["status"] = "succeeded") {
    this.active?.end(status);
  }
  get busy() {
    return this.active !== null;
  }
}

const ledgers: Ledger[] = [];
afterEach(() => {
  for (const l of ledgers.splice(0)) l.close();
});

const START = Date.parse("2026-03-02T12:00:00Z"); // a Monday

function setup(scheduler: Record<string, unknown>, opts: { role?: () => Role; ledger?: Ledger; start?: number } = {}) {
  const clock = new FakeClock(opts.start ?? START);
  const ledger = opts.ledger ?? openLedger(":memory:");
  if (!opts.ledger) ledgers.push(ledger);
  const loaded = parseConfig({ scheduler }, { file: "/tmp/config.json", env: {} });
  const runner = new FakeRunner(clock);
  const iso = () => new Date(clock.now()).toISOString();
  const primary: Role = { primary: true, litefs: false, host: "a", primaryHost: "a", detail: "" };
  const sched = new Scheduler({
    config: () => loaded.config,
    syncs: runner,
    clock,
    logger: silentLogger,
    state: new ServiceStateRepo(ledger.db, iso),
    runs: new RunsRepo(ledger.db, iso),
    role: opts.role ?? (() => primary),
    random: () => 0.5, // jitter offset 0 for the symmetric rule, half the spread for first runs
  });
  return { clock, runner, sched, ledger };
}

/** Ticks at every second for `seconds`, ending runs `runFor` seconds after they start. */
async function drive(t: ReturnType<typeof setup>, seconds: number, runFor = 5) {
  for (let i = 0; i < seconds; i++) {
    await t.sched.tick();
    const last = t.runner.runs.at(-1);
    if (t.runner.busy && last && t.clock.now() - last.at >= runFor * 1000) {
      t.runner.finish();
      await t.clock.advance(0);
    }
    await t.clock.advance(1000);
  }
}

describe("scheduler", () => {
  test("jobs due together go out as one run; alerts every 300 s, the rest every 900 s", async () => {
    const t = setup({ jitter_seconds: 0 });
    await drive(t, 1801);
    const at = (ms: number) => (ms - START) / 1000;
    expect(t.runner.runs.map((r) => [at(r.at), r.jobs])).toEqual([
      [0, ["customers", "sites", "devices", "alerts"]],
      [300, ["alerts"]],
      [600, ["alerts"]],
      [900, ["customers", "sites", "devices", "alerts"]],
      [1200, ["alerts"]],
      [1500, ["alerts"]],
      [1800, ["customers", "sites", "devices", "alerts"]],
    ]);
  });

  test("a job that falls due while a run goes on waits for it and runs next; never two at once", async () => {
    const t = setup({ jitter_seconds: 0, jobs: { alerts: { every_seconds: 60 } } });
    await t.sched.tick(); // the first run, all four jobs
    expect(t.runner.runs).toHaveLength(1);
    for (let i = 0; i < 200; i++) {
      await t.clock.advance(1000);
      await t.sched.tick();
    }
    // Still one: the first run is going, alerts were due at 60 s and waited.
    expect(t.runner.runs).toHaveLength(1);
    t.runner.finish();
    await t.clock.advance(0);
    await t.sched.tick();
    expect(t.runner.runs).toHaveLength(2);
    expect(t.runner.runs[1]!.jobs).toEqual(["alerts"]);
  });

  test("jitter keeps runs within ±jitter of the interval, and jobs that ran together stay together", async () => {
    const t = setup({ jitter_seconds: 30, every_seconds: 600, jobs: { alerts: { every_seconds: 600 } } });
    const rand = [0, 1, 0.25, 0.999, 0.5];
    let i = 0;
    (t.sched as unknown as { random: () => number }).random = () => rand[i++ % rand.length]!;
    await drive(t, 3700, 1);
    const gaps = t.runner.runs.slice(1).map((r, k) => (r.at - t.runner.runs[k]!.at) / 1000);
    expect(gaps.length).toBeGreaterThanOrEqual(5);
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(570);
      expect(g).toBeLessThanOrEqual(631); // + the tick granularity of the test's one-second steps
    }
    for (const r of t.runner.runs) expect(r.jobs).toEqual(["customers", "sites", "devices", "alerts"]);
  });

  test("a run that fails is retried after 30 s, then 60 s, never later than the interval; success resets", async () => {
    const t = setup({ jitter_seconds: 0, every_seconds: 100, jobs: { alerts: { every_seconds: 100 } } });
    const starts: number[] = [];
    for (let s = 0; s < 400; s++) {
      await t.sched.tick();
      if (t.runner.busy) {
        starts.push((t.clock.now() - START) / 1000);
        t.runner.finish(starts.length <= 3 ? "aborted" : "succeeded");
        await t.clock.advance(0);
      }
      await t.clock.advance(1000);
    }
    // 0 fails → +30 → fails → +60 → fails → +100 (capped at the interval) → succeeds → +100.
    expect(starts.slice(0, 5)).toEqual([0, 30, 90, 190, 290]);
  });

  test("a maintenance window defers due jobs to its end: Sunday 02:00–04:00 New York on the spring-forward day", async () => {
    // 2026-03-08 07:30 UTC = 03:30 EDT, inside the window that day (02:00–02:59 does not exist).
    const t = setup({ jitter_seconds: 0, maintenance_windows: [{ days: ["sun"], start: "02:00", end: "04:00", time_zone: "America/New_York" }] }, { start: Date.parse("2026-03-08T07:30:00Z") });
    expect(t.sched.blockedBy()).toBe("maintenance_window");
    expect(t.sched.sleepMs()).toBe(30_000); // ends 08:00 UTC, 30 min away: looks again within 30 s
    await drive(t, 3600);
    expect(new Date(t.runner.runs[0]!.at).toISOString()).toBe("2026-03-08T08:00:00.000Z");
  });

  test("paused: nothing runs, the pause survives a new scheduler on the same ledger, resume runs what is due", async () => {
    const t = setup({ jitter_seconds: 0 });
    t.sched.pause("admin (test)");
    await drive(t, 100);
    expect(t.runner.runs).toHaveLength(0);
    const again = setup({ jitter_seconds: 0 }, { ledger: t.ledger, start: t.clock.now() });
    expect(again.sched.status()).toMatchObject({ paused: true, paused_by: "admin (test)", blocked_by: "paused" });
    again.sched.resume();
    await again.sched.tick();
    expect(again.runner.runs).toHaveLength(1);
  });

  test("on a replica nothing is scheduled; once this instance is primary it runs", async () => {
    let primary = false;
    const role = (): Role => ({ primary, litefs: true, host: "b", primaryHost: primary ? "b" : "a", detail: "" });
    const t = setup({ jitter_seconds: 0 }, { role });
    await drive(t, 60);
    expect(t.runner.runs).toHaveLength(0);
    expect(t.sched.sleepMs()).toBe(1000);
    primary = true;
    await t.sched.tick();
    expect(t.runner.runs).toHaveLength(1);
  });

  test("after a restart the ledger's last runs are honoured: no rerun of everything at once", async () => {
    const clock = new FakeClock(START);
    const ledger = openLedger(":memory:");
    ledgers.push(ledger);
    const runs = new RunsRepo(ledger.db, () => new Date(clock.now() - 100_000).toISOString());
    runs.finish(runs.start("all", "incremental"), "succeeded", { created: 0, updated: 0, unchanged: 0, archived: 0, failed: 0, blocked: 0, notionRequests: 0 }, null);
    const t = setup({ jitter_seconds: 0 }, { ledger, start: START });
    await t.sched.tick();
    expect(t.runner.runs).toHaveLength(0);
    expect(t.sched.status().jobs.alerts.next_due_at).toBe(new Date(START - 100_000 + 300_000).toISOString());
    expect(t.sched.status().jobs.devices.next_due_at).toBe(new Date(START - 100_000 + 900_000).toISOString());
  });
});
