/**
 * NinjaOne organizations → customers. Pure.
 * @module
 */
import type { NinjaOrganization } from "@oberaconnect/common/wire/ninjaone";
import { keys, type Customer } from "../core/model";

/** One customer per organization, in the order given. Description missing or blank → null. */
export function normalizeCustomers(orgs: readonly NinjaOrganization[]): Customer[] {
  return orgs.map((o) => ({
    key: keys.customer(o.id),
    orgId: o.id,
    name: o.name,
    description: o.description?.trim() ? o.description : null,
    tags: o.tags ?? [],
  }));
}

/** Keeps the first record of each key; later ones are returned separately so the caller can report them. */
export function dedupeByKey<T extends { key: string }>(records: readonly T[]): { unique: T[]; duplicates: string[] } {
  const seen = new Set<string>();
  const unique: T[] = [];
  const duplicates: string[] = [];
  for (const r of records) {
    if (seen.has(r.key)) duplicates.push(r.key);
    else {
      seen.add(r.key);
      unique.push(r);
    }
  }
  return { unique, duplicates };
}
