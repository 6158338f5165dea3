/**
 * What a customer's own console (UDM, UCG, UDR: `type:"console"`) calls itself. The console's
 * `reportedState.name` is what the MSP typed at adoption, and `hostname` its network name; the
 * console's one site is usually still UniFi's "Default" (../shared/api-samples/unifi/sites.json),
 * so on real fleets these two fields are what names the customer. Some consoles were never
 * named: they still say their model ("UDM Pro") and their default hostname ("UDM-Pro").
 * @module
 */
import { pick, type Rng } from "@oberaconnect/common/random";
import { weightedPick } from "./names";
import { shortName, slug, typedName, type VariantBase } from "./name-variants";
import type { UnifiModel } from "./unifi-catalog";

/** How the console's name was set. */
export type ConsoleNaming = "named" | "named-with-place" | "hostname-like" | "model";

const NAMINGS: readonly (readonly [ConsoleNaming, number])[] = [
  ["named", 64], ["named-with-place", 20], ["hostname-like", 10], ["model", 6],
];

/** The name a console shows before anyone names it: its model, or its long hardware name. */
export function modelName(rng: Rng, model: UnifiModel): string {
  return pick(rng, [model.model, model.model, model.hardwareName ?? model.model, model.shortname]);
}

/** The default hostname of a model ("UDM Pro" → "UDM-Pro"). */
export const defaultHostname = (model: UnifiModel): string => model.model.replace(/\s+/g, "-");

/**
 * A hostname the MSP set: "acme-udm-pro", "UDM-Pro-ACME", "ucg-acmecorp", "gw-hq.acme-corp.example",
 * sometimes with the legal form ("smith-jones-llp-gw", "acme-l-l-c-udm-pro").
 */
export function customerHostname(rng: Rng, orgName: string, model: UnifiModel, domain: string): string {
  const device = defaultHostname(model).toLowerCase();
  const who = rng() < 0.35 ? slug(rng, shortName(orgName), false).toLowerCase() : slug(rng, orgName, rng() < 0.2).toLowerCase();
  const r = rng();
  if (r < 0.3) return `${who}-${device}`;
  if (r < 0.45) return `${defaultHostname(model)}-${who.toUpperCase()}`;
  if (r < 0.6) return `${device.split("-")[0]}-${who.replace(/-/g, "")}`;
  if (r < 0.75) return `${who}-gw`;
  if (r < 0.9) return `gw.${domain}`;
  return `gw-hq.${domain}`;
}

export interface ConsoleIdentity {
  name: string;
  hostname: string;
  naming: ConsoleNaming;
}

/**
 * The console's name and hostname for a customer. Independent draws: a console named after its
 * customer still often keeps its default hostname, and an unnamed one sometimes has a hostname
 * that names the customer, so a few consoles carry no evidence at all (as on real fleets).
 */
export function consoleIdentity(
  rng: Rng, orgName: string, model: UnifiModel, domain: string, places: readonly string[],
  weights?: readonly (readonly [VariantBase, number])[],
): ConsoleIdentity {
  const naming = weightedPick(rng, NAMINGS);
  const hostname = rng() < 0.45 ? defaultHostname(model) : customerHostname(rng, orgName, model, domain);
  // No slugs in a console's name; `weights`: a legal-form twin's own (legal-twins.ts).
  const bases: readonly VariantBase[] = ["exact", "no-suffix", "respelled-suffix", "other-suffix", "added-suffix", "short", "initials"];
  switch (naming) {
    case "named": return { naming, hostname, name: typedName(rng, orgName, { bases, weights }).text };
    case "named-with-place": return { naming, hostname, name: typedName(rng, orgName, { bases, weights, qualifier: 1, places }).text };
    case "hostname-like": return { naming, hostname, name: customerHostname(rng, orgName, model, domain) };
    case "model": return { naming, hostname, name: modelName(rng, model) };
  }
}
