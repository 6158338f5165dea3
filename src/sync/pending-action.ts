import type { PendingRow, RecordRow } from "../ledger/schema";
import type { PropMap } from "../notion/props";
import type { Action } from "./plan";

/**
 * What to do with a queued change, decided from the ledger as it stands when it is written (a
 * poll's view may be minutes old by then): no page yet → create (looked up first when an earlier
 * create may have happened), an archived page → restore, else update; or the archive.
 */
export function toAction(row: PendingRow, ledger: RecordRow | undefined): Action {
  const key = row.sourceKey;
  if (row.action === "archive") return { kind: "archive", key, pageId: row.pageId ?? ledger?.notionPageId ?? null };
  const props = JSON.parse(row.props ?? "{}") as PropMap;
  const hash = row.hash ?? "";
  const pageId = row.pageId ?? ledger?.notionPageId ?? null;
  if (!pageId) {
    const lookupFirst = !!ledger && (ledger.state !== "blocked" || ledger.writeStartedAt !== null);
    return { kind: "create", key, props, hash, lookupFirst };
  }
  return { kind: "update", key, pageId, props, hash, changed: null, restore: ledger?.state === "archived" && !row.pageId };
}
