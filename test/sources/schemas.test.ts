import { API_SAMPLES } from "@oberaconnect/common/samples";
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import {
  UnifiDeviceSchema,
  UnifiErrorSchema,
  UnifiHostDevicesSchema,
  UnifiHostDevicesShellSchema,
  UnifiHostSchema,
  UnifiIspMetricSchema,
  UnifiIspMetricsQueryDataSchema,
  UnifiIspMetricsQueryRequestSchema,
  UnifiSiteSchema,
  unifiEnvelope,
} from "@oberaconnect/common/wire/unifi";
import {
  NinjaActivitiesResponseSchema,
  NinjaActivitySchema,
  NinjaAlertSchema,
  NinjaDeviceHealthSchema,
  NinjaDeviceSchema,
  NinjaLocationSchema,
  NinjaOAuthErrorSchema,
  NinjaOrganizationSchema,
  NinjaPlatformErrorSchema,
  NinjaTokenRequestSchema,
  NinjaTokenResponseSchema,
  ninjaQueryResponse,
} from "@oberaconnect/common/wire/ninjaone";
import { dateToEpochSeconds, epochSecondsToDate } from "../../src/sources/ninjaone/time";

/** Copies of the shared samples, so a clean clone can run this. */
const FIXTURES = API_SAMPLES;
const load = (file: string): unknown => JSON.parse(readFileSync(join(FIXTURES, file), "utf8"));

const ninjaError = z.union([NinjaOAuthErrorSchema, NinjaPlatformErrorSchema]);

/** Every sample file, with the schema its endpoint is parsed with. */
const SAMPLES: [string, z.ZodType][] = [
  ["unifi/hosts-page1.json", unifiEnvelope(z.array(UnifiHostSchema))],
  ["unifi/hosts-page2.json", unifiEnvelope(z.array(UnifiHostSchema))],
  ["unifi/host-by-id.json", unifiEnvelope(UnifiHostSchema)],
  ["unifi/sites.json", unifiEnvelope(z.array(UnifiSiteSchema))],
  ["unifi/devices-page1.json", unifiEnvelope(z.array(UnifiHostDevicesSchema))],
  ["unifi/devices-page2.json", unifiEnvelope(z.array(UnifiHostDevicesSchema))],
  ["unifi/isp-metrics-5m.json", unifiEnvelope(z.array(UnifiIspMetricSchema))],
  ["unifi/isp-metrics-5m-query.json", unifiEnvelope(UnifiIspMetricsQueryDataSchema)],
  ["unifi/isp-metrics-query-request.json", UnifiIspMetricsQueryRequestSchema],
  ["unifi/error-400.json", UnifiErrorSchema],
  ["unifi/error-401.json", UnifiErrorSchema],
  ["unifi/error-403.json", UnifiErrorSchema],
  ["unifi/error-404.json", UnifiErrorSchema],
  ["unifi/error-429.json", UnifiErrorSchema],
  ["unifi/error-500.json", UnifiErrorSchema],
  ["unifi/error-502.json", UnifiErrorSchema],
  [
    "unifi/error-429.headers.json",
    z.object({ status: z.literal(429), headers: z.object({ "Retry-After": z.string().regex(/^\d+(\.\d+)?$/) }) }),
  ],
  ["ninjaone/organizations.json", z.array(NinjaOrganizationSchema)],
  ["ninjaone/organizations-detailed.json", z.array(NinjaOrganizationSchema)],
  ["ninjaone/locations.json", z.array(NinjaLocationSchema)],
  ["ninjaone/devices.json", z.array(NinjaDeviceSchema)],
  ["ninjaone/devices-detailed-page1.json", z.array(NinjaDeviceSchema)],
  ["ninjaone/devices-detailed-page2.json", z.array(NinjaDeviceSchema)],
  ["ninjaone/devices-detailed-empty.json", z.array(NinjaDeviceSchema).length(0)],
  ["ninjaone/alerts.json", z.array(NinjaAlertSchema)],
  ["ninjaone/activities-triggered.json", NinjaActivitiesResponseSchema],
  ["ninjaone/query-device-health.json", ninjaQueryResponse(NinjaDeviceHealthSchema)],
  ["ninjaone/token.json", NinjaTokenResponseSchema],
  ["ninjaone/token-request.json", NinjaTokenRequestSchema],
  ["ninjaone/token-error-invalid-scope.json", NinjaOAuthErrorSchema],
  ["ninjaone/error-401.json", NinjaOAuthErrorSchema],
  ["ninjaone/error-401-insufficient-privileges.json", ninjaError],
  ["ninjaone/error-403.json", NinjaPlatformErrorSchema],
  ["ninjaone/error-404.json", NinjaPlatformErrorSchema],
  ["ninjaone/error-429.json", NinjaPlatformErrorSchema],
  ["ninjaone/error-500.json", NinjaPlatformErrorSchema],
];

