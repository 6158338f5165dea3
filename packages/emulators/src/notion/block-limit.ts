import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Clock } from "@oberaconnect/common/clock";
import { NotionError } from "./errors";

/**
 * The Free plan's block limit as developers.notion.com/reference/workspace-block-limits describes
 * it (enforced by the API since 2026-09-08): a Free workspace with more than one member holds
 * `blocks` blocks in its lifetime (every page and database is one; deleting gives none back);
 * "the write that first reaches the limit succeeds and starts the existing three-day grace
 * period"; "creation remains available during grace"; after it "requests that create blocks
 * fail", while reads, deletes and edits that create no block keep working.
 *
 * The refusal's exact status, code and message are not documented where we could read them:
 * the default below is our guess at its shape (a 400 that names the limit), and tests set other
 * shapes (a 403 restricted_resource, a wording that never says "block limit") to hold the
 * product to recognising it without relying on one wording.
 */
export interface BlockLimitSettings {
  blocks: number;
  grace_seconds: number;
  status?: number;
  code?: string;
  message?: string;
}

const DEFAULT_REFUSAL = {
  status: 400,
  code: "validation_error",
  message: "This workspace has reached its block limit. Upgrade to a paid plan to add more content.",
};

export class WorkspacePlan {
  /** Blocks made since the emulator started (lifetime: trashing a page gives none back). */
  used = 0;
  private limit: BlockLimitSettings | null = null;
  private graceEndsMs: number | null = null;

  constructor(private readonly clock: Clock) {}

  configure(limit: BlockLimitSettings | null): void {
    this.limit = limit;
    this.graceEndsMs = null;
    if (limit && this.used >= limit.blocks) this.graceEndsMs = this.clock.now() + limit.grace_seconds * 1000;
  }

  /** Before a request that creates `n` blocks: refused once the grace period is over. */
  beforeCreate(): void {
    if (!this.limit || this.graceEndsMs === null || this.clock.now() < this.graceEndsMs) return;
    const r = { ...DEFAULT_REFUSAL, ...this.limit };
    throw new NotionError(r.status as ContentfulStatusCode, r.code, r.message);
  }

  /** After a create: the one that reaches the limit succeeds and starts the grace period. */
  created(n = 1): void {
    this.used += n;
    if (this.limit && this.graceEndsMs === null && this.used >= this.limit.blocks) this.graceEndsMs = this.clock.now() + this.limit.grace_seconds * 1000;
  }

  status() {
    return {
      blocks_used: this.used,
      block_limit: this.limit,
      grace_ends_at: this.graceEndsMs === null ? null : new Date(this.graceEndsMs).toISOString(),
      creates_refused: this.graceEndsMs !== null && this.clock.now() >= this.graceEndsMs,
    };
  }
}
