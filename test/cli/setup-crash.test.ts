import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { Hono, type MiddlewareHandler } from "hono";
import { Client } from "@notionhq/client";
import { openLedger } from "../../src/ledger/ledger";
import { createNotionEmulator, NOTION_EMULATOR_TOKEN, type NotionEmulator } from "@oberaconnect/emulators/notion";
import { serveOnLoopback, type RunningServer } from "@oberaconnect/emulators/common/serve";
import { FakeClock } from "@oberaconnect/common/clock";
import { DATABASE_NAMES, TEMPLATES } from "../../src/notion/templates";
import { DatabaseRegistry } from "../../src/ledger/database-registry";
import { runCliProcess, spawnCli, type SpawnedCli } from "../helpers/spawn";
import { useTempDir, writeJson } from "../helpers/temp";

const tmp = useTempDir();
let rig: Rig | undefined;
afterEach(async () => {
  rig?.victim?.proc.kill("SIGKILL");
  await rig?.server.stop();
  rig = undefined;
});

const pass: MiddlewareHandler = (_c, next) => next();

/**
 * An emulator served behind one test-controlled middleware, on a clock that never moves (so
 * search never catches up), and a config for running `setup-databases` against it.
 */
interface Rig {
  emu: NotionEmulator;
  server: RunningServer;
  config: string;
  ledgerPath: string;
  env: Record<string, string>;
  trap: MiddlewareHandler;
  victim?: SpawnedCli;
}

function startRig(): Rig {
  const emu = createNotionEmulator({ clock: new FakeClock(), rateLimit: { per_second: 100_000, burst: 100_000 } });
  const outer = new Hono();
  const r = { emu, trap: pass } as Rig;
  // Ahead of every emulator route, so the test sees each request and may hold or drop it.
  outer.use("*", (c, next) => r.trap(c, next));
  outer.all("*", (c) => emu.app.fetch(c.req.raw));
  r.server = serveOnLoopback(outer);
  const dir = tmp();
  r.ledgerPath = join(dir, "ledger.db");
  r.config = writeJson(join(dir, "config.json"), {
    ledger: { path: "ledger.db" },
    log: { level: "warn" },
    api_timeout_seconds: 5,
    sync_rate_limit_per_second: 50,
    notion: { base_url: r.server.url, parent_page_id: emu.store.rootPageId },
  });
  r.env = { NOTION_TOKEN: NOTION_EMULATOR_TOKEN };
  return r;
}

/** Bounded wait on the child: a trap that never fires fails the test instead of hanging it. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const isCreate = (c: Parameters<MiddlewareHandler>[0]) => c.req.method === "POST" && c.req.path === "/v1/databases";

async function killVictim(r: Rig): Promise<void> {
  r.trap = pass; // the rerun goes through untouched
  r.victim!.proc.kill("SIGKILL");
  await within(r.victim!.exited, 10_000, "killed setup exiting");
}

function registry(r: Rig) {
  const ledger = openLedger(r.ledgerPath);
  try {
    const reg = new DatabaseRegistry(ledger.db, () => "");
    return Object.fromEntries(DATABASE_NAMES.map((n) => [n, reg.get(n)?.databaseId]));
  } finally {
    ledger.close();
  }
}

const liveUnderParent = (r: Rig) =>
  r.emu.store.dump().databases.filter((d) => !d.in_trash && d.parent.type === "page_id" && d.parent.page_id === r.emu.store.rootPageId);
const titleOf = (d: { title: { plain_text: string }[] }) => d.title.map((t) => t.plain_text).join("");

/** The rerun, then what must hold whatever point the first run died at. */
async function rerunAndCheck(r: Rig): Promise<string> {
  const rerun = await within(runCliProcess(["setup-databases", "--config", r.config], { env: r.env }), 20_000, "rerun");
  expect(rerun.stderr).toBe("");
  expect(rerun.code).toBe(0);
  const live = liveUnderParent(r);
  expect(live.map(titleOf).sort()).toEqual(DATABASE_NAMES.map((n) => TEMPLATES[n].title).sort());
  const byTitle = new Map(live.map((d) => [titleOf(d), d.id]));
  expect(registry(r)).toEqual(Object.fromEntries(DATABASE_NAMES.map((n) => [n, byTitle.get(TEMPLATES[n].title)])));
  return rerun.stdout;
}

describe("setup-databases killed with SIGKILL after its first create, then run again", () => {
  test("killed after the create's response arrived: the ledger already had it; the rerun finds it and makes the other three", async () => {
    const r = (rig = startRig());
    let created = false;
    r.trap = async (c, next) => {
      if (created) {
        // The first request after the create: the client has its response. Kill, and hold this one back.
        await killVictim(r);
        return c.text("held", 503);
      }
      await next();
      if (isCreate(c) && c.res.status === 200) created = true;
    };
    r.victim = spawnCli(["setup-databases", "--config", r.config], { env: r.env });
    expect(await within(r.victim.exited, 20_000, "setup reaching its first create")).not.toBe(0);
    expect(r.victim.proc.signalCode).toBe("SIGKILL");
    expect(liveUnderParent(r)).toHaveLength(1);
    expect(registry(r).customer_status).toBe(liveUnderParent(r)[0]!.id);

    const out = await rerunAndCheck(r);
    expect(out).toMatch(/^Customer Status\s+found\s/m);
    expect(out.match(/ created /g)).toHaveLength(3);
    expect(r.emu.stats.count("POST", "/v1/databases")).toBe(4);
  }, 30_000);

  test("killed after Notion committed the create but before its response came back: the rerun adopts it from the children list", async () => {
    const r = (rig = startRig());
    r.trap = async (c, next) => {
      await next();
      // Committed; the response is held until the client is dead, so it never learns the id.
      if (isCreate(c)) await killVictim(r);
    };
    r.victim = spawnCli(["setup-databases", "--config", r.config], { env: r.env });
    await within(r.victim.exited, 20_000, "setup reaching its first create");
    expect(r.victim.proc.signalCode).toBe("SIGKILL");
    expect(liveUnderParent(r)).toHaveLength(1);
    expect(registry(r).customer_status).toBeUndefined();

    const out = await rerunAndCheck(r);
    expect(out).toMatch(/^Customer Status\s+adopted\s/m);
    expect(out.match(/ created /g)).toHaveLength(3);
    expect(r.emu.stats.count("POST", "/v1/databases")).toBe(4);
    // Search would not have found it: the emulator's clock never moved past the index lag.
    const client = new Client({ auth: NOTION_EMULATOR_TOKEN, baseUrl: r.server.url, retry: false, logger: () => {} });
    expect((await client.search({ query: "Customer Status", filter: { property: "object", value: "data_source" } })).results).toEqual([]);
  }, 30_000);
});
