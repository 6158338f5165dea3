import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { json } from "../helpers/http";
import { spawnCli } from "../helpers/spawn";
import { until } from "../helpers/wait";
import { livePages } from "../helpers/sync-harness";
import { startStack, type Stack } from "../helpers/stack";

let s: Stack | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});


describe("SIGHUP reloads the config and the *_FILE secrets", () => {
  test("a valid config takes effect without dropping the server or the running sync; an invalid one is refused; a rotated admin token works at once", async () => {
    s = await startStack({ customers: 5, seed: 6 });
    const tokenFile = join(s.dir, "admin_token");
    writeFileSync(tokenFile, "first-admin-token-123456-abcdefghij\n");
    const base = { server: { host: "127.0.0.1", port: 0 }, log: { level: "info" }, scheduler: { enabled: false } };
    const config = s.configFile({ ...base, sync_rate_limit_per_second: 20 });
    const original = JSON.parse(readFileSync(config, "utf8"));
    s.ledger.close();
    const { ADMIN_TOKEN: _unused, ...env } = { ...s.env, ADMIN_TOKEN: "" };
    const p = spawnCli(["serve", "--config", config], { env: { ...env, ADMIN_TOKEN_FILE: tokenFile } });
    const url = JSON.parse(await p.waitFor(/"msg":"listening on /)).url as string;
    let token = "first-admin-token-123456-abcdefghij";
    const admin = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}` } });

    // A sync at 20 requests/s takes several seconds: reload in the middle of it.
    const started = await admin("/admin/sync", { method: "POST" });
    expect(started.status).toBe(202);
    const { run_id } = await json(started);
    await until(async () => (s!.emulators.notion.stats.count("POST", "/v1/pages") >= 10 ? true : undefined));
    writeFileSync(config, JSON.stringify({ ...original, sync_rate_limit_per_second: 40, scheduler: { enabled: false, every_seconds: 600 } }));
    p.proc.kill("SIGHUP");
    const line = JSON.parse(await p.waitFor(/config reloaded/));
    expect(line.changed).toEqual(expect.arrayContaining(["sync_rate_limit_per_second", "scheduler.every_seconds"]));
    const cfg = await json(admin("/admin/config"));
    expect(cfg.sync_rate_limit_per_second).toBe(40);
    expect((await json(admin("/admin/circuits"))).circuits.notion.ratePerSecond).toBe(40);

    const run = await until(async () => {
      const r = (await json(admin(`/admin/runs/${run_id}`))).run;
      return r.status === "running" || r.pending > 0 ? undefined : r; // polled, and what it queued written
    }, 30_000);
    expect(run.status).toBe("succeeded");
    const pages = livePages(s.emulators.notion);
    expect(new Set(pages.map((x) => x.key)).size).toBe(pages.length);
    expect(run.counts.created).toBe(pages.length);

    // A bad file: refused, one line naming the field, the old config stays, the service serves.
    writeFileSync(config, JSON.stringify({ ...original, server: { port: "eighty" }, sync_rate_limit_per_second: 7 }));
    p.proc.kill("SIGHUP");
    const refused = JSON.parse(await p.waitFor(/reload refused/));
    expect(refused.msg).toContain("server.port");
    expect((await json(admin("/admin/config"))).sync_rate_limit_per_second).toBe(40);
    expect((await fetch(`${url}/health`)).status).toBe(200);

    // Rotating ADMIN_TOKEN_FILE: after SIGHUP the old token is refused and the new one works.
    writeFileSync(tokenFile, "second-admin-token-654321-abcdefghij\n");
    writeFileSync(config, JSON.stringify({ ...original, sync_rate_limit_per_second: 40 }));
    p.proc.kill("SIGHUP");
    await p.waitFor(/config reloaded.*ADMIN_TOKEN/);
    expect((await admin("/admin/status")).status).toBe(403);
    token = "second-admin-token-654321-abcdefghij";
    expect((await admin("/admin/status")).status).toBe(200);
    expect(p.lines.join("\n")).not.toContain("admin-token-");

    p.proc.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    s.reopenLedger();
  }, 60_000);
});
