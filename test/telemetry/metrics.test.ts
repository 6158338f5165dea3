import { metricsNeedToken } from "../../src/lib/loopback";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { toOpenMetrics, wantsOpenMetrics } from "../../src/telemetry/exposition";
import { METRIC } from "../../src/telemetry/metrics";
import { ADMIN_TOKEN, startServiceHarness, type ServiceHarness } from "../helpers/service";
import { REPO } from "../helpers/spawn";

/** promtool ships with Debian's prometheus package; CI installs it and sets REQUIRE_PROMTOOL=1. */
const promtool = spawnSync("promtool", ["--version"]).status === 0;
const needPromtool = process.env.REQUIRE_PROMTOOL === "1";
if (!promtool && !needPromtool) console.log("promtool not found: the promtool checks are skipped here (CI installs it)");

let h: ServiceHarness;
let scrape: string;
beforeAll(async () => {
  h = await startServiceHarness({ customers: 3 });
  const res = await h.admin("/admin/sync", { method: "POST" });
  expect(res.status).toBe(202);
  await h.svc.syncs.idle();
  const m = await fetch(`${h.url}/metrics`);
  expect(m.status).toBe(200);
  expect(m.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  scrape = await m.text();
});
afterAll(() => h.stop());

import { samples, sum } from "../helpers/prom";

describe("GET /metrics after a sync against the emulators", () => {
  test("records created equal the pages the emulator holds; runs, requests and ledger gauges agree", () => {
    const pages = h.s.emulators.notion.store.dump().pages.filter((p) => p.parent.type === "data_source_id" && !p.in_trash).length;
    const created = samples(scrape, METRIC.records).filter((x) => x.labels.action === "created");
    expect(sum(created)).toBe(pages);
    expect(samples(scrape, METRIC.runs).map((x) => [x.labels.sync_job, x.labels.outcome, x.value]).sort()).toEqual(
      [["alerts", "succeeded", 1], ["customers", "succeeded", 1], ["devices", "succeeded", 1], ["sites", "succeeded", 1]],
    );
    const creates = samples(scrape, METRIC.apiRequests).find((x) => x.labels.operation === "pages.create" && x.labels.status_class === "2xx");
    expect(creates?.value).toBe(h.s.emulators.notion.stats.count("POST", "/v1/pages", 200));
    expect(sum(samples(scrape, METRIC.ledgerRecords).filter((x) => x.labels.state === "synced"))).toBe(pages);
    expect(samples(scrape, METRIC.backlog)).toEqual([{ labels: { kind: "next_run" }, value: 0 }, { labels: { kind: "full_resync" }, value: pages }]);
    expect(samples(scrape, METRIC.healthy)).toEqual([{ labels: {}, value: 1 }]);
    expect(samples(scrape, METRIC.componentHealthy).map((x) => x.labels.component)).toEqual(expect.arrayContaining(["ledger", "notion_api", "unifi_api", "ninjaone_api", "sync"]));
    expect(samples(scrape, METRIC.circuitState).map((x) => [x.labels.api, x.value])).toEqual([["notion", 0], ["unifi", 0], ["ninjaone", 0]]);
    expect(samples(scrape, METRIC.buildInfo)[0]?.labels).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(samples(scrape, METRIC.ledgerSize)[0]!.value).toBeGreaterThan(10_000);
    const last = samples(scrape, METRIC.lastSuccess);
    expect(last).toHaveLength(4);
    for (const x of last) expect(Math.abs(x.value - Date.now() / 1000)).toBeLessThan(60);
    expect(samples(scrape, `${METRIC.httpDuration}_count`).find((x) => x.labels.route === "/admin/sync")?.labels).toMatchObject({ method: "POST", status: "202" });
  });

  test("no unbounded label: no page ids, record keys or raw paths", () => {
    for (const line of scrape.split("\n")) {
      expect(line).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|ninjaone:device:|unifi:site:|route="\/admin\/runs\/\d/);
    }
  });

  test("OpenMetrics when Accept asks: counter families without _total, ends with # EOF", async () => {
    const res = await fetch(`${h.url}/metrics`, { headers: { accept: "application/openmetrics-text;version=1.0.0,text/plain;q=0.5" } });
    expect(res.headers.get("content-type")).toContain("application/openmetrics-text");
    const text = await res.text();
    expect(text).toContain("# TYPE oberaconnect_sync_runs counter\n");
    expect(text).toMatch(/\noberaconnect_sync_runs_total\{/);
    expect(text.endsWith("# EOF\n")).toBe(true);
    expect(wantsOpenMetrics("text/plain")).toBe(false);
    expect(wantsOpenMetrics("application/openmetrics-text;q=0")).toBe(false);
    expect(toOpenMetrics("# TYPE x untyped\nx 1\n")).toBe("# TYPE x unknown\nx 1\n# EOF\n");
  });

  test("promtool check metrics on the real scrape: clean but for the runbook's own _ms name", () => {
    if (!promtool) {
      expect(needPromtool).toBe(false);
      return;
    }
    const r = spawnSync("promtool", ["check", "metrics"], { input: scrape, encoding: "utf8" });
    const problems = `${r.stdout}${r.stderr}`.split("\n").filter((l) => l.trim() && !l.startsWith(`${METRIC.componentLatencyMs} metric names should not contain abbreviated units`));
    expect(problems).toEqual([]);
  });

  test("every metric alerts.yml and the Grafana dashboard use exists in the scrape", () => {
    const names = new Set([...scrape.matchAll(/^([a-z_:][a-z0-9_:]*)(?:\{| )/gm)].map((m) => m[1]));
    const used = (text: string) => new Set([...text.matchAll(/\boberaconnect_[a-z0-9_]+/g)].map((m) => m[0]));
    const alerts = readFileSync(join(REPO, "deploy/prometheus/alerts.yml"), "utf8");
    const dashboard = readFileSync(join(REPO, "deploy/grafana/dashboard.json"), "utf8");
    const exprs = (JSON.parse(dashboard).panels as { targets: { expr: string }[] }[]).flatMap((p) => p.targets.map((t) => t.expr)).join("\n");
    for (const name of [...used(alerts), ...used(exprs)]) {
      const base = name.replace(/_(bucket|sum|count)$/, "");
      expect(names.has(name) || names.has(`${base}_bucket`), `${name} is not in a scrape`).toBe(true);
    }
    expect(used(alerts).size).toBeGreaterThanOrEqual(7);
  });

  test("promtool: the rules load and their unit tests pass", () => {
    if (!promtool) {
      expect(needPromtool).toBe(false);
      return;
    }
    const dir = join(REPO, "deploy/prometheus");
    for (const args of [["check", "rules", "alerts.yml"], ["test", "rules", "alerts.test.yml"]]) {
      const r = spawnSync("promtool", args, { cwd: dir, encoding: "utf8" });
      expect(r.status, `${args.join(" ")}: ${r.stdout}${r.stderr}`).toBe(0);
    }
  });
});

describe("metrics.require_token", () => {
  test.each([
    [undefined, "127.0.0.1", false],
    [undefined, "127.0.1.1", false],
    [undefined, "::1", false],
    [undefined, "[::1]", false],
    [undefined, "localhost", false],
    [undefined, "0.0.0.0", true],
    [undefined, "::", true],
    [undefined, "10.0.0.5", true],
    [undefined, "fdaa:0:1::3", true],
    [false, "0.0.0.0", false],
    [true, "127.0.0.1", true],
  ])("setting %p, listening on %s → token required: %p", (setting, host, needed) => {
    expect(metricsNeedToken(setting, host)).toBe(needed);
  });

  test("unset on loopback (the default address): open, as a local scraper expects", async () => {
    const g = await startServiceHarness({ customers: 1 });
    try {
      expect((await fetch(`${g.url}/metrics`)).status).toBe(200);
    } finally {
      await g.stop();
    }
  });

  test("puts /metrics behind the admin token", async () => {
    const g = await startServiceHarness({ customers: 1, config: { metrics: { require_token: true } } });
    try {
      expect((await fetch(`${g.url}/metrics`)).status).toBe(401);
      const ok = await fetch(`${g.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("oberaconnect_build_info");
    } finally {
      await g.stop();
    }
  });
});
