import { API_SAMPLES } from "@oberaconnect/common/samples";
/**
 * A small Dataset assembled from the real-shaped API samples, parsed with the connectors' own
 * schemas, so the source emulator tests know every record by heart and need no generator.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { Dataset } from "../src/dataset/types";
import {
  UnifiHostDevicesSchema,
  UnifiHostSchema,
  UnifiIspMetricSchema,
  UnifiSiteSchema,
} from "@oberaconnect/common/wire/unifi";
import {
  NinjaActivitiesResponseSchema,
  NinjaAlertSchema,
  NinjaDeviceWireSchema,
  NinjaLocationSchema,
  NinjaOrganizationSchema,
} from "@oberaconnect/common/wire/ninjaone";

const FIXTURES = API_SAMPLES;
const load = (file: string): unknown => JSON.parse(readFileSync(join(FIXTURES, file), "utf8"));
const data = <T extends z.ZodType>(file: string, schema: T): z.infer<T>[] =>
  z.object({ data: z.array(schema) }).parse(load(file)).data;

/** The instant the samples were "captured": the newest ISP metric period ends just before it. */
export const SAMPLE_NOW = Date.parse("2025-06-23T04:00:00Z");

/** A fresh copy of the sample dataset on every call. */
export function sampleDataset(): Dataset {
  return {
    unifi: {
      hosts: [...data("unifi/hosts-page1.json", UnifiHostSchema), ...data("unifi/hosts-page2.json", UnifiHostSchema)],
      sites: data("unifi/sites.json", UnifiSiteSchema),
      devices: [
        ...data("unifi/devices-page1.json", UnifiHostDevicesSchema),
        ...data("unifi/devices-page2.json", UnifiHostDevicesSchema),
      ],
      ispMetrics: data("unifi/isp-metrics-5m.json", UnifiIspMetricSchema),
    },
    ninjaone: {
      organizations: z.array(NinjaOrganizationSchema).parse(load("ninjaone/organizations-detailed.json")),
      locations: z.array(NinjaLocationSchema).parse(load("ninjaone/locations.json")),
      devices: z
        .array(NinjaDeviceWireSchema)
        .parse([
          ...(load("ninjaone/devices-detailed-page1.json") as unknown[]),
          ...(load("ninjaone/devices-detailed-page2.json") as unknown[]),
        ]),
      alerts: z.array(NinjaAlertSchema).parse(load("ninjaone/alerts.json")),
      activities: NinjaActivitiesResponseSchema.parse(load("ninjaone/activities-triggered.json")).activities,
    },
  };
}

/**
 * Reads a response body as JSON. `any` on purpose: the tests assert on arbitrary wire shapes and
 * a typed parse would hide exactly the differences they look for.
 */
export const json = async (res: Response): Promise<any> => res.json();
