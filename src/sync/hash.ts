import { hash } from "node:crypto";
import { canonical, type PropMap } from "../notion/props";

/**
 * Names the canonical form the hash is taken over. A ledger hash without this prefix was made
 * by an older form (dates with seconds, before canonical.ts): the job compares with Notion once
 * (reads, no writes for equal pages) instead of rewriting every page whose hash "changed".
 */
export const HASH_SCHEME = "c2:";

/**
 * Content hash of a record's properties in their canonical form (what Notion will store), with
 * keys in a fixed order. Equal hash ⇒ the page already shows these values ⇒ no request at all.
 */
export function contentHash(props: PropMap): string {
  const ordered = Object.keys(props)
    .sort()
    .map((name) => {
      const v = canonical(props[name] as PropMap[string]);
      return [name, v.type, v.value];
    });
  // One-shot `hash`, not a createHash object per record: 60,000 native hasher objects in one
  // plan were the largest allocation of an unchanged run.
  return HASH_SCHEME + hash("sha256", JSON.stringify(ordered)).slice(0, 32);
}

/** Whether a ledger hash was made by an older canonical form (null: no hash, nothing to migrate). */
export const isStaleHash = (hash: string | null): boolean => hash !== null && hash !== "" && !hash.startsWith(HASH_SCHEME);
