import { afterEach, describe, expect, test } from "bun:test";
import { contentHash } from "../../src/sync/hash";
import { JOBS } from "../../src/sync/jobs";
import { RecordsRepo } from "../../src/ledger/records-repo";
import type { JobName, SourceSnapshot } from "../../src/core/snapshot";
import { livePages } from "../helpers/sync-harness";
import { startStack, type Stack } from "../helpers/stack";
import { json } from "../helpers/http";

let s: Stack | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const writes = (stack: Stack) =>
  stack.emulators.notion.stats.count("POST", "/v1/pages") + stack.emulators.notion.stats.count("PATCH", "/v1/pages/:page_id");

/** Desired content hash per Sync Key, built by the real jobs with relations from the ledger. */
function desiredHashes(stack: Stack, snapshot: SourceSnapshot): Map<string, string> {
  const repo = new RecordsRepo(stack.ledger.db, () => "");
  const ids = new Map<JobName, Map<string, string>>();
  const lookup = (job: JobName, key: string) => (ids.get(job) ?? ids.set(job, repo.pageIds(job)).get(job)!).get(key) ?? null;
  return new Map(JOBS.flatMap((j) => j.build(snapshot, lookup).map((r) => [r.key, contentHash(r.props)] as const)));
}

describe("end to end: UniFi + NinjaOne emulators → connectors → engine → Notion emulator", () => {
  test("first sync creates every page once; second makes 0 writes; a 5% mutation changes exactly the affected pages", async () => {
    s = await startStack({ customers: 25, seed: 11 });
    const snapshot = await s.sources.read();
    const total = snapshot.customers.length + snapshot.sites.length + snapshot.devices.length + snapshot.alerts.length;
    expect(total).toBeGreaterThan(500);

    const first = await s.sync();
    expect(first.exitCode).toBe(0);
    expect(first.totals.created).toBe(total);
    const pages = livePages(s.emulators.notion);
    expect(pages).toHaveLength(total);
    expect(new Set(pages.map((p) => p.key)).size).toBe(total);

    s.emulators.notion.stats.reset();
    const second = await s.sync();
    expect(second.exitCode).toBe(0);
    expect(second.totals.unchanged).toBe(total);
    expect(writes(s)).toBe(0);

    const before = desiredHashes(s, await s.sources.read());
    // What a page says, without the reverse sides of two-way relations ("Linked Alerts"), which
    // Notion changes itself when another page links to it.
    const own = (props: Record<string, unknown>) => JSON.stringify(Object.entries(props).filter(([k]) => !k.startsWith("Linked ")));
    const editSeq = new Map(livePages(s.emulators.notion).map((p) => [p.key, p.editSeq]));
    const ownBefore = new Map(livePages(s.emulators.notion).map((p) => [p.key, own(p.props)]));
    const mutation = await json(fetch(`${s.emulators.unifi.url}/_emulator/mutate`, { method: "POST", body: JSON.stringify({ seed: 5, fraction: 0.05 }) }));
    const afterSnapshot = await s.sources.read();
    const after = desiredHashes(s, afterSnapshot);
    const expectUpdate = [...after].filter(([k, h]) => before.has(k) && before.get(k) !== h).map(([k]) => k).sort();
    const expectCreate = [...after.keys()].filter((k) => !before.has(k)).sort();
    const resolvedAlerts = [...before.keys()].filter((k) => k.startsWith("ninjaone:alert:") && !after.has(k)).sort();
    // The mutation really reached the sources: every device it changed is among the updates,
    // except devices in maintenance, whose Status stays "Maintenance" whether online or not.
    const inMaintenance = new Set(afterSnapshot.devices.filter((d) => d.status === "maintenance").map((d) => d.key));
    const flipped = (mutation.changed.devices as string[]).filter((k) => !inMaintenance.has(k));
    expect(flipped.length).toBeGreaterThan(5);
    for (const key of flipped) expect(expectUpdate).toContain(key);

    s.emulators.notion.stats.reset();
    const third = await s.sync();
    expect(third.exitCode).toBe(0);
    expect(third.totals.updated).toBe(expectUpdate.length);
    expect(third.totals.created).toBe(expectCreate.length);
    expect(third.totals.archived).toBe(resolvedAlerts.length);
    const now = livePages(s.emulators.notion);
    const edited = now.filter((p) => editSeq.has(p.key) && editSeq.get(p.key) !== p.editSeq && ownBefore.get(p.key) !== own(p.props)).map((p) => p.key).sort();
    expect(edited).toEqual(expectUpdate);
    // Every page whose edit time moved without a change of its own was linked or unlinked by another.
    const mirrored = now.filter((p) => editSeq.has(p.key) && editSeq.get(p.key) !== p.editSeq && ownBefore.get(p.key) === own(p.props));
    for (const p of mirrored) expect([p.key, p.database]).toEqual([p.key, expect.stringMatching(/^(Customer Status|Sites|Devices)$/)]);
    expect(now.filter((p) => !editSeq.has(p.key)).map((p) => p.key).sort()).toEqual(expectCreate);
    for (const key of resolvedAlerts) expect(now.some((p) => p.key === key)).toBe(false);
    expect(writes(s)).toBe(expectUpdate.length + expectCreate.length + resolvedAlerts.length);
  }, 60_000);
});
