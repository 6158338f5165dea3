import { describe, expect, test } from "bun:test";
import type { QuarantineEntry } from "../../src/core/model";
import { sourceHarness } from "./source-harness";

const find = (q: QuarantineEntry[], entity: string) => q.filter((e) => e.entity === entity);
type Obj = Record<string, unknown>;
type Envelope = { data: Obj[] };

describe("quarantine: malformed records are reported, the rest of the page flows", () => {
  test("UniFi: null site, device with a wrong type, device without any id, malformed host group", async () => {
    const h = await sourceHarness({
      customers: 6,
      config: { unifi: { page_size: 4 } },
      mutate: {
        unifi: (path, body, n) => {
          const b = body as Envelope;
          if (path === "/v1/sites" && n === 1) (b.data as unknown[])[1] = null;
          if (path === "/v1/devices" && n === 1) {
            const devices = b.data[0]!.devices as Obj[];
            devices[1]!.status = 42;
            delete devices[2]!.id;
            delete devices[2]!.mac;
            b.data[1]!.devices = "not a list";
          }
          return b;
        },
      },
    });
    const dump = h.emu.dataset.unifi;
    const sortedGroups = [...dump.devices].sort((a, b) => (a.hostId < b.hostId ? -1 : 1));
    const [g0, g1] = sortedGroups;
    const wrongTypeMac = g0!.devices[1]!.mac!;
    const snap = await h.reader.read();
    const q = snap.quarantine;

    const [nullSite] = find(q, "site");
    expect(nullSite).toEqual({ source: "unifi", entity: "site", recordId: "#1", key: null, path: "(record)", reason: expect.stringContaining("received null") });

    const devices = find(q, "device");
    expect(devices).toContainEqual({
      source: "unifi",
      entity: "device",
      recordId: wrongTypeMac,
      key: `unifi:device:${wrongTypeMac.replace(/[^0-9a-f]/gi, "").toUpperCase()}`,
      path: "status",
      reason: expect.stringContaining("expected string, received number"),
    });
    expect(devices).toContainEqual({ source: "unifi", entity: "device", recordId: "#2", key: null, path: "id", reason: expect.any(String) });
    expect(find(q, "device-group")).toEqual([
      { source: "unifi", entity: "device-group", recordId: g1!.hostId, key: null, path: "devices", reason: expect.stringContaining("expected array") },
    ]);

    // The rest flowed: every other site and every other device is in the snapshot.
    expect(snap.sites).toHaveLength(dump.sites.length - 1);
    const total = dump.devices.reduce((n, g) => n + g.devices.length, 0);
    expect(snap.devices.filter((d) => d.source === "unifi")).toHaveLength(total - 2 - g1!.devices.length);
    // Malformed records do not fail the source: jobs stay complete; quarantined keys are kept, not archived.
    expect(snap.complete).toEqual({ customers: true, sites: true, devices: true, alerts: true });
  });

  test("NinjaOne: null organization, device without uid, alert with a string deviceId", async () => {
    let brokenDevice = 0;
    let brokenAlert = "";
    const h = await sourceHarness({
      customers: 5,
      config: { ninjaone: { page_size: 4 } },
      mutate: {
        ninjaone: (path, body, n) => {
          const list = body as Obj[];
          if (path === "/v2/organizations" && n === 1) (list as unknown[])[2] = null;
          if (path === "/v2/devices-detailed" && n === 2) {
            brokenDevice = list[1]!.id as number;
            delete list[1]!.uid;
          }
          if (path === "/v2/alerts") {
            brokenAlert = list[0]!.uid as string;
            list[0]!.deviceId = "12";
          }
          return body;
        },
      },
    });
    const dump = h.emu.dataset.ninjaone;
    const snap = await h.reader.read();
    const q = snap.quarantine;
    expect(find(q, "organization")).toEqual([
      { source: "ninjaone", entity: "organization", recordId: "#2", key: null, path: "(record)", reason: expect.stringContaining("received null") },
    ]);
    expect(find(q, "device")).toEqual([
      { source: "ninjaone", entity: "device", recordId: String(brokenDevice), key: `ninjaone:device:${brokenDevice}`, path: "uid", reason: expect.any(String) },
    ]);
    expect(find(q, "alert")).toEqual([
      { source: "ninjaone", entity: "alert", recordId: brokenAlert, key: `ninjaone:alert:${brokenAlert}`, path: "deviceId", reason: expect.stringContaining("expected number") },
    ]);
    expect(snap.customers).toHaveLength(dump.organizations.length - 1);
    expect(snap.devices.filter((d) => d.source === "ninjaone")).toHaveLength(dump.devices.length - 1);
    expect(snap.alerts).toHaveLength(dump.alerts.length - 1);
    expect(snap.complete.alerts).toBe(true);
  });

  test("a 100k-character name is data, not a malformed record: it flows whole (Notion writing cuts it)", async () => {
    const huge = "Ω".repeat(100_000);
    const h = await sourceHarness({
      customers: 2,
      mutate: {
        unifi: (path, body) => {
          if (path === "/v1/devices") ((body as Envelope).data[0]!.devices as Obj[])[0]!.name = huge;
          return body;
        },
        ninjaone: (path, body) => {
          if (path === "/v2/organizations") (body as Obj[])[0]!.name = huge;
          return body;
        },
      },
    });
    const snap = await h.reader.read();
    expect(snap.quarantine).toEqual([]);
    expect(snap.devices.some((d) => d.name === huge)).toBe(true);
    expect(snap.customers[0]!.name).toBe(huge);
  });

  test("a malformed envelope fails the call, never the read: a problem line, the jobs needing it incomplete", async () => {
    const h = await sourceHarness({
      customers: 2,
      mutate: { unifi: (path, body) => (path === "/v1/devices" ? { ...(body as Obj), data: { broken: true } } : body) },
    });
    const snap = await h.reader.read();
    expect(snap.complete).toEqual({ customers: false, sites: false, devices: false, alerts: true });
    expect(snap.problems).toHaveLength(1);
    expect(snap.problems[0]).toStartWith("unifi GET /v1/devices: malformed response — ");
    expect(snap.problems[0]).toContain("at data");
    // NinjaOne's data still arrived (its own job is complete and can run).
    expect(snap.alerts.length).toBe(h.emu.dataset.ninjaone.alerts.length);
  });
});
