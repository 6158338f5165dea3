import { afterEach, describe, expect, test } from "bun:test";
import { NOTION_EMULATOR_TOKEN } from "../src/notion";
import { FakeClock } from "@oberaconnect/common/clock";
import { startNotion, type NotionHarness } from "./notion-harness";

/**
 * Notion's current request limits (developers.notion.com/reference/request-limits) and the Free
 * plan's block limit (/reference/workspace-block-limits), as the emulator serves them.
 */
let h: NotionHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const headers = (token = NOTION_EMULATOR_TOKEN) => ({ authorization: `Bearer ${token}`, "notion-version": "2025-09-03", "content-type": "application/json" });
const me = (token?: string) => fetch(`${h!.server.url}/v1/users/me`, { headers: headers(token) });
const faults = (body: object) => fetch(`${h!.server.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(body) });
const stats = async () => (await (await fetch(`${h!.server.url}/_emulator/stats`)).json()) as { early_requests: number };

describe("request limits", () => {
  test("window budget per connection: past it, 429 with the seconds until the window resets and the connection-limit reason", async () => {
    const clock = new FakeClock(Date.parse("2026-12-01T00:00:00Z"));
    h = startNotion({ clock, tokens: [NOTION_EMULATOR_TOKEN, "other-token"] });
    await faults({ window_budget: { requests: 3, window_seconds: 60 } });
    for (let i = 0; i < 3; i++) expect((await me()).status).toBe(200);
    await clock.advance(15_000);
    const limited = await me();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("45");
    const body = (await limited.json()) as { code: string; additional_data: { rate_limit_reason: string } };
    expect(body.code).toBe("rate_limited");
    expect(body.additional_data.rate_limit_reason).toBe("public_api_request_rate_limit");
    // Another connection has its own budget.
    expect((await me("other-token")).status).toBe(200);
    // A connection that comes back before the reset is counted; one that waits is served.
    await clock.advance(10_000);
    expect((await me()).status).toBe(429);
    expect((await stats()).early_requests).toBe(1);
    await clock.advance(35_000);
    expect((await me()).status).toBe(200);
    expect((await stats()).early_requests).toBe(1);
  });

  test("a workspace-wide block refuses every connection with the workspace reason and a Retry-After over a minute", async () => {
    const clock = new FakeClock(Date.parse("2026-12-01T00:00:00Z"));
    h = startNotion({ clock, tokens: [NOTION_EMULATOR_TOKEN, "other-token"] });
    await faults({ workspace_block_rate: 1, workspace_block_seconds: [120, 120] });
    const first = await me();
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("120");
    expect(((await first.json()) as { additional_data: { rate_limit_reason: string } }).additional_data.rate_limit_reason).toBe("public_api_space_request_rate_limit");
    // No new block from here on; the one in force holds every connection until it ends.
    await faults({ workspace_block_rate: 1e-12, workspace_block_seconds: [120, 120] });
    expect((await me("other-token")).status).toBe(429);
    await clock.advance(120_000);
    expect((await me("other-token")).status).toBe(200);
    expect((await me()).status).toBe(200);
  });

  test("529 service_overload with an integer Retry-After", async () => {
    h = startNotion();
    await faults({ overload_rate: 1, overload_retry_after_seconds: [3, 3] });
    const r = await me();
    expect(r.status).toBe(529);
    expect(r.headers.get("retry-after")).toBe("3");
    expect(((await r.json()) as { code: string }).code).toBe("service_overload");
  });
});

describe("the Free plan's block limit", () => {
  const createPage = async (title: string) => {
    const ds = h!.emu.store.dump().data_sources[0]!.id;
    return fetch(`${h!.server.url}/v1/pages`, { method: "POST", headers: headers(), body: JSON.stringify({ parent: { data_source_id: ds }, properties: { Name: { title: [{ text: { content: title } }] } } }) });
  };

  test("the create that reaches the limit succeeds and starts the grace; after it creates fail, edits and reads still work", async () => {
    const clock = new FakeClock(Date.parse("2026-12-01T00:00:00Z"));
    h = startNotion({ clock });
    const db = await h.client.databases.create({ parent: { type: "page_id", page_id: h.emu.store.rootPageId }, title: [{ text: { content: "T" } }], initial_data_source: { properties: { Name: { title: {} } } } });
    expect(db.id).toBeTruthy();
    const ws = await (await fetch(`${h.server.url}/_emulator/workspace`, { method: "POST", body: JSON.stringify({ block_limit: { blocks: 4, grace_seconds: 3600 } }) })).json();
    expect(ws).toMatchObject({ blocks_used: 2, creates_refused: false }); // the root page and the database
    expect((await createPage("a")).status).toBe(200);
    const reaching = await createPage("b"); // the 4th block: succeeds, grace starts
    expect(reaching.status).toBe(200);
    expect((await createPage("c")).status).toBe(200); // creation remains available during grace
    await clock.advance(3600_000);
    const refused = await createPage("d");
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(/block limit/);
    const page = (await reaching.json()) as { id: string };
    const edit = await fetch(`${h.server.url}/v1/pages/${page.id}`, { method: "PATCH", headers: headers(), body: JSON.stringify({ properties: { Name: { title: [{ text: { content: "b2" } }] } } }) });
    expect(edit.status).toBe(200);
    expect((await fetch(`${h.server.url}/v1/pages/${page.id}`, { headers: headers() })).status).toBe(200);
    const trash = await fetch(`${h.server.url}/v1/pages/${page.id}`, { method: "PATCH", headers: headers(), body: JSON.stringify({ in_trash: true }) });
    expect(trash.status).toBe(200);
    // Deleting gives no capacity back.
    expect((await createPage("e")).status).toBe(400);
  });
});
