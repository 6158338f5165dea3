import type { PageObjectResponse } from "@notionhq/client";
import type { NotionApi } from "../notion/api";
import { fromResponse, type PropMap } from "../notion/props";
import { SYNC_KEY, type DatabaseTemplate } from "../notion/templates";
import type { ExistingPage } from "./plan";

/** A page's values in the compared form, for the template's properties only (users' own columns are ignored). */
export function pageProps(page: PageObjectResponse, template: DatabaseTemplate): PropMap {
  const out: PropMap = {};
  for (const [name, spec] of Object.entries(template.properties)) {
    const v = fromResponse(page.properties[name], spec.type);
    if (v) out[name] = v;
  }
  return out;
}

export function syncKeyOf(page: PageObjectResponse): string | null {
  const v = fromResponse(page.properties[SYNC_KEY], "rich_text");
  const key = v?.type === "rich_text" ? v.value.trim() : "";
  return key || null;
}

export function toExisting(page: PageObjectResponse, template: DatabaseTemplate): ExistingPage {
  return { pageId: page.id, props: pageProps(page, template), lastEditedTime: page.last_edited_time };
}

/**
 * Reads every live page of a database (100 per request) and groups them by Sync Key. Pages
 * without a key (typed in by hand, or legacy) are counted but not touched.
 */
export async function readExisting(
  notion: NotionApi,
  dataSourceId: string,
  template: DatabaseTemplate,
): Promise<{ byKey: Map<string, ExistingPage[]>; withoutKey: number }> {
  const byKey = new Map<string, ExistingPage[]>();
  let withoutKey = 0;
  for await (const page of notion.allPages(dataSourceId)) {
    const key = syncKeyOf(page);
    if (!key) {
      withoutKey++;
      continue;
    }
    const list = byKey.get(key);
    const entry = toExisting(page, template);
    if (list) list.push(entry);
    else byKey.set(key, [entry]);
  }
  return { byKey, withoutKey };
}
