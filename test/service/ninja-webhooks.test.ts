/**
 * NinjaOne's webhook end to end: the emulator delivers to the real service over HTTP, the
 * service answers at once and starts an alerts poll, and the alert reaches the emulated Notion
 * in seconds; a cleared alert is archived as fast. A delivery without the secret, with a wrong
 * one, or forged writes nothing; a redelivery changes nothing; with every delivery dropped, the
 * poll still brings the alert.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { livePages } from "../helpers/sync-harness";
import { ADMIN_TOKEN, startServiceHarness, type ServiceHarness } from "../helpers/service";
import { until } from "../helpers/wait";

const SECRET = "webhook-secret-0123456789abcdefghij";
const HEADER = "X-OberaConnect-Webhook-Secret";

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const holds = (check: () => boolean | Promise<boolean>, ms: number) => until(async () => ((await check()) ? true : undefined), ms);
const alertKeys = (s: ServiceHarness) => new Set(livePages(s.s.emulators.notion, "Alerts").map((p) => p.key));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const status = async (s: ServiceHarness): Promise<any> => (await s.admin("/admin/status")).json();

async function started() {
  const s = await startServiceHarness({ customers: 6, seed: 51, env: { NINJAONE_WEBHOOK_SECRET: SECRET } });
  expect((await s.admin("/admin/sync", { method: "POST", body: "{}" })).status).toBe(202);
  await holds(async () => {
    const st = await status(s);
    return st.running === null && st.freshness.pending === 0 && st.jobs.alerts.last_run !== null;
  }, 30_000);
  s.s.emulators.ninjaone.webhooks.configure({ url: `${s.url}/webhooks/ninjaone`, activities: { CONDITION: ["TRIGGERED", "RESET"] }, expand: ["device"], headers: [{ name: HEADER, value: SECRET }] });
  return s;
}

describe("NinjaOne webhooks", () => {
  test("a new alert is a Notion page within seconds, a cleared one archived as fast", async () => {
    h = await started();
    const before = alertKeys(h);
    const made = h.s.emulators.shared.mutate({ seed: 8, source: "ninjaone", new_alerts: 3 }) as { created: { alerts: string[] } };
    const t0 = Date.now();
    const keys = made.created.alerts.map((uid) => `ninjaone:alert:${uid}`);
    await holds(() => keys.every((k) => alertKeys(h!).has(k)), 10_000);
    const appeared = Date.now() - t0;
    expect(appeared).toBeLessThan(5000);
    expect([...alertKeys(h)].filter((k) => !before.has(k)).sort()).toEqual([...keys].sort());
    const st = await status(h);
    expect(st.webhooks).toMatchObject({ enabled: true, received: 3, duplicates: 0, rejected: 0 });
    expect(st.webhooks.polls_started).toBeGreaterThanOrEqual(1);
    // The status page says so.
    const login = await fetch(`${h.url}/status/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(), redirect: "manual" });
    const cookie = /oc_status=[^;]+/.exec(login.headers.get("set-cookie") ?? "")![0];
    expect(await (await fetch(`${h.url}/status`, { headers: { cookie } })).text()).toContain("3 received, 0 duplicate, 0 rejected");

    const t1 = Date.now();
    h.s.emulators.shared.mutate({ seed: 9, source: "ninjaone", resolve_alerts: 0.999999 });
    await holds(() => keys.every((k) => !alertKeys(h!).has(k)), 10_000);
    const cleared = Date.now() - t1;
    expect(cleared).toBeLessThan(5000);
    console.log(`webhook → Notion: new alerts in ${appeared} ms, cleared in ${cleared} ms`);
  }, 60_000);

  test("no secret, a wrong one, a forged activity and a redelivery write nothing", async () => {
    h = await started();
    const before = alertKeys(h);
    const polls = (await status(h)).webhooks.polls_started;
    const post = (body: unknown, headers: Record<string, string>) => fetch(`${h!.url}/webhooks/ninjaone`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    const forged = { id: 99_999_001, activityTime: Date.now() / 1000, activityType: "CONDITION", statusCode: "TRIGGERED", seriesUid: "00000000-0000-4000-8000-000000000000", deviceId: 1, severity: "CRITICAL", subject: "forged" };
    expect((await post(forged, {})).status).toBe(401);
    expect((await post(forged, { [HEADER]: `${SECRET}x` })).status).toBe(401);
    expect((await status(h)).webhooks).toMatchObject({ received: 0, rejected: 2 });
    expect((await status(h)).webhooks.polls_started).toBe(polls);
    // Forged but with the secret (a leaked secret): the poll finds no such alert, nothing is written.
    const r = await post(forged, { [HEADER]: SECRET });
    expect(r.status).toBe(202);
    const again = await post(forged, { [HEADER]: SECRET });
    expect([again.status, await again.json()]).toEqual([200, { accepted: false, duplicate: true, activity_id: forged.id }]);
    await holds(async () => (await status(h!)).webhooks.polls_started > polls && (await status(h!)).running === null, 10_000);
    expect(alertKeys(h)).toEqual(before);
    expect((await status(h)).webhooks).toMatchObject({ received: 1, duplicates: 1 });
    // Not an activity: 400, nothing.
    expect((await post({ hello: "world" }, { [HEADER]: SECRET })).status).toBe(400);
    // Wrong secrets are throttled (5 a minute, as admin logins); the right one still passes, so
    // a stranger guessing through the same proxy cannot lock NinjaOne out.
    const codes: number[] = [];
    for (let i = 0; i < 30 && !codes.includes(429); i++) codes.push((await post(forged, { [HEADER]: `guess-${i}` })).status);
    expect(codes.at(-1)).toBe(429);
    expect(codes.slice(0, -1).every((c) => c === 401)).toBe(true);
    expect((await post({ ...forged, id: forged.id + 1 }, { [HEADER]: SECRET })).status).toBe(202);
  }, 60_000);

  test("every delivery dropped: the alerts poll still brings the alert; duplicated deliveries write it once", async () => {
    h = await started();
    h.s.emulators.ninjaone.webhooks.setFaults({ drop_rate: 1 });
    const made = h.s.emulators.shared.mutate({ seed: 10, source: "ninjaone", new_alerts: 1 }) as { created: { alerts: string[] } };
    const key = `ninjaone:alert:${made.created.alerts[0]}`;
    await Bun.sleep(1500);
    expect(alertKeys(h).has(key)).toBe(false);
    expect((await h.admin("/admin/sync", { method: "POST", body: JSON.stringify({ job: "alerts" }) })).status).toBe(202);
    await holds(() => alertKeys(h!).has(key), 10_000);

    h.s.emulators.ninjaone.webhooks.setFaults({ duplicate_rate: 1 });
    h.s.emulators.notion.stats.reset();
    const more = h.s.emulators.shared.mutate({ seed: 11, source: "ninjaone", new_alerts: 2 }) as { created: { alerts: string[] } };
    const keys = more.created.alerts.map((uid) => `ninjaone:alert:${uid}`);
    await holds(() => keys.every((k) => alertKeys(h!).has(k)), 10_000);
    await holds(async () => (await status(h!)).running === null && (await status(h!)).freshness.pending === 0, 10_000);
    expect(livePages(h.s.emulators.notion, "Alerts").filter((p) => keys.includes(p.key))).toHaveLength(2);
    expect(h.s.emulators.notion.stats.count("POST", "/v1/pages")).toBe(2);
    expect((await status(h)).webhooks.duplicates).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
