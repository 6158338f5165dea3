import { describe, expect, test } from "bun:test";
import { createSourceReader } from "../../src/sources/reader";
import { collectingLogger, FAST_RETRY, setFaults, sourceHarness, stats } from "./source-harness";

describe("createSourceReader against the emulators", () => {
  test("reads both sources in full: every job complete, severities from the TRIGGERED activities", async () => {
    const h = await sourceHarness({ customers: 6 });
    const snap = await h.reader.read();
    const d = h.emu.dataset;
    expect(snap.problems).toEqual([]);
    expect(snap.complete).toEqual({ customers: true, sites: true, devices: true, alerts: true });
    expect(snap.customers).toHaveLength(d.ninjaone.organizations.length);
    expect(snap.sites).toHaveLength(d.unifi.sites.length);
    expect(snap.devices).toHaveLength(d.ninjaone.devices.length + d.unifi.devices.reduce((n, g) => n + g.devices.length, 0));
    expect(snap.alerts.length).toBeGreaterThan(0);
    for (const a of snap.alerts) {
      const act = d.ninjaone.activities.find((x) => x.seriesUid === a.uid && x.statusCode === "TRIGGERED");
      expect({ severity: a.severity, priority: a.priority }).toEqual({ severity: act?.severity ?? null, priority: act?.priority ?? null });
      const device = d.ninjaone.devices.find((x) => x.id === Number(a.deviceKey.split(":").pop()));
      expect(a.customerKey).toBe(`ninjaone:org:${device?.organizationId}`);
    }
    expect(snap.matchReport).toBeDefined();
    // The severity read is bounded: one bulk request covers every alert of this account.
    const s = await stats(h.emu.ninjaone.url);
    expect(s.requests["GET /v2/activities 200"]).toBe(1);
    // A second run only reads the lists again: the severities are remembered.
    await h.reader.read();
    expect((await stats(h.emu.ninjaone.url)).requests["GET /v2/activities 200"]).toBe(1);
  });

  test("unifi.enabled false: UniFi counts as complete and empty, and is never called", async () => {
    const h = await sourceHarness({ customers: 3, config: { unifi: { enabled: false } } });
    const reader = createSourceReader({ config: h.config, unifi: null, ninjaone: h.ninjaone, logger: h.logger });
    const snap = await reader.read();
    expect(snap.complete).toEqual({ customers: true, sites: true, devices: true, alerts: true });
    expect(snap.sites).toEqual([]);
    expect(snap.devices.every((x) => x.source === "ninjaone")).toBe(true);
    expect((await stats(h.emu.unifi.url)).total).toBe(0);
  });

  test("ninjaone.enabled false: no customers or alerts, and every job still complete", async () => {
    const h = await sourceHarness({ customers: 3, config: { ninjaone: { enabled: false } } });
    const snap = await h.reader.read();
    expect(snap.complete).toEqual({ customers: true, sites: true, devices: true, alerts: true });
    expect(snap.customers).toEqual([]);
    expect(snap.alerts).toEqual([]);
    expect(snap.sites.every((s) => s.match === "unmatched")).toBe(true);
    expect((await stats(h.emu.ninjaone.url)).total).toBe(0);
  });

  test("NinjaOne down after its retries: a clear problem line, its jobs incomplete, UniFi data kept, no throw", async () => {
    const h = await sourceHarness({ customers: 3, gate: { retry: { ...FAST_RETRY, maxAttempts: 3 } } });
    await setFaults(h.emu.ninjaone.url, { error_rate: 1, match: { routes: ["/v2/devices-detailed"] } });
    const snap = await h.reader.read();
    expect(snap.complete).toEqual({ customers: false, sites: false, devices: false, alerts: false });
    expect(snap.problems).toHaveLength(1);
    expect(snap.problems[0]).toMatch(/^ninjaone GET \/v2\/devices-detailed: 50[03] .* \(after 3 attempts\)/);
    expect(snap.sites.length).toBe(h.emu.dataset.unifi.sites.length);
    expect(h.logs.some((l) => l.level === "warn" && l.msg === snap.problems[0])).toBe(true);
  });

  test("an auth failure is a problem naming the secret to check, never the secret", async () => {
    const h = await sourceHarness({ customers: 2, secrets: { UNIFI_API_KEY: "definitely-wrong-key" } });
    const snap = await h.reader.read();
    expect(snap.complete).toEqual({ customers: false, sites: false, devices: false, alerts: true });
    expect(snap.problems.length).toBeGreaterThan(0);
    for (const p of snap.problems) {
      expect(p).toContain("401");
      expect(p).toContain("UNIFI_API_KEY");
      expect(p).not.toContain("definitely-wrong-key");
    }
  });

  test("a mapping to a missing organization is a problem; unmatched sites are structured info, not problems", async () => {
    const h = await sourceHarness({ customers: 4, config: { sync: { site_mapping: { "Nowhere Site": 999 } } } });
    const snap = await h.reader.read();
    expect(snap.problems).toEqual([
      'sync.site_mapping: "Nowhere Site" points to NinjaOne organization 999, which does not exist; the site is left unmatched',
    ]);
    // Customer 3 (index 3) is next to the orphan console "Zephyrine Staging Lab".
    expect(snap.matchReport?.sites.filter((s) => s.kind === "unmatched").map((u) => u.name)).toEqual(["Zephyrine Staging Lab"]);
    // The log line counts, names the command to review with, and lists no sites.
    const line = h.logs.find((l) => l.level === "warn" && /1 UniFi site\(s\) matched no customer and 0 matched several/.test(l.msg ?? ""));
    expect(line?.msg).toContain("oberaconnect-sync match");
    expect(line?.obj).toEqual({ siteMatch: snap.matchReport!.counts });
  });

  test("an enabled source without a connector is a problem, not a crash", async () => {
    const { logger } = collectingLogger();
    const h = await sourceHarness({ customers: 1 });
    const snap = await createSourceReader({ config: h.config, unifi: null, ninjaone: h.ninjaone, logger }).read();
    expect(snap.problems).toEqual(["unifi: enabled but not configured (UNIFI_API_KEY missing?)"]);
    expect(snap.complete.sites).toBe(false);
    expect(snap.complete.alerts).toBe(true);
  });

  test("the caller's abort is rethrown, not reported as a source problem", async () => {
    const h = await sourceHarness({ customers: 2 });
    const ctl = new AbortController();
    const reason = new Error("shutting down");
    ctl.abort(reason);
    expect(await h.reader.read(ctl.signal).catch((e: unknown) => e)).toBe(reason);
  });
});
