import { ApiError, ForbiddenError } from "../http";
import type { CreatesRefusal } from "../core";

/**
 * Creates refused by Notion for the whole workspace, not for one record: the Free plan's block
 * limit (developers.notion.com/reference/workspace-block-limits: Free workspaces with more than
 * one member have 1,000 lifetime blocks; every page is one; after the grace period "requests
 * that create blocks fail" while reads, edits and deletes keep working), or a connection that
 * may not insert content. The exact error of the block limit is not documented where we can
 * read it, so it is recognised by what it must say, and, the stricter choice, an unfamiliar
 * refusal that talks of a plan or a limit counts once it has refused several different records
 * with the very same words. Pure; one detector per run.
 */

/** Words that name the block limit itself: one such refusal is enough. */
const BLOCK_LIMIT = /block[\s_-]*limit|blocks?[\s_-]*(quota|usage|allowance)|lifetime blocks|limit of [\d,]+ blocks/i;
/** Words of a plan restriction: enough after REPEATS identical refusals in a row. */
const PLAN_WORDS = /\b(plan|upgrade|limit|quota|restrict\w*|billing|free workspace)\b/i;
/** Identical plan-worded refusals of different records before creates are taken as refused. */
export const REPEATS = 3;


export class CreateRefusals {
  private streak: { signature: string; keys: Set<string> } | null = null;

  /**
   * Called with each failed create. `all`: creates as a whole are refused (stop creating for
   * this run); `record`: a plan-worded refusal not yet repeated enough, so this record waits as
   * blocked (not failed, no backoff) while the next creates are still tried; null: this
   * record's own failure.
   */
  observe(key: string, err: unknown): { scope: "all" | "record"; refusal: CreatesRefusal } | null {
    if (!(err instanceof ApiError) || err.status === undefined || err.status < 400 || err.status >= 500) return this.reset();
    if ([404, 409, 429].includes(err.status)) return this.reset();
    const words = `${err.code ?? ""} ${err.detail}`;
    const message = err.detail || err.message;
    if (BLOCK_LIMIT.test(words)) return { scope: "all", refusal: { kind: "block_limit", message } };
    // May not insert content at all: edits may still be allowed, so the run goes on without creates.
    if (err instanceof ForbiddenError) return { scope: "all", refusal: { kind: "forbidden", message } };
    if (!PLAN_WORDS.test(words)) return this.reset();
    const signature = `${err.status} ${err.code ?? ""} ${err.detail}`;
    if (this.streak?.signature !== signature) this.streak = { signature, keys: new Set() };
    this.streak.keys.add(key);
    return { scope: this.streak.keys.size >= REPEATS ? "all" : "record", refusal: { kind: "plan_restriction", message } };
  }

  /** A create that went through ends any streak. */
  succeeded(): void {
    this.streak = null;
  }

  private reset(): null {
    this.streak = null;
    return null;
  }
}

/** What the operator should do, by kind, for the log line, the run summary and /ready. */
export function refusalAdvice(r: CreatesRefusal): string {
  switch (r.kind) {
    case "block_limit":
    case "plan_restriction":
      return "Notion refuses new pages in this workspace (the Free plan's block limit: workspaces with more than one member may hold 1,000 blocks in their lifetime, every page counts, deleting gives none back). Existing pages are still updated and archived. Fix: upgrade the workspace's plan, or move the databases to a workspace without the limit (a paid plan, or a Free workspace with a single member); the blocked records are created by the next run after that";
    case "forbidden":
      return "Notion refuses new pages to this integration (it may lack the 'Insert content' capability, or lost access to the databases). Existing pages are still updated. Fix: give the integration 'Insert content' and share the databases with it; the blocked records are created by the next run after that";
  }
}
