import type { PlanRow } from "../ledger/schema";
import { diffProps, normalizeId, type PropMap } from "../notion/props";
import type { DesiredRecord } from "../core/snapshot";
import { contentHash } from "./hash";
import { ARCHIVE_INTENT, settleHold, type SettleWindow } from "./settle";
import { statusOf } from "./queue";
import type { SyncMode } from "../core";


/**
 * One thing to do for one record. Only create, update and archive cost a Notion request.
 * `notBefore` (ms): an earlier write of this record has an unknown outcome and could still land
 * until then, so this one must not go out before (see settle.ts).
 */
export type Action =
  /** `lookupFirst`: an earlier create may have happened (crash, lost response): search by Sync Key before creating. */
  | { kind: "create"; key: string; props: PropMap; hash: string; lookupFirst: boolean; notBefore?: number }
  /** `restore`: the page is archived (by us or a user) and must be taken out of the trash. */
  | {
      kind: "update";
      key: string;
      pageId: string;
      props: PropMap;
      hash: string;
      /** Names of the properties that differ; null when Notion was not read (the ledger says "changed"). */
      changed: string[] | null;
      restore: boolean;
      /** The page's values as read from Notion, when it was read (dry runs show old → new). */
      current?: PropMap;
      notBefore?: number;
    }
  /** A page Notion already holds with exactly these values: ledger only, no request. */
  | { kind: "adopt"; key: string; pageId: string; hash: string; statusValue?: string | null }
  /** `pageId` null: a create of unknown outcome for a record that has since gone; look it up to archive it. */
  | { kind: "archive"; key: string; pageId: string | null; notBefore?: number }
  /** One more run without the record; `pageId` set for a page only Notion knew (lost ledger). */
  | { kind: "missed"; key: string; pageId?: string }
  | { kind: "unchanged"; key: string }
  /** A failed write not due yet (backoff): queued for then, with its latest desired state. */
  | { kind: "skip"; key: string; reason: string; props: PropMap; hash: string; notBefore: number };

/** A page read from Notion during a full sync, reduced to what planning needs. */
export interface ExistingPage {
  pageId: string;
  props: PropMap;
  lastEditedTime: string;
}

export interface PlanInput {
  /** Read once, in order: a generator works, so records that need nothing are never all held at once. */
  desired: Iterable<DesiredRecord>;
  ledger: Map<string, PlanRow>;
  mode: SyncMode;
  nowMs: number;
  /** Pages by Sync Key (full sync / adoption); undefined when Notion was not read. */
  existing?: Map<string, ExistingPage[]>;
  /** Whether the source was read completely: only then can a missing record count as gone. */
  complete: boolean;
  /** Keys that exist in the source but could not be used (quarantined): not missing. */
  present: Set<string>;
  archiveAfterMissedRuns: number;
  archiveAtOnce: boolean;
  /** When writes of unknown outcome (rows with write_started_at) can no longer land; absent: already. */
  settle?: SettleWindow;
}

export interface Plan {
  actions: Action[];
  /** Every key the source has for this job (seen this run). */
  keys: Set<string>;
  /** Sync Keys held by more than one live page (run `dedupe`). */
  duplicates: string[];
}

/** Decides, per record, what the run will do. Pure: the same input always gives the same plan. */
export function planJob(input: PlanInput): Plan {
  const out = { duplicates: [] as string[], keys: new Set<string>() };
  const actions = [...planStream(input, out)];
  return { actions, duplicates: out.duplicates, keys: out.keys };
}

/**
 * The plan one action at a time, as the desired records stream in: a poll queues each and keeps
 * none (a first sync of 60,000 records never holds them all). `out` collects the keys the
 * source has and the duplicate Sync Keys; it is complete once the stream is.
 */
