import { describe, expect, test } from "bun:test";
import type { RecordRow } from "../../src/ledger/schema";
import { p } from "../../src/notion/props";
import { contentHash } from "../../src/sync/hash";
import { planJob, type Action, type ExistingPage, type PlanInput } from "../../src/sync/plan";
import { settleDeadline, type SettleWindow } from "../../src/sync/settle";

// Writes of unknown outcome (a crash or timeout with the write on the wire): the hash says
// nothing about the page, and the record is written again only after the old write's deadline.
const NOW = Date.parse("2026-06-01T12:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();
const WINDOW: SettleWindow = { runStartedMs: NOW, callBudgetMs: 30_000, settleMs: 60_000 };
const props = (v: string) => ({ Name: p.title("dev"), Status: p.select(v) });

function row(key: string, over: Partial<RecordRow> = {}): RecordRow {
  return {
    id: 1, job: "devices", sourceKey: key, notionPageId: `page-${key}`, contentHash: contentHash(props("Online")), state: "synced",
    attempts: 0, lastError: null, nextAttemptAt: null, missedRuns: 0, writeStartedAt: null, writeHash: null, statusValue: null, firstSeenAt: "t", lastSeenAt: "t", updatedAt: "t", ...over,
  };
}

function plan(over: Partial<PlanInput>): Action[] {
  return planJob({
    desired: [], ledger: new Map(), mode: "incremental", nowMs: NOW, complete: true, present: new Set(),
    archiveAfterMissedRuns: 1, archiveAtOnce: false, settle: WINDOW, ...over,
  }).actions;
}
const ledger = (...rows: RecordRow[]) => new Map(rows.map((r) => [r.sourceKey, r]));
const show = (a: Action) => `${a.kind}${"notBefore" in a && a.notBefore !== undefined ? ` not before +${(a.notBefore - NOW) / 1000}s` : ""}`;

describe("settleDeadline", () => {
  test.each<[string, number, string]>([
    ["sent long ago (a crash yesterday): its deadline has passed", NOW - 86_400_000, iso(NOW - 86_400_000 + 30_000 + 60_000)],
    ["sent 5 s before the run: it may have been retried until the run took over", NOW - 5_000, iso(NOW + 60_000)],
    ["sent 40 s before the run: retries ended 10 s ago", NOW - 40_000, iso(NOW - 10_000 + 60_000)],
    ["given up by this run itself (a timeout, stamp renewed then): the settle time from then", NOW + 5_000, iso(NOW + 5_000 + 60_000)],
  ])("%s", (_, sent, want) => {
    expect(iso(settleDeadline(iso(sent), WINDOW))).toBe(want);
  });

  test("an unreadable stamp counts as sent just before the run", () => {
    expect(settleDeadline("garbage", WINDOW)).toBe(NOW + 60_000);
  });
});

describe("planJob with writes in doubt", () => {
  const recent = iso(NOW - 2_000);
  const old = iso(NOW - 3600_000);
  test.each<[string, Partial<PlanInput>, string[]]>([
    // The stale-page race: Offline was on the wire when the process died; the source is back to
    // Online, which is what the ledger's hash says. Skipping it would leave Offline for good.
    ["same hash, update in doubt, recent → rewritten after the deadline", { desired: [{ key: "a", props: props("Online") }], ledger: ledger(row("a", { writeStartedAt: recent, writeHash: contentHash(props("Offline")) })) }, ["update not before +60s"]],
    // The write in doubt carries what is wanted now: in whatever order the two land, the page ends right.
    ["update in doubt carrying the desired content → rewritten now", { desired: [{ key: "a", props: props("Offline") }], ledger: ledger(row("a", { writeStartedAt: recent, writeHash: contentHash(props("Offline")) })) }, ["update"]],
    ["archive in doubt, archive wanted → archived now", { ledger: ledger(row("a", { writeStartedAt: recent, writeHash: "archive" })) }, ["archive"]],
    ["same hash, update in doubt, long ago → rewritten now", { desired: [{ key: "a", props: props("Online") }], ledger: ledger(row("a", { writeStartedAt: old })) }, ["update"]],
    ["same hash, nothing in doubt → unchanged", { desired: [{ key: "a", props: props("Online") }], ledger: ledger(row("a")) }, ["unchanged"]],
    ["create in doubt (pending_create), recent → looked up after the deadline", { desired: [{ key: "a", props: props("Online") }], ledger: ledger(row("a", { state: "pending_create", notionPageId: null, writeStartedAt: recent })) }, ["create not before +60s"]],
    ["archive of a record whose restore is in doubt → after the deadline", { ledger: ledger(row("a", { writeStartedAt: recent, writeHash: contentHash(props("Online")) })) }, ["archive not before +60s"]],
    ["archived, back in the source, archive in doubt → restored after the deadline", { desired: [{ key: "a", props: props("Online") }], ledger: ledger(row("a", { state: "archived", writeStartedAt: recent, writeHash: "archive" })) }, ["update not before +60s"]],
    ["create in doubt carrying the same content → still waits (a late create makes a duplicate)", { desired: [{ key: "a", props: props("Online") }], ledger: ledger(row("a", { state: "pending_create", notionPageId: null, writeStartedAt: recent, writeHash: null })) }, ["create not before +60s"]],
  ])("%s", (_, input, expected) => {
    expect(plan(input).map(show)).toEqual(expected);
  });

  test("full sync: a page read before a write in doubt lands is not adopted, it is rewritten after the deadline", () => {
    const page: ExistingPage = { pageId: "page-a", props: props("Online"), lastEditedTime: "2026-06-01T11:00:00.000Z" };
    const recentRow = row("a", { writeStartedAt: recent, writeHash: contentHash(props("Offline")) });
    expect(plan({ mode: "full", desired: [{ key: "a", props: props("Online") }], ledger: ledger(recentRow), existing: new Map([["a", [page]]]) }).map(show)).toEqual(["update not before +60s"]);
    // Settled: what was read is the truth, so an equal page is adopted with no write.
    expect(plan({ mode: "full", desired: [{ key: "a", props: props("Online") }], ledger: ledger(row("a", { writeStartedAt: old })), existing: new Map([["a", [page]]]) }).map(show)).toEqual(["adopt"]);
  });

  test("--retry-failed also redoes writes in doubt", () => {
    expect(plan({ mode: "retry_failed", desired: [{ key: "a", props: props("Online") }, { key: "b", props: props("Online") }], ledger: ledger(row("a", { writeStartedAt: old }), row("b")) }).map(show)).toEqual(["update"]);
  });
});
