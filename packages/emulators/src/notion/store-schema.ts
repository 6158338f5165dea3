import { convertValue } from "./convert";
import { notFound, validationError } from "./errors";
import type { PropertySchema, StoredDataSource } from "./model";
import { plainText } from "./model";
import { applyDraft, findProperty, newOption } from "./schema";
import type { PropertyChange, PropertyDraft } from "./schema-request";
import type { StoreCore } from "./store-core";

/** A property to create: its name (the key in the request) and definition. */
export interface NamedDraft {
  name: string;
  draft: PropertyDraft;
}

const where = (name: string) => `body.properties.${name}`;

function checkRelationTarget(store: StoreCore, draft: PropertyDraft): void {
  if (draft.relation && !store.dataSources.has(draft.relation.data_source_id)) throw notFound("data_source", draft.relation.data_source_id);
}

/** A name no property of `ds` has yet: `base`, else `base 2`, `base 3`... */
function freeName(ds: StoredDataSource, base: string): string {
  let name = base;
  for (let i = 2; ds.properties.some((p) => p.name === name); i++) name = `${base} ${i}`;
  return name;
}

function newProperty(store: StoreCore, ds: StoredDataSource, name: string, draft: PropertyDraft): PropertySchema {
  const taken = new Set(ds.properties.map((p) => p.id));
  const prop: PropertySchema = {
    id: draft.type === "title" ? "title" : store.ids.propertyId(taken),
    name,
    type: draft.type,
    description: null,
  };
  applyDraft(prop, draft, store.ids, where(name));
  ds.properties.push(prop);
  if (draft.relation) attachRelation(store, ds, prop, draft.relation);
  return prop;
}

/**
 * Points `prop` at its target. A dual relation also gets its mirror on the target data source,
 * named "Related to <source> (<property>)" unless the request names it.
 */
function attachRelation(store: StoreCore, ds: StoredDataSource, prop: PropertySchema, rel: NonNullable<PropertyDraft["relation"]>): void {
  const target = store.requireDataSource(rel.data_source_id);
  prop.relation = { data_source_id: target.id, database_id: target.databaseId, kind: rel.kind };
  if (rel.kind !== "dual_property") return;
  const mirrorName = freeName(target, rel.synced_property_name ?? `Related to ${plainText(ds.title) || "Untitled"} (${prop.name})`);
  const mirror: PropertySchema = {
    id: store.ids.propertyId(new Set(target.properties.map((p) => p.id))),
    name: mirrorName,
    type: "relation",
    description: null,
    relation: { data_source_id: ds.id, database_id: ds.databaseId, kind: "dual_property", synced_property_id: prop.id, synced_property_name: prop.name },
  };
  target.properties.push(mirror);
  prop.relation.synced_property_id = mirror.id;
  prop.relation.synced_property_name = mirror.name;
}

/** Writes every existing link of `prop` onto its mirror, on the linked pages. */
function fillMirror(store: StoreCore, ds: StoredDataSource, prop: PropertySchema): void {
  const mirrorId = prop.relation?.synced_property_id;
  if (!mirrorId) return;
  for (const page of store.pagesIn(ds.id, { includeTrashed: true })) {
    const v = page.values[prop.id];
    if (v?.type !== "relation") continue;
    for (const otherId of v.pageIds) {
      const other = store.pages.get(otherId);
      if (!other) continue;
      const list = other.values[mirrorId]?.type === "relation" ? (other.values[mirrorId] as { pageIds: string[] }).pageIds : [];
      if (!list.includes(page.id)) other.values[mirrorId] = { type: "relation", pageIds: [...list, page.id] };
    }
  }
}

/** The mirror of a dual relation, if it still is one. */
function partnerOf(store: StoreCore, prop: PropertySchema): PropertySchema | undefined {
  const r = prop.relation;
  if (r?.kind !== "dual_property" || !r.synced_property_id) return undefined;
  return store.dataSources.get(r.data_source_id)?.properties.find((p) => p.id === r.synced_property_id);
}

/** When one side of a dual relation goes away, the other side keeps its links as a one-way relation. */
function detachPartner(store: StoreCore, prop: PropertySchema): void {
  const partner = partnerOf(store, prop);
  if (!partner?.relation) return;
  partner.relation = { data_source_id: partner.relation.data_source_id, database_id: partner.relation.database_id, kind: "single_property" };
}

