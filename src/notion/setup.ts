import type { DatabaseObjectResponse } from "@notionhq/client";
import { OutcomeUnknownError } from "../http";
import type { NotionApi, CreateDatabaseInitialProperties } from "./api";
import { checkSchema } from "./schema-check";
import { propertySchema } from "./schema-request";
import { DATABASE_NAMES, TEMPLATES, type DatabaseName } from "./templates";
import { setupViews, type ViewsResult } from "./setup-views";
import { type SchemaProblem } from "../core";

export type SetupAction = "found" | "adopted" | "created" | "recreated";

export interface SetupEntry {
  name: DatabaseName;
  databaseId: string;
  dataSourceId: string;
  action: SetupAction;
  /** Template property name → Notion property id, as the database stands after setup. */
  propertyIds: Record<string, string>;
}

/** What is known of a database as soon as setup has it; property ids come at the end. */
export type KnownDatabase = Omit<SetupEntry, "propertyIds">;

export interface SetupResult {
  databases: SetupEntry[];
  /** "sites.Match"-style names of properties added (by --migrate, or relation targets repaired). */
  changed: string[];
  /** Problems left for a person (e.g. a column whose type was changed). */
  problems: SchemaProblem[];
  /** The on-call views: what was created or repaired, and the requests they took. */
  views: Omit<ViewsResult, "problems">;
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
  /**
   * Called as soon as each database is known (found, adopted, created, recreated) and before the
   * next one is handled, so that a setup killed half way has already recorded what it made.
   */
  onDatabase?: (db: KnownDatabase) => void | Promise<void>;
}

/** Setup cannot go on (no parent page to create under, a database that cannot be found...). */
export class SetupError extends Error {
  override name = "SetupError";
}

/**
 * Creates, finds, adopts or recreates the four databases, in relation order. A database that
 * already exists under the parent page with the template's title is adopted rather than created
 * twice; the parent's children are read for that, since search may not show a recent database.
 * With `migrate`, missing properties are added and relation targets repaired; a user's own
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
    let db: DatabaseObjectResponse | undefined;
    if (id && input.recreate === name) {
      await notion.trashDatabase(id);
      id = undefined;
      action = "recreated";
    }
    if (!id && action !== "recreated") {
      const existing = await findExisting(notion, template.title, input.parentPageId);
      if (existing) {
        id = existing;
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
      const made = await createOrAdopt(notion, { parentPageId: input.parentPageId, title: template.title, properties });
      id = made.id;
      db = made.db;
      if (action !== "recreated") action = made.db ? "created" : "adopted";
    }
    // The create response already names the data source; anything else is read back.
    if (!db?.data_sources?.length) db = await notion.retrieveDatabase(id);
    const source = db.data_sources?.[0];
    if (!source || (db.data_sources?.length ?? 0) !== 1) {
      throw new SetupError(`database ${name} (${id}) must have exactly one data source, it has ${db.data_sources?.length ?? 0}`);
    }
    dsIds[name] = source.id;
    entries.push({ name, databaseId: db.id, dataSourceId: source.id, action, propertyIds: {} });
    await input.onDatabase?.({ name, databaseId: db.id, dataSourceId: source.id, action });
  }

  const problems: SchemaProblem[] = [];
  const recreated = entries.some((e) => e.action === "recreated");
  for (const entry of entries) {
    let ds = await notion.retrieveDataSource(entry.dataSourceId);
    let found = checkSchema(TEMPLATES[entry.name], ds.properties, dsIds, input.knownPropertyIds?.[entry.name]);
    // Relation targets are repaired whenever a database was recreated: its old data source is gone.
    const fixable = found.filter((p) => (input.migrate && (p.kind === "missing" || p.kind === "renamed" || p.kind === "one_way_relation")) || ((input.migrate || recreated) && p.kind === "wrong_relation"));
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
  // The on-call views, once every property they filter on is there.
  const fresh = (a: SetupAction) => a === "created" || a === "recreated";
  const { problems: viewProblems, ...views } = await setupViews(
    notion,
    entries.map((e) => ({ name: e.name, databaseId: e.databaseId, dataSourceId: e.dataSourceId, fresh: fresh(e.action) })),
    { apply: true, migrate: input.migrate },
  );
  problems.push(...viewProblems);
  return { databases: entries, changed, problems, views };
}

/**
 * A create whose outcome is unknown (timeout, dropped connection, 5xx after sending) may have
 * made the database. The parent's children show a committed create at once, so look there
 * before giving up: adopting it beats a duplicate on the next run. Nothing there: the error
 * stands, and the next run looks again.
 */
async function createOrAdopt(
  notion: NotionApi,
  args: { parentPageId: string; title: string; properties: CreateDatabaseInitialProperties },
): Promise<{ id: string; db?: DatabaseObjectResponse }> {
  try {
    const db = await notion.createDatabase(args);
    return { id: db.id, db };
  } catch (err) {
    if (!(err instanceof OutcomeUnknownError)) throw err;
    const existing = await findExisting(notion, args.title, args.parentPageId);
    if (!existing) throw err;
    return { id: existing };
  }
}

/**
 * The live database with exactly this title: among the parent page's children when there is a
 * parent (complete and current, unlike search), else anywhere search can see. Two or more is
 * for a person to settle.
 */
async function findExisting(notion: NotionApi, title: string, parentPageId?: string): Promise<string | null> {
  let ids: string[];
  if (parentPageId) {
    ids = (await notion.listChildDatabases(parentPageId)).filter((c) => c.title === title).map((c) => c.id);
  } else {
    const sources = await notion.searchDataSources(title);
    ids = sources
      .filter((ds) => !ds.in_trash && ds.title.map((t) => t.plain_text).join("") === title)
      .map((ds) => (ds.parent as { database_id: string }).database_id);
  }
  const unique = [...new Set(ids)];
  if (unique.length > 1) throw new SetupError(`${unique.length} databases titled "${title}" found; set databases.* in the config to pick one`);
  return unique[0] ?? null;
}
