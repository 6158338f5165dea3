import type { DataSourceObjectResponse } from "@notionhq/client";
import type { NotionApi, CreateDatabaseInitialProperties } from "./api";
import { checkSchema, type SchemaProblem } from "./schema-check";
import { propertySchema } from "./schema-request";
import { DATABASE_NAMES, TEMPLATES, type DatabaseName } from "./templates";
import { normalizeId } from "./props";

export type SetupAction = "found" | "adopted" | "created" | "recreated";

export interface SetupEntry {
  name: DatabaseName;
  databaseId: string;
  dataSourceId: string;
  action: SetupAction;
  /** Template property name → Notion property id, as the database stands after setup. */
  propertyIds: Record<string, string>;
}

export interface SetupResult {
  databases: SetupEntry[];
  /** "sites.Match"-style names of properties added (by --migrate, or relation targets repaired). */
  changed: string[];
  /** Problems left for a person (e.g. a column whose type was changed). */
  problems: SchemaProblem[];
}

export interface SetupInput {
  notion: NotionApi;
  /** Ids already known (config first, then ledger), per database. */
  known: Partial<Record<DatabaseName, string>>;
  parentPageId?: string;
  recreate?: DatabaseName;
  migrate: boolean;
  /** Property ids remembered from an earlier setup, per database (rename detection). */
  knownPropertyIds?: Partial<Record<DatabaseName, Record<string, string>>>;
}

/** Setup cannot go on (no parent page to create under, a database that cannot be found...). */
export class SetupError extends Error {
  override name = "SetupError";
}

/**
 * Creates, finds, adopts or recreates the four databases, in relation order. A database that
 * already exists under the parent page with the template's title is adopted rather than created
 * twice. With `migrate`, missing properties are added and relation targets repaired; a user's own
 * columns are never removed and a changed column type is reported, not overwritten.
 */
export async function setupDatabases(input: SetupInput): Promise<SetupResult> {
  const { notion } = input;
  const entries: SetupEntry[] = [];
  const dsIds: Partial<Record<DatabaseName, string>> = {};
  const changed: string[] = [];

  for (const name of DATABASE_NAMES) {
    const template = TEMPLATES[name];
    let id = input.known[name];
    let action: SetupAction = "found";
    if (id && input.recreate === name) {
      await notion.trashDatabase(id);
      id = undefined;
      action = "recreated";
    }
    if (!id && action !== "recreated") {
      const adopted = await findUnderParent(notion, template.title, input.parentPageId);
      if (adopted) {
        id = adopted;
        action = "adopted";
      }
    }
    if (!id) {
      if (!input.parentPageId) {
        throw new SetupError(`no database for ${name} and no parent page to create it under: pass --parent-page ID or set notion.parent_page_id`);
      }
      const properties = Object.fromEntries(
        Object.entries(template.properties).map(([prop, spec]) => [prop, propertySchema(spec, dsIds)]),
      ) as CreateDatabaseInitialProperties;
      const db = await notion.createDatabase({ parentPageId: input.parentPageId, title: template.title, properties });
      id = db.id;
      if (action !== "recreated") action = "created";
    }
    const db = await notion.retrieveDatabase(id);
    const source = db.data_sources?.[0];
    if (!source || (db.data_sources?.length ?? 0) !== 1) {
      throw new SetupError(`database ${name} (${id}) must have exactly one data source, it has ${db.data_sources?.length ?? 0}`);
    }
    dsIds[name] = source.id;
    entries.push({ name, databaseId: db.id, dataSourceId: source.id, action, propertyIds: {} });
  }

  const problems: SchemaProblem[] = [];
  const recreated = entries.some((e) => e.action === "recreated");
  for (const entry of entries) {
    let ds = await notion.retrieveDataSource(entry.dataSourceId);
    let found = checkSchema(TEMPLATES[entry.name], ds.properties, dsIds, input.knownPropertyIds?.[entry.name]);
    // Relation targets are repaired whenever a database was recreated: its old data source is gone.
    const fixable = found.filter((p) => (input.migrate && (p.kind === "missing" || p.kind === "renamed")) || ((input.migrate || recreated) && p.kind === "wrong_relation"));
    if (fixable.length) {
      const spec = TEMPLATES[entry.name].properties;
      const update = Object.fromEntries(fixable.map((p) => [p.property, propertySchema(spec[p.property]!, dsIds)]));
      await notion.updateDataSource(entry.dataSourceId, update as Parameters<NotionApi["updateDataSource"]>[1]);
      changed.push(...fixable.map((p) => `${entry.name}.${p.property}`));
      found = found.filter((p) => !fixable.includes(p));
      ds = await notion.retrieveDataSource(entry.dataSourceId);
    }
    problems.push(...found);
    for (const prop of Object.values(ds.properties)) if (TEMPLATES[entry.name].properties[prop.name]) entry.propertyIds[prop.name] = prop.id;
  }
  return { databases: entries, changed, problems };
}

/** A live database with this title directly under the parent page (or anywhere, with no parent given). */
async function findUnderParent(notion: NotionApi, title: string, parentPageId?: string): Promise<string | null> {
  const sources = await notion.searchDataSources(title);
  const matches = sources.filter((ds) => {
    const dsTitle = ds.title.map((t) => t.plain_text).join("");
    if (dsTitle !== title || ds.in_trash) return false;
    if (!parentPageId) return true;
    const parent = (ds as DataSourceObjectResponse & { database_parent?: { page_id?: string } }).database_parent;
    return parent?.page_id !== undefined && normalizeId(parent.page_id) === normalizeId(parentPageId);
  });
  if (matches.length > 1) throw new SetupError(`${matches.length} databases titled "${title}" found; set databases.* in the config to pick one`);
  const match = matches[0];
  return match ? (match.parent as { database_id: string }).database_id : null;
}
