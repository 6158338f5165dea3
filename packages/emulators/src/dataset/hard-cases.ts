/**
 * The hard cases every generated dataset carries, each on a fixed customer among the first 29,
 * whatever the seed. Customer index `i` owns NinjaOne organization id `i + 1`. With fewer
 * customers, only the cases whose customers exist are planted. Their networks are fixed too (one
 * office, its own line, every agent in it, no WAN change) unless the case says otherwise, so the
 * WAN-IP evidence they give does not vary with the seed.
 */
import type { CustomerPlan, SitePlan, UnifiPlan } from "./plan";
import type { NetworkPlan } from "./wan";
import { CONSOLES } from "./unifi-catalog";

/** What a correct org↔site matcher should conclude for the case's site(s). */
export type ExpectedMatch = "match" | "no-match" | "ambiguous" | "not-applicable";

/** One planted hard case. */
export interface HardCase {
  key: string;
  /** Customer indexes involved; customer `i` owns organization id `i + 1`. */
  customers: readonly number[];
  description: string;
  expected: ExpectedMatch;
  /** Ambiguous cases: the customers that are its candidates, when not just `customers`. */
  candidates?: readonly number[];
}

const LONG_DESCRIPTION = (() => {
  const sentence =
    "Full-service IT for 3 offices; after-hours escalation via the on-call line; quarterly reviews with the practice manager. ";
  return sentence.repeat(Math.ceil(5000 / sentence.length)).slice(0, 5000);
})();

/** Every hard case, in customer order. */
export const HARD_CASES: readonly HardCase[] = [
  { key: "name-case-punctuation-suffix", customers: [0], expected: "match",
    description: 'Org "Acme Corp"; its console\'s renamed site is "ACME Corporation, Inc." (case, comma, other legal suffix).' },
  { key: "accents", customers: [1], expected: "match",
    description: 'Org "Cafe Zurich"; its site is "  Café Zürich GmbH " typed with combining accents (NFD), padded, with a suffix.' },
  { key: "org-without-site", customers: [2], expected: "not-applicable",
    description: 'Org "Harborview Accounting LLP" has no UniFi host or site.' },
  { key: "site-without-org", customers: [3], expected: "no-match",
    description: 'Next to customer 3 (a normal customer) an extra console with site "Zephyrine Staging Lab" belongs to no organization.' },
  { key: "two-sites-one-org", customers: [4], expected: "match",
    description: 'Org "Pinecrest Medical Group" runs its own network server with two sites: "Pinecrest Medical Group" and "Pinecrest Medical Group - Annex".' },
  { key: "disconnected-host", customers: [5], expected: "match",
    description: 'Org "Riverside Law LLP": host reportedState.state "disconnected", every device offline, site offline counts equal totals.' },
  { key: "statistics-null", customers: [6], expected: "match",
    description: 'Org "Northwind Clinic": its site has statistics: null.' },
  { key: "unicode-rtl-emoji", customers: [7], expected: "match",
    description: 'Org "מרפאת השרון בע״מ" (Hebrew, RTL); its site is the name without the suffix behind a right-to-left mark; a NinjaOne device "Reception 🖨️ PC" and a UniFi AP "AP-Lobby 📶".' },
  { key: "quotes-newline", customers: [8], expected: "match",
    description: `Org 'O'Brien & "Sons" Plumbing, LLC' (both quote kinds); a device displayName and a location name contain a newline.` },
  { key: "long-description", customers: [9], expected: "match",
    description: "Org description of exactly 5,000 characters." },
  { key: "duplicate-device-names", customers: [10, 11], expected: "not-applicable",
    description: 'A device named "FRONT-DESK-PC" in both customer 10 and customer 11.' },
  { key: "normalized-name-collision", customers: [11, 12], expected: "ambiguous",
    description: 'Orgs "Summit Partners LLC" (customer 11) and "Summit Partners, Inc." (customer 12) normalise alike; customer 11 owns the console and site "Summit Partners" (default hostname: no legal form anywhere), customer 12 has none. The two share one office and its line: the WAN address, reported by both, cannot tell them apart.' },
  { key: "decoy-shared-word", customers: [13], expected: "match",
    description: 'Org "Acme Corporate Travel" (shares "Acme" with customer 0) on a console of that name; each site stays with its own Acme.' },
  { key: "console-model-name", customers: [14], expected: "match",
    description: 'Org "Lindqvist Bakery" owns a console never named: "UDM Pro", hostname "UDM-Pro", site "Default". No name evidence, but its agents (8 or more) report the console\'s WAN address, and nobody else\'s do: linked by WAN IP.' },
  { key: "console-hostname-only", customers: [15], expected: "match",
    description: 'Org "Marlowe Veterinary Clinic": console named "UCG Ultra", but its hostname is "marlowe-vet-ucg".' },
  { key: "console-default-site", customers: [16], expected: "match",
    description: 'Org "Brightwater Dental Group": the usual case, a "Default" site on a console named "Brightwater Dental - Main Office".' },
  { key: "shared-controller-variants", customers: [17], expected: "match",
    description: 'Org "Quillfeather Insurance Services" has three sites on the MSP\'s shared controller: "Quillfeather Ins Svcs", "quillfeather-insurance", "QUILLFEATHER INSURANCE - Warehouse".' },
  { key: "shared-controller-default", customers: [17], expected: "no-match",
    description: 'The "Default" site of the shared controller carrying customer 17 belongs to nobody (a network server\'s name is no evidence).' },
  { key: "typo", customers: [18], expected: "match",
    description: 'Org "Whitaker Orthodontics"; its console is "Whitakr Orthodontcs" (two letters dropped).' },
  { key: "word-order", customers: [19], expected: "match",
    description: 'Org "Chen & Novak Architecture"; its site is "Novak and Chen Architecture" on a console named "UDR".' },
  { key: "alias-in-description", customers: [20], expected: "match",
    description: 'Org "Hollis Family Practice", description "dba Sunrise Pediatrics"; its console is "Sunrise Pediatrics HQ".' },
  { key: "msp-lab-console", customers: [21], expected: "no-match",
    description: 'Next to customer 21, the MSP\'s bench console "NOC Bench UDM" with a "Default" site belongs to no organization (behind the MSP\'s office line, which some customers\' laptops on the bench report).' },
  { key: "console-no-evidence", customers: [22], expected: "no-match",
    description: 'Org "Ellsworth Ceramics" owns a console never named ("UCG Max", "UCG-Max", site "Default") and has no NinjaOne agents (the MSP manages only its network): nothing names it, never guessed.' },
  { key: "dotted-legal-form", customers: [23], expected: "match",
    description: 'Org "Halvorsen & Pike L.L.P."; its console is still called "UDM Pro", its hostname "halvorsen-pike-l-l-p" (the dotted form as a hostname spells it).' },
  { key: "legal-form-twins-settled", customers: [24, 25], expected: "match",
    description: 'Orgs "Tessaro Imports AG" (24) and "Tessaro Imports Inc." (25) differ only by legal form and share one office: 24\'s console is "Tessaro Imports AG - HQ", 25\'s site on the shared controller "TESSARO IMPORTS INCORPORATED". The form each text states settles it.' },
  { key: "legal-form-twin-without-form", customers: [26], candidates: [26, 27], expected: "ambiguous",
    description: 'Org "Brightline Freight" (26) and its twin "Brightline Freight L.L.C." (27) share one office; 26\'s console is "Brightline Freight - Main Office": no legal form, so only an operator can tell.' },
  { key: "legal-form-twin-dotted", customers: [27], expected: "match",
    description: 'Org "Brightline Freight L.L.C." (27, twin of 26); its site on the shared controller is the slug "brightline-freight-l-l-c".' },
  { key: "trade-word", customers: [28], expected: "match",
    description: 'Org "Acme Clinic S.A." (a trade word and a dotted form; customers 0 and 13 are Acmes too); its site on the shared controller is "ACME CLINIC".' },
];

