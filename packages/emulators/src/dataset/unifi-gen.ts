/**
 * UniFi records: a host (hosts-page1.json), its sites (sites.json), its device group
 * (devices-page1.json) and, for some sites, 5-minute ISP metrics (isp-metrics-5m.json). A host is
 * created once and sites are added to it one by one, so the MSP's shared controller can collect
 * the sites of many customers.
 * @module
 */
import { pick, randHex, randInt, randUuid } from "@oberaconnect/common/random";
import type { UnifiHost, UnifiHostDevices, UnifiIspMetric, UnifiSite } from "@oberaconnect/common/wire/unifi";
import { DAY, HOUR, MINUTE, colonMac, publicIp, rfc3339, type GenContext } from "./context";
import { randomTag } from "./names";
import type { SitePlan } from "./plan";
import { deviceCounts } from "./site-stats";
import { CONSOLES, GATEWAYS, type UnifiModel } from "./unifi-catalog";
import { buildSiteDevices, buildUnifiDevice } from "./unifi-devices";
import { CITIES, ISPS } from "./words";

/** Share of sites that have ISP metrics. */
export const ISP_METRIC_SHARE = 0.25;
/** Periods per ISP metric: the last hour of 5-minute points (the real GET returns up to 24 h). */
export const ISP_PERIODS = 12;

/** What a host is before it has sites. */
export interface HostSpec {
  type: "console" | "network-server";
  /** `reportedState.name`. */
  name: string;
  /** `reportedState.hostname`. */
  hostname: string;
  disconnected: boolean;
  /** The console's hardware; consoles only (default: a random one). */
  model?: UnifiModel;
  /** `ipAddress`, its public address (wan.ts); default: a random one. */
  ipAddress?: string;
}

/** A host with everything on it; `devices` is the object served in GET /v1/devices. */
export interface UnifiHostRecords {
  host: UnifiHost;
  sites: UnifiSite[];
  devices: UnifiHostDevices;
  model: UnifiModel | undefined;
  consoleMac: string | undefined;
  isp: readonly [string, string, string];
}

/** One new site and its ISP metric, if it has one. */
export interface NewSite {
  site: UnifiSite;
  ispMetric: UnifiIspMetric | undefined;
}

function reportedState(ctx: GenContext, spec: HostSpec, model: UnifiModel | undefined, mac: string | undefined, hardwareId: string) {
  const [city, timezone] = pick(ctx.rng, CITIES);
  const state = spec.disconnected ? "disconnected" : "connected";
  if (!model) return { controller_uuid: hardwareId, hostname: spec.hostname, name: spec.name, state, version: "8.3.11", timezone };
  return {
    hostname: spec.hostname, name: spec.name, state, version: model.version, timezone,
    hardware: { name: model.hardwareName, shortname: model.shortname, mac, serialno: mac?.toLowerCase(), firmwareVersion: model.version },
    location: { text: city },
  };
}

/** A console (its own site's gateway) or a self-hosted network server, with no site yet. */
export function createHost(ctx: GenContext, spec: HostSpec): UnifiHostRecords {
  const { rng, nowMs } = ctx;
  const model = spec.type === "console" ? (spec.model ?? pick(rng, CONSOLES)) : undefined;
  const consoleMac = model ? ctx.macs.next(model.oui) : undefined;
  const id = model ? `${randHex(rng, 60).toUpperCase()}:${randInt(rng, 100_000_000, 2_147_483_647)}` : randUuid(rng);
  const hardwareId = randUuid(rng);
  const host: UnifiHost = {
    id, hardwareId, type: spec.type, ipAddress: spec.ipAddress ?? publicIp(rng), owner: true, isBlocked: false,
    registrationTime: rfc3339(nowMs - randInt(rng, 60, 1000) * DAY),
    lastConnectionStateChange: rfc3339(nowMs - randInt(rng, HOUR, (spec.disconnected ? 3 : 30) * DAY), rng() < 0.5),
    latestBackupTime: spec.disconnected || rng() < 0.05 ? null : rfc3339(nowMs - randInt(rng, HOUR, DAY)),
    userData: model
      ? { apps: ["users"], controllers: ["network", "protect"], email: "noc@msp.example", fullName: "MSP NOC", role: "owner", status: "ACTIVE" }
      : null,
    reportedState: reportedState(ctx, spec, model, consoleMac, hardwareId),
  };
  // GET /v1/devices names a console's group by its name and a server's by its hostname.
  const groupName = model ? spec.name : spec.hostname;
  const devices: UnifiHostDevices = { hostId: id, hostName: groupName, devices: [], updatedAt: rfc3339(nowMs - randInt(rng, 0, 300_000)) };
  return { host, sites: [], devices, model, consoleMac, isp: pick(rng, ISPS) };
}

