/**
 * UniFi device records (GET /v1/devices items, sample devices-page1.json): id = MAC in upper-case
 * hex, `status` online/offline, `firmwareStatus`, `updateAvailable` always null as in every
 * capture, and no uptime field (uptime is now − `startupTime`).
 */
import { pick, randInt, type Rng } from "@oberaconnect/common/random";
import type { UnifiDevice } from "@oberaconnect/common/wire/unifi";
import { DAY, rfc3339, type GenContext } from "./context";
import { weightedPick } from "./names";
import { ACCESS_POINTS, AREAS, CAMERAS, SWITCHES, UIDB, type UnifiModel } from "./unifi-catalog";

const FIRMWARE: readonly (readonly [string, number])[] = [["upToDate", 80], ["updateAvailable", 15], ["updatePending", 5]];

/** Share of non-gateway devices offline on a connected host. */
export const UNIFI_OFFLINE_SHARE = 0.03;

/** Inputs for one device. */
export interface UnifiDeviceOptions {
  model: UnifiModel;
  name: string;
  ip: string;
  online: boolean;
  isConsole?: boolean;
  mac?: string;
}

/** Builds one device record. */
export function buildUnifiDevice(ctx: GenContext, o: UnifiDeviceOptions): UnifiDevice {
  const { rng, nowMs } = ctx;
  const mac = o.mac ?? ctx.macs.next(o.model.oui);
  const startup = nowMs - randInt(rng, 1, 60) * DAY - randInt(rng, 0, DAY);
  return {
    id: mac,
    mac,
    name: o.name,
    model: o.model.model,
    shortname: o.model.shortname,
    ip: o.ip,
    productLine: o.model.kind === "camera" ? "protect" : "network",
    status: o.online ? "online" : "offline",
    version: o.model.version,
    firmwareStatus: weightedPick(rng, FIRMWARE),
    updateAvailable: null,
    isConsole: o.isConsole ?? false,
    isManaged: true,
    // RFC 3339 "sometimes with milliseconds" (source-apis.md); parity keeps the rng stream as it was.
    startupTime: rfc3339(startup, startup % 2 === 0),
    // Consoles and protect cameras show adoptionTime null in the captures.
    adoptionTime: o.isConsole || o.model.kind === "camera" ? null : rfc3339(startup - randInt(rng, 30, 700) * DAY),
    note: null,
    uidb: UIDB,
  };
}

/** Unique area-based names inside one site ("AP-Lobby", "AP-Lobby-2"). */
export class SiteNamer {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}
  next(prefix: string): string {
    const base = `${prefix}-${pick(this.rng, AREAS)}`;
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}-${i}`;
    this.used.add(name);
    return name;
  }
}

/**
 * Switches, APs and (on some sites) cameras behind a gateway on the `prefix` /24. `apNames` fixes
 * the first AP names (hard cases); `online` false puts every device offline (disconnected host).
 */
export function buildSiteDevices(
  ctx: GenContext, prefix: string, online: boolean, apNames: readonly string[] = [],
): UnifiDevice[] {
  const { rng } = ctx;
  const namer = new SiteNamer(rng);
  const devices: UnifiDevice[] = [];
  let host = 10;
  const add = (model: UnifiModel, name: string) => {
    const up = online && rng() >= UNIFI_OFFLINE_SHARE;
    devices.push(buildUnifiDevice(ctx, { model, name, ip: `${prefix}${host++}`, online: up }));
  };
  for (let i = randInt(rng, 1, 3); i > 0; i--) add(pick(rng, SWITCHES), namer.next("SW"));
  const aps = Math.max(randInt(rng, 2, 8), apNames.length);
  for (let i = 0; i < aps; i++) add(pick(rng, ACCESS_POINTS), apNames[i] ?? namer.next("AP"));
  if (rng() < 0.3) for (let i = randInt(rng, 1, 4); i > 0; i--) add(pick(rng, CAMERAS), namer.next("CAM"));
  return devices;
}
