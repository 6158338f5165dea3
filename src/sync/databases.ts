import type { Config } from "../config/schema";
import type { LedgerDb } from "../ledger/ledger";
import type { DataSourceObjectResponse } from "@notionhq/client";
import { NotFoundError } from "../http";
import type { NotionApi } from "../notion/api";
import { normalizeId } from "../notion/props";
import { setupViews } from "../notion/setup-views";
import { checkSchema } from "../notion/schema-check";
import { setupDatabases, type SetupInput, type SetupResult } from "../notion/setup";
import { DATABASE_NAMES, TEMPLATES, type DatabaseName } from "../notion/templates";
import { JOBS, jobForDatabase } from "./jobs";
import { RecordsRepo } from "../ledger/records-repo";
import { DatabaseRegistry, type ResolvedDatabase } from "../ledger/database-registry";

import { type SchemaProblem } from "../core";


/** A database the run needs has no id, or its id does not work. */
export class DatabaseSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseSetupError";
  }
}


/** The config's `databases.*` first (it survives a lost ledger), then what setup-databases stored. */
function databaseIdOf(name: DatabaseName, config: Config, registry: DatabaseRegistry): string {
  const databaseId = config.databases[name] ?? registry.get(name)?.databaseId;
  if (!databaseId) {
    throw new DatabaseSetupError(`no Notion database for ${name}: set databases.${name} in the config or run \`oberaconnect-sync setup-databases\``);
  }
  return databaseId;
}

/**
 * Database id per template: the config's `databases.*` first (it survives a lost ledger), then
 * what setup-databases stored. The data source id is read from Notion (a database holds one).
 */
export async function resolveDatabases(
  names: readonly DatabaseName[],
  config: Config,
  registry: DatabaseRegistry,
  notion: NotionApi,
): Promise<Map<DatabaseName, ResolvedDatabase>> {
  const out = new Map<DatabaseName, ResolvedDatabase>();
  for (const name of names) {
    const databaseId = databaseIdOf(name, config, registry);
    const db = await notion.retrieveDatabase(databaseId);
    const sources = db.data_sources ?? [];
    if (sources.length !== 1) {
      throw new DatabaseSetupError(`database ${name} (${databaseId}) has ${sources.length} data sources; the sync needs exactly one`);
    }
    out.set(name, { name, databaseId, dataSourceId: (sources[0] as { id: string }).id });
  }
  return out;
}

/** The schema check verb (`schema check`, GET /admin/schema): resolve all four, compare each. */
export async function schemaCheck(notion: NotionApi, config: Config, registry: DatabaseRegistry, opts: { views?: boolean } = {}): Promise<SchemaProblem[]> {
  const { resolved, problems } = await resolveAndCheck(DATABASE_NAMES, config, registry, notion);
  // The on-call views too (read only, ~21 requests): `schema check` and /admin/schema name a
  // missing or broken one. The service's start-up check leaves them out: they are advisory, and
  // its Notion budget belongs to the first sync.
  if (opts.views === false) return problems;
  const targets = [...resolved.values()].map((r) => ({ name: r.name, databaseId: r.databaseId, dataSourceId: r.dataSourceId, fresh: false }));
  const views = await setupViews(notion, targets, { apply: false, migrate: false });
  return [...problems, ...views.problems];
}

/**
 * What every run needs before it writes: each database's data source and the schema problems,
 * in ONE request per database when the ledger already knows the data source (it is checked to
 * belong to the database and to be out of the trash); two when it does not (the database is
 * read for its data source id, which is then remembered). The four go out together; the gate
 * paces them.
 */
export async function resolveAndCheck(
  names: readonly DatabaseName[],
  config: Config,
  registry: DatabaseRegistry,
  notion: NotionApi,
): Promise<{ resolved: Map<DatabaseName, ResolvedDatabase>; problems: SchemaProblem[] }> {
  const sources = await Promise.all(names.map((name) => dataSourceOf(name, config, registry, notion)));
  const resolved = new Map(sources.map(({ resolved: r }) => [r.name, r] as const));
  const ids = Object.fromEntries([...resolved].map(([n, r]) => [n, r.dataSourceId])) as Partial<Record<DatabaseName, string>>;
  const problems = sources.flatMap(({ resolved: r, ds }) => {
    const known = registry.get(r.name);
    // Property ids remembered at setup only apply to the same database.
    const propertyIds = known && known.dataSourceId === r.dataSourceId ? known.propertyIds : {};
    return checkSchema(TEMPLATES[r.name], ds.properties, ids, propertyIds);
  });
  return { resolved, problems };
}

async function dataSourceOf(name: DatabaseName, config: Config, registry: DatabaseRegistry, notion: NotionApi) {
  const databaseId = databaseIdOf(name, config, registry);
  const known = registry.get(name);
  if (known && normalizeId(known.databaseId) === normalizeId(databaseId)) {
    try {
      const ds = await notion.retrieveDataSource(known.dataSourceId);
      if (normalizeId(ds.parent.database_id) === normalizeId(databaseId)) return { resolved: live(name, databaseId, ds), ds };
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      // Gone (a recreated database): ask the database for its data source below.
    }
  }
  const [r] = [...(await resolveDatabases([name], config, registry, notion)).values()] as [ResolvedDatabase];
  const ds = await notion.retrieveDataSource(r.dataSourceId);
  registry.save({ ...r });
  return { resolved: live(name, databaseId, ds), ds };
}

function live(name: DatabaseName, databaseId: string, ds: DataSourceObjectResponse): ResolvedDatabase {
  if (ds.in_trash) {
    throw new DatabaseSetupError(`database ${name} (${databaseId}) is in Notion's trash: restore it, or run \`oberaconnect-sync setup-databases --recreate ${name}\``);
  }
  return { name, databaseId, dataSourceId: ds.id };
}

/**
 * setup-databases as one verb (the CLI, demo and tests call it): runs setup and remembers the ids
 * in the ledger, each database as soon as it is known (a setup cut short forgets nothing it made),
 * and the property ids once setup is done. A recreated database's bookkeeping (forget its old
 * pages, make every job rewrite its relations) is committed with its new id in one transaction,
 * so a setup killed there leaves either the old state or the new one, never a half of each.
 */
export async function setupAndRegister(input: SetupInput, db: LedgerDb): Promise<SetupResult> {
  const now = () => new Date().toISOString();
  const registry = new DatabaseRegistry(db, now);
  const repo = new RecordsRepo(db, now);
  const result = await setupDatabases({
    ...input,
    onDatabase: async (known) => {
      db.transaction(() => {
        registry.save(known);
        if (known.action !== "recreated") return;
        // The old pages went to the trash with their database: forget them, and make every job
        // that relates to this one rewrite its relations on the next run.
        repo.forgetJob(jobForDatabase(known.name).name);
        for (const job of JOBS) repo.invalidateJob(job.name);
      });
      await input.onDatabase?.(known);
    },
  });
  for (const entry of result.databases) registry.save(entry);
  return result;
}
