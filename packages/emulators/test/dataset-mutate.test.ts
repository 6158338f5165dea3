import { describe, expect, test } from "bun:test";
import { generateDataset } from "../src/dataset/generate";
import { mutate, MutationSpecError, type MutationResult } from "../src/dataset/mutate";
import { normalizeCompanyName } from "../src/dataset/names";
import type { Dataset } from "../src/dataset/types";
import { createRng } from "@oberaconnect/common/random";
import { NinjaAlertSchema, NinjaDeviceSchema } from "@oberaconnect/common/wire/ninjaone";
import { UnifiHostDevicesSchema, UnifiSiteSchema } from "@oberaconnect/common/wire/unifi";
import { consistencyProblems, diffDatasets } from "./dataset-helpers";

const fresh = (customers = 80, seed = 4): Dataset => generateDataset({ customers, seed });
const NOW = new Date("2025-06-23T05:00:00Z");

/** Runs a mutation on a fresh dataset and diffs it independently against the original. */
function run(spec: unknown, customers = 80) {
  const before = fresh(customers);
  const after = structuredClone(before);
  const result = mutate(after, spec, createRng(1), { now: NOW });
  return { before, after, result, diff: diffDatasets(before, after) };
}

const sorted = (xs: readonly (string | number)[]) => [...xs].map(String).sort();

/** The result must name exactly the records that differ, per kind, and split created/deleted right. */
function expectExact(result: MutationResult, diff: ReturnType<typeof diffDatasets>) {
  for (const kind of ["organizations", "hosts", "sites", "devices", "alerts"] as const) {
    expect({ kind, keys: sorted(result.changed[kind]) }).toEqual({ kind, keys: sorted(diff[kind].all) });
    expect({ kind, keys: sorted(result.created[kind]) }).toEqual({ kind, keys: sorted(diff[kind].created) });
    expect({ kind, keys: sorted(result.deleted[kind]) }).toEqual({ kind, keys: sorted(diff[kind].deleted) });
  }
}

describe("mutate reports exactly the records that changed", () => {
  test.each([
    ["devices_offline count", { devices_offline: 12 }],
    ["devices_online count", { devices_online: 6 }],
    ["rename_orgs", { rename_orgs: 3 }],
    ["delete_sites", { delete_sites: 4 }],
    ["new_alerts + resolve_alerts", { new_alerts: 5, resolve_alerts: 2 }],
    ["new_devices", { new_devices: 10 }],
    ["5% of everything", { fraction: 0.05 }],
    ["everything at once", { fraction: 0.1, delete_sites: 2, new_devices: 4 }],
  ])("%s", (_name, spec) => {
    const { result, diff, after } = run({ seed: 42, ...spec });
    expectExact(result, diff);
    expect(Object.values(result.changed).some((keys) => keys.length > 0)).toBe(true);
    expect(consistencyProblems(after)).toEqual([]);
  });

  test("counts are honoured: 12 devices offline means 12 device keys", () => {
    const { result } = run({ seed: 5, devices_offline: 12 });
    expect(result.changed.devices).toHaveLength(12);
  });

  test("a fraction resolves against the eligible records", () => {
    const { before, result } = run({ seed: 5, devices_offline: 0.1, source: "ninjaone" });
    const online = before.ninjaone.devices.filter((d) => !d.offline).length;
    expect(result.changed.devices).toHaveLength(Math.round(online * 0.1));
    expect(result.changed.devices.every((k) => k.startsWith("ninjaone:"))).toBe(true);
  });

  test("source limits the change to one side", () => {
    const { result, diff } = run({ seed: 8, devices_offline: 10, source: "unifi" });
    expect(result.changed.devices.every((k) => k.startsWith("unifi:"))).toBe(true);
    expect(diff.alerts.all).toEqual([]);
  });

  test("same seed, same mutation; the caller's rng is used without one", () => {
    expect(run({ seed: 3, fraction: 0.05 }).result).toEqual(run({ seed: 3, fraction: 0.05 }).result);
    const a = structuredClone(fresh());
    const b = structuredClone(fresh());
    expect(mutate(a, { devices_offline: 5 }, createRng(9), { now: NOW })).toEqual(mutate(b, { devices_offline: 5 }, createRng(9), { now: NOW }));
  });
});

