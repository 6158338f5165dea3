/**
 * zod schemas of the UniFi Site Manager API wire shapes (GET /v1/hosts, /v1/sites, /v1/devices,
 * /v1/isp-metrics). Connectors parse one record at a time with these, so a malformed record is
 * quarantined while the rest flow.
 *
 * Policy: only what the product relies on is required (ids, names, status). Everything else is
 * optional, and nullable where a real capture shows null. Every object is `.loose()`: the real API
 * adds fields over time, and the docs say that in Early Access "every field inside `data` is
 * optional" (developer.ui.com/site-manager/v1.0.0/responseformat).
 */
import { z } from "zod";

/**
 * RFC 3339 timestamp as UniFi sends it: `2025-06-19T13:41:43Z`, sometimes with milliseconds
 * (`2025-06-21T08:12:40.567Z`, CBD Hosts/FromUniFi.json). Offsets are accepted because RFC 3339
 * allows them, although every capture uses `Z`.
 */
export const UnifiTimestampSchema = z.iso.datetime({ offset: true });

const nonEmpty = z.string().min(1);

/** `reportedState` of a host: what the console itself reports. `null` on some hosts (CBD). */
export const UnifiReportedStateSchema = z
  .object({
    hostname: z.string().optional(),
    name: z.string().optional(),
    /** `connected` / `disconnected` in the captures; kept open so a new state does not quarantine. */
    state: z.string().optional(),
    version: z.string().nullable().optional(),
    timezone: z.string().optional(),
    hardware: z
      .object({
        name: z.string().optional(),
        shortname: z.string().optional(),
        mac: z.string().optional(),
        serialno: z.string().optional(),
        firmwareVersion: z.string().nullable().optional(),
      })
      .loose()
      .optional(),
    controllers: z.array(z.object({ name: z.string().optional() }).loose()).optional(),
    location: z.object({ text: z.string().optional() }).loose().nullable().optional(),
  })
  .loose();

/**
 * A host (console or self-hosted network server). `id` is `<hex>:<digits>` for consoles and a
 * UUID for `network-server` hosts (GOU hosts/get_network_server.json), so it is only checked to
 * be non-empty.
 */
export const UnifiHostSchema = z
  .object({
    id: nonEmpty,
    hardwareId: z.string().optional(),
    /** `console`, `network-server` or `ucore` (LCD listhosts). */
    type: z.string(),
    ipAddress: z.string().optional(),
    owner: z.boolean().optional(),
    isBlocked: z.boolean().optional(),
    registrationTime: UnifiTimestampSchema.optional(),
    lastConnectionStateChange: UnifiTimestampSchema.optional(),
    /** `null` on hosts that never backed up (GOU get_network_server.json). */
    latestBackupTime: UnifiTimestampSchema.nullable().optional(),
    /** `null` on network-server hosts (GOU get_network_server.json). */
    userData: z.object({}).loose().nullable().optional(),
    /** `null` when the console never reported (CBD Hosts). */
    reportedState: UnifiReportedStateSchema.nullable().optional(),
  })
  .loose();
export type UnifiHost = z.infer<typeof UnifiHostSchema>;

const count = z.number().int().nonnegative().optional();

/**
 * The 16 `statistics.counts` keys seen in CBD Sites/FromUniFi.json. Any of them can be missing
 * (CBD Sites/Full.json), so all are optional.
 */
export const UnifiSiteCountsSchema = z
  .object({
    criticalNotification: count,
    gatewayDevice: count,
    guestClient: count,
    lanConfiguration: count,
    offlineDevice: count,
    offlineGatewayDevice: count,
    offlineWifiDevice: count,
    offlineWiredDevice: count,
    pendingUpdateDevice: count,
    totalDevice: count,
    wanConfiguration: count,
    wifiClient: count,
    wifiConfiguration: count,
    wifiDevice: count,
    wiredClient: count,
    wiredDevice: count,
  })
  .loose();
export type UnifiSiteCounts = z.infer<typeof UnifiSiteCountsSchema>;

/** `statistics` of a site; the whole block can be `null` (CBD Sites/Full.json). */
export const UnifiSiteStatisticsSchema = z
  .object({
    counts: UnifiSiteCountsSchema.optional(),
    gateway: z.object({ hardwareId: z.string().optional(), shortname: z.string().optional() }).loose().optional(),
    internetIssues: z
      .array(
        z
          .object({
            index: z.number().int(),
            highLatency: z.boolean().optional(),
            latencyAvgMs: z.number().optional(),
            latencyMaxMs: z.number().optional(),
          })
          .loose(),
      )
      .optional(),
    ispInfo: z.object({ name: z.string().optional(), organization: z.string().optional() }).loose().optional(),
    percentages: z.object({ txRetry: z.number().optional(), wanUptime: z.number().optional() }).loose().optional(),
  })
  .loose();
export type UnifiSiteStatistics = z.infer<typeof UnifiSiteStatisticsSchema>;

/**
 * A site. The customer-visible name is `meta.desc` ("Northwind Clinic"); `meta.name` is a short
 * internal id such as `default` or `k3n8q2x1`. `meta.desc` can be `null` (CBD Sites/Full.json),
 * so a reader falls back to `meta.name`, which is therefore required.
 */
