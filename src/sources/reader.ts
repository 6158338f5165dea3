/**
 * The SourceReader of the sync: reads UniFi and NinjaOne side by side, normalizes, matches
 * sites to customers and says, per job, whether every source feeding it was read to the end.
 * It never throws because a source failed: the failure becomes a problem line and the jobs that
 * need that source are marked incomplete, so the engine neither archives on partial data nor
 * loses what the other source delivered. Only the caller's own abort is rethrown.
 * @module
 */
import type { Config } from "../config/schema";

import type { JobName, SourceSnapshot } from "../core/snapshot";
import type { Alert, Customer, Device, QuarantineEntry, Site, SourceName } from "../core/model";
import { dedupeByKey, normalizeCustomers } from "./normalize-customers";
import { normalizeAlertsSteps } from "./normalize-alerts";
import { normalizeNinjaDevicesSteps } from "./normalize-ninja-devices";
import { countsLine, reviewDigest } from "./matching";
import { mappingConflicts, normalizeSitesSteps, staleMappings, type SiteMatchReport } from "./normalize-sites";
import { normalizeUnifiDevicesSteps } from "./normalize-unifi-devices";
import { readNinjaOne, readUnifi, type NinjaReads, type ReaderLogger, type UnifiReads } from "./source-reads";
import { SeverityResolver } from "./ninjaone/severity";
import { collectGarbage } from "../lib/memory";
import { runSliced } from "../lib/slices";
import { type SourceReader } from "../core";

export type { NinjaReads, ReaderLogger, UnifiReads } from "./source-reads";

export interface SourceReaderDeps {
  config: Pick<Config, "unifi" | "ninjaone" | "sync">;
  /** The UniFi connector; may be null only when `unifi.enabled` is false. */
  unifi: UnifiReads | null;
  /** The NinjaOne connector; may be null only when `ninjaone.enabled` is false. */
  ninjaone: NinjaReads | null;
  logger: ReaderLogger;
  /**
   * Shared across runs so alert severities are looked up once (see ninjaone/severity.ts); give it
   * the ledger's memory (runtime/sources.ts) so they are also known to the next process.
   */
  severity?: SeverityResolver;
}

/** Builds the reader; keep one per process (without a ledger memory, the severities live in it). */
export function createSourceReader(deps: SourceReaderDeps): SourceReader<SiteMatchReport> {
  const severity = deps.severity ?? new SeverityResolver();
  const { logger } = deps;

  return {
    async read(signal) {
      const unifiEnabled = deps.config.unifi.enabled;
      const ninjaEnabled = deps.config.ninjaone.enabled;
      const [u, n] = await Promise.all([
        unifiEnabled ? readUnifi(deps.unifi, signal) : undefined,
        ninjaEnabled ? readNinjaOne(deps.ninjaone, severity, signal) : undefined,
      ]);
      const read = (u?.sites.length ?? 0) + (n?.devices.length ?? 0) + (n?.alerts.length ?? 0);
      collectGarbage(read); // the response bodies, before normalizing and matching allocate
      const problems = [...(u?.problems ?? []), ...(n?.problems ?? [])];
      const quarantine: QuarantineEntry[] = [...(u?.quarantine ?? []), ...(n?.quarantine ?? [])];
      const unifiOk = !unifiEnabled || u?.ok === true;
      const ninjaOk = !ninjaEnabled || n?.ok === true;

      const mapping = deps.config.sync.site_mapping;
      const exclude = deps.config.sync.site_mapping_exclude;
      const orgs = n?.organizations ?? [];
      // Normalizing and matching run in slices (lib/slices.ts): in `serve` the probes and the
      // writer's responses are answered in between, even while a 2,000-customer fleet is read.
      const { sites, matchReport } = await runSliced(normalizeSitesSteps({
        sites: u?.sites ?? [], hosts: u?.hosts ?? [], orgs, locations: n?.locations ?? [], devices: n?.devices ?? [], mapping, exclude,
      }));
      if (ninjaEnabled && ninjaOk) problems.push(...staleMappings(mapping, new Set(orgs.map((o) => o.id))));
      problems.push(...mappingConflicts(mapping, exclude));

      collectGarbage(read); // the matcher's indexes, before 56,000 devices are normalized
      const customers = normalizeCustomers(orgs);
      const devices = [
        ...(await runSliced(normalizeUnifiDevicesSteps(u?.groups ?? [], sites))),
        ...(await runSliced(normalizeNinjaDevicesSteps(n?.devices ?? [], n?.locations ?? []))),
      ];
      const alerts = await runSliced(normalizeAlertsSteps(n?.alerts ?? [], n?.devices ?? [], n?.severities ?? new Map()));

      const inventory = unifiOk && ninjaOk;
      const complete: Record<JobName, boolean> = { customers: inventory, sites: inventory, devices: inventory, alerts: ninjaOk };
      const snapshot: SourceSnapshot<SiteMatchReport> = {
        customers: unique("customers", customers, logger),
        sites: unique("sites", sites, logger),
        devices: unique("devices", devices, logger),
        alerts: unique("alerts", alerts, logger),
        quarantine,
        complete,
        problems,
        matchReport,
        matchReview: reviewDigest(matchReport),
      };
      logSummary(logger, snapshot, { unifi: unifiEnabled, ninjaone: ninjaEnabled }, ninjaOk && unifiOk ? matchReport : undefined);
      return snapshot;
    },
  };
}

/** Drops records whose key was already seen (a list that moved while it was paged), with a warning. */
function unique<T extends Customer | Site | Device | Alert>(what: JobName, records: T[], logger: ReaderLogger): T[] {
  const { unique: kept, duplicates } = dedupeByKey(records);
  if (duplicates.length) {
    logger.warn({ job: what, duplicates: duplicates.slice(0, 20), count: duplicates.length }, `${what}: ${duplicates.length} record(s) delivered twice by the source; kept the first`);
  }
  return kept;
}

function logSummary(
  logger: ReaderLogger,
  s: SourceSnapshot,
  enabled: Record<SourceName, boolean>,
  matchReport: SiteMatchReport | undefined,
): void {
  for (const p of s.problems) logger.warn({ problem: p }, p);
  // Counts only: at 2,000 customers the sites themselves are a report, not a log line.
  const c = matchReport?.counts;
  if (c && (c.unmatched || c.ambiguous)) {
    logger.warn(
      { siteMatch: c },
      `${c.unmatched} UniFi site(s) matched no customer and ${c.ambiguous} matched several; run \`oberaconnect-sync match --unmatched --ambiguous\` to review and settle them in sync.site_mapping / sync.site_mapping_exclude`,
    );
  } else if (c) {
    logger.info({ siteMatch: c }, countsLine(c));
  }
  logger.info(
    {
      enabled,
      customers: s.customers.length,
      sites: s.sites.length,
      devices: s.devices.length,
      alerts: s.alerts.length,
      quarantined: s.quarantine.length,
      complete: s.complete,
    },
    "sources read",
  );
}
