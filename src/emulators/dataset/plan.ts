/**
 * The per-customer plan: what the generator decides before it builds any wire record. Random
 * customers get a random plan; the first customers get the hard cases of `hard-cases.ts` on top.
 */
import { randInt, type Rng } from "../../lib/random";
import { CompanyNamer, siteNameVariant } from "./names";

/** One UniFi site of a customer. */
export interface SitePlan {
  /** `meta.desc`, the customer-visible name; `null` reproduces CBD Sites/Full.json. */
  desc: string | null;
  /** `statistics: null`, as on sites the cloud has no statistics for (CBD Sites/Full.json). */
  statisticsNull: boolean;
}

/** The UniFi side of a customer: one host carrying its sites. */
export interface UnifiPlan {
  /** Consoles carry one site; a self-hosted `network-server` can carry several (GOU). */
  hostType: "console" | "network-server";
  /** `reportedState.state: "disconnected"`: every device offline, counts to match. */
  disconnected: boolean;
  hostName: string;
  sites: SitePlan[];
  /** Fixed names for the first access points (emoji, quotes...). */
  apNames: string[];
}

/** A NinjaOne device whose names are fixed by a hard case. */
export interface FixedDevice {
  systemName: string;
  displayName: string;
}

/** Everything decided about one customer before generation. */
export interface CustomerPlan {
  index: number;
  orgName: string;
  /** `undefined` leaves the key out, as on sample org 9. */
  orgDescription: string | undefined;
  deviceCount: number;
  locationNames: string[];
  fixedDevices: FixedDevice[];
  unifi: UnifiPlan | null;
  /** An extra host+site generated next to this customer that belongs to no organization. */
  orphanSiteName: string | null;
  /** Keys of the hard cases this customer carries. */
  hardCases: string[];
}

/** Share of customers with a UniFi host (brief: ~85%). */
export const UNIFI_SHARE = 0.85;

/** A random customer plan; `namer` keeps org names distinct. */
export function randomPlan(index: number, rng: Rng, namer: CompanyNamer): CustomerPlan {
  const orgName = namer.next(rng);
  const hasUnifi = rng() < UNIFI_SHARE;
  // A few customers run a self-hosted controller with two sites (main office + branch).
  const twoSites = hasUnifi && rng() < 0.06;
  const r = rng();
  return {
    index,
    orgName,
    orgDescription: r < 0.5 ? "" : r < 0.85 ? `Managed customer since ${2012 + randInt(rng, 0, 12)}` : undefined,
    // Uniform 4..36 averages 20 devices per customer (brief: ~40k devices for 2,000 customers).
    deviceCount: randInt(rng, 4, 36),
    locationNames: [],
    fixedDevices: [],
    unifi: hasUnifi
      ? {
          hostType: twoSites ? "network-server" : "console",
          disconnected: rng() < 0.01,
          hostName: orgName,
          sites: twoSites
            ? [
                { desc: siteNameVariant(rng, orgName), statisticsNull: false },
                { desc: `${siteNameVariant(rng, orgName)} - Branch`, statisticsNull: false },
              ]
            : [{ desc: siteNameVariant(rng, orgName), statisticsNull: false }],
          apNames: [],
        }
      : null,
    orphanSiteName: null,
    hardCases: [],
  };
}
