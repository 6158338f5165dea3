/** toAction: what a queued change becomes, decided from the ledger as it stands when it is written. */
import { describe, expect, test } from "bun:test";
import type { PendingRow, RecordRow } from "../../src/ledger/schema";
import { toAction } from "../../src/sync/pending-action";

const row = (p: Partial<PendingRow>) => ({ sourceKey: "dev:1", action: "write", props: '{"Name":"x"}', hash: "h1", pageId: null, ...p }) as PendingRow;
const ledger = (p: Partial<RecordRow>) => ({ notionPageId: null, state: "active", writeStartedAt: null, ...p }) as RecordRow;

describe("toAction", () => {
  test.each([
    ["no ledger row: a create, nothing to look up", row({}), undefined, { kind: "create", lookupFirst: false }],
    ["a blocked record never sent: a create without a lookup", row({}), ledger({ state: "blocked" }), { kind: "create", lookupFirst: false }],
    ["a blocked record whose create may have been sent: looked up first", row({}), ledger({ state: "blocked", writeStartedAt: "2026-12-06T10:00:00Z" }), { kind: "create", lookupFirst: true }],
    ["a ledger row without a page (an earlier create in doubt): looked up first", row({}), ledger({}), { kind: "create", lookupFirst: true }],
    ["a page in the ledger: an update", row({}), ledger({ notionPageId: "p1" }), { kind: "update", pageId: "p1", restore: false }],
    ["an archived page: an update that restores it", row({}), ledger({ notionPageId: "p1", state: "archived" }), { kind: "update", pageId: "p1", restore: true }],
    ["the queue names the page (a create already answered): no restore", row({ pageId: "p2" }), ledger({ notionPageId: "p1", state: "archived" }), { kind: "update", pageId: "p2", restore: false }],
    ["an archive takes the queued page first", row({ action: "archive", pageId: "p2" }), ledger({ notionPageId: "p1" }), { kind: "archive", pageId: "p2" }],
    ["an archive falls back to the ledger's page", row({ action: "archive" }), ledger({ notionPageId: "p1" }), { kind: "archive", pageId: "p1" }],
    ["an archive of a page never made: none to archive", row({ action: "archive" }), undefined, { kind: "archive", pageId: null }],
  ] as const)("%s", (_what, r, l, expected) => {
    const a = toAction(r, l);
    expect(a).toMatchObject({ key: "dev:1", ...expected });
    if (a.kind !== "archive") {
      expect((a as { props: unknown }).props).toEqual({ Name: "x" });
      expect((a as { hash: string }).hash).toBe("h1");
    }
  });
});
