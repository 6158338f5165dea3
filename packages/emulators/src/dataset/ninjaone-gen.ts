/**
 * The NinjaOne side of one customer: organization (sample organizations.json), 1–3 locations
 * (locations.json), devices and open alerts with their activities.
 */
import { pick, randInt } from "@oberaconnect/common/random";
import type { NinjaActivity, NinjaAlert, NinjaDevice, NinjaLocation, NinjaOrganization } from "@oberaconnect/common/wire/ninjaone";
import type { GenContext } from "./context";
import { abbreviation, domainFor } from "./names";
import { conditionAlert, offlineAlert } from "./ninjaone-alerts";
import { buildNinjaDevice, raisesOfflineAlert, type OrgDeviceContext } from "./ninjaone-devices";
import type { CustomerPlan } from "./plan";
import type { CustomerWan } from "./wan";
import { LOCATION_NAMES, MEDICAL_LOCATION_NAMES, MEDICAL_NAME, STREETS } from "./words";

/** Chance that an online device has an open condition alert (≈0.2 per customer). */
export const CONDITION_ALERT_SHARE = 0.01;

/** Everything NinjaOne holds about one customer. */
export interface NinjaCustomer {
  organization: NinjaOrganization;
  locations: NinjaLocation[];
  devices: NinjaDevice[];
  alerts: NinjaAlert[];
  activities: NinjaActivity[];
  /** Naming state, kept so later devices (mutations) follow the same scheme. */
  orgContext: OrgDeviceContext;
}


/** The per-org naming context used by device builders. */
export function orgDeviceContext(
  org: NinjaOrganization, monitorsWorkstations: boolean, wan: CustomerWan, seqStart = 0,
): OrgDeviceContext {
  return {
    organizationId: org.id,
    abbrev: abbreviation(org.name, `ORG${org.id}`),
    domain: domainFor(org.name, org.id),
    wan,
    monitorsWorkstations,
    counters: new Map(),
    seqStart,
  };
}

/**
 * Builds the NinjaOne records of one customer; `organizationId` is assigned by the caller, `wan`
 * gives its addresses (the first locations are its offices, in order).
 */
export function generateNinjaCustomer(ctx: GenContext, plan: CustomerPlan, organizationId: number, wan: CustomerWan): NinjaCustomer {
  const { rng } = ctx;
  const organization: NinjaOrganization = {
    name: plan.orgName,
    ...(plan.orgDescription !== undefined ? { description: plan.orgDescription } : {}),
    nodeApprovalMode: rng() < 0.8 ? "AUTOMATIC" : "MANUAL",
    id: organizationId,
    ...(rng() < 0.2 ? { tags: [pick(rng, ["managed-services", "co-managed", "break-fix"]), pick(rng, ["tier-gold", "tier-silver"])] } : {}),
  };
  const locationCount = Math.max(plan.locationNames.length, randInt(rng, 1, 3));
  const names = [...plan.locationNames];
  // Clinics and labs only where the trade has them.
  const pool = MEDICAL_NAME.test(plan.orgName) ? [...LOCATION_NAMES.slice(0, 4), ...MEDICAL_LOCATION_NAMES, ...LOCATION_NAMES.slice(4)] : LOCATION_NAMES;
  for (const candidate of pool) {
    if (names.length >= locationCount) break;
    if (!names.includes(candidate) && rng() < 0.5) names.push(candidate);
  }
  while (names.length < locationCount) names.push(`Site ${names.length + 1}`);
  const locations: NinjaLocation[] = names.map((name) => ({
    name,
    address: rng() < 0.5 ? `${randInt(rng, 1, 999)} ${pick(rng, STREETS)}` : "",
    description: "",
    id: ctx.nextLocationId++,
    organizationId,
  }));
  // One in five organizations has the "agent offline" condition on its workstation policy too.
  const orgContext = orgDeviceContext(organization, rng() < 0.2, wan);
  const devices: NinjaDevice[] = [];
  const alerts: NinjaAlert[] = [];
  const activities: NinjaActivity[] = [];
  for (let i = 0; i < plan.deviceCount; i++) {
    const fixed = plan.fixedDevices[i];
    const at = fixed ? 0 : randInt(rng, 0, locations.length - 1);
    const location = locations[at]!;
    // A second location is the second office when there is one; the others are rooms of the first.
    const office = at < wan.offices.length ? at : 0;
    const device = buildNinjaDevice(ctx, { org: orgContext, location, office, ...(fixed ? { fixed, offline: false } : {}) });
    devices.push(device);
    const raised = raisesOfflineAlert(device)
      ? offlineAlert(ctx, device)
      : !device.offline && rng() < CONDITION_ALERT_SHARE
        ? conditionAlert(ctx, device)
        : undefined;
    if (raised) {
      alerts.push(raised.alert);
      activities.push(raised.activity);
    }
  }
  return { organization, locations, devices, alerts, activities, orgContext };
}
