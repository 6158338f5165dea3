/**
 * The hard cases every generated dataset carries, each on a fixed customer among the first 13,
 * whatever the seed. Customer index `i` owns NinjaOne organization id `i + 1`. With fewer
 * customers, only the cases whose customers exist are planted.
 */
import type { CustomerPlan, SitePlan, UnifiPlan } from "./plan";

/** What a correct org↔site matcher should conclude for the case's site(s). */
export type ExpectedMatch = "match" | "no-match" | "ambiguous" | "not-applicable";

/** One planted hard case. */
export interface HardCase {
  key: string;
  /** Customer indexes involved; customer `i` owns organization id `i + 1`. */
  customers: readonly number[];
  description: string;
  expected: ExpectedMatch;
}

const LONG_DESCRIPTION = (() => {
  const sentence =
    "Full-service IT for 3 offices; after-hours escalation via the on-call line; quarterly reviews with the practice manager. ";
  return sentence.repeat(Math.ceil(5000 / sentence.length)).slice(0, 5000);
})();

/** Every hard case, in customer order. */
export const HARD_CASES: readonly HardCase[] = [
  { key: "name-case-punctuation-suffix", customers: [0], expected: "match",
    description: 'Org "Acme Corp"; its UniFi site is "ACME Corporation, Inc." (case, comma, other legal suffix).' },
  { key: "accents", customers: [1], expected: "match",
    description: 'Org "Cafe Zurich"; its site is "Café Zürich GmbH" (accents and a suffix on the UniFi side).' },
  { key: "org-without-site", customers: [2], expected: "not-applicable",
    description: 'Org "Harborview Accounting LLP" has no UniFi host or site.' },
  { key: "site-without-org", customers: [3], expected: "no-match",
    description: 'Next to customer 3 (a normal customer) an extra console with site "Zephyrine Staging Lab" belongs to no organization.' },
  { key: "two-sites-one-org", customers: [4], expected: "match",
    description: 'Org "Pinecrest Medical Group" has a network-server host with two sites: "Pinecrest Medical Group" and "Pinecrest Medical Group - Annex".' },
  { key: "disconnected-host", customers: [5], expected: "match",
    description: 'Org "Riverside Law LLP": host reportedState.state "disconnected", every device offline, site offline counts equal totals.' },
  { key: "statistics-null", customers: [6], expected: "match",
    description: 'Org "Northwind Clinic": its site has statistics: null.' },
  { key: "unicode-rtl-emoji", customers: [7], expected: "match",
    description: 'Org "מרפאת השרון בע״מ" (Hebrew, RTL) with the same site name; a NinjaOne device "Reception 🖨️ PC" and a UniFi AP "AP-Lobby 📶".' },
  { key: "quotes-newline", customers: [8], expected: "match",
    description: `Org 'O'Brien & "Sons" Plumbing, LLC' (both quote kinds); a device displayName and a location name contain a newline.` },
  { key: "long-description", customers: [9], expected: "match",
    description: "Org description of exactly 5,000 characters." },
  { key: "duplicate-device-names", customers: [10, 11], expected: "not-applicable",
    description: 'A device named "FRONT-DESK-PC" in both customer 10 and customer 11.' },
  { key: "normalized-name-collision", customers: [11, 12], expected: "ambiguous",
    description: 'Orgs "Summit Partners LLC" (customer 11) and "Summit Partners, Inc." (customer 12) normalise alike; customer 11 owns the site "Summit Partners", customer 12 has none.' },
];

/** Number of customers needed for every hard case to be planted. */
export const HARD_CASE_CUSTOMERS = 13;

/** Fixed org names, reserved before random names are drawn so none collides with them. */
export const HARD_CASE_ORG_NAMES: Readonly<Record<number, string>> = {
  0: "Acme Corp",
  1: "Cafe Zurich",
  2: "Harborview Accounting LLP",
  4: "Pinecrest Medical Group",
  5: "Riverside Law LLP",
  6: "Northwind Clinic",
  7: "מרפאת השרון בע״מ",
  8: `O'Brien & "Sons" Plumbing, LLC`,
  11: "Summit Partners LLC",
  12: "Summit Partners, Inc.",
};

const single = (desc: string): SitePlan[] => [{ desc, statisticsNull: false }];

/** Overlays the hard cases of `plan.index` on a random plan (mutates and returns it). */
export function applyHardCases(plan: CustomerPlan): CustomerPlan {
  const name = HARD_CASE_ORG_NAMES[plan.index];
  if (name !== undefined) {
    plan.orgName = name;
    if (plan.unifi) plan.unifi.hostName = name;
  }
  const unifi = (sites: SitePlan[]): UnifiPlan => {
    const u: UnifiPlan = { hostType: "console", disconnected: false, hostName: plan.orgName, sites, apNames: [] };
    plan.unifi = u;
    return u;
  };
  switch (plan.index) {
    case 0: unifi(single("ACME Corporation, Inc.")); break;
    case 1: unifi(single("Café Zürich GmbH")); break;
    case 2: plan.unifi = null; break;
    case 3: plan.orphanSiteName = "Zephyrine Staging Lab"; break;
    case 4: {
      const u = unifi([...single(plan.orgName), ...single(`${plan.orgName} - Annex`)]);
      u.hostType = "network-server";
      break;
    }
    case 5: unifi(single(plan.orgName)).disconnected = true; break;
    case 6: unifi([{ desc: plan.orgName, statisticsNull: true }]); break;
    case 7:
      unifi(single(plan.orgName)).apNames = ["AP-Lobby 📶"];
      plan.fixedDevices = [{ systemName: "RECEPTION-PC", displayName: "Reception 🖨️ PC" }];
      break;
    case 8:
      unifi(single(plan.orgName)).apNames = [`AP-"Shop" O'Brien`];
      plan.fixedDevices = [{ systemName: "OBS-FRONT01", displayName: "Front Desk\nPC 2" }];
      plan.locationNames = ["Main St.\nSuite 2"];
      break;
    case 9: plan.orgDescription = LONG_DESCRIPTION; break;
    case 10: plan.fixedDevices = [{ systemName: "FRONT-DESK-PC", displayName: "FRONT-DESK-PC" }]; break;
    case 11:
      unifi(single("Summit Partners"));
      plan.fixedDevices = [{ systemName: "FRONT-DESK-PC", displayName: "FRONT-DESK-PC" }];
      break;
    case 12: plan.unifi = null; break;
  }
  plan.hardCases = HARD_CASES.filter((h) => h.customers.includes(plan.index)).map((h) => h.key);
  plan.deviceCount = Math.max(plan.deviceCount, plan.fixedDevices.length + 2);
  return plan;
}
