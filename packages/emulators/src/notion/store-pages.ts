import { archivedError, validationError } from "./errors";
import type { PropertySchema, StoredPage, StoredValue } from "./model";
import { planPropertyWrite } from "./property-values";
import { PLAIN_PAGE_SCHEMA } from "./render";
import type { StoreCore } from "./store-core";
import { mirrorDualRelations } from "./store-relations";
import { newOptionOn } from "./store-schema";

/** Where a new page goes, ids already normalised. */
export type PageParentInput =
  | { kind: "data_source"; id: string }
  | { kind: "database"; id: string }
  | { kind: "page"; id: string }
  | { kind: "workspace" };

/** The parts of a page PATCH the store applies (`properties` still raw, validated here). */
export interface PagePatch {
  properties?: unknown;
  inTrash?: boolean;
  icon?: unknown;
  cover?: unknown;
  isLocked?: boolean;
}

function resolveParent(store: StoreCore, input: PageParentInput): StoredPage["parent"] {
  switch (input.kind) {
    case "workspace":
      return { type: "workspace", workspace: true };
    case "page": {
      const parent = store.requirePage(input.id);
      if (parent.inTrash) throw archivedError();
      return { type: "page_id", page_id: parent.id };
    }
    case "database": {
      const db = store.requireDatabase(input.id);
      if (db.inTrash) throw archivedError();
      if (db.dataSourceIds.length !== 1) {
        throw validationError("Databases with multiple data sources are not supported as a page parent; use a data_source_id parent.");
      }
      return { type: "data_source_id", data_source_id: db.dataSourceIds[0] as string, database_id: db.id };
    }
    case "data_source": {
      const ds = store.requireDataSource(input.id);
      if (ds.inTrash || store.databaseOf(ds).inTrash) throw archivedError();
      return { type: "data_source_id", data_source_id: ds.id, database_id: ds.databaseId };
    }
  }
}

function writeValues(store: StoreCore, page: StoredPage, schema: readonly PropertySchema[], values: Map<string, StoredValue>): void {
  for (const [propId, value] of values) {
    const prop = schema.find((p) => p.id === propId) as PropertySchema;
    const before = page.values[propId];
    page.values[propId] = value;
    if (prop.relation?.kind === "dual_property") mirrorDualRelations(store, page, prop, before, value);
  }
}

const planFor = (store: StoreCore, properties: unknown, schema: readonly PropertySchema[]) =>
  properties === undefined ? undefined : planPropertyWrite(properties, schema, { page: (id) => store.pages.get(id) });

/**
 * Creates a page. The properties are validated in full first; only then does the page exist and
 * do new select options get created, so a refused request leaves no trace.
 */
export function createPage(store: StoreCore, parentInput: PageParentInput, properties: unknown, extras: { icon?: unknown; cover?: unknown }): StoredPage {
  const parent = resolveParent(store, parentInput);
  const schema = parent.type === "data_source_id" ? store.requireDataSource(parent.data_source_id).properties : PLAIN_PAGE_SCHEMA;
  const plan = planFor(store, properties, schema);
  const now = store.now();
  const seq = store.nextSeq();
  const page: StoredPage = {
    id: store.ids.uuid(),
    parent,
    inTrash: false,
    isLocked: false,
    icon: extras.icon ?? null,
    cover: extras.cover ?? null,
    values: {},
    createdMs: now,
    editedMs: now,
    createdSeq: seq,
    editSeq: seq,
  };
  // A new page starts on its status properties' first "To-do" option, as in Notion's UI.
  for (const prop of schema) {
    const first = prop.type === "status" ? prop.groups?.[0]?.option_ids[0] : undefined;
    if (first) page.values[prop.id] = { type: "status", optionId: first };
  }
  store.pages.set(page.id, page);
  if (plan) writeValues(store, page, schema, plan.commit((prop, name, color) => newOptionOn(store, prop, name, color)));
  return page;
}

/**
 * Applies a page PATCH. Every PATCH counts as an edit (last_edited_time and edit_seq move),
 * even one that rewrites identical values, as the real API does.
 */
export function updatePage(store: StoreCore, page: StoredPage, patch: PagePatch): StoredPage {
  const edits = patch.properties !== undefined || patch.icon !== undefined || patch.cover !== undefined;
  if (page.inTrash && patch.inTrash !== false && edits) throw archivedError();
  const schema = store.schemaOf(page);
  const plan = planFor(store, patch.properties, schema);
  if (patch.inTrash !== undefined) page.inTrash = patch.inTrash;
  if (patch.isLocked !== undefined) page.isLocked = patch.isLocked;
  if (patch.icon !== undefined) page.icon = patch.icon;
  if (patch.cover !== undefined) page.cover = patch.cover;
  if (plan) writeValues(store, page, schema, plan.commit((prop, name, color) => newOptionOn(store, prop, name, color)));
  store.touch(page);
  return page;
}
