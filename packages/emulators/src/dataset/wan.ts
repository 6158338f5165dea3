/**
 * Internet addresses, as an MSP's networks have them. UniFi's `host.ipAddress` is the address the
 * console (or controller) reaches the cloud from, and NinjaOne's `device.publicIP` the address an
 * agent last checked in from (source-apis.md); on a customer's premises both are the office's
 * internet line, which is how MSP tools tie an RMM site to a network. What this module gives the
 * generator, and the reasons the two do not always agree:
 *
 * - **Offices.** Each customer has an office with its own public address; some have a second
 *   office on another line (its NinjaOne location, when it has a second one).
 * - **Agents.** Desktops and on-premises servers report the office's address; a few servers run in
 *   a cloud (the customer's own cloud address, where its self-hosted controller may run too).
 *   Laptops roam: each customer has its own share of them in the office (hybrid work), the rest
 *   report a home line, a hotel, airport or café hotspot that other customers' laptops use too, a
 *   carrier-grade NAT address (100.64.0.0/10, as an agent behind CGNAT may report), another
 *   customer's office (a visit), or, rarely, the MSP's office (on its bench for repair).
 *   Agentless NMS devices (switches, printers polled by SNMP) report none.
 * - **Shared lines.** Some offices are in a multi-tenant building (coworking, a landlord's
 *   network): two or three customers come out from one address.
 * - **Hosts.** A customer's console sits behind its office's line, unless its WAN address changed
 *   (DHCP) since the agents last checked in; a customer's own controller runs in its office or in
 *   its cloud. The MSP's shared controllers run in the MSP's datacenter, and its lab and demo
 *   consoles in the MSP's office: addresses no customer's office has.
 * - Some customers have no NinjaOne agents at all (the MSP manages only their network).
 *
 * Addresses are drawn from the generation stream as customers come, and only look back at
 * earlier customers (buildings already opened, offices to visit), so customer `i` comes out the
 * same whatever the total count. Every share below is our estimate; no source gives one.
 * @module
 */
import { pick, randInt, type Rng } from "@oberaconnect/common/random";
import { publicIp, type GenContext } from "./context";
import { weightedPick } from "./names";

/** Share of customers with a second office on its own line. */
export const SECOND_OFFICE_SHARE = 0.08;
/** Share of customers whose (main) office is in a multi-tenant building sharing one address. */
export const SHARED_BUILDING_SHARE = 0.05;
/** Share of customer consoles and controllers whose WAN address changed since the agents last reported. */
export const WAN_CHANGED_SHARE = 0.04;
/** Share of customers' own controllers that run in the customer's cloud rather than its office. */
export const CONTROLLER_IN_CLOUD_SHARE = 0.25;
/** Share of customers with UniFi that have no NinjaOne agents (network-only contracts). */
export const NETWORK_ONLY_SHARE = 0.04;
/** Share of servers that run in the customer's cloud. */
export const CLOUD_SERVER_SHARE = 0.08;
/** Share of desktops reporting a home line (taken home). */
export const DESKTOP_AT_HOME_SHARE = 0.03;
/** Range of a customer's share of laptops at the office (hybrid work varies by customer). */
export const LAPTOPS_IN_OFFICE: readonly [number, number] = [0.3, 0.85];
/** Where a roaming laptop is, by weight. */
const ROAMING: readonly (readonly [Roaming, number])[] = [["home", 72], ["hotspot", 10], ["cgnat", 12], ["visit", 3], ["msp-bench", 3]];
type Roaming = "home" | "hotspot" | "cgnat" | "visit" | "msp-bench";
/** Hotel, airport and café hotspots roaming laptops of any customer come out from. */
const HOTSPOTS = 12;

/** What is decided about a customer's networks before any address is drawn (plan.ts). */
export interface NetworkPlan {
  /** Offices with their own internet line: 1, or 2. */
  offices: number;
  /** The main office is in a multi-tenant building: other customers share its address. */
  sharedBuilding: boolean;
  /** The customer's console or controller changed WAN address after its agents last checked in. */
  hostWanChanged: boolean;
  /** The customer's own controller (own-server hosting) runs in its cloud, not in its office. */
  controllerInCloud: boolean;
  /** Share of its laptops in the office at any time. */
  laptopsInOffice: number;
  /** Hard cases: the main office is customer `index`'s (two companies in one office). */
  sameOfficeAs?: number;
  /** Hard cases: every agent reports its office's address (no roaming, no cloud), for a fixed outcome. */
  allAtOffice?: boolean;
}

/** A random network plan (one draw per decision, from the customer's turn of the stream). */
export function randomNetwork(rng: Rng): NetworkPlan {
  const [lo, hi] = LAPTOPS_IN_OFFICE;
  return {
    offices: rng() < SECOND_OFFICE_SHARE ? 2 : 1,
    sharedBuilding: rng() < SHARED_BUILDING_SHARE,
    hostWanChanged: rng() < WAN_CHANGED_SHARE,
    controllerInCloud: rng() < CONTROLLER_IN_CLOUD_SHARE,
    laptopsInOffice: Math.round((lo + rng() * (hi - lo)) * 100) / 100,
  };
}

/** What one device is, as far as where it connects from goes. */
export interface DeviceWhere {
  nodeClass: string;
  /** A laptop (MacBook, ThinkPad, an "-LT" name): it roams. */
  laptop: boolean;
  /** Index of the office of its NinjaOne location. */
  office: number;
}

