import { afterEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { json, waitReady } from "../helpers/http";
import { ADMIN_TOKEN } from "../helpers/service";
import { spawnCli } from "../helpers/spawn";
import { until } from "../helpers/wait";
import { startStack, type Stack } from "../helpers/stack";

let s: Stack | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});


describe("docs/SECRET_ROTATION.md, as written", () => {
  test("NOTION_TOKEN_FILE and UNIFI_API_KEY_FILE rotated with SIGHUP: old ones revoked, the next sync succeeds, /ready stays healthy", async () => {
    s = await startStack({ customers: 2, seed: 3 });
    const emu = s.emulators;
    const files = { notion: join(s.dir, "notion_token"), unifi: join(s.dir, "unifi_api_key") };
    writeFileSync(files.notion, `${s.env.NOTION_TOKEN}\n`);
    writeFileSync(files.unifi, `${s.env.UNIFI_API_KEY}\n`);
    const config = s.configFile({ server: { host: "127.0.0.1", port: 0 }, log: { level: "info" }, scheduler: { enabled: false } });
    s.ledger.close();
    const { NOTION_TOKEN: _n, UNIFI_API_KEY: _u, ...rest } = s.env;
    const p = spawnCli(["serve", "--config", config], { env: { ...rest, NOTION_TOKEN_FILE: files.notion, UNIFI_API_KEY_FILE: files.unifi, ADMIN_TOKEN } });
    const url = JSON.parse(await p.waitFor(/"msg":"listening on /)).url as string;
    const admin = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const sync = async () => {
      const { run_id } = await json(admin("/admin/sync", { method: "POST" }));
      return until(async () => {
        const r = (await json(admin(`/admin/runs/${run_id}`))).run;
        return r.status === "running" || r.pending > 0 ? undefined : r; // polled, and what it queued written
      });
    };
    expect((await sync()).status).toBe("succeeded");
    expect((await waitReady(url)).status).toBe(200);

    // UniFi: a second key exists before the first is revoked. Notion: the refresh ends the old
    // secret; here the new one is accepted first so the ordering of the two steps is what is tested.
    const newNotion = "secret_rotated_notion_token_2";
    const newUnifi = "unifi-rotated-key-2";
    emu.notion.tokens.add(newNotion);
    (emu.unifi.state.apiKeys as Set<string>).add(newUnifi); // the emulator keeps a live Set; rotation is the one writer
    writeFileSync(files.notion, `${newNotion}\n`);
    writeFileSync(files.unifi, `${newUnifi}\n`);
    p.proc.kill("SIGHUP");
    const reloaded = JSON.parse(await p.waitFor(/config reloaded/));
    expect(reloaded.secrets.sort()).toEqual(["NOTION_TOKEN", "UNIFI_API_KEY"]);
    emu.notion.tokens.delete(s.env.NOTION_TOKEN!);
    (emu.unifi.state.apiKeys as Set<string>).delete(s.env.UNIFI_API_KEY!);

    const after = await sync();
    expect(after.status).toBe("succeeded");
    expect((await json(fetch(`${url}/ready`))).status).toBe("ready");
    // Nothing was refused: the new credentials were used from the first request after the reload.
    expect(emu.notion.stats.count(undefined, undefined, 401)).toBe(0);
    expect(emu.unifi.stats.count(undefined, undefined, 401)).toBe(0);
    expect(p.lines.join("\n")).not.toContain(newNotion);

    p.proc.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    s.reopenLedger();
  }, 60_000);
});
