/**
 * One read of each source: every list in parallel, failures turned into problem lines. A source
 * is `ok` only when every one of its lists was read to the end.
 * @module
 */
import { ApiError } from "../http";
import type { QuarantineEntry, SourceName } from "../core/model";
import type { Parsed } from "./quarantine";
import type { NinjaAlert, NinjaDevice, NinjaLocation, NinjaOrganization } from "@oberaconnect/common/wire/ninjaone";
import type { ActivitySource, AlertSeverity, SeverityResolver } from "./ninjaone/severity";
import type { UnifiDeviceGroup } from "./unifi/device-groups";
import type { UnifiHost, UnifiSite } from "@oberaconnect/common/wire/unifi";

/** The UniFi reads the reader needs (UnifiConnector implements them). */
export interface UnifiReads {
  listHosts(signal?: AbortSignal): Promise<Parsed<UnifiHost>>;
  listSites(signal?: AbortSignal): Promise<Parsed<UnifiSite>>;
  listDevices(signal?: AbortSignal): Promise<Parsed<UnifiDeviceGroup>>;
}

/** The NinjaOne reads the reader needs (NinjaOneConnector implements them). */
export interface NinjaReads extends ActivitySource {
  listOrganizations(signal?: AbortSignal): Promise<Parsed<NinjaOrganization>>;
  listLocations(signal?: AbortSignal): Promise<Parsed<NinjaLocation>>;
  listDevices(signal?: AbortSignal): Promise<Parsed<NinjaDevice>>;
  listAlerts(signal?: AbortSignal): Promise<Parsed<NinjaAlert>>;
}

/** The subset of pino's logger the reader uses. */
export interface ReaderLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

interface SourceRead {
  ok: boolean;
  problems: string[];
  quarantine: QuarantineEntry[];
}

export interface UnifiRead extends SourceRead {
  hosts: UnifiHost[];
  sites: UnifiSite[];
  groups: UnifiDeviceGroup[];
}

export interface NinjaRead extends SourceRead {
  organizations: NinjaOrganization[];
  locations: NinjaLocation[];
  devices: NinjaDevice[];
  alerts: NinjaAlert[];
  severities: Map<string, AlertSeverity>;
}

/**
 * One line for the run report. ApiErrors already read "<api> <operation>: <status> — <detail>
 * <hint> (after N attempts)"; anything else is a bug, named as such.
 */
export function problemLine(source: SourceName, err: unknown): string {
  if (err instanceof ApiError) return err.describe();
  const e = err instanceof Error ? err : new Error(String(err));
  return `${source}: unexpected error while reading (${e.name}: ${e.message})`;
}

/** Awaits every read; rethrows the caller's abort, turns every other failure into a problem line. */
async function settle<T extends readonly unknown[]>(
  source: SourceName,
  reads: { [K in keyof T]: Promise<T[K]> },
  signal: AbortSignal | undefined,
): Promise<{ values: { [K in keyof T]: T[K] | undefined }; problems: string[] }> {
  const settled = await Promise.allSettled(reads);
  if (signal?.aborted) throw signal.reason;
  const problems: string[] = [];
  const values = settled.map((r) => {
    if (r.status === "fulfilled") return r.value;
    problems.push(problemLine(source, r.reason));
    return undefined;
  }) as { [K in keyof T]: T[K] | undefined };
  return { values, problems: [...new Set(problems)] };
}

const items = <T>(p: Parsed<T> | undefined): T[] => p?.items ?? [];
const quarantined = (...ps: (Parsed<unknown> | undefined)[]): QuarantineEntry[] => ps.flatMap((p) => p?.quarantine ?? []);

/** Hosts, sites and devices of UniFi. A missing connector (no API key) is a problem, not a crash. */
export async function readUnifi(unifi: UnifiReads | null, signal?: AbortSignal): Promise<UnifiRead> {
  if (!unifi) return { ok: false, problems: ["unifi: enabled but not configured (UNIFI_API_KEY missing?)"], quarantine: [], hosts: [], sites: [], groups: [] };
  const { values, problems } = await settle<[Parsed<UnifiHost>, Parsed<UnifiSite>, Parsed<UnifiDeviceGroup>]>(
    "unifi",
    [unifi.listHosts(signal), unifi.listSites(signal), unifi.listDevices(signal)],
    signal,
  );
  const [hosts, sites, groups] = values;
  return {
    ok: problems.length === 0,
    problems,
    quarantine: quarantined(hosts, sites, groups),
    hosts: items(hosts),
    sites: items(sites),
    groups: items(groups),
  };
}

/**
 * Organizations, locations, devices and alerts of NinjaOne, then the alerts' severities. A failed
 * severity read fails the source: writing empty severities over known ones would be wrong data.
 */
export async function readNinjaOne(ninja: NinjaReads | null, severity: SeverityResolver, signal?: AbortSignal): Promise<NinjaRead> {
  const empty = { organizations: [], locations: [], devices: [], alerts: [], severities: new Map<string, AlertSeverity>() };
  if (!ninja) return { ok: false, problems: ["ninjaone: enabled but not configured (NINJAONE_CLIENT_ID / NINJAONE_CLIENT_SECRET missing?)"], quarantine: [], ...empty };
  const { values, problems } = await settle<[Parsed<NinjaOrganization>, Parsed<NinjaLocation>, Parsed<NinjaDevice>, Parsed<NinjaAlert>]>(
    "ninjaone",
    [ninja.listOrganizations(signal), ninja.listLocations(signal), ninja.listDevices(signal), ninja.listAlerts(signal)],
    signal,
  );
  const [orgs, locations, devices, alerts] = values;
  let severities = new Map<string, AlertSeverity>();
  if (alerts) {
    try {
      severities = await severity.resolve(alerts.items, ninja, signal);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      problems.push(problemLine("ninjaone", err));
    }
  }
  return {
    ok: problems.length === 0,
    problems,
    quarantine: quarantined(orgs, locations, devices, alerts),
    organizations: items(orgs),
    locations: items(locations),
    devices: items(devices),
    alerts: items(alerts),
    severities,
  };
}
