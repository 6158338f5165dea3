import { afterEach, describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { HASH_SCHEME, isStaleHash } from "../../src/sync/hash";
import { RecordsRepo } from "../../src/ledger/records-repo";
import { makeSnapshot, recordCount } from "../helpers/snapshot";
import { startSyncHarness, type SyncHarness } from "../helpers/sync-harness";

let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const queries = (harness: SyncHarness) => harness.emu.stats.count("POST", "/v1/data_sources/:data_source_id/query");

describe("hashes of an older canonical form", () => {
  test.each([
    ["c2:0123", false],
    ["0123456789abcdef0123456789abcdef", true],
    [null, false],
    ["", false],
  ])("isStaleHash(%p) = %p", (hash, stale) => {
    expect(isStaleHash(hash)).toBe(stale);
  });

  test("a ledger written by the older form: one comparing read per job, 0 writes, then ledger-only again", async () => {
    h = await startSyncHarness();
    const snap = makeSnapshot(3, 2);
    await h.sync(snap);
    // What an older release left behind: hashes without the scheme prefix.
    h.ledger.db.run(sql.raw(`UPDATE records SET content_hash = substr(content_hash, ${HASH_SCHEME.length + 1})`));
    const repo = new RecordsRepo(h.ledger.db, () => "");
    expect([...repo.forJob("devices").values()].every((r) => isStaleHash(r.contentHash))).toBe(true);

    await h.resetStats();
    const upgraded = await h.sync(snap);
    expect(upgraded.exitCode).toBe(0);
    expect(upgraded.jobs.every((j) => j.readNotion)).toBe(true);
    expect(upgraded.totals.unchanged).toBe(recordCount(snap));
    expect(h.writes()).toBe(0);
    expect([...repo.forJob("devices").values()].every((r) => r.contentHash?.startsWith(HASH_SCHEME))).toBe(true);

    await h.resetStats();
    const next = await h.sync(snap);
    expect(next.jobs.some((j) => j.readNotion)).toBe(false);
    expect(queries(h)).toBe(0);
    expect(h.writes()).toBe(0);
  });
});
