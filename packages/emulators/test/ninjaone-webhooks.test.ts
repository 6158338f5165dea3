/**
 * The NinjaOne emulator's webhook: configured by PUT /v2/webhook (system-administrator rights),
 * removed by DELETE; new CONDITION activities delivered as JSON with the configured headers and
 * the device expanded; a failed delivery retried; faults that drop or repeat deliveries. Real
 * HTTP both ways, on 127.0.0.1.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { serveOnLoopback, type RunningServer } from "../src/common/serve";
import { generateDataset } from "../src/dataset/generate";
import { createNinjaOneEmulator, NINJAONE_EMULATOR_CLIENT_ID as CLIENT_ID, NINJAONE_EMULATOR_CLIENT_SECRET as CLIENT_SECRET } from "../src/ninjaone";

const servers: { stop(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

/** A receiver on loopback that records every POST; `answer` decides each status. */
function receiver(answer: (n: number) => number = () => 204) {
  const got: { headers: Headers; body: any }[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (req) => {
      got.push({ headers: req.headers, body: await req.json() });
      return new Response(null, { status: answer(got.length) });
    },
  });
  servers.push({ stop: () => server.stop(true) });
  return { url: `http://127.0.0.1:${server.port}/hook`, got };
}

async function start() {
  const emu = createNinjaOneEmulator({ dataset: generateDataset({ customers: 6, seed: 3 }), rateLimit: { per_second: 1000, burst: 1000 } });
  const server: RunningServer = serveOnLoopback(emu.app);
  servers.push(server, { stop: () => emu.webhooks.stop() });
  const token = async (scope: string) => {
    const r = await fetch(`${server.url}/ws/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope }) });
    return ((await r.json()) as { access_token: string }).access_token;
  };
  const put = async (body: unknown, scope = "monitoring management") =>
    fetch(`${server.url}/v2/webhook`, { method: "PUT", headers: { authorization: `Bearer ${await token(scope)}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  return { emu, server, put, token };
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("not within time");
    await Bun.sleep(10);
  }
};

describe("NinjaOne webhooks", () => {
  test("configured as the spec says; new and cleared alerts delivered with the headers and the device", async () => {
    const { emu, put, server, token } = await start();
    const hook = receiver();
    expect((await put({ url: hook.url, activities: { CONDITION: ["TRIGGERED", "RESET"] } }, "monitoring")).status).toBe(403); // no admin rights
    const bad = await put({ url: "not a url", activities: {} });
    expect(bad.status).toBe(400);
    const config = { url: hook.url, activities: { CONDITION: ["TRIGGERED", "RESET"] }, expand: ["device"], headers: [{ name: "X-Test-Secret", value: "s3cret" }] };
    expect((await put(config)).status).toBe(204);
    expect(((await (await fetch(`${server.url}/_emulator/webhook`)).json()) as { config: unknown }).config).toEqual(config);

    emu.state.shared.mutate({ seed: 5, source: "ninjaone", new_alerts: 2 });
    await until(() => hook.got.length === 2);
    const uids = hook.got.map((d) => String(d.body.seriesUid));
    for (const d of hook.got) {
      expect(d.headers.get("x-test-secret")).toBe("s3cret");
      expect(d.body).toMatchObject({ activityType: "CONDITION", statusCode: "TRIGGERED", seriesUid: expect.any(String), id: expect.any(Number), device: { id: d.body.deviceId, references: { organization: { id: expect.any(Number) } } } });
    }
    emu.state.shared.mutate({ seed: 6, source: "ninjaone", resolve_alerts: 1.0 - 1e-9 });
    await until(() => hook.got.some((d) => d.body.statusCode === "RESET" && uids.includes(d.body.seriesUid)));

    // Removed: nothing more.
    const del = await fetch(`${server.url}/v2/webhook`, { method: "DELETE", headers: { authorization: `Bearer ${await token("monitoring management")}` } });
    expect(del.status).toBe(204);
    const before = hook.got.length;
    emu.state.shared.mutate({ seed: 7, source: "ninjaone", new_alerts: 1 });
    await Bun.sleep(200);
    expect(hook.got.length).toBe(before);
  }, 20_000);

  test("a failed delivery is retried; faults drop every delivery or send each twice", async () => {
    const { emu, put, server } = await start();
    const hook = receiver((n) => (n === 1 ? 503 : 204));
    expect((await put({ url: hook.url, activities: { CONDITION: ["TRIGGERED"] } })).status).toBe(204);
    emu.state.shared.mutate({ seed: 5, source: "ninjaone", new_alerts: 1 });
    // The 503, then the retry a second later; the receiver records a request before the hub has
    // read its answer, so wait for the hub's count too.
    await until(() => hook.got.length === 2 && emu.webhooks.stats.delivered === 1, 4000);
    expect(hook.got[0]!.body.id).toBe(hook.got[1]!.body.id);
    expect(emu.webhooks.stats).toMatchObject({ selected: 1, delivered: 1, attempts: 2 });

    await fetch(`${server.url}/_emulator/webhook/faults`, { method: "POST", body: JSON.stringify({ drop_rate: 1 }) });
    emu.state.shared.mutate({ seed: 6, source: "ninjaone", new_alerts: 3 });
    await Bun.sleep(200);
    expect(hook.got.length).toBe(2);
    expect(emu.webhooks.stats.dropped).toBe(3);

    await fetch(`${server.url}/_emulator/webhook/faults`, { method: "POST", body: JSON.stringify({ duplicate_rate: 1 }) });
    emu.state.shared.mutate({ seed: 7, source: "ninjaone", new_alerts: 1 });
    await until(() => hook.got.length === 4);
    expect(hook.got[2]!.body.id).toBe(hook.got[3]!.body.id);
  }, 20_000);
});
