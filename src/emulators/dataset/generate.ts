/**
 * The seeded dataset generator. Customers are generated one after another from one seeded
 * stream, so customer `i` comes out the same whatever the total count, and the hard cases on the
 * first customers are present for any count of at least `HARD_CASE_CUSTOMERS`. Linear in the
 * number of customers: 2,000 customers (~40k NinjaOne devices) take well under a few seconds.
 */
import { createRng } from "../../lib/random";
import { DEFAULT_NOW, newContext } from "./context";
import { applyHardCases, HARD_CASE_ORG_NAMES, HARD_CASES } from "./hard-cases";
import { ninjaDeviceKey, unifiDeviceKey } from "./keys";
import { CompanyNamer } from "./names";
import { domainFor, generateNinjaCustomer } from "./ninjaone-gen";
import { randomPlan, type CustomerPlan } from "./plan";
import type { Dataset } from "./types";
import { generateUnifiCustomer, type UnifiCustomer } from "./unifi-gen";

/** Generator options. */
export interface GenerateOptions {
  customers: number;
  seed: number;
  /** The dataset's "now"; defaults to the fixed `DEFAULT_NOW` so output never depends on the wall clock. */
  now?: Date;
}

/** Records touched by one hard case, to find them in a generated dataset. */
export interface HardCaseRecords {
  organizationIds: number[];
  hostIds: string[];
  siteIds: string[];
  /** `ninjaone:<id>` / `unifi:<MAC>` keys of the devices the case is about (fixed names). */
  deviceKeys: string[];
}

/** What the generator knows that the wire data does not say. */
export interface DatasetTruth {
  /** siteId → the organization that owns it, or null (a site that belongs to no organization). */
  siteOrganization: Record<string, number | null>;
  /** Planted hard cases by key. */
  hardCases: Record<string, HardCaseRecords>;
}

const ORPHAN_PLAN = (name: string) => ({
  hostType: "console" as const, disconnected: false, hostName: name, sites: [{ desc: name, statisticsNull: false }], apNames: [],
});

/** Generates a dataset together with its ground truth. */
export function generateDatasetWithTruth(opts: GenerateOptions): { dataset: Dataset; truth: DatasetTruth } {
  if (!Number.isInteger(opts.customers) || opts.customers < 0) throw new RangeError("customers must be a non-negative integer");
  const rng = createRng(opts.seed);
  const ctx = newContext(rng, opts.now ?? DEFAULT_NOW);
  const namer = new CompanyNamer();
  for (const name of Object.values(HARD_CASE_ORG_NAMES)) namer.reserve(name);
  namer.reserve("Zephyrine Staging Lab");

  const dataset: Dataset = {
    unifi: { hosts: [], sites: [], devices: [], ispMetrics: [] },
    ninjaone: { organizations: [], locations: [], devices: [], alerts: [], activities: [] },
  };
  const truth: DatasetTruth = { siteOrganization: {}, hardCases: {} };
  const hard = (key: string): HardCaseRecords =>
    (truth.hardCases[key] ??= { organizationIds: [], hostIds: [], siteIds: [], deviceKeys: [] });

  const pushUnifi = (u: UnifiCustomer, owner: number | null) => {
    dataset.unifi.hosts.push(u.host);
    dataset.unifi.sites.push(...u.sites);
    dataset.unifi.devices.push(u.devices);
    dataset.unifi.ispMetrics.push(...u.ispMetrics);
    for (const s of u.sites) truth.siteOrganization[s.siteId] = owner;
  };

  for (let i = 0; i < opts.customers; i++) {
    const plan: CustomerPlan = applyHardCases(randomPlan(i, rng, namer));
    const orgId = i + 1;
    const n = generateNinjaCustomer(ctx, plan, orgId);
    const out = dataset.ninjaone;
    out.organizations.push(n.organization);
    out.locations.push(...n.locations);
    out.devices.push(...n.devices);
    out.alerts.push(...n.alerts);
    out.activities.push(...n.activities);
    const unifi = plan.unifi ? generateUnifiCustomer(ctx, plan.unifi, domainFor(plan.orgName, orgId)) : undefined;
    if (unifi) pushUnifi(unifi, orgId);

    for (const key of plan.hardCases) {
      const rec = hard(key);
      if (key === "site-without-org") continue; // filled by the orphan below
      rec.organizationIds.push(orgId);
      if (unifi) {
        rec.hostIds.push(unifi.host.id);
        rec.siteIds.push(...unifi.sites.map((s) => s.siteId));
        const fixedAps = new Set(plan.unifi?.apNames);
        rec.deviceKeys.push(...unifi.devices.devices.filter((d) => fixedAps.has(d.name)).map((d) => unifiDeviceKey(d.id)));
      }
      rec.deviceKeys.push(...n.devices.slice(0, plan.fixedDevices.length).map((d) => ninjaDeviceKey(d.id)));
    }
    if (plan.orphanSiteName) {
      const orphan = generateUnifiCustomer(ctx, ORPHAN_PLAN(plan.orphanSiteName), domainFor(plan.orphanSiteName, 0));
      pushUnifi(orphan, null);
      const rec = hard("site-without-org");
      rec.hostIds.push(orphan.host.id);
      rec.siteIds.push(...orphan.sites.map((s) => s.siteId));
    }
  }
  for (const h of HARD_CASES) {
    const rec = truth.hardCases[h.key];
    if (rec && h.customers.some((c) => c >= opts.customers)) delete truth.hardCases[h.key]; // only partly planted
  }
  return { dataset, truth };
}

/** Generates a deterministic dataset: same options, deep-equal output. */
export function generateDataset(opts: GenerateOptions): Dataset {
  return generateDatasetWithTruth(opts).dataset;
}
