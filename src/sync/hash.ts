import { createHash } from "node:crypto";
import { asStored, type PropMap } from "../notion/props";

/**
 * Content hash of a record's properties as Notion will store them (chunked, cut), with keys in
 * a fixed order. Equal hash ⇒ the page already shows these values ⇒ no request at all.
 */
export function contentHash(props: PropMap): string {
  const canonical = Object.keys(props)
    .sort()
    .map((name) => {
      const v = asStored(props[name] as PropMap[string]);
      return [name, v.type, v.value];
    });
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex").slice(0, 32);
}
