/**
 * Applies a mutation spec to a dataset in place (what `POST /_emulator/mutate` does) and reports
 * exactly which source records changed, so a test can assert that exactly those Notion pages
 * changed. The dataset stays consistent: site counts are recomputed from devices, devices that go
 * offline raise AGENT_OFFLINE when their policy says so, resolved alerts leave the list and get a
 * RESET activity.
 */
import { createRng, pick, type Rng } from "@oberaconnect/common/random";
import type { NinjaDevice } from "@oberaconnect/common/wire/ninjaone";
import type { UnifiDevice, UnifiHostDevices } from "@oberaconnect/common/wire/unifi";
import { continueContext, DEFAULT_NOW, epochSeconds, publicIp, rfc3339, type GenContext } from "./context";
import { ninjaDeviceKey, unifiDeviceKey } from "./keys";
import { CompanyNamer } from "./names";
import { conditionAlert, offlineAlert, resetActivity } from "./ninjaone-alerts";
import { buildNinjaDevice, raisesOfflineAlert } from "./ninjaone-devices";
import { orgDeviceContext } from "./ninjaone-gen";
import {
  emptyKeys, parseMutationSpec, resolveAmount, sample, type ChangedKeys, type MutationResult, type ParsedMutationSpec,
} from "./mutation-spec";
import { devicesBySite, refreshSiteCounts } from "./site-stats";
import type { Dataset } from "./types";
import { ACCESS_POINTS } from "./unifi-catalog";
import { buildUnifiDevice } from "./unifi-devices";
import { commonestIp, fixedWan } from "./wan";

export {
  MutationSpecError, MutationSpecSchema, type ChangedKeys, type MutationResult, type MutationSpec,
} from "./mutation-spec";

/** Options of a mutation run. */
export interface MutateOptions {
  /** The emulator clock's current time; new timestamps are taken from it. */
  now?: Date;
}

/**
 * Validates `spec` (throwing `MutationSpecError` naming the field) and applies it to `dataset`.
 * A spec that selects nothing is a no-op and returns empty key lists.
 */
export function mutate(dataset: Dataset, spec: unknown, rng: Rng, options: MutateOptions = {}): MutationResult {
  const parsed = parseMutationSpec(spec);
  const run = new MutationRun(dataset, parsed, parsed.seed !== undefined ? createRng(parsed.seed) : rng, options.now ?? DEFAULT_NOW);
  return run.apply();
}

type Kind = keyof ChangedKeys;

class MutationRun {
  private readonly ctx: GenContext;
  private readonly rng: Rng;
  private readonly changed = new Map<Kind, Set<string | number>>();
  private readonly created = emptyKeys();
  private readonly deleted = emptyKeys();
  private readonly touchedSites = new Set<string>();
  private readonly siteOfDevice = new Map<string, string>();
  private readonly ninja: boolean;
  private readonly unifi: boolean;

  constructor(private readonly d: Dataset, private readonly spec: ParsedMutationSpec, rng: Rng, now: Date) {
    this.rng = rng;
    this.ctx = continueContext(d, rng, now);
    this.ninja = spec.source !== "unifi";
    this.unifi = spec.source !== "ninjaone";
    for (const [siteId, devices] of devicesBySite(d.unifi)) for (const dev of devices) this.siteOfDevice.set(dev.id, siteId);
  }

  private mark(kind: Kind, key: string | number, also?: ChangedKeys): void {
    let set = this.changed.get(kind);
    if (!set) this.changed.set(kind, (set = new Set()));
    if (set.has(key)) return;
    set.add(key);
    if (also) (also[kind] as (string | number)[]).push(key);
  }

  private amount(value: number | undefined, implied: boolean, pool: number): number {
    return resolveAmount(value ?? (implied ? this.spec.fraction : undefined), pool);
  }

