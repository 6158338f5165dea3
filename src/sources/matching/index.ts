/**
 * Customer ↔ site matching: config first (`sync.site_mapping`, `sync.site_mapping_exclude`),
 * then evidence (site name; console name and hostname; NinjaOne names, trade names and
 * locations) scored and decided with a margin, legal forms settling names that differ only by
 * them, weighed with the host's WAN address as the customers' NinjaOne devices report it. See
 * matcher.ts for the flow, decide.ts for the decision, score.ts for the score, evidence.ts for
 * what counts as name evidence, legal-forms.ts and twins.ts for legal forms, wan.ts and
 * wan-decision.ts for the WAN address.
 * @module
 */
export { combine } from "./wan-decision";
export { legalFormsOf, settleTwins } from "./twins";
export {
  createSiteMatcher, decide, THRESHOLDS,
  type Candidate, type MatchEvidence, type MatchKind, type MatchResult, type MatcherConfig, type SiteMatcher, type WanInput,
} from "./matcher";
export { WAN_THRESHOLDS, WanIndex, wanKey, type WanDevice, type WanDominant, type WanHost, type WanObservation, type WanOrgCount } from "./wan";
export { evidenceOf, type EvidenceKind, type EvidenceText, type SiteFacts } from "./evidence";
export { aliasesFrom, OrgIndex, type OrgInput, type OrgTextKind } from "./org-index";
export { analyze, foldText, normalizeName, tokens } from "./text";
export {
  buildMatchReport, countMatches, countsLine, excludeSnippet, mappingSnippet, needsReview, reportEntry,
  type MatchCounts, type ReportCandidate, type ReportWan, type SiteMatchEntry, type SiteMatchReport,
} from "./report";
export { formatMatchReport, type FormatOptions } from "./report-text";
export { reviewDigest } from "./review";
