import { describe, expect, test } from "bun:test";
import type { RecordRow } from "../../src/ledger/schema";
import { p } from "../../src/notion/props";
import { contentHash } from "../../src/sync/hash";
import { planJob, type ExistingPage, type PlanInput } from "../../src/sync/plan";
import { nextAttemptAt } from "../../src/sync/backoff";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const props = (v: number) => ({ Name: p.title(`n${v}`), Count: p.number(v) });
const desired = (key: string, v = 1) => ({ key, props: props(v) });

function row(key: string, over: Partial<RecordRow> = {}): RecordRow {
  return {
    id: 1,
    job: "devices",
    sourceKey: key,
    notionPageId: `page-${key}`,
    contentHash: contentHash(props(1)),
    state: "synced",
    attempts: 0,
    lastError: null,
    nextAttemptAt: null,
    missedRuns: 0,
    writeStartedAt: null,
    writeHash: null,
    statusValue: null,
    firstSeenAt: "t",
    lastSeenAt: "t",
    updatedAt: "t",
    ...over,
  };
}

function plan(over: Partial<PlanInput>): string[] {
  const input: PlanInput = {
    desired: [],
    ledger: new Map(),
    mode: "incremental",
    nowMs: NOW,
    complete: true,
    present: new Set(),
    archiveAfterMissedRuns: 2,
    archiveAtOnce: false,
    ...over,
  };
  return planJob(input).actions.map((a) => a.kind + (a.kind === "create" && a.lookupFirst ? "+lookup" : a.kind === "update" && a.restore ? "+restore" : ""));
}
const ledger = (...rows: RecordRow[]) => new Map(rows.map((r) => [r.sourceKey, r]));

describe("planJob (incremental)", () => {
  test.each<[string, Partial<PlanInput>, string[]]>([
    ["new record → create", { desired: [desired("a")] }, ["create"]],
    ["same hash → unchanged (no request)", { desired: [desired("a")], ledger: ledger(row("a")) }, ["unchanged"]],
    ["other hash → update", { desired: [desired("a", 2)], ledger: ledger(row("a")) }, ["update"]],
    ["pending create (crash) → look up first", { desired: [desired("a")], ledger: ledger(row("a", { state: "pending_create", notionPageId: null })) }, ["create+lookup"]],
    ["failed, due → retried", { desired: [desired("a", 2)], ledger: ledger(row("a", { state: "failed", nextAttemptAt: new Date(NOW - 1).toISOString() })) }, ["update"]],
    ["failed, not due → deferred", { desired: [desired("a", 2)], ledger: ledger(row("a", { state: "failed", nextAttemptAt: new Date(NOW + 60_000).toISOString() })) }, ["skip"]],
    ["archived but back in the source → restore", { desired: [desired("a")], ledger: ledger(row("a", { state: "archived" })) }, ["update+restore"]],
    ["missing once (threshold 2) → counted", { ledger: ledger(row("a")) }, ["missed"]],
    ["missing twice → archive", { ledger: ledger(row("a", { missedRuns: 1 })) }, ["archive"]],
    ["missing, archive at once (alerts)", { ledger: ledger(row("a")), archiveAtOnce: true }, ["archive"]],
    ["missing but source incomplete → nothing", { ledger: ledger(row("a", { missedRuns: 5 })), complete: false }, []],
    ["missing but quarantined → nothing", { ledger: ledger(row("a", { missedRuns: 5 })), present: new Set(["a"]) }, []],
    ["already archived and missing → nothing", { ledger: ledger(row("a", { state: "archived" })) }, []],
  ])("%s", (_, input, expected) => {
    expect(plan(input)).toEqual(expected);
  });

  test("--retry-failed touches only failed and pending records, ignoring backoff", () => {
    expect(
      plan({
        mode: "retry_failed",
        desired: [desired("ok", 2), desired("bad", 2), desired("new")],
        ledger: ledger(row("ok"), row("bad", { state: "failed", nextAttemptAt: new Date(NOW + 3600_000).toISOString() })),
      }),
    ).toEqual(["update"]);
  });
});

describe("planJob (with Notion read: full sync, lost ledger)", () => {
  const page = (id: string, v: number, edited = "2026-01-01T00:00:00.000Z"): ExistingPage => ({ pageId: id, props: props(v), lastEditedTime: edited });
  const existing = (entries: [string, ExistingPage[]][]) => new Map(entries);

  test.each<[string, Partial<PlanInput>, string[]]>([
    ["page equal → adopt (no request)", { desired: [desired("a")], existing: existing([["a", [page("p1", 1)]]]) }, ["adopt"]],
    ["page differs → update", { desired: [desired("a", 2)], existing: existing([["a", [page("p1", 1)]]]) }, ["update"]],
    ["no page, unknown to the ledger → create", { desired: [desired("a")], existing: existing([]) }, ["create"]],
    ["no live page but the ledger has one → restore", { desired: [desired("a")], ledger: ledger(row("a")), existing: existing([]) }, ["update+restore"]],
    ["orphan page, record gone, ledger lost → starts counting", { existing: existing([["gone", [page("p9", 1)]]]) }, ["missed"]],
    ["orphan alert page → archive", { existing: existing([["gone", [page("p9", 1)]]]), archiveAtOnce: true }, ["archive"]],
  ])("%s", (_, input, expected) => {
    expect(plan({ mode: "full", ...input })).toEqual(expected);
  });

  test("duplicates: the ledger's page is kept, else the newest; the key is reported", () => {
    const out = planJob({
      desired: [desired("a"), desired("b")],
      ledger: ledger(row("a", { notionPageId: "p-old" })),
      mode: "full",
      nowMs: NOW,
      existing: existing([
        ["a", [page("p-new", 1, "2026-02-01T00:00:00.000Z"), page("p-old", 1)]],
        ["b", [page("b1", 1, "2026-01-01T00:00:00.000Z"), page("b2", 1, "2026-03-01T00:00:00.000Z")]],
      ]),
      complete: true,
      present: new Set(),
      archiveAfterMissedRuns: 2,
      archiveAtOnce: false,
    });
    expect(out.duplicates.sort()).toEqual(["a", "b"]);
    expect(out.actions).toEqual([
      // The ledger's page, already linked with this content: kept as it is.
      { kind: "unchanged", key: "a" },
      expect.objectContaining({ kind: "adopt", key: "b", pageId: "b2" }),
    ]);
  });

  test("read in full, a record the ledger links to a page with this content is unchanged; a stale hash or another page is adopted", () => {
    const plan = (r: ReturnType<typeof row>) =>
      planJob({ desired: [desired("a")], ledger: ledger(r), mode: "full", nowMs: NOW, existing: existing([["a", [page("p1", 1)]]]), complete: true, present: new Set(), archiveAfterMissedRuns: 2, archiveAtOnce: false }).actions[0];
    expect(plan(row("a", { notionPageId: "p1" }))).toEqual({ kind: "unchanged", key: "a" });
    expect(plan(row("a", { notionPageId: "p1", contentHash: "v1:stale" }))).toMatchObject({ kind: "adopt", pageId: "p1" });
    expect(plan(row("a", { notionPageId: "p-gone" }))).toMatchObject({ kind: "adopt", pageId: "p1" });
  });
});

describe("retry backoff", () => {
  test.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [9, 15_360_000],
    [10, 6 * 3600_000],
    [50, 6 * 3600_000],
  ])("attempt %p → wait %p ms", (attempts, waitMs) => {
    expect(Date.parse(nextAttemptAt(attempts, NOW)) - NOW).toBe(waitMs);
  });
});
