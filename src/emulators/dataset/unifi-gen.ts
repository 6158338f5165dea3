/**
 * The UniFi side of one customer: a host (hosts-page1.json), its site(s) (sites.json), its device
 * group (devices-page1.json) and, for some sites, 5-minute ISP metrics (isp-metrics-5m.json).
 */
import { pick, randHex, randInt, randUuid } from "../../lib/random";
import type { UnifiHost, UnifiHostDevices, UnifiIspMetric, UnifiSite } from "../../sources/unifi/schemas";
import { DAY, HOUR, MINUTE, colonMac, publicIp, rfc3339, type GenContext } from "./context";
import { randomTag } from "./names";
import type { UnifiPlan } from "./plan";
import { deviceCounts } from "./site-stats";
import { CONSOLES, GATEWAYS, type UnifiModel } from "./unifi-catalog";
import { buildSiteDevices, buildUnifiDevice } from "./unifi-devices";
import { CITIES, ISPS } from "./words";

/** Share of sites that have ISP metrics. */
export const ISP_METRIC_SHARE = 0.25;
/** Periods per ISP metric: the last hour of 5-minute points (the real GET returns up to 24 h). */
export const ISP_PERIODS = 12;

/** Everything UniFi holds about one customer. */
export interface UnifiCustomer {
  host: UnifiHost;
  sites: UnifiSite[];
  devices: UnifiHostDevices;
  ispMetrics: UnifiIspMetric[];
}

function buildHost(
  ctx: GenContext, plan: UnifiPlan, domain: string, consoleModel: UnifiModel | undefined, consoleMac: string | undefined,
): UnifiHost {
  const { rng, nowMs } = ctx;
  const [city, timezone] = pick(rng, CITIES);
  const state = plan.disconnected ? "disconnected" : "connected";
  const id = consoleModel ? `${randHex(rng, 60).toUpperCase()}:${randInt(rng, 100_000_000, 2_147_483_647)}` : randUuid(rng);
  const hardwareId = randUuid(rng);
  const common = {
    id, hardwareId, type: plan.hostType, ipAddress: publicIp(rng), owner: true, isBlocked: false,
    registrationTime: rfc3339(nowMs - randInt(rng, 60, 1000) * DAY),
    lastConnectionStateChange: rfc3339(nowMs - randInt(rng, HOUR, (plan.disconnected ? 3 : 30) * DAY), rng() < 0.5),
    latestBackupTime: plan.disconnected || rng() < 0.05 ? null : rfc3339(nowMs - randInt(rng, HOUR, DAY)),
  };
  if (!consoleModel) {
    return { ...common, userData: null, reportedState: {
      controller_uuid: hardwareId, hostname: `unifi.${domain}`, name: `${plan.hostName} (self-hosted)`,
      state, version: "8.3.11", timezone,
    } };
  }
  return {
    ...common,
    userData: { apps: ["users"], controllers: ["network", "protect"], email: "noc@msp.example", fullName: "MSP NOC", role: "owner", status: "ACTIVE" },
    reportedState: {
      hostname: `gw.${domain}`, name: plan.hostName, state, version: consoleModel.version, timezone,
      hardware: { name: consoleModel.hardwareName, shortname: consoleModel.shortname, mac: consoleMac,
        serialno: consoleMac?.toLowerCase(), firmwareVersion: consoleModel.version },
      location: { text: city },
    },
  };
}

/**
 * Builds the UniFi records of one customer. Each site gets its own 10.a.b.0/24; a console is its
 * one site's gateway, while a network server's sites each get a UXG gateway.
 */
export function generateUnifiCustomer(ctx: GenContext, plan: UnifiPlan, domain: string): UnifiCustomer {
  const { rng, nowMs } = ctx;
  const online = !plan.disconnected;
  const isConsole = plan.hostType === "console";
  const consoleModel = isConsole ? pick(rng, CONSOLES) : undefined;
  const consoleMac = consoleModel ? ctx.macs.next(consoleModel.oui) : undefined;
  const host = buildHost(ctx, plan, domain, consoleModel, consoleMac);
  const timezone = host.reportedState?.timezone;
  const [ispName, ispOrg, ispAsn] = pick(rng, ISPS);
  const sites: UnifiSite[] = [];
  const groupDevices: UnifiHostDevices["devices"] = [];
  const ispMetrics: UnifiIspMetric[] = [];
  for (const sitePlan of plan.sites) {
    const n = ctx.nextSubnet++;
    const prefix = `10.${1 + ((n >> 8) % 254)}.${n & 255}.`;
    const gwModel = consoleModel ?? pick(rng, GATEWAYS);
    const gateway = buildUnifiDevice(ctx, {
      model: gwModel, name: consoleModel ? plan.hostName : `GW-${randomTag(rng, 4)}`, ip: `${prefix}1`, online,
      isConsole, ...(consoleMac ? { mac: consoleMac } : {}),
    });
    const devices = [gateway, ...buildSiteDevices(ctx, prefix, online, sitePlan === plan.sites[0] ? plan.apNames : [])];
    groupDevices.push(...devices);
    const counts = deviceCounts(devices);
    const siteId = randHex(rng, 24);
    const wanUptime = online ? (rng() < 0.8 ? 100 : Math.round((95 + rng() * 5) * 100) / 100) : Math.round(rng() * 9000) / 100;
    sites.push({
      siteId,
      hostId: host.id,
      meta: { desc: sitePlan.desc, gatewayMac: colonMac(gateway.id), name: isConsole ? "default" : randomTag(rng, 8).toLowerCase(), ...(timezone ? { timezone } : {}) },
      statistics: sitePlan.statisticsNull ? null : {
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
        gateway: { hardwareId: host.hardwareId, inspectionState: "off", ipsMode: pick(rng, ["disabled", "detection", "ips"]),
          ipsSignature: { rulesCount: randInt(rng, 40_000, 55_000), type: "ET" }, shortname: gwModel.shortname },
        internetIssues: [],
        ispInfo: { name: ispName, organization: ispOrg },
        percentages: { txRetry: Math.round(rng() * 600) / 100, wanUptime },
      },
      permission: "admin",
      isOwner: true,
      ...(rng() < 0.5 ? { subscriptionEndTime: rfc3339(nowMs + randInt(rng, 30, 700) * DAY) } : {}),
    });
    if (!sitePlan.statisticsNull && (plan.disconnected || rng() < ISP_METRIC_SHARE)) {
      const end = Math.floor(nowMs / (5 * MINUTE)) * 5 * MINUTE;
      ispMetrics.push({ metricType: "5m", hostId: host.id, siteId, periods: Array.from({ length: ISP_PERIODS }, (_, i) => {
        const latency = randInt(rng, 5, 40);
        const up = online ? 100 : 0;
        return { data: { wan: { avgLatency: online ? latency : 0, download_kbps: online ? randInt(rng, 50_000, 900_000) : 0,
          downtime: online ? 0 : 300, ispAsn, ispName, maxLatency: online ? latency + randInt(rng, 0, 40) : 0,
          packetLoss: online ? 0 : 100, upload_kbps: online ? randInt(rng, 10_000, 500_000) : 0, uptime: up } },
          metricTime: rfc3339(end - (ISP_PERIODS - 1 - i) * 5 * MINUTE), version: "9.0.114" };
      }) });
    }
  }
  const hostName = isConsole ? plan.hostName : (host.reportedState?.hostname ?? plan.hostName);
  const devices: UnifiHostDevices = { hostId: host.id, hostName, devices: groupDevices, updatedAt: rfc3339(nowMs - randInt(rng, 0, 300_000)) };
  return { host, sites, devices, ispMetrics };
}
