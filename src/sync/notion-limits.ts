import type { GateStatus } from "../http";
import { describeRateLimit } from "../http";
import { refusalAdvice } from "../notion/block-limit";
import { type CreatesRefusal } from "../core";

/**
 * What Notion's limits are doing to this process right now, in one place for /ready,
 * /admin/status and the metrics: a rate-limit pause in force (read from the gate), and whether
 * new pages are refused for the whole workspace (told by every sync run: set on the refusal,
 * cleared when a create goes through again).
 */
export class NotionLimits {
  private refused: (CreatesRefusal & { sinceMs: number }) | null = null;

  constructor(
    private readonly gate: () => Pick<GateStatus, "pausedUntil" | "pauseReason">,
    private readonly now: () => number,
  ) {}

  setCreatesRefused(r: CreatesRefusal | null): void {
    if (r === null) this.refused = null;
    else if (!this.refused) this.refused = { ...r, sinceMs: this.now() };
  }

  get createsRefused(): (CreatesRefusal & { sinceMs: number }) | null {
    return this.refused;
  }

  /** "workspace limit (…), waiting until 12:03:10 UTC", or null when nothing waits. */
  rateLimit(): { reason: string | null; until: string; text: string } | null {
    const g = this.gate();
    if (g.pausedUntil === null) return null;
    const until = new Date(g.pausedUntil).toISOString();
    return { reason: g.pauseReason, until, text: `Notion: ${describeRateLimit(g.pauseReason ?? undefined)}, waiting until ${until.slice(11, 19)} UTC` };
  }

  /** For /admin/status. */
  status() {
    const r = this.refused;
    return {
      rate_limit: this.rateLimit(),
      creates_refused: r ? { kind: r.kind, message: r.message, since: new Date(r.sinceMs).toISOString(), advice: refusalAdvice(r) } : null,
    };
  }
}
