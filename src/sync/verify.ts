import type { PlanRow } from "../ledger/schema";
import type { NotionApi } from "../notion/api";
import { normalizeId } from "../notion/props";
import type { DatabaseTemplate } from "../notion/templates";
import { pageProps, syncKeyOf } from "./existing";
import { contentHash } from "./hash";

/**
 * The backstop for what the product cannot prevent: a write that lands later than the settle
 * window (settle.ts), or someone editing a column the sync owns. Every few minutes each job reads
 * back the pages edited since its last check (Notion's last_edited_time filter: our own writes
 * since then plus whatever else touched them; 100 pages per request) and compares each with
 * what the ledger claims it holds. A page that differs gets its hash dropped, so the run that
 * found it rewrites it. Pages nobody edited cannot have drifted, so nothing else is read.
 */

/** Notion shows last_edited_time to the minute, and its clock is not ours: look back this much more. */
export const VERIFY_MARGIN_MS = 5 * 60_000;

export interface VerifyResult {
  /** Pages read back and compared. */
  checked: number;
  /** Keys whose page did not hold what the ledger claimed. */
  drifted: string[];
}

/**
 * Compares the pages edited since `sinceMs` (minus the margin) with the ledger rows of the job
 * and drops the hash of each row whose page differs, in `ledger` (this run's plan then writes
 * it) and through `invalidate` (kept if the run stops first).
 */
export async function verifyEdited(args: {
  notion: NotionApi;
  dataSourceId: string;
  template: DatabaseTemplate;
  ledger: Map<string, PlanRow>;
  sinceMs: number;
  invalidate?: (key: string) => void;
}): Promise<VerifyResult> {
  const since = new Date(args.sinceMs - VERIFY_MARGIN_MS).toISOString();
  const out: VerifyResult = { checked: 0, drifted: [] };
  for await (const page of args.notion.allPages(args.dataSourceId, { editedSince: since })) {
    const key = syncKeyOf(page);
    const row = key ? args.ledger.get(key) : undefined;
    if (!key || !row) continue;
    out.checked++;
    if (!claimsCurrent(row, page.id)) continue;
    if (contentHash(pageProps(page, args.template)) === row.contentHash) continue;
    out.drifted.push(key);
    args.ledger.set(key, { ...row, contentHash: null });
    args.invalidate?.(key);
  }
  return out;
}

/** Only a row that says "this page holds my hash" can be wrong about it; the others are written anyway. */
function claimsCurrent(row: PlanRow, pageId: string): boolean {
  return row.state === "synced" && !!row.contentHash && row.writeStartedAt === null && row.notionPageId !== null && normalizeId(row.notionPageId) === normalizeId(pageId);
}

/** Whether a job's check is due: never done (start counting now), or older than the interval. */
export function verifyDue(lastIso: string | undefined, nowMs: number, everyMs: number): "start" | "due" | "not_due" {
  if (everyMs <= 0) return "not_due";
  const last = lastIso ? Date.parse(lastIso) : Number.NaN;
  if (!Number.isFinite(last)) return "start";
  return nowMs - last >= everyMs ? "due" : "not_due";
}