/** Validates a whole new schema, then returns the step that builds it on `ds`. */
export function buildSchema(store: StoreCore, ds: StoredDataSource, drafts: NamedDraft[]): () => void {
  const titles = drafts.filter((d) => d.draft.type === "title").length;
  if (titles !== 1) throw validationError(`A data source must have exactly one title property, instead had ${titles}.`);
  for (const d of drafts) checkRelationTarget(store, d.draft);
  return () => {
    for (const d of drafts) newProperty(store, ds, d.name, d.draft);
  };
}

/** Creates a select / multi_select option named on a page write (Notion does this on the fly). */
export function newOptionOn(store: StoreCore, prop: PropertySchema, name: string, color?: string): string {
  const option = newOption(name, store.ids, color);
  (prop.options ??= []).push(option);
  return option.id;
}

function validateChanges(store: StoreCore, ds: StoredDataSource, changes: [string, PropertyChange][]): void {
  const clash = (name: string, self?: PropertySchema) => {
    if (ds.properties.some((p) => p.name === name && p !== self)) throw validationError(`A property named ${name} already exists.`);
  };
  for (const [key, change] of changes) {
    const existing = findProperty(ds.properties, key);
    if (!existing && change.kind !== "define") throw validationError(`${key} is not a property that exists.`);
    if (change.kind === "remove" && existing?.type === "title") throw validationError("The title property cannot be removed.");
    if (change.kind === "rename") clash(change.name, existing);
    if (change.kind === "define") {
      const { draft } = change;
      if (existing && (existing.type === "title") !== (draft.type === "title")) {
        throw validationError(`${key}: a data source has exactly one title property; its type cannot change.`);
      }
      if (!existing && draft.type === "title") throw validationError(`${key}: a data source has exactly one title property.`);
      clash(draft.name ?? (existing ? existing.name : key), existing);
      checkRelationTarget(store, draft);
    }
  }
}

/** Applies `properties` of a data source update, carrying every change through to its pages. */
export function applySchemaChanges(store: StoreCore, ds: StoredDataSource, changes: [string, PropertyChange][]): void {
  validateChanges(store, ds, changes);
  const pages = store.pagesIn(ds.id, { includeTrashed: true });
  for (const [key, change] of changes) {
    const prop = findProperty(ds.properties, key);
    if (change.kind === "remove" && prop) {
      detachPartner(store, prop);
      ds.properties = ds.properties.filter((p) => p !== prop);
      for (const page of pages) delete page.values[prop.id];
    } else if (change.kind === "rename" && prop) {
      prop.name = change.name;
      const partner = partnerOf(store, prop);
      if (partner?.relation) partner.relation.synced_property_name = change.name;
    } else if (change.kind === "define" && !prop) {
      newProperty(store, ds, change.draft.name ?? key, change.draft);
    } else if (change.kind === "define" && prop) {
      redefine(store, ds, prop, change.draft);
    }
  }
}

function redefine(store: StoreCore, ds: StoredDataSource, prop: PropertySchema, draft: PropertyDraft): void {
  const old: PropertySchema = structuredClone(prop);
  if (draft.name) prop.name = draft.name;
  applyDraft(prop, draft, store.ids, where(prop.name), old);
  const pages = store.pagesIn(ds.id, { includeTrashed: true });
  const relationChanged =
    old.type === "relation" &&
    (draft.type !== "relation" || draft.relation?.data_source_id !== old.relation?.data_source_id || draft.relation?.kind !== old.relation?.kind);
  if (relationChanged) detachPartner(store, old);
  if (draft.type === "relation" && draft.relation && (old.type !== "relation" || relationChanged)) {
    attachRelation(store, ds, prop, draft.relation);
    // Links into a different data source cannot survive a change of target.
    if (old.relation?.data_source_id !== draft.relation.data_source_id) for (const page of pages) delete page.values[prop.id];
    // A one-way relation made two-way keeps its links, and the new reverse side lists them (a
    // relation is one set of links, shown from both ends).
    else if (draft.relation.kind === "dual_property") fillMirror(store, ds, prop);
    return;
  }
  if (old.type === prop.type) return;
  const option = (name: string) => {
    const found = prop.options?.find((o) => o.name === name);
    if (found) return found.id;
    return prop.type === "status" ? undefined : newOptionOn(store, prop, name);
  };
  for (const page of pages) {
    const next = convertValue(old, prop, page.values[prop.id], option);
    if (next) page.values[prop.id] = next;
    else delete page.values[prop.id];
  }
}
