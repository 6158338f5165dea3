import { describe, expect, test } from "bun:test";
import { spawnCli } from "../helpers/spawn";
import { json, waitReady } from "../helpers/http";

describe("demo", () => {
  test("sets up the emulated Notion, syncs, serves /health and /ready, stops on SIGTERM", async () => {
    const p = spawnCli(["demo", "--customers", "2", "--fast", "--port", "0"]);
    const service = (await p.waitFor(/^Service: /, 30_000)).split(/\s+/)[1]!;
    const summary = p.lines.find((l) => l.startsWith("Sync succeeded"))!;
    const created = Number(/created (\d+)/.exec(summary)![1]);
    expect(created).toBeGreaterThan(20);
    expect(p.lines.some((l) => l.includes("(created)"))).toBe(true);

    expect((await json(fetch(`${service}/health`))).status).toBe("ok");
    const ready = await waitReady(service);
    expect(ready.status).toBe(200);
    const components = ready.body.components;
    for (const name of ["ledger", "notion_api", "unifi_api", "ninjaone_api"]) expect(components[name].healthy).toBe(true);

    const notion = /Notion (http:\/\/127\.0\.0\.1:\d+)/.exec(p.lines[0]!)![1];
    const dump = await json(fetch(`${notion}/_emulator/dump`));
    const synced = dump.pages.filter((page: { parent: { type: string } }) => page.parent.type === "data_source_id");
    expect(synced).toHaveLength(created);

    p.proc.kill("SIGTERM");
    expect(await p.exited).toBe(0);
  }, 60_000);
});
