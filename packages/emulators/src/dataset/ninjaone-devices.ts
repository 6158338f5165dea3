/**
 * NinjaOne device records in the devices-detailed shape (sample devices-detailed-page1.json).
 * Roles and policies follow the samples (workstations role 1 / policy 11, servers 2 / 12...);
 * whether an offline device raises AGENT_OFFLINE depends on its policy, as alert conditions are
 * attached to policies in NinjaOne.
 */
import { pick, randInt, randUuid, type Rng } from "@oberaconnect/common/random";
import type { NinjaDevice, NinjaLocation } from "@oberaconnect/common/wire/ninjaone";
import { DAY, HOUR, epochSeconds, ninjaMac, type GenContext } from "./context";
import { randomTag, weightedPick } from "./names";
import type { CustomerWan } from "./wan";
import { FIRST_NAMES } from "./words";

interface ClassSpec {
  nodeRoleId: number;
  policy: number;
  /** Policy used instead when the organization monitors workstations for going offline. */
  monitoredPolicy?: number;
  agent: boolean;
}

/** Role and policy per node class. NMS_* devices are agentless (no os/system blocks). */
export const NODE_CLASSES: Readonly<Record<string, ClassSpec>> = {
  WINDOWS_WORKSTATION: { nodeRoleId: 1, policy: 11, monitoredPolicy: 13, agent: true },
  WINDOWS_SERVER: { nodeRoleId: 2, policy: 12, agent: true },
  MAC: { nodeRoleId: 7, policy: 21, monitoredPolicy: 23, agent: true },
  LINUX_SERVER: { nodeRoleId: 9, policy: 31, agent: true },
  VMWARE_VM_HOST: { nodeRoleId: 14, policy: 41, agent: true },
  NMS_SWITCH: { nodeRoleId: 20, policy: 51, agent: false },
  NMS_PRINTER: { nodeRoleId: 21, policy: 51, agent: false },
  NMS_FIREWALL: { nodeRoleId: 22, policy: 51, agent: false },
  NMS_WAP: { nodeRoleId: 23, policy: 51, agent: false },
};

/** Policies carrying an "agent offline" condition: an offline device on them has an AGENT_OFFLINE alert. */
export const OFFLINE_ALERT_POLICIES: ReadonlySet<number> = new Set([12, 13, 23, 31, 41]);

/** Whether this device, when offline and not in maintenance, has an open AGENT_OFFLINE alert. */
export const raisesOfflineAlert = (d: NinjaDevice): boolean =>
  d.offline && d.maintenance?.status !== "IN_MAINTENANCE" && OFFLINE_ALERT_POLICIES.has(d.rolePolicyId ?? -1);

const CLASS_WEIGHTS: readonly (readonly [string, number])[] = [
  ["WINDOWS_WORKSTATION", 62], ["WINDOWS_SERVER", 9], ["MAC", 10], ["LINUX_SERVER", 4], ["VMWARE_VM_HOST", 2],
  ["NMS_SWITCH", 3], ["NMS_PRINTER", 6], ["NMS_FIREWALL", 2], ["NMS_WAP", 2],
];

/** Share of devices offline (brief: ~5%) and in maintenance ("a few"). */
export const OFFLINE_SHARE = 0.05;
export const MAINTENANCE_SHARE = 0.01;

/** Per-organization naming state, so names stay unique inside an org. */
export interface OrgDeviceContext {
  organizationId: number;
  abbrev: string;
  domain: string;
  /** The addresses its devices report (wan.ts). */
  wan: CustomerWan;
  monitorsWorkstations: boolean;
  counters: Map<string, number>;
  /** Where name sequences start: 0 for a new org, past the existing devices when adding later. */
  seqStart: number;
}

const seq = (org: OrgDeviceContext, prefix: string): string => {
  const n = (org.counters.get(prefix) ?? org.seqStart) + 1;
  org.counters.set(prefix, n);
  return String(n).padStart(2, "0");
};

function systemNameFor(rng: Rng, nodeClass: string, org: OrgDeviceContext): string {
  const a = org.abbrev;
  switch (nodeClass) {
    case "WINDOWS_WORKSTATION":
      return rng() < 0.3 ? `DESKTOP-${randomTag(rng, 7)}` : rng() < 0.5 ? `${a}-LT${seq(org, "LT")}` : `${a}-WS${seq(org, "WS")}`;
    case "WINDOWS_SERVER":
      return `${a}-${pick(rng, ["DC", "FS", "APP", "SQL", "RDS"])}${seq(org, "SRV")}`;
    case "MAC":
      return rng() < 0.5 ? `${a}-MBP-${seq(org, "MBP")}` : `${pick(rng, FIRST_NAMES)}s-MacBook-Pro-${seq(org, "MAC")}`;
    case "LINUX_SERVER":
      return `${a.toLowerCase()}-${pick(rng, ["web", "files", "db", "backup"])}${seq(org, "lnx")}`;
    case "VMWARE_VM_HOST":
      return `esx${seq(org, "esx")}.${org.domain}`;
    default:
      return `${a}-${nodeClass.slice(4, 7)}${seq(org, nodeClass)}`;
  }
}

