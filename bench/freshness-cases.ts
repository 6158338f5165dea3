/**
 * `npm run bench -- freshness`: how long what matters takes to reach Notion while the writer has
 * far more to write than Notion lets through. `serve` as a child process (its own scheduler:
 * alerts every 15 s, the other jobs every 60 s), Notion emulated at 15 requests/s, the sources
 * changed in this process and Notion watched in its store (no request of ours eats the budget).
 *
 *   A: during the first sync of the fleet, with at least ten alert intervals of writes left, a
 *      new CRITICAL alert and a customer whose every device goes offline.
 *   B: after it, an outage flood (800 devices offline at once); 3 s into its writes, the
 *      same two events.
 *
 * BENCH_FRESHNESS_MAIN runs the same scenario on another checkout's src/main.ts (the "before").
 * @module
 */
import { join } from "node:path";
import { keys } from "@oberaconnect/common/keys";
import type { StoredPage } from "@oberaconnect/emulators/notion/model";
import { renderPage } from "@oberaconnect/emulators/notion/render";
import { TEMPLATES } from "../src/notion/templates";
import { pageProps, syncKeyOf } from "../src/sync/existing";
import { stack, type BenchResult } from "./common";
import { cli, startServe, writeConfig } from "./fleet-cases";

const ROOT = join(import.meta.dir, "..");
const RATE = 15;
const ALERT_EVERY_S = 15;
const OTHERS_EVERY_S = 60;
const TOKEN = "bench-admin-token-0123456789abcdefgh";

type Stack = Awaited<ReturnType<typeof stack>>;

/** Notion as the on-call sees it, read from the emulator's store. */
class NotionWatch {
  constructor(private readonly s: Stack) {}
  private get store() {
    return this.s.emulators.notion.store;
  }
  private dataSourceOf(title: string): string {
    for (const ds of this.store.dataSources.values()) if (!ds.inTrash && ds.title.map((t) => t.plain_text).join("") === title) return ds.id;
    throw new Error(`no data source ${title}`);
  }
  private render(p: StoredPage) {
    return renderPage(p, this.store.schemaOf(p), { botId: this.store.bot.id, relationLimit: 25 });
  }
  /** Live pages of a database. */
  pages(db: keyof typeof TEMPLATES): StoredPage[] {
    const ds = this.dataSourceOf(TEMPLATES[db].title);
    return this.store.pagesIn(ds);
  }
  count(): number {
    let n = 0;
    for (const p of this.store.pages.values()) if (!p.inTrash && p.parent.type === "data_source_id") n++;
    return n;
  }
  props(db: keyof typeof TEMPLATES, p: StoredPage) {
    return pageProps(this.render(p), TEMPLATES[db]);
  }
  /** The live page of a Sync Key among pages created since `sinceMs`. */
  find(db: keyof typeof TEMPLATES, key: string, sinceMs = 0): StoredPage | undefined {
    return this.pages(db).find((p) => p.createdMs >= sinceMs && syncKeyOf(this.render(p)) === key);
  }
  writes(): number {
    const st = this.s.emulators.notion.stats;
    return st.count("POST", "/v1/pages") + st.count("PATCH", "/v1/pages/:page_id");
  }
}

const sec = (ms: number) => Math.round(ms / 100) / 10;
const say = (what: string) => process.stderr.write(`  freshness: ${what}\n`);

/** A customer with devices, all from NinjaOne (no UniFi site), whose page is written and not Down. */
function pickCustomer(s: Stack, w: NotionWatch, skip: Set<number>): { orgId: number; pageId: string } {
  const ds = s.emulators.dataset.ninjaone;
  const pages = new Map(w.pages("customer_status").map((p) => [w.props("customer_status", p), p] as const).map(([props, p]) => [String(props["Sync Key"]?.value ?? ""), { p, props }]));
  for (const org of ds.organizations) {
    if (skip.has(org.id)) continue;
    const page = pages.get(keys.customer(org.id));
    if (!page || page.props.Sites?.value !== 0 || page.props.Status?.value === "Down") continue;
    if (ds.devices.filter((d) => d.organizationId === org.id && !d.offline).length < 2) continue;
    return { orgId: org.id, pageId: page.p.id };
  }
  throw new Error("no NinjaOne-only customer with a page");
}

