/**
 * Organizations, locations and devices: bare JSON arrays paged by `pageSize` + `after` (NSPEC).
 */
import type { Context, Hono } from "hono";
import type { NinjaDevice, NinjaOrganization } from "@oberaconnect/common/wire/ninjaone";
import { DeviceFilterError, parseDeviceFilter, type DevicePredicate } from "./device-filter";
import { badRequest } from "./errors";
import { pageById, parseId, parsePageSize } from "./paging";
import { ninjaData, type NinjaOneState } from "./state";

/**
 * Agent blocks and addresses that only `/v2/devices-detailed` carries; `/v2/devices` (spec
 * NodeWithDetailedReferences) leaves them out, as the devices.json sample shows.
 */
const DETAILED_ONLY = [
  "os",
  "system",
  "memory",
  "processors",
  "volumes",
  "lastLoggedInUser",
  "ipAddresses",
  "macAddresses",
  "publicIP",
] as const;

/** The extras only `/v2/organizations-detailed` carries. */
const ORG_DETAILED_ONLY = ["locations", "policies", "settings"] as const;

function omit<T extends object>(record: T, keys: readonly string[]): Partial<T> {
  const copy = { ...record } as Record<string, unknown>;
  for (const k of keys) delete copy[k];
  return copy as Partial<T>;
}

/** Reads `pageSize` and `after`, or answers 400. */
export function readPaging(c: Context, state: NinjaOneState): { size: number; after: number | undefined } | Response {
  const size = parsePageSize(c.req.query("pageSize"));
  if (!size.ok) return badRequest(c, state.incidents, size.message);
  const after = parseId("after", c.req.query("after"));
  if (!after.ok) return badRequest(c, state.incidents, after.message);
  return { size: size.value, after: after.value };
}

/** Compiles `df`, or answers 400 naming the clause it could not read. */
export function readDeviceFilter(c: Context, state: NinjaOneState): DevicePredicate | Response {
  try {
    return parseDeviceFilter(c.req.query("df"));
  } catch (err) {
    if (err instanceof DeviceFilterError) return badRequest(c, state.incidents, err.message);
    throw err;
  }
}

/** organizations-detailed: locations come from the live location list, so a mutation shows in both. */
function detailedOrganization(state: NinjaOneState, org: NinjaOrganization): NinjaOrganization {
  const locations = ninjaData(state)
    .locations.filter((l) => l.organizationId === org.id)
    .sort((a, b) => a.id - b.id)
    .map(({ organizationId: _org, ...rest }) => rest);
  return { ...org, locations, policies: org.policies ?? [], settings: org.settings ?? {} };
}

/** Mounts the organization, location and device lists on `api` (mounted under /v2). */
export function registerInventoryRoutes(api: Hono, state: NinjaOneState): void {
  const orgs = (detailed: boolean) => (c: Context) => {
    const paging = readPaging(c, state);
    if (paging instanceof Response) return paging;
    const page = pageById(ninjaData(state).organizations, paging.after, paging.size);
    return c.json(page.map((o) => (detailed ? detailedOrganization(state, o) : omit(o, ORG_DETAILED_ONLY))));
  };
  api.get("/organizations", orgs(false));
  api.get("/organizations-detailed", orgs(true));

  api.get("/locations", (c) => {
    const paging = readPaging(c, state);
    if (paging instanceof Response) return paging;
    return c.json(pageById(ninjaData(state).locations, paging.after, paging.size));
  });

  const devices = (detailed: boolean) => (c: Context) => {
    const paging = readPaging(c, state);
    if (paging instanceof Response) return paging;
    const filter = readDeviceFilter(c, state);
    if (filter instanceof Response) return filter;
    const matching = ninjaData(state).devices.filter(filter);
    const page = pageById<NinjaDevice>(matching, paging.after, paging.size);
    return c.json(detailed ? page : page.map((d) => omit(d, DETAILED_ONLY)));
  };
  api.get("/devices", devices(false));
  api.get("/devices-detailed", devices(true));
}