  apply(): MutationResult {
    const s = this.spec;
    if (this.ninja) this.renameOrgs(this.amount(s.rename_orgs, true, this.d.ninjaone.organizations.length));
    if (this.unifi) this.deleteSites(this.amount(s.delete_sites, false, this.d.unifi.sites.length));
    this.setOnline(s.devices_offline, s.devices_online);
    if (s.outage) this.outage(s.outage.organization, s.outage.sites);
    if (this.ninja) this.resolveAlerts();
    if (this.ninja) this.newAlerts();
    this.newDevices();
    this.refreshSites();
    const changed = emptyKeys();
    for (const [kind, keys] of this.changed) (changed[kind] as (string | number)[]) = [...keys];
    return { changed, created: this.created, deleted: this.deleted };
  }

  private renameOrgs(k: number): void {
    if (k === 0) return;
    const namer = new CompanyNamer();
    for (const o of this.d.ninjaone.organizations) namer.reserve(o.name);
    for (const org of sample(this.rng, this.d.ninjaone.organizations, k)) {
      org.name = namer.next(this.rng);
      this.mark("organizations", org.id);
    }
  }

  private deleteSites(k: number): void {
    if (k === 0) return;
    const u = this.d.unifi;
    const gone = new Set(sample(this.rng, u.sites, k).map((s) => s.siteId));
    const goneDevices = new Set<string>();
    for (const [deviceId, siteId] of this.siteOfDevice) if (gone.has(siteId)) goneDevices.add(deviceId);
    u.sites = u.sites.filter((s) => !gone.has(s.siteId));
    u.ispMetrics = u.ispMetrics.filter((m) => !gone.has(m.siteId));
    for (const siteId of gone) this.mark("sites", siteId, this.deleted);
    const hostsLeft = new Set(u.sites.map((s) => s.hostId));
    for (const group of u.devices) {
      const kept = group.devices.filter((dev) => !goneDevices.has(dev.id));
      for (const dev of group.devices) if (goneDevices.has(dev.id)) this.mark("devices", unifiDeviceKey(dev.id), this.deleted);
      if (kept.length !== group.devices.length) Object.assign(group, { devices: kept, updatedAt: rfc3339(this.ctx.nowMs) });
    }
    for (const host of u.hosts) if (!hostsLeft.has(host.id)) this.mark("hosts", host.id, this.deleted);
    // A removed host takes any device no site claimed with it.
    for (const g of u.devices) {
      if (!hostsLeft.has(g.hostId)) for (const dev of g.devices) this.mark("devices", unifiDeviceKey(dev.id), this.deleted);
    }
    u.hosts = u.hosts.filter((h) => hostsLeft.has(h.id));
    u.devices = u.devices.filter((g) => hostsLeft.has(g.hostId));
    for (const id of goneDevices) this.siteOfDevice.delete(id);
  }

  /** UniFi devices that can change state: not consoles, not on a disconnected host. */
  private unifiCandidates(): UnifiDevice[] {
    const down = new Set(this.d.unifi.hosts.filter((h) => h.reportedState?.state === "disconnected").map((h) => h.id));
    return this.d.unifi.devices.filter((g) => !down.has(g.hostId)).flatMap((g) => g.devices.filter((dev) => !dev.isConsole));
  }

  private setOnline(offlineAmount: number | undefined, onlineAmount: number | undefined): void {
    type Candidate = { key: string; flip: () => void };
    const up: Candidate[] = [];
    const downList: Candidate[] = [];
    const nowS = epochSeconds(this.ctx.nowMs);
    if (this.ninja) {
      for (const dev of this.d.ninjaone.devices) {
        const c = { key: ninjaDeviceKey(dev.id), flip: () => this.flipNinja(dev, !dev.offline, nowS) };
        (dev.offline ? downList : up).push(c);
      }
    }
    if (this.unifi) {
      for (const dev of this.unifiCandidates()) {
        const c = { key: unifiDeviceKey(dev.id), flip: () => this.flipUnifi(dev) };
        (dev.status === "online" ? up : downList).push(c);
      }
    }
    // Both pools are fixed before either flips, so no device goes offline and back in one run.
    const toOffline = sample(this.rng, up, this.amount(offlineAmount, true, up.length));
    const toOnline = sample(this.rng, downList, this.amount(onlineAmount, true, downList.length));
    for (const c of [...toOffline, ...toOnline]) {
      c.flip();
      this.mark("devices", c.key);
    }
  }

