import type { Logger } from "../telemetry/logger";
import { ApiError, CircuitOpenError, ForbiddenError, NetworkError, NotFoundError, OutcomeUnknownError, RateLimitDeferredError, UnauthorizedError, ValidationError } from "../http";
import type { NotionApi } from "../notion/api";
import { diffProps, type PropMap } from "../notion/props";
import type { DatabaseTemplate } from "../notion/templates";
import type { Clock } from "@oberaconnect/common/clock";
import { nextAttemptAt } from "./backoff";
import { pageProps } from "./existing";
import { contentHash } from "./hash";
import type { Action } from "./plan";
import type { RecordsRepo } from "../ledger/records-repo";
import { ARCHIVE_INTENT } from "./settle";
import { statusOf } from "./queue";
import { CreateRefusals } from "../notion/block-limit";
import type { JobName } from "../core/snapshot";
import { type CreatesRefusal } from "../core";

export type Outcome = "created" | "updated" | "archived" | "unchanged" | "failed" | "deferred" | "blocked";

/** Actions that only touch the ledger (no Notion request). */
export const costsRequest = (a: Action): boolean => a.kind === "create" || a.kind === "update" || a.kind === "archive";

/** Stops the whole run: retrying record by record cannot help (bad token, API down). */
export class AbortRun extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message, { cause: apiError });
    this.name = "AbortRun";
  }
}

/**
 * Whether Notion takes new pages this run. The first refusal for the whole workspace (block
 * limit) closes it: the remaining creates are kept as "blocked" without a request, while updates
 * and archives go on. A new run starts open, so its first create is the probe.
 */
export class CreatesState {
  refusal: CreatesRefusal | null = null;
  private readonly detector = new CreateRefusals();
  /** While creates were refused last time: the one create in flight that finds out, if any. */
  private probe: Promise<void> | null = null;
  private probing: boolean;

  /** `probeFirst`: creates were refused before (blocked records wait), so one goes alone first. */
  constructor(
    private readonly onRefused: (r: CreatesRefusal) => void = () => {},
    probeFirst = false,
  ) {
    this.probing = probeFirst;
  }

  /**
   * Waits for the create's turn. After a refusal in an earlier run, the first create goes alone
   * and the rest wait for its answer: one refused request per run, not one per worker.
   * Returns `done`, to be called once the create's outcome is known.
   */
  async turn(): Promise<() => void> {
    while (this.probe) await this.probe;
    if (!this.probing) return () => {};
    let finish!: () => void;
    this.probe = new Promise<void>((r) => (finish = r));
    return () => {
      this.probing = false;
      this.probe = null;
      finish();
    };
  }

  /** The refusal that blocks this create (and, for a refusal of all creates, the rest), or null. */
  observe(key: string, err: unknown): CreatesRefusal | null {
    if (this.refusal) return this.refusal;
    const r = this.detector.observe(key, err);
    if (r?.scope === "all") {
      this.refusal = r.refusal;
      this.onRefused(r.refusal);
    }
    return r?.refusal ?? null;
  }

  succeeded(): void {
    this.detector.succeeded();
  }
}

export interface ApplyContext {
  job: JobName;
  /** Shared by every job of the run (absent: creates are never held back). */
  creates?: CreatesState;
  dataSourceId: string;
  template: DatabaseTemplate;
  notion: NotionApi;
  repo: RecordsRepo;
  clock: Clock;
  logger: Logger;
}

const isAbort = (err: unknown) =>
  err instanceof UnauthorizedError || err instanceof ForbiddenError || err instanceof CircuitOpenError || err instanceof RateLimitDeferredError;
const isArchivedEdit = (err: unknown) => err instanceof ValidationError && /archived/i.test(err.message);
/** Only a clear refusal (a 4xx answer) or a request that never left proves a write did not happen. */
const mayHaveApplied = (err: unknown) =>
  !(err instanceof CircuitOpenError) &&
  !(err instanceof NetworkError && err.beforeSend) &&
  !(err instanceof ApiError && err.status !== undefined && err.status >= 400 && err.status < 500);

/**
 * Carries out one action that costs requests. Every write is announced in the ledger before it
 * leaves (pending_create, or write_started_at on an existing row) and its answer recorded as soon
 * as it returns, so after a crash the ledger names every write whose outcome is unknown: creates
 * are looked up, updates redone, both only once the old write can no longer land (settle.ts).
 */