export function* planStream(input: PlanInput, out: { duplicates: string[]; keys: Set<string> }): Generator<Action> {
  const duplicates = out.duplicates;
  const wanted = out.keys;

  for (const rec of input.desired) {
    wanted.add(rec.key);
    const hash = contentHash(rec.props);
    const row = input.ledger.get(rec.key);
    if (input.mode === "retry_failed" && !(row && (row.state === "failed" || row.state === "pending_create" || row.state === "blocked" || row.writeStartedAt))) continue;
    // A write of unknown outcome: the hash no longer says what the page holds, and until
    // `notBefore` that write may still land, even after what Notion shows now was read.
    const inDoubt = Boolean(row?.writeStartedAt);
    const notBefore = holdUntil(row, input, hash);
    const hold = notBefore === undefined ? {} : { notBefore };

    if (input.existing) {
      const pages = input.existing.get(rec.key) ?? [];
      if (pages.length > 1) duplicates.push(rec.key);
      const ours = row?.notionPageId ? normalizeId(row.notionPageId) : null;
      const page = pages.find((p) => normalizeId(p.pageId) === ours) ?? newest(pages);
      if (page) {
        const changed = diffProps(rec.props, page.props);
        // Read in full or not, a record the ledger already links to this page with this content
        // is "unchanged": one plan vocabulary for `--dry-run`, `--verbose` and the admin API.
        const linked = row?.state === "synced" && !inDoubt && ours === normalizeId(page.pageId) && row.contentHash === hash;
        yield changed.length === 0 && notBefore === undefined
          ? linked
            ? { kind: "unchanged", key: rec.key }
            : { kind: "adopt", key: rec.key, pageId: page.pageId, hash, statusValue: statusOf(rec.props) }
          : { kind: "update", key: rec.key, pageId: page.pageId, props: rec.props, hash, changed, restore: false, current: page.props, ...hold };
        continue;
      }
      // Not among the live pages: restore ours if we know it, else create (a create still in
      // doubt may yet land: look it up first).
      if (row?.notionPageId) {
        yield { kind: "update", key: rec.key, pageId: row.notionPageId, props: rec.props, hash, changed: null, restore: true, ...hold };
      } else {
        yield { kind: "create", key: rec.key, props: rec.props, hash, lookupFirst: inDoubt, ...hold };
      }
      continue;
    }

    if (!row) {
      yield { kind: "create", key: rec.key, props: rec.props, hash, lookupFirst: false };
      continue;
    }
    if (row.state === "failed" && input.mode !== "retry_failed" && row.nextAttemptAt && Date.parse(row.nextAttemptAt) > input.nowMs) {
      yield { kind: "skip", key: rec.key, reason: `failed ${row.attempts}x, next attempt at ${row.nextAttemptAt}`, props: rec.props, hash, notBefore: Date.parse(row.nextAttemptAt) };
      continue;
    }
    if (!row.notionPageId) {
      // pending_create, or a failed create: it may have reached Notion (a blocked one never
      // left, unless an older create of it is still in doubt).
      yield { kind: "create", key: rec.key, props: rec.props, hash, lookupFirst: row.state !== "blocked" || inDoubt, ...hold };
      continue;
    }
    if (row.state === "archived") {
      yield { kind: "update", key: rec.key, pageId: row.notionPageId, props: rec.props, hash, changed: null, restore: true, ...hold };
      continue;
    }
    if (row.state === "synced" && row.contentHash === hash && !inDoubt) {
      yield { kind: "unchanged", key: rec.key };
      continue;
    }
    yield { kind: "update", key: rec.key, pageId: row.notionPageId, props: rec.props, hash, changed: null, restore: false, ...hold };
  }

  if (input.mode !== "retry_failed" && input.complete) yield* planMissing(input, wanted, duplicates);
}

/** Records the source no longer has: counted, then archived after N runs (alerts at once). */
function planMissing(input: PlanInput, wanted: Set<string>, duplicates: string[]): Action[] {
  const out: Action[] = [];
  const gone = (key: string) => !wanted.has(key) && !input.present.has(key);
  for (const [key, row] of input.ledger) {
    if (!gone(key) || row.state === "archived") continue;
    const due = input.archiveAtOnce || row.missedRuns + 1 >= input.archiveAfterMissedRuns;
    // An archive must not be overtaken by an older restore or create still on its way.
    const notBefore = holdUntil(row, input, ARCHIVE_INTENT);
    out.push(due ? { kind: "archive", key, pageId: row.notionPageId, ...(notBefore === undefined ? {} : { notBefore }) } : { kind: "missed", key });
  }
  // Pages in Notion that the ledger does not know (lost ledger) and the source no longer has:
  // they start counting like any other missing record rather than being archived on sight.
  for (const [key, pages] of input.existing ?? []) {
    if (!gone(key) || input.ledger.has(key)) continue;
    const [keep, ...extra] = [...pages].sort((a, b) => b.lastEditedTime.localeCompare(a.lastEditedTime));
    if (!keep) continue;
    const due = input.archiveAtOnce || input.archiveAfterMissedRuns <= 1;
    out.push(due ? { kind: "archive", key, pageId: keep.pageId } : { kind: "missed", key, pageId: keep.pageId });
    if (extra.length) duplicates.push(key);
  }
  return out;
}

/** See settle.ts holdUntil; planning asks it of each row. */
function holdUntil(row: PlanRow | undefined, input: PlanInput, leaves: string): number | undefined {
  return input.settle ? settleHold(row, input.settle, input.nowMs, leaves) : undefined;
}

function newest(pages: ExistingPage[]): ExistingPage | undefined {
  return [...pages].sort((a, b) => b.lastEditedTime.localeCompare(a.lastEditedTime) || a.pageId.localeCompare(b.pageId))[0];
}
