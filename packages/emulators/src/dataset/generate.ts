/**
 * The seeded dataset generator. Customers are generated one after another from one seeded
 * stream, so customer `i` comes out the same whatever the total count, and the hard cases on the
 * first customers are present for any count of at least `HARD_CASE_CUSTOMERS`. Linear in the
 * number of customers: 2,000 customers (~40k NinjaOne devices) take well under a few seconds.
 */
import { createRng, pick } from "@oberaconnect/common/random";
import { defaultHostname } from "./console-names";
import { DEFAULT_NOW, newContext, type GenContext } from "./context";
import { applyHardCases, HARD_CASE_RESERVED_NAMES, HARD_CASES } from "./hard-cases";
import { ninjaDeviceKey, unifiDeviceKey } from "./keys";
import { SharedControllers, type FleetSink } from "./msp-fleet";
import { TwinQueue } from "./legal-twins";
import { CompanyNamer } from "./names";
import { domainFor } from "./names";
import { generateNinjaCustomer } from "./ninjaone-gen";
import { randomPlan, type CustomerPlan, type UnifiPlan } from "./plan";
import type { Dataset } from "./types";
import { CONSOLES } from "./unifi-catalog";
import { addSite, createHost, type HostSpec, type UnifiHostRecords } from "./unifi-gen";
import { WanPlanner, type CustomerWan } from "./wan";

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

/** The host a customer's own UniFi plan describes (console or its own controller). */
function hostSpec(ctx: GenContext, plan: UnifiPlan, domain: string, wan: CustomerWan): HostSpec {
  const console = plan.hosting === "console";
  return {
    type: console ? "console" : "network-server",
    name: plan.hostName,
    hostname: plan.hostname ?? (console ? `gw.${domain}` : `unifi.${domain}`),
    disconnected: plan.disconnected,
    ...(plan.model ? { model: plan.model } : {}),
    ipAddress: wan.hostIp(ctx.rng, console ? "console" : "own-server"),
  };
}

/** Generates a dataset together with its ground truth. */
export function generateDatasetWithTruth(opts: GenerateOptions): { dataset: Dataset; truth: DatasetTruth } {
  if (!Number.isInteger(opts.customers) || opts.customers < 0) throw new RangeError("customers must be a non-negative integer");
  const rng = createRng(opts.seed);
  const ctx = newContext(rng, opts.now ?? DEFAULT_NOW);
  const namer = new CompanyNamer();
  const twins = new TwinQueue();
  for (const name of HARD_CASE_RESERVED_NAMES) namer.reserve(name);

  const dataset: Dataset = {
    unifi: { hosts: [], sites: [], devices: [], ispMetrics: [] },
    ninjaone: { organizations: [], locations: [], devices: [], alerts: [], activities: [] },
  };
  const truth: DatasetTruth = { siteOrganization: {}, hardCases: {} };
  const hard = (key: string): HardCaseRecords =>
    (truth.hardCases[key] ??= { organizationIds: [], hostIds: [], siteIds: [], deviceKeys: [] });
  const sink: FleetSink = {
    host: (rec) => {
      dataset.unifi.hosts.push(rec.host);
      dataset.unifi.devices.push(rec.devices);
    },
    site: ({ site, ispMetric }, owner) => {
      dataset.unifi.sites.push(site);
      if (ispMetric) dataset.unifi.ispMetrics.push(ispMetric);
      truth.siteOrganization[site.siteId] = owner;
    },
  };
  const wans = new WanPlanner(ctx);
  const shared = new SharedControllers(sink, wans);

  for (let i = 0; i < opts.customers; i++) {
    const plan: CustomerPlan = applyHardCases(randomPlan(i, rng, namer, twins));
    const orgId = i + 1;
    const wan = wans.customer(i, plan.network);
    const n = generateNinjaCustomer(ctx, plan, orgId, wan);
    const out = dataset.ninjaone;
    out.organizations.push(n.organization);
    out.locations.push(...n.locations);
    out.devices.push(...n.devices);
    out.alerts.push(...n.alerts);
    out.activities.push(...n.activities);

    let host: UnifiHostRecords | undefined;
    let controllerDefault: string | undefined;
    const siteIds: string[] = [];
    const deviceStart = new Map<string, number>();
    if (plan.unifi) {
      if (plan.unifi.hosting === "shared") {
        const c = shared.take(ctx);
        host = c.rec;
        controllerDefault = c.defaultSiteId;
      } else {
        host = createHost(ctx, hostSpec(ctx, plan.unifi, domainFor(plan.orgName, orgId), wan));
        sink.host(host);
      }
      deviceStart.set(host.host.id, host.devices.devices.length);
      plan.unifi.sites.forEach((sitePlan, k) => {
        const added = addSite(ctx, host!, sitePlan, k === 0 ? plan.unifi!.apNames : []);
        sink.site(added, orgId);
        siteIds.push(added.site.siteId);
      });
    }

    for (const key of plan.hardCases) {
      const rec = hard(key);
      if (key === "site-without-org" || key === "msp-lab-console") continue; // filled by the orphan below
      if (key === "shared-controller-default") {
        if (host && controllerDefault) {
          rec.hostIds.push(host.host.id);
          rec.siteIds.push(controllerDefault);
        }
        continue;
      }
      rec.organizationIds.push(orgId);
      if (host) {
        rec.hostIds.push(host.host.id);
        rec.siteIds.push(...siteIds);
        const fixedAps = new Set(plan.unifi?.apNames);
        const mine = host.devices.devices.slice(deviceStart.get(host.host.id) ?? 0);
        rec.deviceKeys.push(...mine.filter((d) => fixedAps.has(d.name)).map((d) => unifiDeviceKey(d.id)));
      }
      rec.deviceKeys.push(...n.devices.slice(0, plan.fixedDevices.length).map((d) => ninjaDeviceKey(d.id)));
    }
    if (plan.orphan) {
      const model = pick(ctx.rng, CONSOLES);
      const hostname = plan.hardCases.length ? `gw.${domainFor(plan.orphan.consoleName, 0)}` : defaultHostname(model);
      // The MSP's bench or a demo unit: behind the MSP's office line.
      const orphan = createHost(ctx, { type: "console", name: plan.orphan.consoleName, hostname, disconnected: false, model, ipAddress: wans.mspOffice });
      sink.host(orphan);
      const added = addSite(ctx, orphan, { desc: plan.orphan.siteDesc, defaultSlot: true, statisticsNull: false });
      sink.site(added, null);
      for (const key of plan.hardCases.filter((k) => k === "site-without-org" || k === "msp-lab-console")) {
        hard(key).hostIds.push(orphan.host.id);
        hard(key).siteIds.push(added.site.siteId);
      }
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