/** Raises one new CRITICAL alert and takes one customer's every device offline; returns how to see both. */
function events(s: Stack, w: NotionWatch, skip: Set<number>, seed: number) {
  const customer = pickCustomer(s, w, skip);
  skip.add(customer.orgId);
  const nowS = Math.floor(Date.now() / 1000);
  for (const d of s.emulators.dataset.ninjaone.devices) {
    if (d.organizationId !== customer.orgId) continue;
    d.offline = true;
    d.lastContact = nowS - 600;
  }
  const made = s.emulators.shared.mutate({ seed, source: "ninjaone", new_alerts: 1 }) as { created: { alerts: string[] } };
  const uid = made.created.alerts[0]!;
  for (const a of s.emulators.dataset.ninjaone.activities) if (a.seriesUid === uid && a.statusCode === "TRIGGERED") a.severity = "CRITICAL";
  return { customer, alertKey: keys.alert(uid), atMs: Date.now() };
}

/** Waits (bounded) until the alert's page exists and the customer's page says Down. */
async function seen(w: NotionWatch, e: ReturnType<typeof events>, limitMs: number): Promise<{ alertS: number | null; customerS: number | null }> {
  let alertS: number | null = null;
  let customerS: number | null = null;
  const store = w["store"];
  while (Date.now() - e.atMs < limitMs && (alertS === null || customerS === null)) {
    if (alertS === null && w.find("alerts", e.alertKey, e.atMs - 1000)) alertS = sec(Date.now() - e.atMs);
    if (customerS === null) {
      const page = store.pages.get(e.customer.pageId);
      if (page && w.props("customer_status", page).Status?.value === "Down") customerS = sec(Date.now() - e.atMs);
    }
    await Bun.sleep(250);
  }
  return { alertS, customerS };
}

/** Until no page was written for `quietMs` (bounded). */
async function drained(w: NotionWatch, quietMs: number, limitMs: number): Promise<void> {
  const t0 = Date.now();
  let last = w.writes();
  let since = Date.now();
  while (Date.now() - t0 < limitMs) {
    await Bun.sleep(500);
    const n = w.writes();
    if (n !== last) [last, since] = [n, Date.now()];
    else if (Date.now() - since >= quietMs) return;
  }
  throw new Error("the writes did not settle");
}