describe("every real-shaped sample parses", () => {
  test.each(SAMPLES)("%s", (file, schema) => {
    const result = schema.safeParse(load(file));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  test("the sample table covers every fixture file", () => {
    const all = ["unifi", "ninjaone"].flatMap((dir) => readdirSync(join(FIXTURES, dir)).map((f) => `${dir}/${f}`));
    expect(SAMPLES.map(([f]) => f).sort()).toEqual(all.sort());
  });
});

describe("real quirks are kept, not normalised away", () => {
  test("unknown keys pass through (the APIs add fields)", () => {
    const host = unifiEnvelope(UnifiHostSchema).parse(load("unifi/host-by-id.json"));
    expect((host.data.reportedState as Record<string, unknown>).directConnectDomain).toBeString();
  });

  test("end of list: nextToken missing, empty and null all parse", () => {
    const env = unifiEnvelope(z.array(z.unknown()));
    for (const nextToken of [undefined, "", null]) {
      expect(env.safeParse({ data: [], httpStatusCode: 200, traceId: "t", nextToken }).success).toBe(true);
    }
  });

  test("a site with statistics null and meta.desc null parses", () => {
    const sites = unifiEnvelope(z.array(UnifiSiteSchema)).parse(load("unifi/sites.json")).data;
    const bare = sites.find((s) => s.statistics === null);
    expect(bare?.meta.desc).toBeNull();
  });

  test("alerts keep psaTicketId as the integer production sends", () => {
    const alerts = z.array(NinjaAlertSchema).parse(load("ninjaone/alerts.json"));
    expect(alerts.find((a) => a.psaTicketId !== undefined)?.psaTicketId).toBe(48213);
  });

  test("a group shell leaves devices unparsed for per-device quarantine", () => {
    const group = { hostId: "h", devices: [{ id: 1 }, { id: "AA", name: "x", status: "online" }] };
    expect(UnifiHostDevicesSchema.safeParse(group).success).toBe(false);
    expect(UnifiHostDevicesShellSchema.safeParse(group).success).toBe(true);
  });
});

const unifiDevice = () => structuredClone((load("unifi/devices-page1.json") as { data: { devices: object[] }[] }).data[0]!.devices[0]!);
const unifiSite = () => structuredClone((load("unifi/sites.json") as { data: object[] }).data[0]!);
const unifiHost = () => structuredClone((load("unifi/host-by-id.json") as { data: object }).data);
const ninjaDevice = () => structuredClone((load("ninjaone/devices.json") as object[])[0]!);
const ninjaAlert = () => structuredClone((load("ninjaone/alerts.json") as object[])[0]!);
const ninjaOrg = () => structuredClone((load("ninjaone/organizations.json") as object[])[0]!);
const ninjaActivity = () => structuredClone((load("ninjaone/activities-triggered.json") as { activities: object[] }).activities[0]!);

/** Sets `value` at `path` (undefined deletes), returning the record. */
function withValue(rec: object, path: (string | number)[], value: unknown): object {
  let node = rec as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return rec;
}

describe("malformed records fail with the field path", () => {
  test.each([
    ["UniFi device without id", UnifiDeviceSchema, unifiDevice, ["id"], undefined],
    ["UniFi device with numeric status", UnifiDeviceSchema, unifiDevice, ["status"], 1],
    ["UniFi device with a date-only startupTime", UnifiDeviceSchema, unifiDevice, ["startupTime"], "2025-06-19"],
    ["UniFi site without hostId", UnifiSiteSchema, unifiSite, ["hostId"], undefined],
    ["UniFi site with null meta.name", UnifiSiteSchema, unifiSite, ["meta", "name"], null],
    ["UniFi site with a negative count", UnifiSiteSchema, unifiSite, ["statistics", "counts", "offlineDevice"], -1],
    ["UniFi host with null id", UnifiHostSchema, unifiHost, ["id"], null],
    ["UniFi host with reportedState a string", UnifiHostSchema, unifiHost, ["reportedState"], "connected"],
    ["NinjaOne device without organizationId", NinjaDeviceSchema, ninjaDevice, ["organizationId"], undefined],
    ["NinjaOne device with string offline", NinjaDeviceSchema, ninjaDevice, ["offline"], "false"],
    ["NinjaOne device with null id", NinjaDeviceSchema, ninjaDevice, ["id"], null],
    ["NinjaOne device with an ISO lastContact", NinjaDeviceSchema, ninjaDevice, ["lastContact"], "2025-06-23T03:00:00Z"],
    ["NinjaOne alert without uid", NinjaAlertSchema, ninjaAlert, ["uid"], undefined],
    ["NinjaOne alert with string deviceId", NinjaAlertSchema, ninjaAlert, ["deviceId"], "102"],
    ["NinjaOne organization with null name", NinjaOrganizationSchema, ninjaOrg, ["name"], null],
    ["NinjaOne activity with an unknown severity", NinjaActivitySchema, ninjaActivity, ["severity"], "URGENT"],
  ] as const)("%s", (_label, schema, make, path, value) => {
    const result = (schema as z.ZodType).safeParse(withValue(make(), [...path], value));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path)).toContainEqual([...path]);
  });
});

describe("NinjaOne epoch seconds", () => {
  test.each([
    [1750647301.412, "2025-06-23T02:55:01.412Z"],
    [1656516436.123451, "2022-06-29T15:27:16.123Z"],
    [0, "1970-01-01T00:00:00.000Z"],
  ])("%p s ↔ %s", (seconds, iso) => {
    expect(epochSecondsToDate(seconds).toISOString()).toBe(iso);
    expect(dateToEpochSeconds(new Date(iso))).toBeCloseTo(seconds, 3);
  });
});
