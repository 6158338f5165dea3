import type { LedgerRepos } from "../ledger/repos";
import type { PageObjectResponse } from "@notionhq/client";
import type { Config } from "../config/schema";
import type { NotionApi } from "../notion/api";
import { fromResponse, normalizeId } from "../notion/props";
import { TEMPLATES, titleProperty, type DatabaseName } from "../notion/templates";
import { NotFoundError, ValidationError } from "../http";
import { resolveDatabases } from "./databases";
import { syncKeyOf } from "./existing";
import { JOBS, jobForDatabase } from "./jobs";
import type { RecordsRepo } from "../ledger/records-repo";
import type { JobName } from "../core/snapshot";

export interface DuplicateGroup {
  database: DatabaseName;
  /** The Sync Key, or "title:<title>" for legacy pages without one. */
  key: string;
  keep: { pageId: string; lastEdited: string };
  archive: { pageId: string; lastEdited: string }[];
}

export interface DedupeResult {
  groups: DuplicateGroup[];
  archived: number;
  failed: string[];
}

/**
 * Groups pages that stand for the same record: same Sync Key, or, for legacy pages without
 * one, same title AND same Customer (two customers may well both have a "FRONT-DESK-PC"). Pure.
 */
export function findDuplicates(database: DatabaseName, pages: PageObjectResponse[]): DuplicateGroup[] {
  const template = TEMPLATES[database];
  const title = titleProperty(template);
  const groups = new Map<string, PageObjectResponse[]>();
  for (const page of pages) {
    let key = syncKeyOf(page);
    if (!key) {
      const t = fromResponse(page.properties[title], "title");
      const customer = fromResponse(page.properties["Customer"], "relation");
      const text = t?.type === "title" ? t.value.trim() : "";
      if (!text) continue;
      key = `title:${text}${customer?.type === "relation" && customer.value.length ? `|${customer.value.join(",")}` : ""}`;
    }
    groups.set(key, [...(groups.get(key) ?? []), page]);
  }
  const out: DuplicateGroup[] = [];
  for (const [key, list] of groups) {
    if (list.length < 2) continue;
    // Newest edit wins: it carries whatever a person last corrected.
    const sorted = [...list].sort((a, b) => b.last_edited_time.localeCompare(a.last_edited_time) || a.id.localeCompare(b.id));
    const [keep, ...rest] = sorted.map((p) => ({ pageId: p.id, lastEdited: p.last_edited_time }));
    out.push({ database, key, keep: keep!, archive: rest });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

/** Archives the extra pages and points the ledger at the kept one (its hash is dropped so the next run checks it). */
export async function applyDedupe(
  groups: DuplicateGroup[],
  notion: NotionApi,
  repo: RecordsRepo,
  jobOf: (db: DatabaseName) => JobName,
): Promise<DedupeResult> {
  let archived = 0;
  const failed: string[] = [];
  for (const g of groups) {
    for (const page of g.archive) {
      try {
        await notion.updatePage(page.pageId, { inTrash: true });
        archived++;
      } catch (err) {
        if (err instanceof NotFoundError || (err instanceof ValidationError && /archived/i.test(err.message))) continue;
        failed.push(`${g.key} ${page.pageId}: ${(err as Error).message}`);
      }
    }
    if (g.key.startsWith("title:")) continue;
    const job = jobOf(g.database);
    const row = repo.get(job, g.key);
    if (row && normalizeId(row.notionPageId ?? "") !== normalizeId(g.keep.pageId)) repo.repoint(job, g.key, g.keep.pageId);
    if (row) repo.invalidate(job, g.key);
  }
  return { groups, archived, failed };
}

export interface DedupeDeps {
  config: Config;
  notion: NotionApi;
  repos: Pick<LedgerRepos, "registry" | "records" | "acquireLease">;
}

export interface DedupeReport extends DedupeResult {
  applied: boolean;
  /** Pages that would be (or were) archived. */
  extra: number;
}

/**
 * The dedupe verb (CLI `dedupe`, POST /admin/dedupe): reads every page of the chosen databases,
 * groups duplicates and, with `apply`, archives the extras under the sync lease, so no sync
 * writes the same records meanwhile. Without `apply` it only reads.
 */
export async function dedupe(d: DedupeDeps, opts: { jobs: readonly JobName[]; apply: boolean }): Promise<DedupeReport> {
  const jobs = JOBS.filter((j) => opts.jobs.includes(j.name));
  const resolved = await resolveDatabases(jobs.map((j) => j.database), d.config, d.repos.registry, d.notion);
  const lease = opts.apply ? d.repos.acquireLease("sync", 10 * 60_000) : null;
  const report: DedupeReport = { groups: [], archived: 0, failed: [], applied: opts.apply, extra: 0 };
  try {
    for (const job of jobs) {
      const pages: PageObjectResponse[] = [];
      for await (const page of d.notion.allPages((resolved.get(job.database) as { dataSourceId: string }).dataSourceId)) pages.push(page);
      const groups = findDuplicates(job.database, pages);
      report.groups.push(...groups);
      report.extra += groups.reduce((n, g) => n + g.archive.length, 0);
      if (opts.apply && groups.length) {
        const result = await applyDedupe(groups, d.notion, d.repos.records, (db) => jobForDatabase(db).name);
        report.archived += result.archived;
        report.failed.push(...result.failed);
        lease?.renew();
      }
    }
    return report;
  } finally {
    lease?.release();
  }
}