/** A customer's addresses: its offices', its cloud's, and what each of its devices reports. */
export interface CustomerWan {
  /** Public address of each office; office 0 is where its console or own controller is. */
  readonly offices: readonly string[];
  /** `publicIP` of one device, or undefined for agentless devices (draws from `rng`). */
  deviceIp(rng: Rng, where: DeviceWhere): string | undefined;
  /** `ipAddress` of the customer's own console or controller. */
  hostIp(rng: Rng, kind: "console" | "own-server"): string;
}

const AGENTLESS = (nodeClass: string) => nodeClass.startsWith("NMS_");
const SERVER_CLASSES = new Set(["WINDOWS_SERVER", "LINUX_SERVER", "VMWARE_VM_HOST"]);

/** 100.64.0.0/10: carrier-grade NAT, shared by a carrier's subscribers. */
export function cgnatIp(rng: Rng): string {
  return `100.${randInt(rng, 64, 127)}.${randInt(rng, 0, 255)}.${randInt(rng, 1, 254)}`;
}

/** A customer whose devices all report one address (devices added later, by mutations). */
export function fixedWan(ip: string): CustomerWan {
  return {
    offices: [ip],
    deviceIp: (_rng, where) => (AGENTLESS(where.nodeClass) ? undefined : ip),
    hostIp: () => ip,
  };
}

/** The address most of these devices report (ties: the first seen), or undefined. */
export function commonestIp(devices: readonly { publicIP?: string | undefined }[]): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  for (const d of devices) {
    if (!d.publicIP) continue;
    const n = (counts.get(d.publicIP) ?? 0) + 1;
    counts.set(d.publicIP, n);
    if (best === undefined || n > counts.get(best)!) best = d.publicIP;
  }
  return best;
}

/** The run's addresses: the MSP's, the hotspots, buildings and offices opened so far. */
export class WanPlanner {
  /** The MSP's office: its bench and lab consoles, laptops in for repair. */
  readonly mspOffice: string;
  private readonly datacenterBlock: string;
  private readonly hotspots: string[];
  private readonly buildings: { ip: string; left: number }[] = [];
  /** Main office of each customer so far, by index (for `sameOfficeAs`). */
  private readonly mainOffices = new Map<number, string>();
  /** The most recent customers' offices: where a visiting laptop may be. */
  private readonly recentOffices: string[] = [];

  constructor(private readonly ctx: GenContext) {
    const rng = ctx.rng;
    this.mspOffice = publicIp(rng);
    this.datacenterBlock = publicIp(rng).replace(/\.\d+$/, ".");
    this.hotspots = Array.from({ length: HOTSPOTS }, () => publicIp(rng));
  }

  /** The address of the MSP's next shared controller, in its datacenter's block. */
  datacenterIp(): string {
    return `${this.datacenterBlock}${randInt(this.ctx.rng, 2, 254)}`;
  }

  /** The addresses of customer `index` (call once per customer, in order). */
  customer(index: number, plan: NetworkPlan): CustomerWan {
    const rng = this.ctx.rng;
    const main = (plan.sameOfficeAs !== undefined && this.mainOffices.get(plan.sameOfficeAs)) || (plan.sharedBuilding ? this.building(rng) : publicIp(rng));
    const offices = [main];
    while (offices.length < plan.offices) offices.push(publicIp(rng));
    let cloud: string | undefined;
    const cloudIp = () => (cloud ??= publicIp(rng));
    const visitable = [...this.recentOffices];
    this.mainOffices.set(index, main);
    this.recentOffices.push(...offices);
    if (this.recentOffices.length > 200) this.recentOffices.splice(0, this.recentOffices.length - 200);

    const roaming = (r: Rng): string => {
      const where = weightedPick(r, ROAMING);
      if (where === "hotspot") return pick(r, this.hotspots);
      if (where === "cgnat") return cgnatIp(r);
      if (where === "visit" && visitable.length > 0) return pick(r, visitable);
      if (where === "msp-bench") return this.mspOffice;
      return publicIp(r); // a home line
    };
    return {
      offices,
      deviceIp: (r, where) => {
        if (AGENTLESS(where.nodeClass)) return undefined;
        const office = offices[where.office] ?? main;
        if (plan.allAtOffice) return office;
        if (SERVER_CLASSES.has(where.nodeClass)) return r() < CLOUD_SERVER_SHARE ? cloudIp() : office;
        if (!where.laptop) return r() < DESKTOP_AT_HOME_SHARE ? publicIp(r) : office;
        return r() < plan.laptopsInOffice ? office : roaming(r);
      },
      hostIp: (r, kind) => {
        if (kind === "own-server" && plan.controllerInCloud) return cloudIp();
        return plan.hostWanChanged ? publicIp(r) : main;
      },
    };
  }

  /** A multi-tenant building's address: one opened by an earlier customer, or a new one. */
  private building(rng: Rng): string {
    const open = this.buildings.filter((b) => b.left > 0);
    if (open.length > 0 && rng() < 0.7) {
      const b = open[open.length - 1]!;
      b.left--;
      return b.ip;
    }
    const b = { ip: publicIp(rng), left: randInt(rng, 1, 2) };
    this.buildings.push(b);
    if (this.buildings.length > 5) this.buildings.shift();
    return b.ip;
  }
}
