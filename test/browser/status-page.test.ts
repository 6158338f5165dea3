/**
 * The status page in headless Chromium (test/browser/cdp.ts), against the real service on the
 * emulators: signing in with the admin token, the freshness block while a sync runs with a
 * backlog, plots with points, the pause / resume and retry buttons (which need the session's
 * CSRF token), and the phone layout. Screenshots go to test-artifacts/ (one is in the README).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { ADMIN_TOKEN, startServiceHarness, type ServiceHarness } from "../helpers/service";
import { until } from "../helpers/wait";
import { CHROMIUM } from "./chromium";
import { openPage, type Page } from "./cdp";

let h: ServiceHarness | undefined;
let page: Page | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
  await h?.stop();
  h = undefined;
});

/** Polls until the check holds (true), bounded. */
const holds = (check: () => Promise<boolean>, ms: number) => until(async () => ((await check()) ? true : undefined), ms);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const status = async (): Promise<any> => (await h!.admin("/admin/status")).json();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const failures = async (): Promise<any> => (await h!.admin("/admin/failures")).json();
const text = (p: Page, selector: string) => p.eval<string>(`document.querySelector(${JSON.stringify(selector)})?.innerText ?? ""`);

describe.skipIf(!CHROMIUM)("the status page in headless Chromium", () => {
  test("sign in, freshness during a sync with a backlog, plots with points, pause and resume, retry, the phone layout", async () => {
    // The scheduler on (it has pause and resume): its first runs go out within a second, then
    // not for an hour.
    h = await startServiceHarness({ customers: 8, seed: 41, config: { scheduler: { enabled: true, every_seconds: 3600, jitter_seconds: 1 } } });
    const settled = () => holds(async () => {
      const st = await status();
      return st.running === null && st.freshness.pending === 0 && Object.values(st.jobs).every((j: any) => j.last_run !== null);
    }, 60_000);
    await settled();
    const notion = h.s.emulators.notion.url;
    page = await openPage();
    await page.viewport(1280, 1000);

    // Not signed in: the sign-in form, nothing of the service.
    await page.goto(`${h.url}/status`);
    expect(await page.eval<number>("document.querySelectorAll('form[action=\"/status/login\"]').length")).toBe(1);
    expect(await page.eval<number>("document.querySelectorAll('#freshness').length")).toBe(0);
    // A wrong token is refused; the right one signs in (the cookie is HttpOnly: the page's script cannot read it).
    await page.navigateBy(`document.querySelector('input[name=token]').value = 'not-the-token'; document.querySelector('form').submit()`);
    expect(await text(page, "[role=alert]")).toContain("not the admin token");
    await page.navigateBy(`document.querySelector('input[name=token]').value = ${JSON.stringify(ADMIN_TOKEN)}; document.querySelector('form').submit()`);
    expect(await page.eval<string>("location.pathname")).toBe("/status");
    expect(await page.eval<string>("document.cookie")).toBe("");
    expect(await text(page, "#freshness .fresh")).toBe("in sync");
    // The matching review: the open site with why, and the config to paste.
    expect(await page.eval<number>("document.querySelectorAll('#matching table tr').length")).toBeGreaterThanOrEqual(2);
    expect(await text(page, "#matching pre")).toContain('"site_mapping_exclude"');

    // Half the fleet goes offline and every page write takes a second: the writer's backlog
    // shows, per database.
    h.s.emulators.shared.mutate({ seed: 2, devices_offline: 0.5 });
    await fetch(`${notion}/_emulator/faults`, { method: "POST", body: JSON.stringify({ latency_ms: [1000, 1000], match: { methods: ["POST", "PATCH"] } }) });
    expect((await h.admin("/admin/sync", { method: "POST", body: JSON.stringify({ mode: "incremental" }) })).status).toBe(202);
    await holds(async () => Number((await status()).freshness.pending) > 20, 20_000);
    await page.goto(`${h.url}/status`);
    const fresh = await text(page, "#freshness .fresh");
    expect(fresh).toMatch(/^catching up: [\d,]+ change\(s\) pending, oldest/);
    expect(await text(page, "#freshness table")).toMatch(/catching up: [\d,]+ device changes? pending/);
    await page.screenshot("status-page-catching-up.png");
    await fetch(`${notion}/_emulator/faults`, { method: "POST", body: JSON.stringify({}) });
    await settled();

    // The plots: the backlog sampled at start and now, the run as a bar.
    await page.goto(`${h.url}/status`);
    expect(await page.eval<number>("document.querySelectorAll('#plots svg').length")).toBe(3);
    // The backlog: sampled at start, during the sync (every 30 s: maybe not yet), and now.
    expect(await page.eval<number>("Number(document.querySelector('#plots polyline.series')?.dataset.points ?? 0)")).toBeGreaterThanOrEqual(2);
    expect(await page.eval<number>("document.querySelectorAll('#plots rect.bar').length")).toBeGreaterThanOrEqual(1);

    // Pause and resume through the buttons.
    expect(await page.eval<string>("document.querySelector('#scheduler [data-state]').dataset.state")).toBe("running");
    await page.navigateBy(`[...document.querySelectorAll('#scheduler button')].find((b) => b.textContent === 'Pause').click()`);
    expect(await text(page, "[role=status]")).toBe("Scheduler paused.");
    expect((await status()).scheduler.paused).toBe(true);
    await page.navigateBy(`[...document.querySelectorAll('#scheduler button')].find((b) => b.textContent === 'Resume').click()`);
    expect((await status()).scheduler.paused).toBe(false);

    // The same POST without the session's CSRF token, from the signed-in browser: refused.
    const refused = await page.eval<number>(`fetch('/status/action/pause', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=forged' }).then((r) => r.status)`);
    expect(refused).toBe(403);
    expect((await status()).scheduler.paused).toBe(false);

    // Retry failed: a record that failed (its next try an hour away), retried from its button.
    const repo = h.s.rt.repos.records;
    const [key, row] = [...repo.forJob("devices")].find(([, r]) => r.notionPageId !== null)!;
    repo.failed("devices", key, "Notion answered 502 Bad Gateway (edge)", new Date(Date.now() + 3600_000).toISOString(), row.notionPageId);
    expect((await failures()).failures.map((f: { key: string }) => f.key)).toEqual([key]);
    await page.goto(`${h.url}/status`);
    await page.navigateBy(`[...document.querySelectorAll('#failures button')].find((b) => b.textContent === 'Retry failed now').click()`);
    expect(await text(page, "[role=status]")).toMatch(/^Retrying failed records \(run \d+\)\.$/);
    await holds(async () => (await failures()).failures.length === 0, 30_000);
    await page.screenshot("status-page.png");

    // A phone: nothing wider than the screen.
    await page.viewport(390, 844, true);
    await page.goto(`${h.url}/status`);
    expect(await page.eval<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.screenshot("status-page-390.png");
  }, 120_000);
});
