import { afterEach, describe, expect, test } from "bun:test";
import { openLedger } from "../../src/ledger/ledger";
import { RunsRepo } from "../../src/ledger/runs-repo";
import { json } from "../helpers/http";
import { ADMIN_TOKEN } from "../helpers/service";
import { spawnCli } from "../helpers/spawn";
import { until } from "../helpers/wait";
import { livePages } from "../helpers/sync-harness";
import { startStack, type Stack } from "../helpers/stack";

let s: Stack | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

async function serve(stack: Stack, extra: Record<string, unknown>) {
  const config = stack.configFile({ server: { host: "127.0.0.1", port: 0 }, log: { level: "info" }, ...extra });
  stack.ledger.close(); // the service owns the ledger now
  const p = spawnCli(["serve", "--config", config], { env: { ...stack.env, ADMIN_TOKEN } });
  const url = JSON.parse(await p.waitFor(/"msg":"listening on /)).url as string;
  const admin = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return { p, url, admin, config };
}

describe("serve as a process", () => {
  test("with a short interval it syncs on its own, then again after the interval; never two runs at once", async () => {
    s = await startStack({ customers: 2, seed: 5 });
    const svc = await serve(s, { scheduler: { every_seconds: 10, jitter_seconds: 0, jobs: { alerts: { every_seconds: 10 } } } });
    type Run = { id: number; status: string; started_at: string; finished_at: string | null; counts: { created: number; unchanged: number } };
    const runs = await until(async () => {
      const list = (await json(svc.admin("/admin/runs"))).runs as Run[];
      return list.filter((r) => r.status === "succeeded").length >= 2 ? list : undefined;
    }, 30_000);
    svc.p.proc.kill("SIGTERM");
    expect(await svc.p.exited).toBe(0);
    const done = runs.filter((r) => r.status === "succeeded").reverse();
    expect(done[0]!.counts.created).toBeGreaterThan(0);
    expect(done[1]!.counts.created).toBe(0); // the second run finds everything in place
    const byStart = [...runs].sort((a, b) => a.id - b.id);
    for (let i = 1; i < byStart.length; i++) {
      const prev = byStart[i - 1]!;
      expect(prev.finished_at).not.toBeNull();
      expect(Date.parse(byStart[i]!.started_at)).toBeGreaterThanOrEqual(Date.parse(prev.finished_at!));
    }
    const gap = Date.parse(done[1]!.started_at) - Date.parse(done[0]!.started_at);
    expect(gap).toBeGreaterThanOrEqual(9_900);
  }, 60_000);

  test("SIGTERM mid-sync: exits 0 within the deadline, what is not written stays queued, the next run completes it without duplicates", async () => {
    s = await startStack({ customers: 6, seed: 4 });
    const total = await (async () => {
      const snap = await s!.sources.read();
      return snap.customers.length + snap.sites.length + snap.devices.length + snap.alerts.length;
    })();
    // 20 Notion requests/s: the first sync takes ~10 s, long enough to be stopped in the middle.
    const svc = await serve(s, { sync_rate_limit_per_second: 20, shutdown_timeout_seconds: 5, scheduler: { enabled: false } });
    const started = await svc.admin("/admin/sync", { method: "POST", body: "{}" });
    expect(started.status).toBe(202);
    const { run_id } = await json(started);
    const creates = () => s!.emulators.notion.stats.count("POST", "/v1/pages");
    await until(async () => (creates() >= 30 ? true : undefined), 20_000);
    const t0 = Date.now();
    svc.p.proc.kill("SIGTERM");
    expect(await svc.p.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000 + 2_000);
    expect(creates()).toBeLessThan(total);

    // The poll had queued everything; the writer stopped between two writes, the rest waits in the ledger.
    const ledger = openLedger(s.loaded.config.ledger.path);
    const run = new RunsRepo(ledger.db, () => new Date().toISOString()).get(run_id);
    const left = ledger.sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM pending_writes").get()!.n;
    ledger.close();
    expect(run).toMatchObject({ status: "succeeded", queued: total });
    expect(left).toBe(total - creates());

    const again = spawnCli(["sync", "--config", svc.config], { env: s.env });
    expect(await again.exited).toBe(0);
    const pages = livePages(s.emulators.notion);
    expect(pages).toHaveLength(total);
    expect(new Set(pages.map((p) => p.key)).size).toBe(total);
  }, 60_000);
});
