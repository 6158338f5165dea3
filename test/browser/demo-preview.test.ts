/**
 * `npm run demo`'s preview of the emulated Notion in a real browser (headless Chromium): the
 * On-call dashboard shows the customer the demo took down and the CRITICAL alert it raised,
 * as the on-call team would see them in Notion. The screenshot is kept in test-artifacts/
 * (docs/img/on-call-dashboard.png is one of them).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { statSync } from "node:fs";
import { spawnCli, type SpawnedCli } from "../helpers/spawn";
import { CHROMIUM, dumpDom, screenshot } from "./chromium";

let demo: SpawnedCli | undefined;
afterEach(async () => {
  demo?.proc.kill("SIGINT");
  await demo?.exited;
  demo = undefined;
});

/** The text of the element that starts at `marker` up to its closing `</section>`. */
const widget = (dom: string, name: string) => {
  const at = dom.indexOf(`<h3>${name}</h3>`);
  return at < 0 ? "" : dom.slice(at, dom.indexOf("</section>", at));
};
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ");

describe.skipIf(!CHROMIUM)("the demo's On-call dashboard in headless Chromium", () => {
  test("shows the customer that went down and the new CRITICAL alert", async () => {
    demo = spawnCli(["demo", "--fast", "--port", "0"]);
    const incident = await demo.waitFor(/^Incident staged in the sources: /, 90_000);
    const [, customer, alert] = /: (.+) went down, and a CRITICAL alert was raised \("(.+)"\)/.exec(incident)!;
    const url = (await demo.waitFor(/^On-call dashboard as Notion shows it/, 30_000)).split(" ").at(-1)!;

    const dom = await dumpDom(url);
    expect(dom).toContain("Customer Status · On-call");
    const needs = text(widget(dom, "Needs attention"));
    expect(needs).toContain(`${customer} Down`);
    const critical = text(widget(dom, "Critical &amp; major, newest first"));
    expect(critical).toContain(alert!);
    expect(critical).toContain("CRITICAL");
    // The offline devices of the customer that went down, grouped under it.
    expect(text(widget(dom, "Offline"))).toContain(customer!);

    const wide = await screenshot(url, "on-call-dashboard.png", 1280, 1100);
    const phone = await screenshot(url, "on-call-dashboard-390.png", 390, 1400);
    for (const f of [wide, phone]) expect(statSync(f).size).toBeGreaterThan(10_000);
  }, 120_000);
});
