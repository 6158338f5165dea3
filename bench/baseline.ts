/**
 * The usual way people sync into Notion, for comparison: the Notion cookbook's
 * `notion-github-sync` (notion-api reference §5), applied to the same records our jobs build.
 * Per database, each run:
 *  1. `databases.retrieve` for the data source id;
 *  2. `dataSources.query` with no filter, sorts or page_size, sequentially to the end;
 *  3. `pages.properties.retrieve` of the key property for every page, sequentially (redundant:
 *     the query already returned it; the cookbook does it anyway);
 *  4. creates in chunks of 10 parallel `pages.create`, then updates of EVERY existing record in
 *     chunks of 10 parallel `pages.update` (no diff check);
 *  5. nothing archived; one rejection ends the run (no error handling).
 * The client keeps its defaults (2 retries on 429 with Retry-After, 60 s timeout). Relations
 * point at the pages the baseline itself found or created, so the records are the same ones.
 * Kept apart from the product on purpose: nothing here is used by src/.
 */
import { Client, isFullPage, type PageObjectResponse } from "@notionhq/client";
import { toRequest, type PropMap } from "../src/notion/props";
import { SYNC_KEY } from "../src/notion/templates";
import { JOBS } from "../src/sync/jobs";
import type { JobName, SourceSnapshot } from "../src/core/snapshot";

export interface BaselineResult {
  completed: boolean;
  error: string | null;
  creates: number;
  updates: number;
}

const chunk = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

export async function cookbookSync(opts: { baseUrl: string; token: string; databases: Record<string, string>; snapshot: SourceSnapshot }): Promise<BaselineResult> {
  const notion = new Client({ auth: opts.token, baseUrl: opts.baseUrl, logger: () => {} });
  const result: BaselineResult = { completed: false, error: null, creates: 0, updates: 0 };
  const pageIds = new Map<JobName, Map<string, string>>();
  try {
    for (const job of JOBS) {
      const databaseId = opts.databases[job.database] as string;
      const db = await notion.databases.retrieve({ database_id: databaseId });
      const ds = (db as { data_sources: { id: string }[] }).data_sources[0]!.id;
      const pages: PageObjectResponse[] = [];
      let cursor: string | undefined;
      do {
        const res = await notion.dataSources.query({ data_source_id: ds, ...(cursor ? { start_cursor: cursor } : {}) });
        pages.push(...res.results.filter(isFullPage));
        cursor = res.next_cursor ?? undefined;
      } while (cursor);
      const byKey = new Map<string, string>();
      for (const page of pages) {
        const prop = page.properties[SYNC_KEY];
        if (!prop) continue;
        const value = await notion.pages.properties.retrieve({ page_id: page.id, property_id: prop.id });
        const items = "results" in value ? value.results : [value];
        const key = items.map((i) => ("rich_text" in i && i.type === "rich_text" ? i.rich_text.plain_text : "")).join("");
        if (key) byKey.set(key, page.id); // the last page wins; duplicates are never seen
      }
      pageIds.set(job.name, byKey);
      const desired = job.build(opts.snapshot, (j, key) => pageIds.get(j)?.get(key) ?? null);
      const creates = desired.filter((d) => !byKey.has(d.key));
      const updates = desired.filter((d) => byKey.has(d.key));
      for (const part of chunk(creates, 10)) {
        const made = await Promise.all(part.map((d) => notion.pages.create({ parent: { database_id: databaseId }, properties: toRequest(d.props as PropMap) })));
        made.forEach((p, i) => byKey.set(part[i]!.key, p.id));
        result.creates += part.length;
      }
      for (const part of chunk(updates, 10)) {
        await Promise.all(part.map((d) => notion.pages.update({ page_id: byKey.get(d.key) as string, properties: toRequest(d.props as PropMap) })));
        result.updates += part.length;
      }
    }
    result.completed = true;
  } catch (err) {
    result.error = err instanceof Error ? `${err.name}: ${err.message.slice(0, 160)}` : String(err);
  }
  return result;
}
