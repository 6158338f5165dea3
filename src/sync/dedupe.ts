import type { PageObjectResponse } from "@notionhq/client";
import type { NotionApi } from "../notion/api";
import { fromResponse, normalizeId } from "../notion/props";
import { TEMPLATES, titleProperty, type DatabaseName } from "../notion/templates";
import { NotFoundError, ValidationError } from "../http";
import { syncKeyOf } from "./existing";
import type { RecordsRepo } from "./records-repo";
import type { JobName } from "./snapshot";

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
