/**
 * Alert severities against the NinjaOne emulator over real HTTP, remembered in a real ledger
 * file. Every "run" opens the ledger afresh and builds a new resolver and reader, as two CLI
 * `sync` processes would; what they share is only the file.
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { LedgerSeverityMemory } from "../../src/ledger/alert-severities";
import { openLedger } from "../../src/ledger/ledger";
import { alertSeverities } from "../../src/ledger/schema";
import { generateDataset } from "@oberaconnect/emulators/dataset/generate";
import type { Dataset } from "@oberaconnect/emulators/dataset/types";
import { FakeClock } from "@oberaconnect/common/clock";
import { sourcesFromConfig } from "../../src/runtime/sources";
import { isTriggered, SeverityResolver, type SeverityOptions } from "../../src/sources/ninjaone/severity";
import { createSourceReader } from "../../src/sources/reader";
import { silentLogger } from "../../src/telemetry/logger";
import { useTempDir } from "../helpers/temp";
import { sourceHarness } from "./source-harness";

const tmp = useTempDir();

/**
 * 20 customers, seed 41: a dozen open alerts, a few of whose TRIGGERED activities carry no
 * severity, some beyond the first 5-activity bulk page (the seed is chosen for that spread; the
 * tests count from the data and check the spread is still there).
 */
const dataset = (): Dataset => generateDataset({ customers: 20, seed: 41, now: new Date("2026-01-01T00:00:00Z") });

/** Records the query of every /v2/activities request the connector sends. */
function recordingFetch() {
  const queries: URLSearchParams[] = [];
  const fetchLike = (url: string, init: RequestInit) => {
    const u = new URL(url);
    if (u.pathname === "/v2/activities") queries.push(u.searchParams);
    return fetch(url, init);
  };
  const seriesLookups = (from = 0) => queries.slice(from).filter((q) => q.has("seriesUid")).map((q) => q.get("seriesUid") as string);
  return { fetchLike, queries, seriesLookups };
}

async function setup(data: Dataset) {
  const rec = recordingFetch();
  const h = await sourceHarness({ dataset: data, fetch: rec.fetchLike });
  const path = join(tmp(), "ledger.db");
  const clock = new FakeClock(Date.parse("2026-01-01T00:00:00Z"));
  /** One "process": open the ledger, read once with a fresh resolver, close. */
  const run = async (opts: SeverityOptions = {}) => {
    const ledger = openLedger(path);
    try {
      const severity = new SeverityResolver({ ...opts, memory: new LedgerSeverityMemory(ledger.db), clock });
      const reader = createSourceReader({ config: h.config, unifi: h.unifi, ninjaone: h.ninjaone, logger: h.logger, severity });
      const snap = await reader.read();
      expect(snap.problems).toEqual([]);
      return { snap, severity };
    } finally {
      ledger.close();
    }
  };
  const rows = () => {
    const ledger = openLedger(path);
    try {
      return ledger.db.select().from(alertSeverities).all();
    } finally {
      ledger.close();
    }
  };
  return { h, rec, path, clock, run, rows };
}

/** Severity/priority of each open alert according to its newest statusCode-TRIGGERED activity. */
function expectedSeverities(d: Dataset): Map<string, { severity: string | null; priority: string | null }> {
  return new Map(
    d.ninjaone.alerts.map((a) => {
      const act = d.ninjaone.activities.filter((x) => x.seriesUid === a.uid && isTriggered(x)).sort((x, y) => y.id - x.id)[0];
      return [a.uid, { severity: act?.severity ?? null, priority: act?.priority ?? null }];
    }),
  );
}

