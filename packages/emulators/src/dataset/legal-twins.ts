/**
 * Legal-form twins: two customers whose names differ only by their legal form. MSP fleets have
 * them: a parent and its subsidiary abroad ("Tessaro Imports AG" and "Tessaro Imports Inc."), an
 * old entity kept next to the one that replaced it ("Brightline Freight LLC" → "Brightline
 * Freight Inc."), a holding and its operating company, a firm and its professional corporation.
 *
 * The MSP knows there are two, so its technicians type the customer's own legal form (as the org
 * has it or another way: "Incorporated", "L.L.C.") more often than for other customers, or none;
 * they do not invent the other twin's. Without a form the site's text cannot tell the twins apart
 * (only an operator, or the office's WAN address, can), and a twin whose name has no form never
 * has one in its texts. Sister companies often share an office, and then its WAN address cannot
 * tell them apart either.
 *
 * The second twin comes some customers after the first (organizations are created over years),
 * from the same generation stream, so customer `i` is still the same whatever the count.
 * @module
 */
import { randInt, type Rng } from "@oberaconnect/common/random";
import { legalSuffixOf, stripLegalSuffix, weightedPick } from "./names";
import type { VariantBase } from "./name-variants";

/**
 * Share of customers that get a legal-form twin later in the fleet: a few pairs in 500 (our
 * estimate; no source gives one). The hard cases plant three more pairs in every fleet.
 */
export const TWIN_SHARE = 0.006;
/** Share of twins that share the first twin's office (and its internet line). */
export const TWIN_SAME_OFFICE = 0.35;
/**
 * How a twin's name is typed into UniFi: its own form, written any way, or none; never another
 * form (weights as in name-variants.ts, the form kept more often).
 */
export const TWIN_WEIGHTS: readonly (readonly [VariantBase, number])[] = [
  ["exact", 50], ["respelled-suffix", 15], ["no-suffix", 20], ["short", 5], ["slug", 10],
];

/** Forms a twin takes, by weight ("" = no form at all). */
const TWIN_FORMS: readonly (readonly [string, number])[] = [
  ["", 20], ["Inc.", 20], ["LLC", 18], ["L.L.C.", 4], ["Ltd", 8], ["Co.", 6], ["Corp.", 6], ["AG", 5], ["GmbH", 4],
  ["S.A.", 4], ["LLP", 3], ["L.L.P.", 2], ["P.C.", 2], ["B.V.", 2], ["Limited", 2], ["Incorporated", 2],
];

/** Letters of a form, for telling one form from another ("L.L.C." is "LLC"). */
const formKey = (form: string) => form.replace(/[.,\s]/g, "").toLowerCase();
/** Spellings that are one form. */
const SAME: readonly string[][] = [["inc", "incorporated"], ["ltd", "limited"], ["co", "company"], ["corp", "corporation"]];
const sameForm = (a: string, b: string) => formKey(a) === formKey(b) || SAME.some((g) => g.includes(formKey(a)) && g.includes(formKey(b)));

/** The other twin's name: the same words, another legal form (or none, if the first has one). */
export function twinName(rng: Rng, name: string): string {
  const own = legalSuffixOf(name);
  const core = stripLegalSuffix(name);
  const forms = TWIN_FORMS.filter(([f]) => (own ? !sameForm(f, own) : f !== ""));
  const form = weightedPick(rng, forms);
  return form ? `${core}${form.startsWith("Inc") && rng() < 0.3 ? "," : ""} ${form}` : core;
}

/** A twin planted for a later customer. */
export interface PendingTwin {
  name: string;
  /** The customer it is the twin of. */
  of: number;
  /** The first customer index that takes it. */
  due: number;
}

/** Twins waiting for their turn, in the order they were planted. */
export class TwinQueue {
  private readonly pending: PendingTwin[] = [];

  /** Plants a twin of customer `index` (named `name`), to come 1 to 40 customers later. */
  plant(rng: Rng, index: number, name: string): void {
    this.pending.push({ name: twinName(rng, name), of: index, due: index + randInt(rng, 1, 40) });
  }

  /** The twin customer `index` becomes, if one is due. */
  take(index: number): PendingTwin | undefined {
    const i = this.pending.findIndex((t) => t.due <= index);
    return i < 0 ? undefined : this.pending.splice(i, 1)[0];
  }
}

/** How a twin customer's texts are typed: `typedName` options with the twins' weights. */
export const twinTyping = (twin: boolean): { weights?: typeof TWIN_WEIGHTS } => (twin ? { weights: TWIN_WEIGHTS } : {});

/** Whether the twin shares its sibling's office (drawn once per twin). */
export const sharesOffice = (rng: Rng): boolean => rng() < TWIN_SAME_OFFICE;
