/**
 * The per-customer plan: what the generator decides before it builds any wire record. Random
 * customers get a random plan; the first customers get the hard cases of `hard-cases.ts` on top.
 *
 * The UniFi side follows what MSP fleets look like (../shared/reference/source-apis.md, "Site
 * names on real fleets"): most customers have their own console whose one site is still UniFi's
 * "Default", so the console's name is what names the customer; some sit on the MSP's shared
 * self-hosted controller, with sites named by hand; a few run their own controller.
 * @module
 */
import { pick, randInt, type Rng } from "@oberaconnect/common/random";
import { consoleIdentity } from "./console-names";
import { sharesOffice, twinTyping, type TwinQueue } from "./legal-twins";
import { CompanyNamer, domainFor, stripLegalSuffix, weightedPick } from "./names";
import { shortName, typedName, typo, type TypedNameOptions } from "./name-variants";
import { CONSOLES, type UnifiModel } from "./unifi-catalog";
import { NETWORK_ONLY_SHARE, randomNetwork, type NetworkPlan } from "./wan";
import { TWIN_SHARE } from "./legal-twins";
import { DECOY_EXTENSIONS, DECOY_SUFFIXES, DECOY_WORDS, MEDICAL_NAME, MSP_INTERNAL_SITES, PLACES } from "./words";

/** One UniFi site of a customer. */
export interface SitePlan {
  /** `meta.desc`, the customer-visible name; `null` reproduces CBD Sites/Full.json. */
  desc: string | null;
  /** `meta.name: "default"`: the first site of a console, renamed or not. Else a random id. */
  defaultSlot: boolean;
  /** `statistics: null`, as on sites the cloud has no statistics for (CBD Sites/Full.json). */
  statisticsNull: boolean;
}

/** Where a customer's sites live. */
export type Hosting = "console" | "shared" | "own-server";

/** The UniFi side of a customer. */
export interface UnifiPlan {
  /** `console`: its own UDM/UCG; `shared`: the MSP's self-hosted controller; `own-server`: its own. */
  hosting: Hosting;
  /** `reportedState.state: "disconnected"`: every device offline, counts to match. */
  disconnected: boolean;
  /** `reportedState.name` of the customer's own host (unused when shared). */
  hostName: string;
  /** `reportedState.hostname`; undefined → `gw.<domain>` / `unifi.<domain>`. */
  hostname?: string;
  /** The console's hardware (consoles only). */
  model?: UnifiModel;
  sites: SitePlan[];
  /** Fixed names for the first access points (emoji, quotes...). */
  apNames: string[];
}

/** A NinjaOne device whose names are fixed by a hard case. */
export interface FixedDevice {
  systemName: string;
  displayName: string;
}

/** A console that belongs to no organization (the MSP's lab, a prospect's demo unit). */
export interface OrphanPlan {
  consoleName: string;
  siteDesc: string;
}

/** Everything decided about one customer before generation. */
export interface CustomerPlan {
  index: number;
  orgName: string;
  /** `undefined` leaves the key out, as on sample org 9. */
  orgDescription: string | undefined;
  /** NinjaOne devices; 0 for a customer whose network only the MSP manages. */
  deviceCount: number;
  /** Offices, shared lines, a changed WAN address (wan.ts). */
  network: NetworkPlan;
  /** NinjaOne location names fixed before the random ones (hard cases, branch places). */
  locationNames: string[];
  fixedDevices: FixedDevice[];
  unifi: UnifiPlan | null;
  /** An extra console generated next to this customer that belongs to no organization. */
  orphan: OrphanPlan | null;
  /** Keys of the hard cases this customer carries. */
  hardCases: string[];
}