  private outage(orgId: number, siteIds: readonly string[]): void {
    const nowS = epochSeconds(this.ctx.nowMs);
    if (this.ninja) {
      for (const dev of this.d.ninjaone.devices) {
        if (dev.organizationId !== orgId || dev.offline) continue;
        this.flipNinja(dev, true, nowS);
        this.mark("devices", ninjaDeviceKey(dev.id));
      }
    }
    if (!this.unifi || siteIds.length === 0) return;
    const sites = new Set(siteIds);
    for (const [deviceId, siteId] of this.siteOfDevice) {
      if (!sites.has(siteId)) continue;
      const dev = this.d.unifi.devices.flatMap((g) => g.devices).find((x) => x.id === deviceId);
      if (dev?.status !== "online") continue;
      this.flipUnifi(dev);
      this.mark("devices", unifiDeviceKey(dev.id));
    }
    // A console whose every site is down is unreachable itself.
    for (const host of this.d.unifi.hosts) {
      const its = this.d.unifi.sites.filter((x) => x.hostId === host.id);
      if (its.length > 0 && its.every((x) => sites.has(x.siteId)) && host.reportedState && host.reportedState.state !== "disconnected") {
        host.reportedState.state = "disconnected";
        this.mark("hosts", host.id);
      }
    }
  }

  private flipNinja(dev: NinjaDevice, goOffline: boolean, nowS: number): void {
    const id = dev.id;
    dev.offline = goOffline;
    dev.lastContact = goOffline ? Math.max(dev.lastContact ?? 0, nowS - 600) : nowS;
    dev.lastUpdate = dev.lastContact;
    const n = this.d.ninjaone;
    if (goOffline && raisesOfflineAlert(dev) && !n.alerts.some((a) => a.deviceId === id && a.sourceType === "AGENT_OFFLINE")) {
      const { alert, activity } = offlineAlert(this.ctx, dev);
      n.alerts.push(alert);
      n.activities.push(activity);
      this.mark("alerts", alert.uid, this.created);
    }
    if (!goOffline) {
      for (const alert of n.alerts.filter((a) => a.deviceId === id && a.sourceType === "AGENT_OFFLINE")) this.resolve(alert.uid);
    }
  }

  private flipUnifi(dev: UnifiDevice): void {
    dev.status = dev.status === "online" ? "offline" : "online";
    const siteId = this.siteOfDevice.get(dev.id);
    if (siteId) this.touchedSites.add(siteId);
  }

  private resolve(uid: string): void {
    const n = this.d.ninjaone;
    const alert = n.alerts.find((a) => a.uid === uid)!;
    n.alerts = n.alerts.filter((a) => a.uid !== uid);
    const triggered = n.activities.find((a) => a.seriesUid === uid && a.statusCode === "TRIGGERED");
    n.activities.push(resetActivity(this.ctx, alert, triggered));
    this.mark("alerts", uid, this.deleted);
  }

  private resolveAlerts(): void {
    const pool = this.d.ninjaone.alerts.filter((a) => a.sourceType !== "AGENT_OFFLINE" && !this.changed.get("alerts")?.has(a.uid));
    for (const a of sample(this.rng, pool, this.amount(this.spec.resolve_alerts, true, pool.length))) this.resolve(a.uid);
  }

  private newAlerts(): void {
    const n = this.d.ninjaone;
    const busy = new Set(n.alerts.map((a) => a.deviceId));
    const pool = n.devices.filter((dev) => !dev.offline && !busy.has(dev.id));
    for (const dev of sample(this.rng, pool, this.amount(this.spec.new_alerts, true, pool.length))) {
      const { alert, activity } = conditionAlert(this.ctx, dev);
      n.alerts.push(alert);
      n.activities.push(activity);
      this.mark("alerts", alert.uid, this.created);
    }
  }

