import { afterEach, describe, expect, test } from "bun:test";
import { samples, sum } from "../helpers/prom";
import { startServiceHarness, type ServiceHarness } from "../helpers/service";
import { until } from "../helpers/wait";

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

type Status = { notion_limits: { rate_limit: { reason: string | null; text: string } | null; creates_refused: { kind: string; advice: string } | null } };

describe("Notion's limits, as the on-call sees them", () => {
  test("/admin/status names the limit and the wait; /metrics counts 429s and waits by reason; the block limit degrades /ready with its fix", async () => {
    h = await startServiceHarness({ customers: 2, seed: 6 });
    const notion = h.s.emulators.notion;
    const used = ((await (await fetch(`${notion.url}/_emulator/workspace`)).json()) as { blocks_used: number }).blocks_used;
    await fetch(`${notion.url}/_emulator/workspace`, { method: "POST", body: JSON.stringify({ block_limit: { blocks: used + 10, grace_seconds: 0 } }) });
    // Short waits (this test runs on the real clock), the same answers as the real limits.
    await fetch(`${notion.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ seed: 2, window_budget: { requests: 12, window_seconds: 2 }, workspace_block_rate: 0.04, workspace_block_seconds: [2, 2] }) });
    expect((await h.admin("/admin/sync", { method: "POST" })).status).toBe(202);

    // While it waits: the limit and until when, in words.
    const waiting = await until(async () => {
      const st = (await (await h!.admin("/admin/status")).json()) as Status;
      return st.notion_limits.rate_limit ?? undefined;
    }, 20_000, "a rate-limit wait in /admin/status");
    expect(waiting.text).toMatch(/^Notion: (connection|workspace) limit .*, waiting until \d\d:\d\d:\d\d UTC$/);
    await h.svc.syncs.idle();

    const scrape = await (await fetch(`${h.url}/metrics`)).text();
    const limited = samples(scrape, "oberaconnect_rate_limited_total").filter((s) => s.labels.api === "notion");
    expect(sum(limited.filter((s) => s.labels.reason === "connection_limit" || s.labels.reason === "workspace_limit"))).toBeGreaterThan(0);
    expect(sum(samples(scrape, "oberaconnect_rate_limit_wait_seconds_total").filter((s) => s.labels.api === "notion"))).toBeGreaterThan(0.5);
    expect(samples(scrape, "oberaconnect_notion_creates_refused")[0]?.value).toBe(1);
    expect(sum(samples(scrape, "oberaconnect_ledger_records").filter((s) => s.labels.state === "blocked"))).toBeGreaterThan(0);
    expect(samples(scrape, "oberaconnect_sync_records_total").find((s) => s.labels.action === "blocked")?.value).toBeGreaterThan(0);

    const ready = (await (await fetch(`${h.url}/ready`)).json()) as { components: Record<string, { healthy: boolean; degraded?: boolean; detail: string; error?: string }> };
    expect(ready.components.notion_limits).toMatchObject({ healthy: true, degraded: true });
    expect(ready.components.notion_limits!.detail).toContain("Notion refuses new pages");
    expect(ready.components.notion_limits!.error).toContain("upgrade the workspace's plan");
    const st = (await (await h.admin("/admin/status")).json()) as Status;
    expect(st.notion_limits.creates_refused?.kind).toBe("block_limit");
  }, 60_000);
});