/**
 * Adds one site to a host, on its own 10.a.b.0/24. A console is the gateway of its first site;
 * every other site (a server's, a console's second) gets a UXG gateway.
 */
export function addSite(ctx: GenContext, rec: UnifiHostRecords, plan: SitePlan, apNames: readonly string[] = []): NewSite {
  const { rng, nowMs } = ctx;
  const online = rec.host.reportedState?.state !== "disconnected";
  const consoleGateway = rec.model !== undefined && rec.sites.length === 0;
  const n = ctx.nextSubnet++;
  const prefix = `10.${1 + ((n >> 8) % 254)}.${n & 255}.`;
  const gwModel = consoleGateway ? rec.model! : pick(rng, GATEWAYS);
  const gateway = buildUnifiDevice(ctx, {
    model: gwModel, name: consoleGateway ? String(rec.host.reportedState?.name) : `GW-${randomTag(rng, 4)}`, ip: `${prefix}1`, online,
    isConsole: consoleGateway, ...(consoleGateway && rec.consoleMac ? { mac: rec.consoleMac } : {}),
  });
  const devices = [gateway, ...buildSiteDevices(ctx, prefix, online, apNames)];
  rec.devices.devices.push(...devices);
  const counts = deviceCounts(devices);
  const siteId = randHex(rng, 24);
  const timezone = rec.host.reportedState?.timezone;
  const [ispName, ispOrg, ispAsn] = rec.isp;
  const wanUptime = online ? (rng() < 0.8 ? 100 : Math.round((95 + rng() * 5) * 100) / 100) : Math.round(rng() * 9000) / 100;
  const site: UnifiSite = {
    siteId,
    hostId: rec.host.id,
    meta: { desc: plan.desc, gatewayMac: colonMac(gateway.id), name: plan.defaultSlot ? "default" : randomTag(rng, 8).toLowerCase(), ...(timezone ? { timezone } : {}) },
    statistics: plan.statisticsNull ? null : {
      counts: {
        criticalNotification: rng() < 0.8 ? 0 : randInt(rng, 1, 3),
        ...counts,
        guestClient: online ? randInt(rng, 0, 6) : 0,
        lanConfiguration: randInt(rng, 1, 4),
        wanConfiguration: randInt(rng, 1, 2),
        wifiClient: online ? randInt(rng, 0, 8 * counts.wifiDevice) : 0,
        wifiConfiguration: randInt(rng, 1, 3),
        wiredClient: online ? randInt(rng, 0, 6 * counts.wiredDevice) : 0,
      },
      gateway: { hardwareId: rec.host.hardwareId, inspectionState: "off", ipsMode: pick(rng, ["disabled", "detection", "ips"]),
        ipsSignature: { rulesCount: randInt(rng, 40_000, 55_000), type: "ET" }, shortname: gwModel.shortname },
      internetIssues: [],
      ispInfo: { name: ispName, organization: ispOrg },
      percentages: { txRetry: Math.round(rng() * 600) / 100, wanUptime },
    },
    permission: "admin",
    isOwner: true,
    ...(rng() < 0.5 ? { subscriptionEndTime: rfc3339(nowMs + randInt(rng, 30, 700) * DAY) } : {}),
  };
  rec.sites.push(site);
  let ispMetric: UnifiIspMetric | undefined;
  if (!plan.statisticsNull && (!online || rng() < ISP_METRIC_SHARE)) {
    const end = Math.floor(nowMs / (5 * MINUTE)) * 5 * MINUTE;
    ispMetric = { metricType: "5m", hostId: rec.host.id, siteId, periods: Array.from({ length: ISP_PERIODS }, (_, i) => {
      const latency = randInt(rng, 5, 40);
      const up = online ? 100 : 0;
      return { data: { wan: { avgLatency: online ? latency : 0, download_kbps: online ? randInt(rng, 50_000, 900_000) : 0,
        downtime: online ? 0 : 300, ispAsn, ispName, maxLatency: online ? latency + randInt(rng, 0, 40) : 0,
        packetLoss: online ? 0 : 100, upload_kbps: online ? randInt(rng, 10_000, 500_000) : 0, uptime: up } },
        metricTime: rfc3339(end - (ISP_PERIODS - 1 - i) * 5 * MINUTE), version: "9.0.114" };
    }) };
  }
  return { site, ispMetric };
}
