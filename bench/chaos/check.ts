/**
 * The chaos run's verdict: the emulated Notion (its dump) against what the sources hold now.
 *
 * What a page SHOULD hold is built with the product's own job builders (`JOBS[i].build`) from a
 * fresh source snapshot, relations resolved from the dump (the live page carrying the related
 * record's Sync Key), and compared with the product's canonical comparison (`diffProps` against
 * `pageProps` of the dumped page). So this checks the sync's bookkeeping under faults and kills
 * (ledger, lookups, retries, adoption, archiving), not the builders' mapping of source fields:
 * that mapping is what the rest of the test suite pins down. The key sets are also checked
 * independently of the product, from the raw emulator dataset (`expectedKeys`).
 *
 * Pure: a dump and a snapshot in, counts and offending keys out.
 */
import type { PageObjectResponse } from "@notionhq/client";
import type { NotionDump } from "@oberaconnect/emulators/notion";
import type { Dataset } from "@oberaconnect/emulators/dataset/types";
import type { PlanRow } from "../../src/ledger/schema";
import { diffProps, normalizeId, type PropMap } from "../../src/notion/props";
import { contentHash } from "../../src/sync/hash";
import { DATABASE_NAMES, TEMPLATES, type DatabaseName } from "../../src/notion/templates";
import { keys } from "../../src/core/model";
import { pageProps, syncKeyOf } from "../../src/sync/existing";
import { JOBS } from "../../src/sync/jobs";
import type { JobName, SourceSnapshot } from "../../src/core/snapshot";

export type Problem = "duplicate" | "missing" | "stale" | "unarchived" | "disagree";

export interface Offender {
  problem: Problem;
  job: JobName;
  key: string;
  /** What is wrong: the page ids of a duplicate, the differing properties of a stale page. */
  detail: string;
}

export interface CheckResult {
  duplicates: number;
  missing: number;
  stale: number;
  unarchived: number;
  /**
   * Records whose ledger row says "synced" with a hash, where the live page holds something else
   * (its properties as read back hash differently) or is not the page the ledger names: the
   * ledger believes Notion is current when it is not, so no later run would write it.
   */
  disagree: number;
  /** Live pages in the four databases. */
  pages: number;
  /** Desired records (what the sources hold now). */
  records: number;
  offenders: Offender[];
}

type LivePage = PageObjectResponse & { created_ms?: number };

const isLive = (o: { in_trash?: boolean; archived?: boolean }) => !o.in_trash && !o.archived;

/** Live data source id of each of the four databases, by the template's title; throws if ambiguous. */
export function dataSourcesByTitle(dump: NotionDump): Map<string, DatabaseName> {
  const byTitle = new Map(DATABASE_NAMES.map((n) => [TEMPLATES[n].title, n]));
  const out = new Map<string, DatabaseName>();
  const seen = new Map<DatabaseName, string>();
  for (const ds of dump.data_sources) {
    if (!isLive(ds as { in_trash?: boolean })) continue;
    const name = byTitle.get(ds.title.map((t) => t.plain_text).join(""));
    if (!name) continue;
    if (seen.has(name)) throw new Error(`two live data sources are titled ${TEMPLATES[name].title}: ${seen.get(name)} and ${ds.id}`);
    seen.set(name, ds.id);
    out.set(ds.id, name);
  }
  for (const n of DATABASE_NAMES) if (!seen.has(n)) throw new Error(`no live data source titled ${TEMPLATES[n].title}`);
  return out;
}

/** What the ledger believes of each record, per job (RecordsRepo.forJob). */
export type LedgerView = Map<JobName, Map<string, PlanRow>>;

/**
 * Counts duplicates, missing, stale and un-archived records and, given the ledger, where it
 * disagrees with Notion; offenders sorted by problem, job, key.
 */
