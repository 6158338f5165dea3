import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { checkNotion, dataSourcesByTitle, describeOffenders, snapshotDisagreements } from "../../bench/chaos/check";
import type { NotionDump } from "@oberaconnect/emulators/notion";
import type { SourceSnapshot } from "../../src/core/snapshot";
import { startStack, type Stack } from "../helpers/stack";
import { RecordsRepo } from "../../src/ledger/records-repo";
import { JOB_NAMES } from "../../src/core/snapshot";

/**
 * The chaos suite is only as good as its verdict: a synced fleet checks clean, and each kind of
 * damage a crash could leave (a second page for a record, a page gone, a property left behind,
 * a page the sources no longer hold) is counted and named by its key.
 */
let s: Stack;
let clean: NotionDump;
let snapshot: SourceSnapshot;
const ledgerView = () => {
  const repo = new RecordsRepo(s.ledger.db, () => new Date().toISOString());
  return new Map(JOB_NAMES.map((j) => [j, repo.forJob(j)]));
};
beforeAll(async () => {
  s = await startStack({ customers: 3, seed: 9 });
  await s.sync();
  clean = s.emulators.notion.store.dump();
  snapshot = await s.sources.read();
});
afterAll(() => s.stop());

type Page = NotionDump["pages"][number] & { properties: Record<string, { type: string; rich_text?: { plain_text: string; text: { content: string } }[] }> };
const copy = (): NotionDump => structuredClone(clean);
const key = (p: Page) => p.properties["Sync Key"]?.rich_text?.[0]?.plain_text ?? "";
/** A live device page of the dump, by index among the device pages. */
function devicePage(d: NotionDump, i = 0): Page {
  const ds = [...dataSourcesByTitle(d)].find(([, n]) => n === "devices")![0];
  const pages = (d.pages as Page[]).filter((p) => p.parent.type === "data_source_id" && p.parent.data_source_id === ds);
  return pages[i]!;
}
function setKey(p: Page, k: string) {
  p.properties["Sync Key"]!.rich_text = [{ ...p.properties["Sync Key"]!.rich_text![0]!, plain_text: k, text: { content: k } }];
}

describe("chaos check", () => {
  test("a synced fleet: nothing duplicate, missing, stale or unarchived; the snapshot agrees with the dataset", () => {
    const r = checkNotion(clean, snapshot, ledgerView());
    expect(r.disagree).toBe(0);
    expect(describeOffenders(r)).toEqual([]);
    expect(r.records).toBeGreaterThan(20);
    expect(r.pages).toBe(r.records);
    expect(snapshotDisagreements(snapshot, s.emulators.dataset)).toEqual([]);
  });

  test("each kind of damage is counted and names the record", () => {
    const d = copy();
    const dup = structuredClone(devicePage(d, 0));
    dup.id = "00000000-0000-4000-8000-00000000d0b1";
    d.pages.push(dup);
    const gone = devicePage(d, 1);
    (gone as { in_trash: boolean }).in_trash = true;
    const stale = devicePage(d, 2);
    const staleKey = key(stale);
    const title = Object.values(stale.properties).find((v) => v.type === "title") as unknown as { title: { plain_text: string; text: { content: string } }[] };
    title.title = [{ ...title.title[0]!, plain_text: "renamed by hand", text: { content: "renamed by hand" } }];
    const extra = structuredClone(devicePage(d, 3));
    extra.id = "00000000-0000-4000-8000-0000000e0e0e";
    setKey(extra, "ninjaone:device:999999");
    d.pages.push(extra);

    const r = checkNotion(d, snapshot);
    expect([r.duplicates, r.missing, r.stale, r.unarchived]).toEqual([1, 1, 1, 1]);
    const by = Object.fromEntries(r.offenders.map((o) => [o.problem, o]));
    expect(by.duplicate!.key).toBe(key(dup));
    expect(by.duplicate!.detail).toContain(dup.id);
    expect(by.missing!.key).toBe(key(gone));
    expect(by.stale!.key).toBe(staleKey);
    expect(by.stale!.detail).toContain("renamed by hand");
    expect(by.unarchived!.key).toBe("ninjaone:device:999999");
  });

  test("the ledger's hash against the page as read back: 'synced' over a page that differs is its own kind of damage", () => {
    const ledger = ledgerView();
    const [k, row] = [...ledger.get("devices")!][0]!;
    // The race's footprint: Notion right, ledger's hash of something else (no write in doubt).
    ledger.get("devices")!.set(k, { ...row, contentHash: "c2:00000000000000000000000000000000" });
    const r = checkNotion(clean, snapshot, ledger);
    expect([r.duplicates, r.missing, r.stale, r.unarchived, r.disagree]).toEqual([0, 0, 0, 0, 1]);
    expect(r.offenders[0]).toMatchObject({ problem: "disagree", key: k });
    expect(r.offenders[0]!.detail).toContain("reads back as c2:");
    // A write in doubt claims nothing: the next run writes the record anyway.
    ledger.get("devices")!.set(k, { ...row, contentHash: "c2:00000000000000000000000000000000", writeStartedAt: "2026-01-01T00:00:00.000Z" });
    expect(checkNotion(clean, snapshot, ledger).disagree).toBe(0);
    // A ledger pointing at another page than the live one.
    ledger.get("devices")!.set(k, { ...row, notionPageId: "00000000-0000-4000-8000-00000000abcd" });
    expect(checkNotion(clean, snapshot, ledger).offenders[0]!.detail).toContain("the ledger names page 00000000-0000-4000-8000-00000000abcd");
  });

  test("a record the sources hold but whose reader lost it is a disagreement, not a silent pass", () => {
    const partial: SourceSnapshot = { ...snapshot, devices: snapshot.devices.slice(1) };
    const out = snapshotDisagreements(partial, s.emulators.dataset);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain(snapshot.devices[0]!.key);
  });

  test("two live databases with one title make the check refuse, not guess", () => {
    const d = copy();
    const ds = structuredClone(d.data_sources[0]!);
    ds.id = "00000000-0000-4000-8000-0000000da7a5";
    d.data_sources.push(ds);
    expect(() => checkNotion(d, snapshot)).toThrow(/two live data sources are titled/);
  });
});