export const UnifiSiteSchema = z
  .object({
    siteId: nonEmpty,
    hostId: nonEmpty,
    meta: z
      .object({
        desc: z.string().nullable().optional(),
        name: z.string(),
        gatewayMac: z.string().optional(),
        timezone: z.string().optional(),
      })
      .loose(),
    statistics: UnifiSiteStatisticsSchema.nullable().optional(),
    /** `""` on a site without a role (CBD Sites/Full.json). */
    permission: z.string().optional(),
    isOwner: z.boolean().optional(),
    subscriptionEndTime: UnifiTimestampSchema.optional(),
  })
  .loose();
export type UnifiSite = z.infer<typeof UnifiSiteSchema>;

/**
 * A device inside a host group. `id` equals the MAC as 12 upper-case hex digits in every capture
 * (GOU devices/list_success.json). There is no uptime field: uptime is now − `startupTime`.
 */
export const UnifiDeviceSchema = z
  .object({
    id: nonEmpty,
    mac: z.string().optional(),
    name: z.string(),
    model: z.string().optional(),
    shortname: z.string().optional(),
    ip: z.string().nullable().optional(),
    /** `network` or `protect` in the captures. */
    productLine: z.string().optional(),
    /** `online` / `offline` in the captures; kept open so an unseen state does not quarantine. */
    status: z.string(),
    version: z.string().nullable().optional(),
    /** `upToDate`, `updateAvailable` or `updatePending` (GOU, CBD). */
    firmwareStatus: z.string().optional(),
    /** `null` in every capture, even with `firmwareStatus=updateAvailable`; its type is unknown. */
    updateAvailable: z.unknown().optional(),
    isConsole: z.boolean().optional(),
    isManaged: z.boolean().optional(),
    startupTime: UnifiTimestampSchema.nullable().optional(),
    adoptionTime: UnifiTimestampSchema.nullable().optional(),
    note: z.string().nullable().optional(),
    uidb: z.object({}).loose().nullable().optional(),
  })
  .loose();
export type UnifiDevice = z.infer<typeof UnifiDeviceSchema>;

/** One `GET /v1/devices` item: the devices of one host (GOU devices/list_success.json). */
export const UnifiHostDevicesSchema = z
  .object({
    hostId: nonEmpty,
    hostName: z.string().optional(),
    devices: z.array(UnifiDeviceSchema),
    updatedAt: UnifiTimestampSchema.optional(),
  })
  .loose();
export type UnifiHostDevices = z.infer<typeof UnifiHostDevicesSchema>;

/**
 * The same group with its devices left unparsed, so a connector can check the group and then
 * parse (and quarantine) each device on its own.
 */
export const UnifiHostDevicesShellSchema = UnifiHostDevicesSchema.extend({ devices: z.array(z.unknown()) });

/** One ISP-metric period. Note the snake_case `download_kbps` / `upload_kbps` (GOU metrics). */
export const UnifiIspPeriodSchema = z
  .object({
    metricTime: UnifiTimestampSchema,
    version: z.string().optional(),
    data: z
      .object({
        wan: z
          .object({
            avgLatency: z.number().optional(),
            maxLatency: z.number().optional(),
            download_kbps: z.number().optional(),
            upload_kbps: z.number().optional(),
            packetLoss: z.number().optional(),
            uptime: z.number().optional(),
            downtime: z.number().optional(),
            ispAsn: z.string().optional(),
            ispName: z.string().optional(),
          })
          .loose()
          .optional(),
      })
      .loose(),
  })
  .loose();

/** One `GET /v1/isp-metrics/{5m|1h}` item: the periods of one site. */
export const UnifiIspMetricSchema = z
  .object({
    metricType: z.string(),
    hostId: nonEmpty,
    siteId: nonEmpty,
    periods: z.array(UnifiIspPeriodSchema),
  })
  .loose();
export type UnifiIspMetric = z.infer<typeof UnifiIspMetricSchema>;

/** `data` of `POST /v1/isp-metrics/{type}/query`: an object, unlike the GET (GOU metrics/query_*). */
export const UnifiIspMetricsQueryDataSchema = z
  .object({
    metrics: z.array(UnifiIspMetricSchema),
    /** `partialSuccess` plus a `message` when some requested sites are not accessible (LCD). */
    status: z.string().optional(),
    message: z.string().optional(),
  })
  .loose();

/**
 * The success envelope (LCD responseformat). The end of a list shows up three ways in real
 * captures: `nextToken` missing (CBD), `""` (GOU) or `null` (UniFi.Net); all three mean "stop".
 */
export function unifiEnvelope<T extends z.ZodType>(dataSchema: T) {
  return z
    .object({
      data: dataSchema,
      httpStatusCode: z.number().int(),
      traceId: z.string(),
      nextToken: z.string().nullable().optional(),
    })
    .loose();
}

/**
 * The error envelope. `code` casing is inconsistent on the wire (`rate_limit` but `NOT_FOUND`),
 * so compare it case-insensitively.
 */
export const UnifiErrorSchema = z
  .object({
    code: z.string(),
    httpStatusCode: z.number().int(),
    message: z.string(),
    traceId: z.string(),
  })
  .loose();
export type UnifiError = z.infer<typeof UnifiErrorSchema>;

/**
 * Body of `POST /v1/isp-metrics/{type}/query` (LCD queryispmetrics). The emulator validates
 * requests with it; the connector builds it.
 */
export const UnifiIspMetricsQueryRequestSchema = z.object({
  sites: z
    .array(
      z.object({
        hostId: nonEmpty,
        siteId: nonEmpty,
        beginTimestamp: UnifiTimestampSchema,
        endTimestamp: UnifiTimestampSchema,
      }),
    )
    .min(1),
});
export type UnifiIspMetricsQueryRequest = z.infer<typeof UnifiIspMetricsQueryRequestSchema>;