describe("consistency after mutations", () => {
  test("devices taken offline raise AGENT_OFFLINE per policy; back online resolves them with a RESET activity", () => {
    const d = fresh();
    mutate(d, { seed: 2, devices_offline: 0.5, source: "ninjaone" }, createRng(0), { now: NOW });
    expect(consistencyProblems(d)).toEqual([]);
    const offlineAlerts = d.ninjaone.alerts.filter((a) => a.sourceType === "AGENT_OFFLINE").map((a) => a.uid);
    const r = mutate(d, { seed: 3, devices_online: 0.99, source: "ninjaone" }, createRng(0), { now: NOW });
    expect(consistencyProblems(d)).toEqual([]);
    const resolved = r.deleted.alerts;
    expect(resolved.length).toBeGreaterThan(0);
    for (const uid of resolved) {
      expect(offlineAlerts).toContain(uid);
      expect(d.ninjaone.activities.some((a) => a.seriesUid === uid && a.statusCode === "RESET")).toBe(true);
    }
  });

  test("a RESET says 'Reset' in status and carries what its TRIGGERED carried (neither field when that had neither)", () => {
    const d = fresh();
    const r = mutate(d, { seed: 4, resolve_alerts: 0.99, source: "ninjaone" }, createRng(0), { now: NOW });
    expect(r.deleted.alerts.length).toBeGreaterThan(0);
    let silent = 0;
    for (const uid of r.deleted.alerts) {
      const series = d.ninjaone.activities.filter((a) => a.seriesUid === uid);
      const triggered = series.find((a) => a.statusCode === "TRIGGERED")!;
      const reset = series.find((a) => a.statusCode === "RESET")!;
      expect([triggered.status, reset.status]).toEqual(["Triggered", "Reset"]);
      expect({ severity: reset.severity, priority: reset.priority }).toEqual({ severity: triggered.severity, priority: triggered.priority });
      if (triggered.severity === undefined) silent++;
    }
    expect(silent).toBeGreaterThan(0);
  });

  test("UniFi offline devices change their site's counts, and the site is reported", () => {
    const { before, after, result } = run({ seed: 6, devices_offline: 8, source: "unifi" });
    expect(result.changed.sites.length).toBeGreaterThan(0);
    const offline = (d: Dataset) => d.unifi.sites.reduce((s, x) => s + (x.statistics?.counts?.offlineDevice ?? 0), 0);
    expect(offline(after)).toBeGreaterThan(offline(before));
  });

  test("deleting a site removes its devices, metrics and (when empty) its host", () => {
    const { after, result } = run({ seed: 10, delete_sites: 6 });
    const gone = new Set(result.deleted.sites);
    expect(after.unifi.sites.some((s) => gone.has(s.siteId))).toBe(false);
    expect(after.unifi.ispMetrics.some((m) => gone.has(m.siteId))).toBe(false);
    const hosts = new Set(after.unifi.hosts.map((h) => h.id));
    for (const s of after.unifi.sites) expect(hosts.has(s.hostId)).toBe(true);
    expect(after.unifi.devices.map((g) => g.hostId).sort()).toEqual([...hosts].sort());
    expect(result.deleted.hosts.length).toBeGreaterThan(0);
  });

  test("renamed orgs stay distinct; new records validate and get fresh ids", () => {
    const { before, after, result } = run({ seed: 12, rename_orgs: 10, new_devices: 30, new_alerts: 5 });
    // A renamed org collides with no other (legal-form twins, planted, are the only ones that may).
    const keys = after.ninjaone.organizations.map((o) => normalizeCompanyName(o.name));
    const renamed = result.changed.organizations as number[];
    expect(renamed.length).toBe(10);
    for (const id of renamed) {
      const key = normalizeCompanyName(after.ninjaone.organizations.find((o) => o.id === id)!.name);
      expect([id, keys.filter((k) => k === key).length]).toEqual([id, 1]);
    }
    const maxBefore = Math.max(...before.ninjaone.devices.map((d) => d.id));
    for (const key of result.created.devices.filter((k) => k.startsWith("ninjaone:"))) {
      const dev = after.ninjaone.devices.find((d) => `ninjaone:device:${d.id}` === key)!;
      expect(dev.id).toBeGreaterThan(maxBefore);
      expect(NinjaDeviceSchema.safeParse(dev).success).toBe(true);
    }
    for (const a of after.ninjaone.alerts) expect(NinjaAlertSchema.safeParse(a).success).toBe(true);
    for (const s of after.unifi.sites) expect(UnifiSiteSchema.safeParse(s).success).toBe(true);
    for (const g of after.unifi.devices) expect(UnifiHostDevicesSchema.safeParse(g).success).toBe(true);
  });
});

