import { describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { spawnCli } from "../helpers/spawn";
import { json, waitReady } from "../helpers/http";

describe("demo", () => {
  test("sets up the emulated Notion, syncs, serves /health and /ready; Ctrl-C stops it within 2 s and says so", async () => {
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
    // The first sync's pages, and those the staged incident's sync created (its new alerts).
    const incident = p.lines.find((l) => l.startsWith("Incident staged"))!;
    expect(incident).toMatch(/went down, and a CRITICAL alert was raised/);
    expect(synced).toHaveLength(created + Number(/(\d+) created\)/.exec(incident)![1]));

    // service.log is kept at info (--keep): the runbook's greps work on it; the terminal only
    // shows warnings, and no log line reaches stdout.
    const t0 = performance.now();
    p.proc.kill("SIGINT");
    expect(await p.exited).toBe(0);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(p.out.at(-1)).toBe("stopping… (a second Ctrl-C exits at once)");
    expect(p.out.filter((l) => l.startsWith("{"))).toEqual([]);
  }, 60_000);

  test("keeps service.log at info with --keep; Ctrl-C during the first sync stops within 2 s and says so", async () => {
    const p = spawnCli(["demo", "--customers", "3", "--port", "0", "--keep"]); // at Notion's real 3/s: ~30 s of writes
    const folder = /^Demo folder: (\S+)/.exec(await p.waitFor(/^Demo folder: /, 30_000))![1]!;
    await p.waitFor(/^First sync of /, 30_000);
    await Bun.sleep(1500);
    const t0 = performance.now();
    p.proc.kill("SIGINT");
    expect(await p.exited).toBe(0);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(p.out.some((l) => l.startsWith("Sync interrupted"))).toBe(true);
    expect(p.out.at(-1)).toBe("stopping…");
    const log = (await Bun.file(`${folder}/service.log`).text()).trim().split("\n").map((l) => JSON.parse(l) as { level: string; msg: string });
    expect(log.some((l) => l.level === "info" && l.msg.startsWith("sources read"))).toBe(true);
    expect(log.some((l) => l.level === "info" && l.msg === "Sync completed")).toBe(true);
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);
});