export async function applyAction(action: Action, ctx: ApplyContext): Promise<Outcome> {
  try {
    switch (action.kind) {
      case "create":
        return await create(action.key, action.props, action.hash, action.lookupFirst, ctx);
      case "update":
        return await update(action.key, action.pageId, action.props, action.hash, action.restore, ctx);
      case "archive":
        return await archive(action.key, action.pageId, ctx);
      case "adopt":
        ctx.repo.synced(ctx.job, action.key, action.pageId, action.hash, action.statusValue);
        return "unchanged";
      case "missed":
        // A page only Notion knew (lost ledger) gets its ledger row before it starts counting.
        if (action.pageId && !ctx.repo.get(ctx.job, action.key)) ctx.repo.synced(ctx.job, action.key, action.pageId, "");
        ctx.repo.missed(ctx.job, action.key);
        return "unchanged";
      case "skip":
        return "deferred";
      case "unchanged":
        return "unchanged";
    }
  } catch (err) {
    if (isAbort(err)) throw new AbortRun(err as ApiError);
    const reason = err instanceof Error ? err.message : String(err);
    const row = ctx.repo.get(ctx.job, action.key);
    ctx.repo.failed(ctx.job, action.key, reason, nextAttemptAt((row?.attempts ?? 0) + 1, ctx.clock.now()), undefined, mayHaveApplied(err));
    ctx.logger.warn({ job: ctx.job, key: action.key, error: reason }, `Failed to sync ${action.key}: ${reason}`);
    return "failed";
  }
}

async function create(key: string, props: PropMap, hash: string, lookupFirst: boolean, ctx: ApplyContext): Promise<Outcome> {
  if (lookupFirst) {
    const found = await adoptExisting(key, props, hash, ctx);
    if (found) return found;
  }
  const done = (await ctx.creates?.turn()) ?? (() => {});
  if (ctx.creates?.refusal) {
    done();
    ctx.repo.blocked(ctx.job, key, ctx.creates.refusal.message, false);
    return "blocked";
  }
  ctx.repo.intendCreate(ctx.job, key); // committed before the request leaves
  try {
    const page = await ctx.notion.createPage(ctx.dataSourceId, props);
    ctx.repo.synced(ctx.job, key, page.id, hash, statusOf(props));
    ctx.creates?.succeeded();
    return "created";
  } catch (err) {
    const refusal = ctx.creates?.observe(key, err);
    if (refusal) {
      ctx.repo.blocked(ctx.job, key, refusal.message, true);
      return "blocked";
    }
    if (!(err instanceof OutcomeUnknownError)) throw err;
    // Notion may have committed the page and lost the answer: look before anything else.
    const found = await adoptExisting(key, props, hash, ctx);
    if (found) return "created";
    throw err; // stays pending_create; the next run looks it up again before creating
  } finally {
    done();
  }
}

/** Finds live pages with this Sync Key; adopts the newest (updating it if it differs). */
async function adoptExisting(key: string, props: PropMap, hash: string, ctx: ApplyContext): Promise<Outcome | null> {
  const pages = await ctx.notion.findBySyncKey(ctx.dataSourceId, key);
  if (pages.length === 0) return null;
  const page = [...pages].sort((a, b) => b.last_edited_time.localeCompare(a.last_edited_time))[0]!;
  if (pages.length > 1) ctx.logger.warn({ job: ctx.job, key, pages: pages.length }, `Duplicate pages for ${key}; run \`dedupe\``);
  if (diffProps(props, pageProps(page, ctx.template)).length === 0) {
    ctx.repo.synced(ctx.job, key, page.id, hash, statusOf(props));
    return "unchanged";
  }
  ctx.repo.intendWrite(ctx.job, key, hash);
  await ctx.notion.updatePage(page.id, { props });
  ctx.repo.synced(ctx.job, key, page.id, hash, statusOf(props));
  return "updated";
}

async function update(key: string, pageId: string, props: PropMap, hash: string, restore: boolean, ctx: ApplyContext): Promise<Outcome> {
  ctx.repo.intendWrite(ctx.job, key, hash); // committed before the request leaves
  try {
    // Un-trash first, on its own: Notion refuses property edits on an archived page.
    if (restore) await ctx.notion.updatePage(pageId, { inTrash: false });
    await ctx.notion.updatePage(pageId, { props });
  } catch (err) {
    if (isArchivedEdit(err) && !restore) return update(key, pageId, props, hash, true, ctx);
    if (err instanceof NotFoundError) {
      // The page was deleted for good: find or create a new one.
      ctx.repo.invalidate(ctx.job, key);
      return create(key, props, hash, true, ctx);
    }
    throw err;
  }
  ctx.repo.synced(ctx.job, key, pageId, hash, statusOf(props));
  return "updated";
}

async function archive(key: string, pageId: string | null, ctx: ApplyContext): Promise<Outcome> {
  const ids = pageId ? [pageId] : (await ctx.notion.findBySyncKey(ctx.dataSourceId, key)).map((p) => p.id);
  ctx.repo.intendWrite(ctx.job, key, ARCHIVE_INTENT); // a no-op for a page only Notion knew (no row yet)
  for (const id of ids) {
    try {
      await ctx.notion.updatePage(id, { inTrash: true });
    } catch (err) {
      // Already in the trash or deleted: the goal is reached.
      if (!(err instanceof NotFoundError) && !isArchivedEdit(err)) throw err;
    }
  }
  if (!ctx.repo.get(ctx.job, key) && ids[0]) ctx.repo.synced(ctx.job, key, ids[0], contentHash({}));
  ctx.repo.archived(ctx.job, key);
  return "archived";
}
