import { describe, expect, test } from "bun:test";
import type { JobName } from "../../src/core";
import { changeKind, coalesce, compareQueued, DEFAULT_PRIORITIES, isChangeBack, promotions, type QueuedChange } from "../../src/sync/queue";

const q = (job: JobName, key: string, priority: number, sinceMs: number, hash: string | null = "h"): QueuedChange => ({ job, key, priority, sinceMs, hash });
const P = DEFAULT_PRIORITIES;

describe("priority of a change", () => {
  test.each<[string, Parameters<typeof changeKind>[0], number]>([
    ["a new alert", { job: "alerts", action: "write", isNew: true, statusChanged: false }, 0],
    ["an alert changed", { job: "alerts", action: "write", isNew: false, statusChanged: false }, 0],
    ["an alert resolved (archived)", { job: "alerts", action: "archive", isNew: false, statusChanged: false }, 0],
    ["a customer going Down", { job: "customers", action: "write", isNew: false, statusChanged: true }, 0],
    ["a customer's other property", { job: "customers", action: "write", isNew: false, statusChanged: false }, 2],
    ["a device going offline", { job: "devices", action: "write", isNew: false, statusChanged: true }, 1],
    ["a site's status", { job: "sites", action: "write", isNew: false, statusChanged: true }, 1],
    ["a new device (its status is not a change)", { job: "devices", action: "write", isNew: true, statusChanged: true }, 2],
    ["a new customer", { job: "customers", action: "write", isNew: true, statusChanged: false }, 2],
    ["a device's firmware", { job: "devices", action: "write", isNew: false, statusChanged: false }, 2],
    ["a device gone from the source", { job: "devices", action: "archive", isNew: false, statusChanged: false }, 3],
  ])("%s → P%p", (_, change, want) => {
    expect(P[changeKind(change)]).toBe(want);
  });
});

describe("the writer's order", () => {
  test("priority first, then the oldest change (fairness inside a priority), then job order, then key", () => {
    const rows = [
      q("devices", "d-late", 1, 300),
      q("devices", "d-early", 1, 100),
      q("alerts", "a1", 0, 900),
      q("sites", "s-same-time", 1, 100),
      q("devices", "archive", 3, 0),
      q("customers", "new", 2, 50),
      q("devices", "d-early-b", 1, 100),
    ];
    expect([...rows].sort(compareQueued).map((r) => r.key)).toEqual(["a1", "s-same-time", "d-early", "d-early-b", "d-late", "new", "archive"]);
  });

  test("a flood of old device changes cannot hold back a new alert", () => {
    const flood = Array.from({ length: 700 }, (_, i) => q("devices", `d${i}`, 1, i));
    const alert = q("alerts", "new-critical", 0, 10_000);
    expect([...flood, alert].sort(compareQueued)[0]!.key).toBe("new-critical");
  });
});

describe("coalescing", () => {
  test.each<[string, QueuedChange | undefined, QueuedChange, Partial<QueuedChange>]>([
    ["nothing queued: the change as it is", undefined, q("devices", "k", 1, 500, "new"), { priority: 1, sinceMs: 500, hash: "new" }],
    ["changed twice: the latest state, stale since the first change", q("devices", "k", 1, 100, "old"), q("devices", "k", 1, 500, "new"), { sinceMs: 100, hash: "new" }],
    ["a Status change followed by a minor one keeps the Status priority", q("customers", "k", 0, 100, "down"), q("customers", "k", 2, 500, "down+desc"), { priority: 0, hash: "down+desc" }],
    ["a minor change followed by a Status change rises", q("devices", "k", 2, 100, "fw"), q("devices", "k", 1, 500, "offline"), { priority: 1, sinceMs: 100 }],
  ])("%s", (_, existing, incoming, want) => {
    expect(coalesce(existing, incoming)).toMatchObject(want);
  });

  test.each<[string, string, Parameters<typeof isChangeBack>[1], boolean]>([
    ["back to what the page holds → dropped, no write", "h-online", { contentHash: "h-online", writeStartedAt: null, state: "synced" }, true],
    ["still different → stays", "h-offline", { contentHash: "h-online", writeStartedAt: null, state: "synced" }, false],
    ["equal hash but a write in doubt → stays (the page may hold something else)", "h-online", { contentHash: "h-online", writeStartedAt: "2026-01-01T00:00:00.000Z", state: "synced" }, false],
    ["a record never written → stays", "h", undefined, false],
    ["a failed record → stays", "h", { contentHash: "h", writeStartedAt: null, state: "failed" }, false],
  ])("%s", (_, desired, ledger, want) => {
    expect(isChangeBack(desired, ledger)).toBe(want);
  });
});

describe("dependency promotion", () => {
  const queued = new Map<string, QueuedChange>([
    ["devices|dev-new", q("devices", "dev-new", 2, 100)],
    ["customers|cust-new", q("customers", "cust-new", 2, 50)],
    ["customers|cust-already-urgent", q("customers", "cust-already-urgent", 0, 50)],
  ]);
  const lookup = (job: JobName, key: string) => queued.get(`${job}|${key}`);
  const pages = new Set(["devices|dev-old"]);
  const hasPage = (job: JobName, key: string) => pages.has(`${job}|${key}`);

  test("a P0 alert on a device and a customer that have no page yet raises their creates to P0", () => {
    const raised = promotions(0, [["customers", "cust-new"], ["devices", "dev-new"]], lookup, hasPage);
    expect(raised.map((r) => [r.key, r.priority])).toEqual([["cust-new", 0], ["dev-new", 0]]);
  });

  test.each<[string, [JobName, string][], number]>([
    ["a target with a page is left alone", [["devices", "dev-old"]], 0],
    ["a target not queued (not polled yet) is left alone", [["devices", "dev-unknown"]], 0],
    ["never lowered", [["customers", "cust-already-urgent"]], 0],
  ])("%s", (_, refs, n) => {
    expect(promotions(0, refs, lookup, hasPage)).toHaveLength(n);
  });

  test("a P2 change promotes nothing queued at P2", () => {
    expect(promotions(2, [["devices", "dev-new"]], lookup, hasPage)).toEqual([]);
  });
});