/** Share of customers with UniFi (brief: ~85%). */
export const UNIFI_SHARE = 0.85;
/** Of those: own console (most), the MSP's shared controller, their own controller. */
export const HOSTING: readonly (readonly [Hosting, number])[] = [["console", 72], ["shared", 20], ["own-server", 8]];
/** Share of organizations named like an earlier one ("Acme Corp" / "Acme Corporate Travel"). */
export const DECOY_SHARE = 0.08;
/** Share of organizations known in UniFi by another name, noted in the NinjaOne description. */
export const ALIAS_SHARE = 0.04;
/** Chance, per customer, that the MSP has a lab or demo console next to it (belongs to nobody). */
export const LAB_CONSOLE_SHARE = 0.01;

/**
 * A decoy of an earlier name: the same distinctive word, another business. A trade or an
 * activity goes after the distinctive word ("Acme Travel", "Keller Clinic"); a holding, a
 * foundation or a supply arm after the whole name ("Keller Dental Holdings"); or the same name
 * one letter apart ("Keller Dental" / "Kellar Dental").
 */
function decoyName(rng: Rng, namer: CompanyNamer): string | undefined {
  if (namer.drawn.length === 0) return undefined;
  const prev = pick(rng, namer.drawn.slice(-50));
  const r = rng();
  const core = r < 0.6
    ? `${shortName(prev)} ${pick(rng, DECOY_WORDS)}`
    : r < 0.9
      ? `${stripLegalSuffix(prev)} ${pick(rng, DECOY_EXTENSIONS)}`
      : stripLegalSuffix(prev).replace(/\p{L}{5,}/u, (w) => typo(rng, w));
  const name = rng() < 0.5 ? core : `${core} ${pick(rng, DECOY_SUFFIXES)}`;
  return namer.take(name) ? name : undefined;
}

/**
 * 0–2 branch places, as NinjaOne location names ("Fox River Office") and bare ("Fox River"). A
 * branch is a clinic only in the medical trades.
 */
function branchPlaces(rng: Rng, orgName: string): { places: string[]; locationNames: string[] } {
  if (rng() >= 0.3) return { places: [], locationNames: [] };
  const places = [pick(rng, PLACES)];
  if (rng() < 0.3) places.push(pick(rng, PLACES.filter((p) => p !== places[0])));
  const kinds = MEDICAL_NAME.test(orgName) ? ["Office", "Clinic", "Branch", "Clinic"] : ["Office", "Branch", "Store", "Office"];
  const locationNames = places.map((p) => (rng() < 0.5 ? p : `${p} ${pick(rng, kinds)}`));
  return { places, locationNames };
}

/** A second site on a console: the customer name with a qualifier, a bare qualifier, or a branch. */
/** How the customer's name is typed (a legal-form twin's own ways, legal-twins.ts). */
type Typing = Pick<TypedNameOptions, "weights">;

function extraSiteName(rng: Rng, name: string, places: string[], locationNames: string[], typing: Typing): string {
  const r = rng();
  if (r < 0.45) return typedName(rng, name, { ...typing, qualifier: 1, places }).text;
  if (r < 0.75 || locationNames.length === 0) return pick(rng, ["Warehouse", "Guest", "Shop", "Annex", "Upstairs", "Office 2"]);
  return pick(rng, locationNames);
}

function consolePlan(rng: Rng, name: string, orgId: number, places: string[], locationNames: string[], typing: Typing): UnifiPlan {
  const model = pick(rng, CONSOLES);
  const id = consoleIdentity(rng, name, model, domainFor(name, orgId), places, typing.weights);
  const r = rng();
  const sites: SitePlan[] = r < 0.12
    ? [{ desc: typedName(rng, name, { ...typing, qualifier: 0.1, places }).text, defaultSlot: true, statisticsNull: false }]
    : [{ desc: "Default", defaultSlot: true, statisticsNull: false }];
  if (r >= 0.92) sites.push({ desc: extraSiteName(rng, name, places, locationNames, typing), defaultSlot: false, statisticsNull: false });
  return { hosting: "console", disconnected: rng() < 0.01, hostName: id.name, hostname: id.hostname, model, sites, apNames: [] };
}