function agentBlocks(rng: Rng, nodeClass: string, name: string, nowMs: number): Partial<NinjaDevice> {
  const win = nodeClass.startsWith("WINDOWS");
  const mac = nodeClass === "MAC";
  const server = nodeClass === "WINDOWS_SERVER";
  const ram = 2 ** randInt(rng, 33, server ? 36 : 35);
  const [osName, build] = mac
    ? ["macOS Sonoma", "23F79"]
    : server
      ? pick(rng, [["Windows Server 2022 Standard", "20348"], ["Windows Server 2019 Standard", "17763"]] as const)
      : win
        ? pick(rng, [["Windows 11 Professional Edition", "22631"], ["Windows 10 Professional Edition", "19045"]] as const)
        : ["Ubuntu 22.04.4 LTS", "5.15.0-105-generic"];
  const [maker, model] = mac
    ? ["Apple Inc.", "MacBookPro18,3"]
    : server
      ? ["Dell Inc.", "PowerEdge R350"]
      : pick(rng, [["Dell Inc.", "OptiPlex 7090"], ["HP", "HP EliteDesk 800 G6 Mini"], ["LENOVO", "ThinkPad T14 Gen 3"]] as const);
  const serial = randomTag(rng, 7);
  return {
    os: { manufacturer: mac ? "Apple Inc." : win ? "Microsoft Corporation" : "Canonical", name: osName, buildNumber: build,
      lastBootTime: epochSeconds(nowMs - randInt(rng, 1, 30) * DAY), needsReboot: rng() < 0.1 },
    system: { name, manufacturer: maker, model, serialNumber: serial, biosSerialNumber: serial, virtualMachine: false },
    memory: { capacity: ram },
    volumes: [{ name: win ? "C:" : "/", capacity: 510738296832, freeSpace: randInt(rng, 5, 400) * 1_000_000_000 }],
    lastLoggedInUser: win ? `${pick(rng, FIRST_NAMES)}` : "admin",
  };
}

/** Options for one device; `fixed` names override the generated ones. */
export interface DeviceOptions {
  org: OrgDeviceContext;
  location: NinjaLocation;
  /** The office of `location` (its index in `org.wan.offices`); default 0. */
  office?: number;
  nodeClass?: string;
  fixed?: { systemName: string; displayName: string };
  offline?: boolean;
}

/** Builds one device, drawing its id from the context. */
export function buildNinjaDevice(ctx: GenContext, opts: DeviceOptions): NinjaDevice {
  const { rng, nowMs } = ctx;
  const nodeClass = opts.nodeClass ?? (opts.fixed ? "WINDOWS_WORKSTATION" : weightedPick(rng, CLASS_WEIGHTS));
  const spec = NODE_CLASSES[nodeClass]!;
  const systemName = opts.fixed?.systemName ?? systemNameFor(rng, nodeClass, opts.org);
  const offline = opts.offline ?? rng() < OFFLINE_SHARE;
  const lastContactMs = offline ? nowMs - randInt(rng, HOUR, 30 * DAY) : nowMs - randInt(rng, 0, 300_000);
  const host = systemName.split(".")[0]!.toLowerCase();
  const device: NinjaDevice = {
    id: ctx.nextDeviceId++,
    uid: randUuid(rng),
    organizationId: opts.org.organizationId,
    locationId: opts.location.id,
    nodeClass,
    nodeRoleId: spec.nodeRoleId,
    rolePolicyId: opts.org.monitorsWorkstations && spec.monitoredPolicy ? spec.monitoredPolicy : spec.policy,
    approvalStatus: "APPROVED",
    offline,
    displayName: opts.fixed?.displayName ?? systemName,
    systemName,
    dnsName: systemName.includes(".") ? systemName : `${host}.${opts.org.domain}`,
    netbiosName: host.toUpperCase().slice(0, 15),
    created: epochSeconds(nowMs - randInt(rng, 30, 1500) * DAY),
    lastContact: epochSeconds(lastContactMs),
    lastUpdate: epochSeconds(Math.min(nowMs, lastContactMs + randInt(rng, 0, 3000))),
    ipAddresses: [`10.${opts.org.organizationId % 250}.${opts.location.id % 250}.${randInt(rng, 10, 250)}`],
    macAddresses: [ninjaMac(rng)],
    ...(spec.agent ? agentBlocks(rng, nodeClass, systemName, nowMs) : {}),
  };
  const laptop = nodeClass === "MAC" || /-LT\d/.test(systemName) || /ThinkPad/.test(String(device.system?.model ?? ""));
  const publicIP = opts.org.wan.deviceIp(rng, { nodeClass, laptop, office: opts.office ?? 0 });
  if (publicIP !== undefined) device.publicIP = publicIP;
  if (rng() < MAINTENANCE_SHARE) {
    device.maintenance = { status: "IN_MAINTENANCE", start: epochSeconds(nowMs - HOUR), end: epochSeconds(nowMs + 3 * HOUR) };
  }
  return device;
}
