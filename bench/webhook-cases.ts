/**
 * NinjaOne webhooks (issue 26): `serve` with the alerts poll at 10 minutes and Notion at its
 * default pace (3 requests/s, the emulator's own 3/s limit too); the emulated NinjaOne delivers
 * to the service. 50 new alerts one after another: how long until each is a page in Notion; then
 * 10 cleared: how long until each page is archived. p50, p99 and max.
 * @module
 */
import { join } from "node:path";
import { keys } from "@oberaconnect/common/keys";
import { renderPage } from "@oberaconnect/emulators/notion/render";
import { syncKeyOf } from "../src/sync/existing";
import { stack, type BenchResult } from "./common";
import { cli, startServe, writeConfig } from "./fleet-cases";

const ROOT = join(import.meta.dir, "..");
const TOKEN = "bench-admin-token-0123456789abcdefgh";
const SECRET = "bench-webhook-secret-0123456789abcdef";
const ALERTS = 50;
const say = (what: string) => process.stderr.write(`  webhooks: ${what}\n`);

export async function benchWebhooks(): Promise<BenchResult> {
  const s = await stack(8, { per_second: 3, burst: 3 }, 3);
  const figures: Record<string, string | number> = {};
  let p: Bun.Subprocess<"ignore", "inherit", "pipe"> | undefined;
  const store = s.emulators.notion.store;
  const alertPages = () => {
    const ds = [...store.dataSources.values()].find((d) => !d.inTrash && d.title.map((t) => t.plain_text).join("") === "Alerts");
    if (!ds) return new Set<string>();
    return new Set(store.pagesIn(ds.id).map((pg) => syncKeyOf(renderPage(pg, store.schemaOf(pg), { botId: store.bot.id }))).filter((k): k is string => !!k));
  };
  try {
    const config = writeConfig(s, {
      server: { host: "127.0.0.1", port: 0 },
      log: { level: "info" },
      scheduler: { enabled: true, every_seconds: 3600, jitter_seconds: 5, jobs: { alerts: { every_seconds: 600 } } },
    });
    s.ledger.close();
    const dir = join(config, "..");
    const main = [process.execPath, join(ROOT, "src/main.ts")];
    if ((await cli(["setup-databases", "--config", config], s.env, dir, main)).code !== 0) throw new Error("setup failed");
    const served = await startServe(main, config, { ...s.env, ADMIN_TOKEN: TOKEN, NINJAONE_WEBHOOK_SECRET: SECRET }, dir);
    p = served.p;
    const auth = { authorization: `Bearer ${TOKEN}` };
    // The first sync (the scheduler's), written whole before the alerts come.
    const t0 = Date.now();
    for (;;) {
      const st = (await (await fetch(`${served.url}/admin/status`, { headers: auth })).json()) as { running: unknown; freshness: { pending: number }; jobs: Record<string, { last_run: unknown }> };
      if (st.running === null && st.freshness.pending === 0 && Object.values(st.jobs).every((j) => j.last_run !== null)) break;
      if (Date.now() - t0 > 600_000) throw new Error("the first sync did not finish in 10 min");
      await Bun.sleep(500);
    }
    say(`first sync written in ${Math.round((Date.now() - t0) / 1000)} s`);
    s.emulators.ninjaone.webhooks.configure({ url: `${served.url}/webhooks/ninjaone`, activities: { CONDITION: ["TRIGGERED", "RESET"] }, expand: ["device"], headers: [{ name: "X-OberaConnect-Webhook-Secret", value: SECRET }] });

    const seen: number[] = [];
    const made: string[] = [];
    for (let i = 0; i < ALERTS; i++) {
      const created = s.emulators.shared.mutate({ seed: 1000 + i, source: "ninjaone", new_alerts: 1 }) as { created: { alerts: string[] } };
      const key = keys.alert(created.created.alerts[0]!);
      made.push(key);
      const at = Date.now();
      while (!alertPages().has(key)) {
        if (Date.now() - at > 60_000) throw new Error(`alert ${key} not in Notion within 60 s`);
        await Bun.sleep(20);
      }
      seen.push(Date.now() - at);
      await Bun.sleep(300);
    }
    const cleared: number[] = [];
    for (let i = 0; i < 10; i++) {
      const before = alertPages();
      s.emulators.shared.mutate({ seed: 2000 + i, source: "ninjaone", resolve_alerts: 1 });
      const gone = [...before].filter((k) => !s.emulators.dataset.ninjaone.alerts.some((a) => keys.alert(a.uid) === k));
      const at = Date.now();
      while (gone.some((k) => alertPages().has(k))) {
        if (Date.now() - at > 60_000) throw new Error("a cleared alert's page stayed 60 s");
        await Bun.sleep(20);
      }
      cleared.push(Date.now() - at);
      await Bun.sleep(300);
    }
    const q = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))]!;
    const line = (xs: number[]) => `p50 ${(q(xs, 0.5) / 1000).toFixed(2)} s, p99 ${(q(xs, 0.99) / 1000).toFixed(2)} s, max ${(Math.max(...xs) / 1000).toFixed(2)} s`;
    figures[`${ALERTS} new alerts: delivery → page in Notion`] = line(seen);
    figures["10 cleared alerts: delivery → page archived"] = line(cleared);
    const st = (await (await fetch(`${served.url}/admin/status`, { headers: auth })).json()) as { webhooks: { received: number; duplicates: number; rejected: number; polls_started: number } };
    figures["deliveries received / duplicate / rejected; polls started"] = `${st.webhooks.received} / ${st.webhooks.duplicates} / ${st.webhooks.rejected}; ${st.webhooks.polls_started}`;
    p.kill("SIGTERM");
    await p.exited;
  } finally {
    p?.kill("SIGKILL");
    await s.close();
  }
  return {
    title: "NinjaOne webhooks: a new alert in Notion in seconds",
    what: "`serve` (8 customers, ~250 pages: the first sync at 3/s takes a minute and a half) with the alerts poll every 10 min and Notion at its default 3 requests/s (the emulator limits to 3/s too); the emulated NinjaOne delivers each new or cleared alert to POST /webhooks/ninjaone. 50 alerts raised one after another (0.3 s apart once each is seen), then 10 rounds of clearing; timed from the change in the source to the page in (or out of) the emulated Notion.",
    figures,
  };
}
