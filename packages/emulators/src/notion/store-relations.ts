import type { PropertySchema, StoredPage, StoredValue } from "./model";
import type { StoreCore } from "./store-core";

const idsOf = (v: StoredValue | undefined): string[] => (v?.type === "relation" ? v.pageIds : []);

/**
 * Keeps both sides of a dual relation in step, as Notion does: linking page A to B through a
 * dual property also lists A on B's mirror property, and B counts as edited.
 */
export function mirrorDualRelations(
  store: StoreCore,
  page: StoredPage,
  prop: PropertySchema,
  before: StoredValue | undefined,
  after: StoredValue,
): void {
  const rel = prop.relation;
  if (rel?.kind !== "dual_property" || !rel.synced_property_id) return;
  const mirrorId = rel.synced_property_id;
  const old = new Set(idsOf(before));
  const now = new Set(idsOf(after));
  const changed = [...now].filter((id) => !old.has(id)).concat([...old].filter((id) => !now.has(id)));
  for (const otherId of changed) {
    const other = store.pages.get(otherId);
    if (!other || other.parent.type !== "data_source_id" || other.parent.data_source_id !== rel.data_source_id) continue;
    const list = idsOf(other.values[mirrorId]).filter((id) => id !== page.id);
    if (now.has(otherId)) list.push(page.id);
    other.values[mirrorId] = { type: "relation", pageIds: list };
    store.touch(other);
  }
}