describe("alert severities remembered in the ledger, against the NinjaOne emulator", () => {
  test("the dataset speaks like the real API: status 'Triggered', statusCode TRIGGERED, some without severity", () => {
    const d = dataset();
    const triggered = d.ninjaone.activities.filter((a) => a.statusCode === "TRIGGERED");
    expect(triggered).toHaveLength(d.ninjaone.alerts.length);
    expect(triggered.every((a) => a.status === "Triggered")).toBe(true);
    const silent = triggered.filter((a) => a.severity === undefined && a.priority === undefined);
    expect(silent.length).toBeGreaterThanOrEqual(3);
    expect(silent.length).toBeLessThan(triggered.length);
  });

  test("sourcesFromConfig with the ledger: the second process asks NinjaOne nothing about severities", async () => {
    const data = dataset();
    const h = await sourceHarness({ dataset: data });
    const path = join(tmp(), "ledger.db");
    const expected = expectedSeverities(data);
    const runProcess = async () => {
      const ledger = openLedger(path);
      try {
        return await sourcesFromConfig(h.loaded, h.gates, silentLogger, new FakeClock(), { ledger }).read();
      } finally {
        ledger.close();
      }
    };
    const first = await runProcess();
    expect(new Map(first.alerts.map((a) => [a.uid, { severity: a.severity, priority: a.priority }]))).toEqual(expected);
    const silent = [...expected.values()].filter((x) => x.severity === null).length;
    expect(silent).toBeGreaterThanOrEqual(3);
    expect(first.alerts.filter((a) => a.severity === null)).toHaveLength(silent);
    expect(h.emu.ninjaone.stats.count("GET", "/v2/activities")).toBe(1);
    const second = await runProcess();
    expect(second.alerts.map((a) => a.severity)).toEqual(first.alerts.map((a) => a.severity));
    expect(h.emu.ninjaone.stats.count("GET", "/v2/activities")).toBe(1);
  });

  test("beyond the bulk window: the first run looks the rest up per series, the second makes no lookup at all", async () => {
    const data = dataset();
    const s = await setup(data);
    const expected = expectedSeverities(data);
    // The first bulk page holds the 5 newest activities; the other alerts need a lookup each.
    const inFirstPage = new Set([...data.ninjaone.activities].sort((a, b) => b.id - a.id).slice(0, 5).map((a) => a.seriesUid));
    const beyond = data.ninjaone.alerts.filter((a) => !inFirstPage.has(a.uid)).map((a) => a.uid);
    const silentBeyond = beyond.filter((uid) => expected.get(uid)?.severity === null);
    expect(silentBeyond.length).toBeGreaterThanOrEqual(2);
    const opts = { bulkPageSize: 5, maxBulkPages: 1, maxSeriesLookups: 50 };

    const first = await s.run(opts);
    expect(new Map(first.snap.alerts.map((a) => [a.uid, { severity: a.severity, priority: a.priority }]))).toEqual(expected);
    expect(s.rec.seriesLookups().sort()).toEqual([...beyond].sort());
    expect(s.h.emu.ninjaone.stats.count("GET", "/v2/activities")).toBe(1 + beyond.length);
    // No request ever carried a status filter.
    expect(s.rec.queries.some((q) => q.has("status"))).toBe(false);
    const rows = new Map(s.rows().map((r) => [r.alertUid, r]));
    expect(rows.size).toBe(data.ninjaone.alerts.length);
    for (const uid of silentBeyond) expect(rows.get(uid)).toMatchObject({ severity: null, priority: null, answered: true });

    const before = s.rec.queries.length;
    const second = await s.run(opts);
    expect(second.severity.lastRequests).toBe(0);
    expect(s.rec.queries.length).toBe(before);
    expect(s.h.emu.ninjaone.stats.count("GET", "/v2/activities")).toBe(1 + beyond.length);
    expect(second.snap.alerts.map((a) => [a.uid, a.severity])).toEqual(first.snap.alerts.map((a) => [a.uid, a.severity]));
  });

  test("more unanswered alerts than maxSeriesLookups: successive processes cover them all, least recently asked first", async () => {
    const data = dataset();
    // Five alerts whose activities NinjaOne no longer has: no lookup can ever answer them.
    const orphans = data.ninjaone.alerts.slice(0, 5).map((a) => a.uid);
    data.ninjaone.activities = data.ninjaone.activities.filter((a) => !orphans.includes(a.seriesUid ?? ""));
    const s = await setup(data);
    const perRun: string[][] = [];
    for (let i = 0; i < 4; i++) {
      const from = s.rec.queries.length;
      const { snap } = await s.run({ maxSeriesLookups: 2 });
      perRun.push(s.rec.seriesLookups(from));
      for (const uid of orphans) expect(snap.alerts.find((a) => a.uid === uid)?.severity).toBeNull();
      await s.clock.advance(60_000);
    }
    const [o0, o1, o2, o3, o4] = orphans as [string, string, string, string, string];
    // Ties (asked in the same run) go by uid.
    const [t0, t1] = [o0, o1].sort() as [string, string];
    const [t2] = [o2, o3].sort() as [string];
    expect(perRun).toEqual([[o0, o1], [o2, o3], [o4, t0], [t1, t2]]);
    const rows = new Map(s.rows().map((r) => [r.alertUid, r]));
    for (const uid of orphans) expect(rows.get(uid)?.answered).toBe(false);
    expect(rows.get(o4)?.askedAt).toBe("2026-01-01T00:02:00.000Z");
    // The bulk scan is sent only while some alert was never asked (runs 1-3), never in run 4.
    expect(s.rec.queries.filter((q) => !q.has("seriesUid"))).toHaveLength(3);
  });

  test("rows of alerts that closed are deleted; new alerts are added", async () => {
    const s = await setup(dataset());
    await s.run();
    const result = s.h.emu.shared.mutate({ source: "ninjaone", resolve_alerts: 3, new_alerts: 2 }) as {
      deleted: { alerts: string[] };
      created: { alerts: string[] };
    };
    expect(result.deleted.alerts).toHaveLength(3);
    expect(result.created.alerts).toHaveLength(2);
    await s.run();
    const uids = s.rows().map((r) => r.alertUid).sort();
    expect(uids).toEqual(s.h.emu.dataset.ninjaone.alerts.map((a) => a.uid).sort());
    for (const uid of result.deleted.alerts) expect(uids).not.toContain(uid);
    for (const uid of result.created.alerts) expect(uids).toContain(uid);
  });
});
