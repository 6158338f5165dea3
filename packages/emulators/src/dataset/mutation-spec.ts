/**
 * The body of `POST /_emulator/mutate`: which changes to apply to an emulator's dataset, and how
 * many. Amounts are either a count (an integer: 3 means three records) or a fraction of the
 * eligible records (a number strictly between 0 and 1: 0.05 means 5%, rounded to nearest).
 */
import { z } from "zod";
import type { Rng } from "@oberaconnect/common/random";

const amount = z
  .number()
  .nonnegative()
  .refine((v) => Number.isInteger(v) || v < 1, { message: "a count must be an integer; a fraction must be below 1" });

/** The validated mutation spec. Unknown keys are rejected so a typo does not silently do nothing. */
export const MutationSpecSchema = z.strictObject({
  /** Replaces the caller's random stream, so the same spec + seed picks the same records. */
  seed: z.number().int().optional(),
  /** Which source's records may change; default both (each emulator only serves its own half). */
  source: z.enum(["unifi", "ninjaone", "both"]).default("both"),
  /**
   * Default amount for every update kind left unset: devices_offline, devices_online, rename_orgs,
   * new_alerts and resolve_alerts. Deletions and new devices are never implied.
   */
  fraction: z.number().min(0).max(1).optional(),
  /** Online devices taken offline (NinjaOne `offline`, UniFi `status`); consoles excluded. */
  devices_offline: amount.optional(),
  /** Offline devices brought back online; their AGENT_OFFLINE alerts resolve. */
  devices_online: amount.optional(),
  /** Organizations renamed to a fresh, distinct company name. */
  rename_orgs: amount.optional(),
  /** UniFi sites removed, with their devices and ISP metrics (and the host when it has no site left). */
  delete_sites: amount.optional(),
  /** New condition alerts on online NinjaOne devices without an open alert. */
  new_alerts: amount.optional(),
  /** Open condition alerts resolved (AGENT_OFFLINE alerts resolve by bringing the device online). */
  resolve_alerts: amount.optional(),
  /** New online devices: NinjaOne devices in an existing org, or UniFi APs on an existing site. */
  new_devices: amount.optional(),
  /**
   * An outage of one customer: every NinjaOne device of the organization goes offline, and every
   * UniFi device of the listed sites (the caller says which sites are the customer's: the
   * emulator does not match), with the console hosts that carry only those sites disconnected.
   */
  outage: z.strictObject({ organization: z.number().int(), sites: z.array(z.string()).default([]) }).optional(),
});
export type MutationSpec = z.input<typeof MutationSpecSchema>;
export type ParsedMutationSpec = z.output<typeof MutationSpecSchema>;

/** Thrown for an invalid spec; the message and `issues` name the offending field. */
export class MutationSpecError extends Error {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(`invalid mutation spec: ${issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
    this.name = "MutationSpecError";
  }
}

/** Validates a spec, throwing `MutationSpecError` with field paths. */
export function parseMutationSpec(input: unknown): ParsedMutationSpec {
  const result = MutationSpecSchema.safeParse(input);
  if (!result.success) throw new MutationSpecError(result.error.issues);
  return result.data;
}

/** How many of `pool` records an amount means (count capped at the pool, fraction rounded). */
export function resolveAmount(value: number | undefined, pool: number): number {
  if (value === undefined || value <= 0 || pool === 0) return 0;
  return Number.isInteger(value) ? Math.min(value, pool) : Math.round(value * pool);
}

/** `k` distinct items of `items`, chosen by a partial Fisher–Yates shuffle (linear, no repeats). */
export function sample<T>(rng: Rng, items: readonly T[], k: number): T[] {
  const copy = items.slice();
  const n = Math.min(k, copy.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

/** Source keys by record type: org ids, host ids, site ids, device keys (`keys.ts`), alert uids. */
export interface ChangedKeys {
  organizations: number[];
  hosts: string[];
  sites: string[];
  devices: string[];
  alerts: string[];
}

/** What a mutation did. `changed` is every touched key; `created` and `deleted` are subsets of it. */
export interface MutationResult {
  changed: ChangedKeys;
  created: ChangedKeys;
  deleted: ChangedKeys;
}

/** Empty key lists. */
export const emptyKeys = (): ChangedKeys => ({ organizations: [], hosts: [], sites: [], devices: [], alerts: [] });
