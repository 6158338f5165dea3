import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import type { AppEnv } from "../../src/routes/env";
import { handleError } from "../../src/routes/errors";
import { registerMetrics } from "../../src/routes/metrics";
import { createLogger } from "../../src/telemetry/logger";
import type { Telemetry } from "../../src/telemetry/otel";

/** The route over a registry whose rendering takes `ms` and counts itself. */
function metricsApp(ms: number) {
  let renders = 0;
  let value = 0;
  const telemetry = {
    scrape: async () => {
      renders++;
      await Bun.sleep(ms);
      return `# TYPE x gauge\nx ${value}\n`;
    },
  } as unknown as Telemetry;
  const app = new Hono<AppEnv>();
  registerMetrics(app, { telemetry, requireToken: () => false, adminToken: () => undefined });
  app.onError(handleError(createLogger({ level: "silent" })));
  return { app, renders: () => renders, set: (v: number) => void (value = v) };
}

describe("GET /metrics under a flood of scrapes", () => {
  test("scrapes during a rendering share it; past 5 a second, a scrape waits about 200 ms and gets a small 429", async () => {
    const m = metricsApp(20);
    const t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: 200 }, async () => {
      const r = await m.app.request("/metrics");
      return { status: r.status, body: await r.text(), retry: r.headers.get("retry-after") };
    }));
    const ok = answers.filter((a) => a.status === 200);
    expect(ok).toHaveLength(5);
    expect(new Set(ok.map((a) => a.body))).toEqual(new Set(["# TYPE x gauge\nx 0\n"]));
    expect(m.renders()).toBe(1); // the five came during one rendering
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(195);
    for (const a of refused) expect([a.retry, a.body.length < 300]).toEqual(["1", true]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140); // the flood was slowed (150-250 ms), not served at once
  });

  test("a scraper that asks again after 50 ms or more gets fresh values every time", async () => {
    const m = metricsApp(0);
    for (let v = 1; v <= 5; v++) {
      await Bun.sleep(60);
      m.set(v);
      expect(await (await m.app.request("/metrics")).text()).toContain(`x ${v}\n`);
    }
    expect(m.renders()).toBe(5);
  });
});
