import { describe, expect, test } from "bun:test";
import { runCliProcess, spawnCli } from "../helpers/spawn";
import { json } from "../helpers/http";

describe("emulate", () => {
  test("prints one JSON line with the three URLs and credentials; the APIs answer; SIGTERM stops it", async () => {
    const p = spawnCli(["emulate", "--customers", "5", "--seed", "3"]);
    const ready = JSON.parse(await p.waitFor(/^\{"notion":/));
    for (const name of ["notion", "unifi", "ninjaone"]) expect(ready[name]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const me = await fetch(`${ready.notion}/v1/users/me`, {
      headers: { authorization: `Bearer ${ready.credentials.NOTION_TOKEN}`, "Notion-Version": "2025-09-03" },
    });
    expect(me.status).toBe(200);
    const sites = await json(fetch(`${ready.unifi}/v1/sites?pageSize=100`, { headers: { "X-API-Key": ready.credentials.UNIFI_API_KEY } }));
    expect(sites.data.length).toBeGreaterThan(0);
    const token = await fetch(`${ready.ninjaone}/ws/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: ready.credentials.NINJAONE_CLIENT_ID,
        client_secret: ready.credentials.NINJAONE_CLIENT_SECRET,
        scope: "monitoring",
      }),
    });
    expect(token.status).toBe(200);
    const orgs = await json(fetch(`${ready.ninjaone}/v2/organizations`, { headers: { authorization: `Bearer ${(await token.json() as { access_token: string }).access_token}` } }));
    expect(orgs).toHaveLength(5);

    p.proc.kill("SIGTERM");
    expect(await p.exited).toBe(0);
  });

  test("a bad flag value is a usage error", async () => {
    const r = await runCliProcess(["emulate", "--customers", "many"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--customers: expected an integer");
  });
});
