import { describe, expect, test } from "bun:test";
import {
  firstIPv4,
  ninjaDeviceStatus,
  nodeClassLabel,
  normalizeNinjaDevices,
} from "../../src/sources/normalize-ninja-devices";
import { normalizeUnifiDevices, placeHost, unifiDeviceKind } from "../../src/sources/normalize-unifi-devices";
import type { Site } from "../../src/core/model";
import type { NinjaDevice } from "@oberaconnect/common/wire/ninjaone";
import type { UnifiDevice } from "@oberaconnect/common/wire/unifi";
import { sampleDataset } from "../../packages/emulators/test/source-samples";

describe("unifiDeviceKind", () => {
  test.each([
    ["console gateway UDM SE", { shortname: "UDMPROSE", model: "UDM SE", isConsole: true }, "Gateway"],
    ["cloud gateway", { shortname: "UCGULTRA", model: "UCG Ultra" }, "Gateway"],
    ["UXG adopted gateway", { shortname: "UXGPRO", model: "UXG Pro" }, "Gateway"],
    ["USG is a gateway, not a US* switch", { shortname: "USG3P" }, "Gateway"],
    ["switch US24PRO", { shortname: "US24PRO", model: "USW Pro 24 PoE" }, "Switch"],
    ["switch USMINI", { shortname: "USMINI", model: "USW Flex Mini" }, "Switch"],
    ["switch USL8LP", { shortname: "USL8LP" }, "Switch"],
    ["AP U7PG2 (AC Pro)", { shortname: "U7PG2", model: "AC Pro" }, "Access Point"],
    ["AP UALR6v2 (mixed case)", { shortname: "UALR6v2", model: "U6 LR" }, "Access Point"],
    ["AP UAP6MP", { shortname: "UAP6MP", model: "U6 Pro" }, "Access Point"],
    ["camera by shortname", { shortname: "UVC G4 Pro", model: "G4 Pro", productLine: "protect" }, "Camera"],
    ["Cloud Key console", { shortname: "UCKG2", isConsole: true }, "Console"],
    ["NVR", { shortname: "UNVR", productLine: "protect" }, "Console"],
    ["no shortname: model says switch", { model: "USW Lite 16 PoE" }, "Switch"],
    ["no shortname: model says AP", { model: "U6 Lite" }, "Access Point"],
    ["no shortname: model says camera", { model: "G5 Flex" }, "Camera"],
    ["unknown protect device", { shortname: "XYZ", productLine: "protect" }, "Camera"],
    ["unknown console", { shortname: "XYZ", isConsole: true }, "Console"],
    ["nothing known", { shortname: "XYZ", model: "Widget" }, "Other"],
    ["empty record", {}, "Other"],
  ])("%s", (_label, device, expected) => {
    expect(unifiDeviceKind(device as Partial<UnifiDevice>)).toBe(expected as never);
  });
});

describe("placeHost", () => {
  const s = (key: string, customerKey: string | null) => ({ key, customerKey });
  test.each([
    ["no site", [], { siteKey: null, customerKey: null }],
    ["one site → that site and its customer", [s("unifi:site:a", "c1")], { siteKey: "unifi:site:a", customerKey: "c1" }],
    ["one unmatched site → site, no customer", [s("unifi:site:a", null)], { siteKey: "unifi:site:a", customerKey: null }],
    ["two sites, same customer → customer only", [s("a", "c1"), s("b", "c1")], { siteKey: null, customerKey: "c1" }],
    ["two sites, different customers → neither", [s("a", "c1"), s("b", "c2")], { siteKey: null, customerKey: null }],
    ["two sites, one unmatched → neither", [s("a", "c1"), s("b", null)], { siteKey: null, customerKey: null }],
  ])("%s", (_label, sites, expected) => {
    expect(placeHost(sites)).toEqual(expected);
  });
});

