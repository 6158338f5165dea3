import { z } from "zod";
import { validationError } from "./errors";
import { toInstant } from "./dates";
import { plainText, type PropertySchema, type StoredPage } from "./model";
import { findProperty } from "./schema";
import { parseOrThrow } from "./zod-messages";

const Direction = z.enum(["ascending", "descending"]);
const SortSchema = z.array(
  z.union(
    [
      z.strictObject({ property: z.string(), direction: Direction }),
      z.strictObject({ timestamp: z.enum(["created_time", "last_edited_time"]), direction: Direction }),
    ],
    { error: "should be a property or timestamp sort" },
  ),
);

export type Comparator = (a: StoredPage, b: StoredPage) => number;

/** A sort key of one page: a number or text, or undefined for an empty value. */
type Key = number | string | undefined;

function keyReader(prop: PropertySchema): (p: StoredPage) => Key {
  const order = (id: string | null | undefined) => {
    const i = prop.options?.findIndex((o) => o.id === id) ?? -1;
    return i >= 0 ? i : undefined;
  };
  return (page) => {
    if (prop.type === "created_time") return page.createdMs;
    if (prop.type === "last_edited_time") return page.editedMs;
    const v = page.values[prop.id];
    if (!v || v.type !== prop.type) return undefined;
    switch (v.type) {
      case "title":
      case "rich_text": {
        const t = plainText(v.items);
        return t === "" ? undefined : t.toLowerCase();
      }
      // Select and status sort by the option's position in the schema, as Notion's views do.
      case "select":
      case "status":
        return order(v.optionId);
      case "multi_select":
        return order(v.optionIds[0]);
      case "checkbox":
        return v.value ? 1 : 0;
      case "date":
        return v.value ? toInstant(v.value.start) : undefined;
      case "relation":
        return v.pageIds.length || undefined;
      case "number":
        return v.value ?? undefined;
      default:
        return v.value ? v.value.toLowerCase() : undefined;
    }
  };
}

function compareKeys(a: Key, b: Key): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * Parses `sorts` and builds the ordering. Empty values go last in either direction. With no
 * sorts, newest first; the docs do not state the default and newest-first is the one that
 * shifts under a caller paginating while rows are being created.
 */
export function compileSorts(raw: unknown, schema: readonly PropertySchema[]): Comparator {
  const sorts = raw === undefined ? [] : parseOrThrow(SortSchema, raw, "body", ["sorts"]);
  const keys = sorts.map((s) => {
    const sign = s.direction === "ascending" ? 1 : -1;
    if ("timestamp" in s) {
      const read = (p: StoredPage): Key => (s.timestamp === "created_time" ? p.createdMs : p.editedMs);
      return { read, sign };
    }
    const prop = findProperty(schema, s.property);
    if (!prop) throw validationError(`Could not find sort property with name or id: ${s.property}`);
    return { read: keyReader(prop), sign };
  });
  const tieSign = keys[0]?.sign ?? -1;
  return (a, b) => {
    for (const { read, sign } of keys) {
      const ka = read(a);
      const kb = read(b);
      if (ka === undefined && kb === undefined) continue;
      if (ka === undefined) return 1;
      if (kb === undefined) return -1;
      const c = compareKeys(ka, kb);
      if (c !== 0) return sign * c;
    }
    // Ties keep creation order, in the direction of the first key (newest first by default).
    return tieSign * (a.createdSeq - b.createdSeq);
  };
}