/** Number of customers needed for every hard case to be planted. */
export const HARD_CASE_CUSTOMERS = 29;

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
  13: "Acme Corporate Travel",
  14: "Lindqvist Bakery",
  15: "Marlowe Veterinary Clinic",
  16: "Brightwater Dental Group",
  17: "Quillfeather Insurance Services",
  18: "Whitaker Orthodontics",
  19: "Chen & Novak Architecture",
  20: "Hollis Family Practice",
  22: "Ellsworth Ceramics",
  23: "Halvorsen & Pike L.L.P.",
  24: "Tessaro Imports AG",
  25: "Tessaro Imports Inc.",
  26: "Brightline Freight",
  27: "Brightline Freight L.L.C.",
  28: "Acme Clinic S.A.",
};

/** Every name no random organization may take (org names, the alias, the orphans). */
export const HARD_CASE_RESERVED_NAMES: readonly string[] = [
  ...Object.values(HARD_CASE_ORG_NAMES), "Zephyrine Staging Lab", "Sunrise Pediatrics", "NOC Bench UDM",
];

const site = (desc: string, defaultSlot = true): SitePlan => ({ desc, defaultSlot, statisticsNull: false });
const byModel = (model: string) => CONSOLES.find((m) => m.model === model)!;

/** The network of a hard-case customer: one office on its own line, every agent in it. */
const CLEAN_NETWORK: NetworkPlan = { offices: 1, sharedBuilding: false, hostWanChanged: false, controllerInCloud: false, laptopsInOffice: 1, allAtOffice: true };