function sharedPlan(rng: Rng, name: string, places: string[], locationNames: string[], typing: Typing): UnifiPlan {
  const count = weightedPick(rng, [[1, 75], [2, 20], [3, 5]] as const);
  const sites: SitePlan[] = [];
  for (let k = 0; k < count; k++) {
    const desc = k > 0 && locationNames.length > 0 && rng() < 0.25
      ? pick(rng, locationNames) // only the branch's name: "Fox River Office"
      : typedName(rng, name, { ...typing, qualifier: k === 0 ? 0.15 : 1, places }).text;
    sites.push({ desc, defaultSlot: false, statisticsNull: false });
  }
  return { hosting: "shared", disconnected: false, hostName: "", sites, apNames: [] };
}

function ownServerPlan(rng: Rng, name: string, places: string[], typing: Typing): UnifiPlan {
  // On a customer's own controller the MSP usually renames the Default site; not always.
  const first = rng() < 0.1 ? "Default" : typedName(rng, name, { ...typing, qualifier: 0.1, places }).text;
  const sites: SitePlan[] = [{ desc: first, defaultSlot: true, statisticsNull: false }];
  if (rng() < 0.3) sites.push({ desc: typedName(rng, name, { ...typing, qualifier: 1, places }).text, defaultSlot: false, statisticsNull: false });
  return { hosting: "own-server", disconnected: rng() < 0.01, hostName: `${stripLegalSuffix(name)} (self-hosted)`, sites, apNames: [] };
}

/**
 * A random customer plan; `namer` keeps org names distinct, `twins` holds the legal-form twins
 * planted for later customers (legal-twins.ts).
 */
export function randomPlan(index: number, rng: Rng, namer: CompanyNamer, twins: TwinQueue): CustomerPlan {
  const due = twins.take(index);
  if (due) namer.takeTwin(due.name);
  const orgName = due?.name ?? (rng() < DECOY_SHARE ? decoyName(rng, namer) : undefined) ?? namer.next(rng);
  // The first of a pair of twins knows of its twin from the start: the MSP types both alike.
  const twin = due !== undefined || rng() < TWIN_SHARE;
  if (twin && !due) twins.plant(rng, index, orgName);
  const typing = twinTyping(twin);
  const { places, locationNames } = branchPlaces(rng, orgName);
  // Known in UniFi by a trade name, which only the NinjaOne description mentions.
  const alias = !twin && rng() < ALIAS_SHARE ? namer.next(rng) : undefined;
  const unifiName = alias && rng() < 0.8 ? alias : orgName;
  const r = rng();
  const orgDescription = alias
    ? pick(rng, [`dba ${alias}`, `Formerly ${alias}`, `${stripLegalSuffix(orgName)} (d/b/a ${alias})`, `aka ${alias}; managed since 2019`])
    : r < 0.5 ? "" : r < 0.85 ? `Managed customer since ${2012 + randInt(rng, 0, 12)}` : undefined;
  const hosting = rng() < UNIFI_SHARE ? weightedPick(rng, HOSTING) : null;
  const orgId = index + 1;
  const unifi = hosting === "console" ? consolePlan(rng, unifiName, orgId, places, locationNames, typing)
    : hosting === "shared" ? sharedPlan(rng, unifiName, places, locationNames, typing)
    : hosting === "own-server" ? ownServerPlan(rng, unifiName, places, typing)
    : null;
  const lab = rng() < LAB_CONSOLE_SHARE ? pick(rng, MSP_INTERNAL_SITES) : undefined;
  // Uniform 4..36 averages 20 devices per customer (brief: ~40k devices for 2,000 customers).
  const deviceCount = randInt(rng, 4, 36);
  const networkOnly = unifi !== null && rng() < NETWORK_ONLY_SHARE;
  return {
    index,
    orgName,
    orgDescription,
    deviceCount: networkOnly ? 0 : deviceCount,
    network: { ...randomNetwork(rng), ...(due && sharesOffice(rng) ? { sameOfficeAs: due.of } : {}) },
    locationNames,
    fixedDevices: [],
    unifi,
    orphan: lab ? { consoleName: lab, siteDesc: "Default" } : null,
    hardCases: [],
  };
}