  private newDevices(): void {
    const n = this.d.ninjaone;
    const ninjaOk = this.ninja && n.organizations.length > 0;
    const gateways = this.unifi ? this.siteGateways() : [];
    const unifiCount = this.unifi ? this.d.unifi.devices.reduce((sum, g) => sum + g.devices.length, 0) : 0;
    const k = this.amount(this.spec.new_devices, false, (ninjaOk ? n.devices.length : 0) + unifiCount);
    for (let i = 0; i < k; i++) {
      const toNinja = ninjaOk && (gateways.length === 0 || this.rng() < 0.5);
      if (toNinja) this.addNinjaDevice();
      else if (gateways.length > 0) this.addUnifiDevice(pick(this.rng, gateways));
    }
  }

  /** Sites that can take a new device: a reachable host and a known gateway fixing the subnet. */
  private siteGateways(): { siteId: string; gateway: UnifiDevice; group: UnifiHostDevices }[] {
    const u = this.d.unifi;
    const groups = new Map(u.devices.map((g) => [g.hostId, g]));
    const down = new Set(u.hosts.filter((h) => h.reportedState?.state === "disconnected").map((h) => h.id));
    const out: { siteId: string; gateway: UnifiDevice; group: UnifiHostDevices }[] = [];
    for (const site of u.sites) {
      const group = groups.get(site.hostId);
      const mac = site.meta.gatewayMac?.replace(/:/g, "").toUpperCase();
      const gateway = group?.devices.find((dev) => dev.id === mac);
      if (group && gateway?.ip && !down.has(site.hostId)) out.push({ siteId: site.siteId, gateway, group });
    }
    return out;
  }

  private addNinjaDevice(): void {
    const n = this.d.ninjaone;
    const org = pick(this.rng, n.organizations);
    const peers = n.devices.filter((dev) => dev.organizationId === org.id);
    const locations = n.locations.filter((l) => l.organizationId === org.id);
    if (locations.length === 0) return;
    const monitors = peers.some((dev) => dev.rolePolicyId === 13 || dev.rolePolicyId === 23);
    // A device enrolled now is at the office: the address most of its peers report.
    const orgCtx = orgDeviceContext(org, monitors, fixedWan(commonestIp(peers) ?? publicIp(this.rng)), peers.length);
    const dev = buildNinjaDevice(this.ctx, { org: orgCtx, location: pick(this.rng, locations), offline: false });
    delete dev.maintenance;
    n.devices.push(dev);
    this.mark("devices", ninjaDeviceKey(dev.id), this.created);
  }

  private addUnifiDevice(target: { siteId: string; gateway: UnifiDevice; group: UnifiHostDevices }): void {
    const { siteId, gateway, group } = target;
    const prefix = gateway.ip!.slice(0, gateway.ip!.lastIndexOf(".") + 1);
    const used = new Set(group.devices.map((dev) => dev.ip));
    let host = 200;
    while (used.has(`${prefix}${host}`) && host < 254) host++;
    const dev = buildUnifiDevice(this.ctx, {
      model: pick(this.rng, ACCESS_POINTS), name: `AP-New-${group.devices.length + 1}`, ip: `${prefix}${host}`, online: true,
    });
    group.devices.push(dev);
    group.updatedAt = rfc3339(this.ctx.nowMs);
    this.siteOfDevice.set(dev.id, siteId);
    this.touchedSites.add(siteId);
    this.mark("devices", unifiDeviceKey(dev.id), this.created);
  }

  private refreshSites(): void {
    if (this.touchedSites.size === 0) return;
    const bySite = devicesBySite(this.d.unifi);
    for (const site of this.d.unifi.sites) {
      if (this.touchedSites.has(site.siteId) && refreshSiteCounts(site, bySite.get(site.siteId) ?? [])) this.mark("sites", site.siteId);
    }
    const hosts = new Set(this.d.unifi.sites.filter((s) => this.touchedSites.has(s.siteId)).map((s) => s.hostId));
    for (const g of this.d.unifi.devices) if (hosts.has(g.hostId)) g.updatedAt = rfc3339(this.ctx.nowMs);
  }
}