/** The start of the first poll of `job` that began after `afterMs` (the service's run list). */
async function pollAfter(url: string, job: string, afterMs: number): Promise<number | null> {
  const res = await fetch(`${url}/admin/runs?limit=100`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const runs = ((await res.json()) as { runs: { job: string; started_at?: string; startedAt?: string }[] }).runs;
  const starts = runs.filter((r) => r.job === "all" || r.job.split(",").includes(job)).map((r) => Date.parse(r.started_at ?? r.startedAt ?? "")).filter((t) => t >= afterMs);
  return starts.length ? Math.min(...starts) : null;
}

export async function benchFreshness(): Promise<BenchResult> {
  const customers = Number(process.env.BENCH_FRESHNESS_CUSTOMERS ?? 90);
  const main = process.env.BENCH_FRESHNESS_MAIN ?? join(ROOT, "src/main.ts");
  const s = await stack(customers, { per_second: RATE, burst: RATE }, RATE);
  const w = new NotionWatch(s);
  const figures: Record<string, string | number> = {};
  let p: Bun.Subprocess<"ignore", "inherit", "pipe"> | undefined;
  try {
    const config = writeConfig(s, {
      sync_rate_limit_per_second: RATE,
      server: { host: "127.0.0.1", port: 0 },
      log: { level: "info" }, // the "listening on" line carries the url
      scheduler: { enabled: true, every_seconds: OTHERS_EVERY_S, jitter_seconds: 0, jobs: { alerts: { every_seconds: ALERT_EVERY_S } } },
    });
    s.ledger.close();
    const dir = join(config, "..");
    if ((await cli(["setup-databases", "--config", config], s.env, dir, [process.execPath, main])).code !== 0) throw new Error("setup failed");
    const served = await startServe([process.execPath, main], config, { ...s.env, ADMIN_TOKEN: TOKEN }, dir);
    p = served.p;
    const url = served.url;
    const t0 = Date.now();
    const skip = new Set<number>();

    // A: the first sync. The events come once the customers are written and the writer is well
    // into the sites and devices.
    while (w.pages("customer_status").length < customers || w.count() < customers + 150) {
      if (Date.now() - t0 > 120_000) throw new Error("the first sync did not get going");
      await Bun.sleep(200);
    }
    const atCount = w.count();
    say(`A: events at ${atCount} pages, ${sec(Date.now() - t0)} s in`);
    const a = events(s, w, skip, 101);
    const aSeen = await seen(w, a, 400_000);
    const aAlertPoll = await pollAfter(url, "alerts", a.atMs);
    const aCustomerPoll = await pollAfter(url, "customers", a.atMs);
    say(`A: seen ${JSON.stringify(aSeen)}`);
    await drained(w, 20_000, 900_000);
    const total = w.count();
    say(`A: drained at ${total} pages`);
    const left = total - atCount;
    figures["fleet: pages after the first sync"] = total;
    figures["A: writes left when the events came"] = `${left} (${Math.round(left / RATE)} s at ${RATE}/s, ${(left / RATE / ALERT_EVERY_S).toFixed(1)}× the alert interval)`;
    figures["A: new CRITICAL alert visible after"] = aSeen.alertS === null ? "not within 400 s" : `${aSeen.alertS} s${aAlertPoll ? ` (${sec(a.atMs + aSeen.alertS * 1000 - aAlertPoll)} s after the poll that saw it)` : ""}`;
    figures["A: customer Down visible after"] = aSeen.customerS === null ? "not within 400 s" : `${aSeen.customerS} s${aCustomerPoll ? ` (${sec(a.atMs + aSeen.customerS * 1000 - aCustomerPoll)} s after the poll that saw it)` : ""}`;
    figures["A: first sync written in"] = `${sec(Date.now() - 20_000 - t0)} s`;

    // B: an outage flood; 3 s into its writes, the same two events.
    const flood = s.emulators.shared.mutate({ seed: 202, devices_offline: 800 }) as { changed: { devices: string[] } };
    const before = w.writes();
    const tFlood = Date.now();
    while (w.writes() < before + 5) {
      if (Date.now() - tFlood > 120_000) throw new Error("the flood was not written");
      await Bun.sleep(100);
    }
    const floodStart = Date.now();
    say(`B: ${flood.changed.devices.length} devices offline, writes started`);
    await Bun.sleep(3000);
    const b = events(s, w, skip, 303);
    const bSeen = await seen(w, b, 400_000);
    const bAlertPoll = await pollAfter(url, "alerts", b.atMs);
    const bCustomerPoll = await pollAfter(url, "customers", b.atMs);
    await drained(w, 20_000, 900_000);
    figures["B: devices flipped offline"] = flood.changed.devices.length;
    figures["B: flood written in"] = `${sec(Date.now() - 20_000 - floodStart)} s (${w.writes() - before} page writes)`;
    figures["B: new CRITICAL alert visible after"] = bSeen.alertS === null ? "not within 400 s" : `${bSeen.alertS} s${bAlertPoll ? ` (${sec(b.atMs + bSeen.alertS * 1000 - bAlertPoll)} s after the poll that saw it)` : ""}`;
    figures["B: customer Down visible after"] = bSeen.customerS === null ? "not within 400 s" : `${bSeen.customerS} s${bCustomerPoll ? ` (${sec(b.atMs + bSeen.customerS * 1000 - bCustomerPoll)} s after the poll that saw it)` : ""}`;
    const within = (v: number | null, every: number) => v !== null && v <= every + 10;
    const ok = within(aSeen.alertS, ALERT_EVERY_S) && within(bSeen.alertS, ALERT_EVERY_S) && within(aSeen.customerS, OTHERS_EVERY_S) && within(bSeen.customerS, OTHERS_EVERY_S);
    return {
      title: `Freshness: what matters first (${customers} customers, Notion at ${RATE}/s)`,
      what: `\`serve\` as a child process with its own scheduler (alerts every ${ALERT_EVERY_S} s, the other jobs every ${OTHERS_EVERY_S} s), Notion emulated at ${RATE} requests/s. A: during the first sync, a new CRITICAL alert and a customer whose every device went offline. B: after it, ${flood.changed.devices.length} devices offline at once; 3 s into those writes, the same two events. "Visible" is the page as the emulated Notion holds it; the time counts from the change in the source, so it includes the wait for the job's next poll (up to its interval).`,
      figures,
      verdict: ok ? `Alerts within ${ALERT_EVERY_S} + 10 s and customers within ${OTHERS_EVERY_S} + 10 s (their poll intervals plus 10 s), whatever the backlog.` : "Target missed: an event took longer than its job's interval + 10 s.",
      failed: !ok && !process.env.BENCH_FRESHNESS_MAIN,
    };
  } finally {
    p?.kill("SIGTERM");
    await p?.exited;
    await s.close();
  }
}
