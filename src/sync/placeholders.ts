/**
 * Relations to pages that do not exist yet. A poll plans a site before its customer's page has
 * been created (the writer has not got to it): the site's Customer relation then holds a
 * placeholder id for the customer's Sync Key, and the writer, which writes that customer first
 * (dependency promotion), puts the real page id in its place when it writes the site. So a first
 * sync writes each page once, relations included; a placeholder whose page cannot be made (its
 * create is refused) is left out of the relation, and the next poll fills it once the page exists.
 * @module
 */
import { hash } from "node:crypto";
import type { JobName, PropMap } from "../core";

/**
 * A 32-hex-digit id for (job, key), recognised only through the record's own refs: a real page
 * id equal to one would need a SHA-256 collision.
 */
export function placeholderId(job: JobName, key: string): string {
  return `fff0${hash("sha256", `${job}\u0000${key}`).slice(0, 28)}`;
}

/**
 * The props with every placeholder of `refs` replaced by its page id (`pageOf`), or dropped when
 * the page does not exist; `changed` says whether anything was replaced or dropped.
 */
export function resolvePlaceholders(props: PropMap, refs: readonly [JobName, string][], pageOf: (job: JobName, key: string) => string | null): { props: PropMap; changed: boolean } {
  const byId = new Map(refs.map(([job, key]) => [placeholderId(job, key), [job, key] as const]));
  let changed = false;
  const out: PropMap = {};
  for (const [name, v] of Object.entries(props)) {
    if (v.type !== "relation" || !v.value.some((id) => byId.has(id))) {
      out[name] = v;
      continue;
    }
    changed = true;
    const ids = v.value.flatMap((id) => {
      const ref = byId.get(id);
      if (!ref) return [id];
      const page = pageOf(ref[0], ref[1]);
      return page ? [page] : [];
    });
    out[name] = { type: "relation", value: ids };
  }
  return { props: out, changed };
}

/** The refs of a queued change whose pages are placeholders in its props. */
export function placeholderRefs(props: PropMap, refs: readonly [JobName, string][]): [JobName, string][] {
  const used = new Set(Object.values(props).flatMap((v) => (v.type === "relation" ? v.value : [])));
  return refs.filter(([job, key]) => used.has(placeholderId(job, key)));
}