/** Overlays the hard cases of `plan.index` on a random plan (mutates and returns it). */
export function applyHardCases(plan: CustomerPlan): CustomerPlan {
  if (plan.index >= HARD_CASE_CUSTOMERS) return plan;
  const name = HARD_CASE_ORG_NAMES[plan.index];
  if (name !== undefined) plan.orgName = name;
  plan.network = { ...CLEAN_NETWORK };
  let minDevices = 2;
  const unifi = (sites: SitePlan[], hostName = plan.orgName, more: Partial<UnifiPlan> = {}): UnifiPlan => {
    const u: UnifiPlan = { hosting: "console", disconnected: false, hostName, sites, apNames: [], ...more };
    plan.unifi = u;
    return u;
  };
  switch (plan.index) {
    case 0: unifi([site("ACME Corporation, Inc.")]); break;
    case 1: unifi([site("  Café Zürich GmbH ".normalize("NFD"))]); break;
    case 2: plan.unifi = null; break;
    case 3: plan.orphan = { consoleName: "Zephyrine Staging Lab", siteDesc: "Zephyrine Staging Lab" }; break;
    case 4: unifi([site(plan.orgName), site(`${plan.orgName} - Annex`, false)], `${plan.orgName} (self-hosted)`, { hosting: "own-server" }); break;
    case 5: unifi([site(plan.orgName)]).disconnected = true; break;
    case 6: unifi([{ ...site(plan.orgName), statisticsNull: true }]); break;
    case 7:
      unifi([site("\u200Fמרפאת השרון")]).apNames = ["AP-Lobby 📶"];
      plan.fixedDevices = [{ systemName: "RECEPTION-PC", displayName: "Reception 🖨️ PC" }];
      break;
    case 8:
      unifi([site(plan.orgName)]).apNames = [`AP-"Shop" O'Brien`];
      plan.fixedDevices = [{ systemName: "OBS-FRONT01", displayName: "Front Desk\nPC 2" }];
      plan.locationNames = ["Main St.\nSuite 2"];
      break;
    case 9:
      plan.orgDescription = LONG_DESCRIPTION;
      unifi([site("Default")]);
      break;
    case 10: plan.fixedDevices = [{ systemName: "FRONT-DESK-PC", displayName: "FRONT-DESK-PC" }]; break;
    case 11:
      unifi([site("Summit Partners")], "Summit Partners", { hostname: "UDM-Pro", model: byModel("UDM Pro") });
      plan.fixedDevices = [{ systemName: "FRONT-DESK-PC", displayName: "FRONT-DESK-PC" }];
      break;
    case 12:
      plan.unifi = null;
      plan.network.sameOfficeAs = 11;
      break;
    case 13: unifi([site("Default")], plan.orgName, { hostname: "UDM-Pro" }); break;
    case 14:
      unifi([site("Default")], "UDM Pro", { hostname: "UDM-Pro", model: byModel("UDM Pro") });
      minDevices = 8;
      break;
    case 15: unifi([site("Default")], "UCG Ultra", { hostname: "marlowe-vet-ucg", model: byModel("UCG Ultra") }); break;
    case 16: unifi([site("Default")], "Brightwater Dental - Main Office", { hostname: "UDM-Pro", model: byModel("UDM Pro") }); break;
    case 17:
      unifi(["Quillfeather Ins Svcs", "quillfeather-insurance", "QUILLFEATHER INSURANCE - Warehouse"].map((d) => site(d, false)), "", { hosting: "shared" });
      break;
    case 18: unifi([site("Default")], "Whitakr Orthodontcs"); break;
    case 19: unifi([site("Novak and Chen Architecture")], "UDR", { hostname: "UDR", model: byModel("UDR") }); break;
    case 20:
      plan.orgDescription = "dba Sunrise Pediatrics";
      unifi([site("Default")], "Sunrise Pediatrics HQ", { hostname: "UDM-SE", model: byModel("UDM SE") });
      break;
    case 21: plan.orphan = { consoleName: "NOC Bench UDM", siteDesc: "Default" }; break;
    case 22: unifi([site("Default")], "UCG Max", { hostname: "UCG-Max", model: byModel("UCG Max") }); break;
    case 23: unifi([site("Default")], "UDM Pro", { hostname: "halvorsen-pike-l-l-p", model: byModel("UDM Pro") }); break;
    case 24: unifi([site("Default")], "Tessaro Imports AG - HQ", { hostname: "UDM-Pro", model: byModel("UDM Pro") }); break;
    case 25:
      unifi([site("TESSARO IMPORTS INCORPORATED", false)], "", { hosting: "shared" });
      plan.network.sameOfficeAs = 24;
      break;
    case 26: unifi([site("Default")], "Brightline Freight - Main Office", { hostname: "UCG-Ultra", model: byModel("UCG Ultra") }); break;
    case 27:
      unifi([site("brightline-freight-l-l-c", false)], "", { hosting: "shared" });
      plan.network.sameOfficeAs = 26;
      break;
    case 28: unifi([site("ACME CLINIC", false)], "", { hosting: "shared" }); break;
  }
  plan.hardCases = HARD_CASES.filter((h) => h.customers.includes(plan.index)).map((h) => h.key);
  // Customer 22 has no agents at all; every other one at least a couple.
  plan.deviceCount = plan.index === 22 ? 0 : Math.max(plan.deviceCount, plan.fixedDevices.length + minDevices);
  return plan;
}