export function checkNotion(dump: NotionDump, snapshot: SourceSnapshot, ledger?: LedgerView): CheckResult {
  const dsToDb = dataSourcesByTitle(dump);
  // Live pages per job and Sync Key, oldest first (a deterministic pick when there are several).
  const byJob = new Map<JobName, Map<string, LivePage[]>>(JOBS.map((j) => [j.name, new Map()]));
  const jobOfDb = new Map(JOBS.map((j) => [j.database, j.name]));
  const unkeyed: { job: JobName; id: string }[] = [];
  let pages = 0;
  for (const page of dump.pages as LivePage[]) {
    if (!isLive(page) || page.parent.type !== "data_source_id") continue;
    const db = dsToDb.get(page.parent.data_source_id);
    if (!db) continue;
    const job = jobOfDb.get(db) as JobName;
    pages++;
    const key = syncKeyOf(page);
    if (!key) {
      unkeyed.push({ job, id: page.id });
      continue;
    }
    const map = byJob.get(job)!;
    (map.get(key) ?? map.set(key, []).get(key)!).push(page);
  }
  for (const map of byJob.values()) {
    for (const list of map.values()) list.sort((a, b) => (a.created_ms ?? 0) - (b.created_ms ?? 0) || a.id.localeCompare(b.id));
  }
  const lookup = (job: JobName, key: string) => byJob.get(job)?.get(key)?.[0]?.id ?? null;

  const offenders: Offender[] = [];
  const present = new Set(snapshot.quarantine.map((q) => q.key).filter((k): k is string => k !== null));
  let records = 0;
  for (const job of JOBS) {
    const live = byJob.get(job.name)!;
    const desired = job.build(snapshot, lookup);
    records += desired.length;
    const wanted = new Set(desired.map((d) => d.key));
    for (const [key, list] of live) {
      if (list.length > 1) offenders.push({ problem: "duplicate", job: job.name, key, detail: `${list.length} live pages: ${list.map((p) => p.id).join(", ")}` });
      if (!wanted.has(key) && !present.has(key)) offenders.push({ problem: "unarchived", job: job.name, key, detail: `live page ${list[0]!.id}, not in the sources` });
    }
    for (const rec of desired) {
      const page = live.get(rec.key)?.[0];
      if (!page) {
        offenders.push({ problem: "missing", job: job.name, key: rec.key, detail: "no live page" });
        continue;
      }
      const current = pageProps(page, TEMPLATES[job.database]);
      const changed = diffProps(rec.props, current);
      if (changed.length) {
        const show = changed.map((n) => `${n} ${JSON.stringify(current[n]?.value ?? null)} (want ${JSON.stringify(rec.props[n]?.value ?? null)})`);
        offenders.push({ problem: "stale", job: job.name, key: rec.key, detail: `page ${page.id}: ${show.join("; ")}` });
      }
      const row = ledger?.get(job.name)?.get(rec.key);
      const why = row ? disagreement(row, page, current, Object.keys(rec.props)) : null;
      if (why) offenders.push({ problem: "disagree", job: job.name, key: rec.key, detail: why });
    }
  }
  // A live page without a Sync Key is nothing the sources hold: it should not be there either.
  for (const u of unkeyed) offenders.push({ problem: "unarchived", job: u.job, key: "(no Sync Key)", detail: `live page ${u.id}` });

  const order: Problem[] = ["duplicate", "missing", "stale", "unarchived", "disagree"];
  offenders.sort((a, b) => order.indexOf(a.problem) - order.indexOf(b.problem) || a.job.localeCompare(b.job) || a.key.localeCompare(b.key));
  const count = (p: Problem) => offenders.filter((o) => o.problem === p).length;
  return { duplicates: count("duplicate"), missing: count("missing"), stale: count("stale"), unarchived: count("unarchived"), disagree: count("disagree"), pages, records, offenders };
}

/**
 * Why a ledger row that claims the page is current is wrong, or null. Only rows that make the
 * claim count: "synced" with a hash and no write in doubt (the others will be written anyway).
 * The page's properties are hashed over the names the job writes, as the sync hashed them.
 */
function disagreement(row: PlanRow, page: LivePage, current: PropMap, names: string[]): string | null {
  if (row.state !== "synced" || !row.contentHash || row.writeStartedAt) return null;
  if (!row.notionPageId || normalizeId(row.notionPageId) !== normalizeId(page.id)) return `the ledger names page ${row.notionPageId}, the live page is ${page.id}`;
  const read: PropMap = {};
  for (const n of names) if (current[n]) read[n] = current[n];
  const hash = contentHash(read);
  return hash === row.contentHash ? null : `page ${page.id} reads back as ${hash}, the ledger holds ${row.contentHash}`;
}

/** Source keys per job, straight from the emulators' dataset (no product code involved). */
export function expectedKeys(d: Dataset): Record<JobName, string[]> {
  return {
    customers: d.ninjaone.organizations.map((o) => keys.customer(o.id)).sort(),
    sites: d.unifi.sites.map((s) => keys.site(s.siteId)).sort(),
    devices: [
      ...d.unifi.devices.flatMap((g) => g.devices.map((x) => keys.unifiDevice(x.mac ?? x.id))),
      ...d.ninjaone.devices.map((x) => keys.ninjaDevice(x.id)),
    ].sort(),
    alerts: d.ninjaone.alerts.map((a) => keys.alert(a.uid)).sort(),
  };
}

/**
 * Where the snapshot the check relies on disagrees with the raw dataset (a reader bug would make
 * the check compare against the wrong truth). Quarantined records count as present.
 */
export function snapshotDisagreements(snapshot: SourceSnapshot, dataset: Dataset): string[] {
  const want = expectedKeys(dataset);
  const quarantined = new Set(snapshot.quarantine.map((q) => q.key).filter((k): k is string => k !== null));
  const out: string[] = [];
  for (const job of JOBS) {
    const got = new Set(snapshot[job.name].map((r) => r.key));
    for (const k of want[job.name]) if (!got.has(k) && !quarantined.has(k)) out.push(`${job.name}: ${k} is in the dataset but not in the snapshot`);
    const all = new Set(want[job.name]);
    for (const k of got) if (!all.has(k)) out.push(`${job.name}: ${k} is in the snapshot but not in the dataset`);
  }
  const incomplete = JOBS.filter((j) => !snapshot.complete[j.name]).map((j) => j.name);
  if (incomplete.length) out.push(`snapshot incomplete for ${incomplete.join(", ")}: ${snapshot.problems.join("; ")}`);
  return out;
}

/** "stale devices ninjaone:device:12: page …: Status …" lines, the first `n`. */
export function describeOffenders(result: CheckResult, n = 10): string[] {
  return result.offenders.slice(0, n).map((o) => `${o.problem} ${o.job} ${o.key}: ${o.detail}`);
}