describe("no-ops and invalid specs", () => {
  test.each(
    [{}, { devices_offline: 0 }, { fraction: 0 }, { seed: 1, new_devices: 0, delete_sites: 0 }].map((s) => [JSON.stringify(s), s] as const),
  )(
    "%s changes nothing",
    (_title, spec) => {
      const { before, after, result } = run(spec, 30);
      expect(after).toEqual(before);
      expect(Object.values(result.changed).flat()).toEqual([]);
    },
  );

  test("referencing nothing is a no-op: resolve_alerts on a dataset without alerts", () => {
    const d = fresh(20);
    d.ninjaone.alerts = d.ninjaone.alerts.filter((a) => a.sourceType === "AGENT_OFFLINE");
    const before = structuredClone(d);
    const r = mutate(d, { resolve_alerts: 5 }, createRng(1), { now: NOW });
    expect(r.changed.alerts).toEqual([]);
    expect(d).toEqual(before);
  });

  const invalid: [object, string][] = [
    [{ devices_offline: -1 }, "devices_offline"],
    [{ devices_online: 2.5 }, "devices_online"],
    [{ rename_orgs: "3" }, "rename_orgs"],
    [{ fraction: 1.5 }, "fraction"],
    [{ source: "github" }, "source"],
    [{ seed: 0.5 }, "seed"],
    [{ devices_ofline: 3 }, "devices_ofline"],
  ];
  test.each(invalid.map(([spec, field]) => [JSON.stringify(spec), spec, field] as const))("%s throws naming %s", (_title, spec, field) => {
    const d = fresh(5);
    let error: unknown;
    try {
      mutate(d, spec, createRng(1));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MutationSpecError);
    expect((error as Error).message).toContain(field);
  });
});

describe("an outage of one customer", () => {
  test("every NinjaOne device of the organization and every UniFi device of the named sites goes offline; a console with only those sites disconnects; the result says so exactly", () => {
    const before = fresh(40);
    const org = before.ninjaone.organizations[3]!.id;
    const host = before.unifi.hosts.find((h) => before.unifi.sites.filter((s) => s.hostId === h.id).length === 1 && h.reportedState?.state === "connected")!;
    const site = before.unifi.sites.find((s) => s.hostId === host.id)!.siteId;
    const after = structuredClone(before);
    const result = mutate(after, { outage: { organization: org, sites: [site] } }, createRng(1), { now: NOW });
    expectExact(result, diffDatasets(before, after));
    expect(after.ninjaone.devices.filter((d) => d.organizationId === org).every((d) => d.offline)).toBe(true);
    expect(after.ninjaone.devices.filter((d) => d.organizationId !== org).map((d) => d.offline)).toEqual(before.ninjaone.devices.filter((d) => d.organizationId !== org).map((d) => d.offline));
    const group = after.unifi.devices.find((g) => g.hostId === host.id)!;
    expect(group.devices.every((d) => d.status === "offline")).toBe(true);
    expect(after.unifi.hosts.find((h) => h.id === host.id)!.reportedState!.state).toBe("disconnected");
    expect(consistencyProblems(after)).toEqual([]);
  });
});