describe("normalizeUnifiDevices on the samples", () => {
  const data = sampleDataset();
  const groups = data.unifi.devices.map((g) => ({ hostId: g.hostId, hostName: g.hostName ?? null, devices: g.devices }));
  const site = (hostId: string, key: string, customerKey: string | null) => ({ hostId, key, customerKey }) as Site;

  test("key from the MAC, status, firmware flag, boot time, placement by host", () => {
    const [first] = groups;
    const sites = [site(first!.hostId, "unifi:site:x", "ninjaone:org:1")];
    const devices = normalizeUnifiDevices(groups, sites);
    expect(devices).toHaveLength(groups.reduce((n, g) => n + g.devices.length, 0));
    for (const d of devices) {
      const raw = groups.flatMap((g) => g.devices).find((r) => r.id === d.sourceId) as UnifiDevice;
      expect(d.key).toBe(`unifi:device:${(raw.mac ?? raw.id).replace(/[^0-9a-f]/gi, "").toUpperCase()}`);
      expect(d.status).toBe(raw.status === "online" ? "online" : "offline");
      expect(d.firmware).toBe(raw.version ?? null);
      expect(d.firmwareUpdate).toBe(raw.firmwareStatus === "updateAvailable" || raw.firmwareStatus === "updatePending");
      expect(d.upSince?.toISOString() ?? null).toBe(raw.startupTime ? new Date(raw.startupTime).toISOString() : null);
      expect(d.lastContact).toBeNull();
      const onFirstHost = first!.devices.includes(raw);
      expect(d.siteKey).toBe(onFirstHost ? "unifi:site:x" : null);
      expect(d.customerKey).toBe(onFirstHost ? "ninjaone:org:1" : null);
    }
  });

  test("statuses other than online read as offline; blank names fall back to the model", () => {
    const raw = { ...groups[0]!.devices[0]!, status: "updating", name: "  ", model: "UDM SE" } as UnifiDevice;
    const [d] = normalizeUnifiDevices([{ hostId: "h", hostName: null, devices: [raw] }], []);
    expect(d).toMatchObject({ status: "offline", name: "UDM SE" });
  });
});

describe("NinjaOne devices", () => {
  test.each([
    ["WINDOWS_SERVER", "Windows Server"],
    ["WINDOWS_WORKSTATION", "Windows Workstation"],
    ["MAC", "Mac"],
    ["VMWARE_VM_HOST", "VMware Host"],
    ["NMS_PRINTER", "Printer"],
    ["NMS_NEW_THING", "NMS New Thing"],
    ["HYPERV_VMM_GUEST", "Hyper-V VM"],
    ["", "Other"],
  ])("nodeClassLabel(%p) = %p", (nodeClass, expected) => {
    expect(nodeClassLabel(nodeClass)).toBe(expected);
  });

  test.each([
    [["fe80::1", "10.0.0.5", "10.0.0.6"], "10.0.0.5"],
    [["2001:db8::1"], null],
    [["999.1.1.1", " 192.168.1.20 "], "192.168.1.20"],
    [[], null],
    [undefined, null],
  ])("firstIPv4(%p) = %p", (list, expected) => {
    expect(firstIPv4(list)).toBe(expected);
  });

  test.each([
    ["online", { offline: false }, "online"],
    ["offline", { offline: true }, "offline"],
    ["maintenance beats offline", { offline: true, maintenance: { status: "IN_MAINTENANCE" } }, "maintenance"],
    ["a pending window is not maintenance yet", { offline: false, maintenance: { status: "PENDING" } }, "online"],
  ])("status: %s", (_label, d, expected) => {
    expect(ninjaDeviceStatus(d as Pick<NinjaDevice, "offline" | "maintenance">)).toBe(expected as never);
  });

  test("every field of a sample device, float epoch seconds → Date", () => {
    const data = sampleDataset();
    const devices = normalizeNinjaDevices(data.ninjaone.devices, data.ninjaone.locations);
    for (const d of devices) {
      const raw = data.ninjaone.devices.find((r) => String(r.id) === d.sourceId) as NinjaDevice;
      expect(d).toMatchObject({
        key: `ninjaone:device:${raw.id}`,
        source: "ninjaone",
        customerKey: `ninjaone:org:${raw.organizationId}`,
        siteKey: null,
        name: raw.displayName || raw.systemName,
        firmware: raw.os?.name || null,
        model: raw.system?.model || null,
        // An empty serial (a VM in the samples) is no serial.
        serial: raw.system?.serialNumber || null,
        mac: raw.macAddresses?.[0] ?? null,
        location: data.ninjaone.locations.find((l) => l.id === raw.locationId)?.name ?? null,
      });
      expect(d.lastContact?.getTime()).toBe(raw.lastContact === undefined ? undefined : Math.round(raw.lastContact * 1000));
      expect(d.upSince?.getTime()).toBe(raw.os?.lastBootTime === undefined ? undefined : Math.round(raw.os.lastBootTime * 1000));
    }
    expect(devices.find((d) => d.sourceId === "115")?.status).toBe("maintenance");
    expect(devices.find((d) => d.sourceId === "102")?.status).toBe("offline");
  });

  test("displayName missing or blank → systemName; unknown location → null", () => {
    const base = sampleDataset().ninjaone.devices[0]!;
    const [a, b] = normalizeNinjaDevices(
      [{ ...base, displayName: undefined }, { ...base, id: 9999, displayName: " ", locationId: 424242 }],
      [],
    );
    expect(a?.name).toBe(base.systemName);
    expect(b).toMatchObject({ name: base.systemName, location: null });
  });
});
