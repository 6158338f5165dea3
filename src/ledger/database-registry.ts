import { eq } from "drizzle-orm";
import type { DatabaseName } from "../core";
import type { LedgerDb } from "./ledger";
import { notionDatabases } from "./schema";

export interface ResolvedDatabase {
  name: DatabaseName;
  databaseId: string;
  dataSourceId: string;
}

/** Ids remembered by `setup-databases` in the ledger. */
export class DatabaseRegistry {
  constructor(
    private readonly db: LedgerDb,
    private readonly now: () => string,
  ) {}

  get(name: DatabaseName): { databaseId: string; dataSourceId: string; propertyIds: Record<string, string> } | undefined {
    const row = this.db.select().from(notionDatabases).where(eq(notionDatabases.name, name)).get();
    return row && { ...row, propertyIds: JSON.parse(row.propertyIds) as Record<string, string> };
  }

  /**
   * Without `propertyIds` (a database saved the moment setup knows it), the remembered ones are
   * kept, but only for the same data source: a new database's columns have new ids.
   */
  save(db: ResolvedDatabase & { propertyIds?: Record<string, string> }): void {
    const before = this.get(db.name);
    const kept = before?.dataSourceId === db.dataSourceId ? before.propertyIds : {};
    const row = {
      name: db.name,
      databaseId: db.databaseId,
      dataSourceId: db.dataSourceId,
      propertyIds: JSON.stringify(db.propertyIds ?? kept),
      updatedAt: this.now(),
    };
    this.db.insert(notionDatabases).values(row).onConflictDoUpdate({ target: notionDatabases.name, set: row }).run();
  }
}
