import { afterEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { drizzle } from "drizzle-orm/bun-sqlite";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { embeddedMigrations } from "../../src/ledger/migrate";
import { cliIn, startStack, type Stack } from "../helpers/stack";

let s: Stack | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

// No reopening afterwards: the tests compare the ledger's bytes.
const cli = (stack: Stack, config: Record<string, unknown>, ...args: string[]) => cliIn(stack, config, args, { reopen: false });

/** Every byte of the ledger and its WAL: a dry run must leave them as they were. */
const bytes = (path: string) => [path, `${path}-wal`].map((p) => (existsSync(p) ? readFileSync(p).toString("base64") : null));

describe("sync --dry-run writes nothing", () => {
  test("an up-to-date ledger: not a byte changes; the plan is printed", async () => {
    s = await startStack({ customers: 2, seed: 3 });
    await s.sync();
    const path = join(s.dir, "ledger.db");
    s.ledger.close();
    const before = bytes(path);
    const r = await cli(s, {}, "sync", "--dry-run");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Dry run");
    expect(bytes(path)).toEqual(before);
  });

  test("a ledger that needs a migration: planned against a migrated copy, the file untouched, the operator told", async () => {
    s = await startStack({ customers: 2, seed: 3, setup: false });
    s.ledger.close();
    const path = join(s.dir, "older", "ledger.db");
    // A ledger of the previous release: every migration but the last.
    mkdirSync(join(s.dir, "older"));
    const sqlite = new Database(path, { create: true });
    const db = drizzle(sqlite) as unknown as { dialect: { migrate(m: unknown, s: unknown, c: object): void }; session: unknown };
    db.dialect.migrate(embeddedMigrations().slice(0, -1), db.session, { migrationsFolder: "", migrationsTable: "__drizzle_migrations" });
    sqlite.close();
    const before = bytes(path);
    const r = await cli(s, { ledger: { path: "older/ledger.db" } }, "sync", "--dry-run");
    expect(r.stderr).toContain("note: the ledger needs 1 migration(s) (the next sync or `migrate` applies them): planned against a migrated copy, the ledger itself was not changed");
    expect(r.stdout).toContain("Dry run");
    expect(bytes(path)).toEqual(before);
  });

  test("no ledger yet: none is created", async () => {
    s = await startStack({ customers: 2, seed: 3, setup: false });
    const r = await cli(s, { ledger: { path: "not-yet/ledger.db" } }, "sync", "--dry-run");
    expect(r.stderr).toContain("note: no ledger at");
    expect(existsSync(join(s.dir, "not-yet"))).toBe(false);
  });
});
