/**
 * Scoring site links against the generator's ground truth (`truth.siteOrganization`): a link to
 * the owner is right, any other link is wrong, no link for an owned site is a miss.
 */
import type { DatasetTruth } from "@oberaconnect/emulators/dataset/generate";

export interface FleetScore {
  sites: number;
  /** Sites that belong to some organization. */
  owned: number;
  right: number;
  wrong: number;
  missed: number;
  precision: number;
  recall: number;
  /** Wrong links, for the failure message. */
  wrongLinks: { siteId: string; linked: number; owner: number | null }[];
}

/** `links`: siteId → linked organization id, or null. */
export function scoreLinks(links: ReadonlyMap<string, number | null>, truth: DatasetTruth): FleetScore {
  let right = 0;
  let missed = 0;
  let owned = 0;
  const wrongLinks: FleetScore["wrongLinks"] = [];
  for (const [siteId, owner] of Object.entries(truth.siteOrganization)) {
    const linked = links.get(siteId) ?? null;
    if (owner !== null) owned++;
    if (linked === null) {
      if (owner !== null) missed++;
    } else if (linked === owner) right++;
    else wrongLinks.push({ siteId, linked, owner });
  }
  const wrong = wrongLinks.length;
  return {
    sites: Object.keys(truth.siteOrganization).length,
    owned,
    right,
    wrong,
    missed,
    precision: right + wrong === 0 ? 1 : right / (right + wrong),
    recall: owned === 0 ? 1 : right / owned,
    wrongLinks,
  };
}

export const figures = (s: FleetScore) =>
  `${s.sites} sites, ${s.owned} owned: ${s.right} right, ${s.wrong} wrong, ${s.missed} missed; precision ${s.precision.toFixed(4)}, recall ${s.recall.toFixed(4)}`;
