/**
 * The service's one writer: holds the ledger lease for as long as the service is the writer
 * (one per ledger: a second `serve` on the same ledger, or a CLI `sync`, finds it busy), and
 * drains the queue continuously while the scheduler's polls fill it. Paused with the scheduler
 * (an operator's pause, a maintenance window, a LiteFS replica). A long rate-limit wait, an open
 * circuit or refused credentials stop it for the time they say, never for good.
 * @module
 */
import type { Tracer } from "@opentelemetry/api";
import type { Clock } from "@oberaconnect/common/clock";
import type { Config } from "../config/schema";
import { LockBusyError, type CreatesRefusal, type JobName } from "../core";
import { CircuitOpenError, RateLimitDeferredError } from "../http";
import type { Lease } from "../ledger/lease";
import type { LedgerRepos } from "../ledger/repos";
import { refusalAdvice } from "../notion/block-limit";
import type { NotionApi } from "../notion/api";
import { TEMPLATES } from "../notion/templates";
import type { Logger } from "../telemetry/logger";
import { CreatesState, type Outcome } from "./apply";
import { resolveDatabases } from "./databases";
import { JOBS } from "./jobs";
import { settleWindow } from "./settle";
import { Writer, type WriteTarget } from "./writer";

export interface ServiceWriterDeps {
  repos: LedgerRepos;
  notion: () => NotionApi;
  config: () => Config;
  clock: Clock;
  logger: Logger;
  shutdown: AbortSignal;
  /** Why nothing may be written now (the scheduler's pause, window, replica), or null. */
  blocked(): string | null;
  concurrency(): number;
  onOutcome?(job: JobName, outcome: Outcome): void;
  onCreatesRefused?(r: CreatesRefusal | null): void;
  tracer?: Tracer;
  /** Hears an unwritable ledger (read-only, full): said once by the tracker, and blocked() then says so. */
  faults?: { report(err: unknown): unknown };
}

/** The lease outlives a stuck process by this long, and is renewed well before. */
const LEASE_MS = 10 * 60_000;
/**
 * The lease is let go this long after the last write when nothing is left to write and no poll
 * runs: at once, so an operator's `sync` from the CLI on the same ledger gets its turn between polls.
 */
const IDLE_RELEASE_MS = 0;

export class ServiceWriter {
  private readonly writer: Writer;
  private lease: Lease | null = null;
  private leaseTakenAt = 0;
  private creates: CreatesState;
  private targets = new Map<JobName, WriteTarget>();
  private loop: Promise<void> | null = null;
  private waitUntil = 0;
  /** Polls holding the lease through the writer right now. */
  private borrowers = 0;
  private idleSince = 0;

  constructor(private readonly d: ServiceWriterDeps) {
    this.creates = this.newCreates(false);
    this.writer = new Writer({
      repos: d.repos,
      notion: () => d.notion(),
      clock: d.clock,
      logger: d.logger,
      target: (job) => this.target(job),
      creates: () => this.creates,
      heartbeat: () => this.lease?.renew(),
      ...(d.tracer ? { tracer: d.tracer } : {}),
      settle: () => settleWindow({ config: d.config() }, this.leaseTakenAt),
      onOutcome: (job, outcome) => {
        if (outcome === "created") d.onCreatesRefused?.(null);
        d.onOutcome?.(job, outcome);
      },
    });
  }

  /** Starts draining; the loop ends with the shutdown signal. */
  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.poke();
    await this.loop;
  }

  /** Changes were queued. */
  poke(): void {
    this.writer.poke();
    this.wake();
  }

  /** A poll starts: after creates were refused, the next create is the probe again. */
  newRound(): void {
    if (this.creates.refusal || this.d.repos.records.blockedCount() > 0) this.creates = this.newCreates(true);
  }

  /** The config or the databases changed: resolve the data sources again. */
  forgetTargets(): void {
    this.targets.clear();
  }

  /**
   * The lease for a poll of this process: the writer's own (one holder per ledger). Throws
   * LockBusyError when another process holds it.
   */
  borrowLease(): Lease {
    if (!this.hold()) throw this.busyError ?? this.faultError ?? new LockBusyError({ owner: "?", pid: 0, host: "?", expiresAt: "?" });
    this.borrowers++;
    let released = false;
    return {
      renew: () => this.lease?.renew(),
      release: () => {
        if (released) return true;
        released = true;
        this.borrowers--;
        this.idleSince = this.d.clock.now();
        this.writer.poke();
        return true;
      },
    };
  }

  /** Resolves when nothing is due and nothing is being written (tests, `idle()` of the service). */
  async idle(): Promise<void> {
    for (;;) {
      const due = this.d.repos.pending.take(1, this.d.clock.now(), new Set());
      if (!due.length && this.writer.inFlight === 0 && (this.lease === null || this.borrowers > 0)) return;
      await Bun.sleep(20);
    }
  }

  private busyError: LockBusyError | null = null;
  private faultError: unknown = null;

  private hold(): boolean {
    try {
      if (this.lease) {
        this.lease.renew();
        return true;
      }
      this.lease = this.d.repos.acquireLease("sync", LEASE_MS);
      this.leaseTakenAt = this.d.clock.now();
      this.busyError = null;
      this.faultError = null;
      return true;
    } catch (err) {
      this.lease = null;
      this.faultError = null;
      if (err instanceof LockBusyError) this.busyError = err;
      else if (this.d.faults?.report(err)) this.faultError = err;
      else this.d.logger.warn({ error: (err as Error).message }, "the writer lost the sync lease; it takes it again when free");
      return false;
    }
  }

  /**
   * Holds the lease only while there is something to write or a poll runs, and lets it go when
   * idle (IDLE_RELEASE_MS): an operator's `sync` from the CLI on the same ledger then gets its turn.
   */
  private async run(): Promise<void> {
    while (!this.d.shutdown.aborted) {
      const blocked = this.d.blocked();
      const due = this.d.repos.pending.take(1, this.d.clock.now(), new Set()).length > 0;
      if (!due && this.lease && this.borrowers === 0 && this.d.clock.now() - this.idleSince >= IDLE_RELEASE_MS) {
        this.lease.release();
        this.lease = null;
      }
      if (blocked || !due || this.d.clock.now() < this.waitUntil || !this.hold()) {
        await this.nap();
        continue;
      }
      // A pause takes effect between two writes, not after the backlog.
      const session = new AbortController();
      const watch = setInterval(() => this.d.blocked() && session.abort(), 500);
      try {
        const r = await this.writer.drain({ concurrency: this.d.concurrency(), signal: AbortSignal.any([this.d.shutdown, session.signal]), finished: () => true });
        this.idleSince = this.d.clock.now();
        if (r.abort) this.pauseFor(r.abort.apiError);
        // A drain that wrote nothing (every due change held back) must not be retried at once:
        // the loop would spin on the ledger.
        else if (![...r.counts.values()].some((c) => Object.values(c).some((n) => n > 0))) await this.nap();
      } catch (err) {
        // An unwritable ledger: blocked() says so from now on, and the loop naps until it clears.
        if (!this.d.faults?.report(err)) {
          this.d.logger.error({ err }, `the writer stopped on an error: ${(err as Error).message}; it starts again in 30 s`);
          this.waitUntil = this.d.clock.now() + 30_000;
        }
      } finally {
        clearInterval(watch);
      }
    }
    this.lease?.release();
    this.lease = null;
  }

  /** A second, or until poked (changes queued), or until the next deferred change falls due. */
  private async nap(): Promise<void> {
    const poked = new Promise<void>((resolve) => (this.wake = resolve));
    await Promise.race([this.d.clock.sleep(1000, this.d.shutdown).catch(() => undefined), poked]);
  }

  private wake: () => void = () => undefined;

  /** How long the writer rests after an error that stops every write. */
  private pauseFor(err: Error): void {
    const now = this.d.clock.now();
    // At least a second: a half-open circuit says "retry in 0 ms" while its probe is out.
    const until = Math.max(now + 1000, err instanceof RateLimitDeferredError ? err.untilMs : err instanceof CircuitOpenError ? now + err.retryInMs : now + 60_000);
    this.waitUntil = until;
    this.d.logger.warn({ error: err.message, until: new Date(until).toISOString() }, `the writer waits until ${new Date(until).toISOString()}: ${err.message}`);
  }

  private async target(job: JobName): Promise<WriteTarget> {
    const known = this.targets.get(job);
    if (known) return known;
    const def = JOBS.find((j) => j.name === job)!;
    const resolved = await resolveDatabases([def.database], this.d.config(), this.d.repos.registry, this.d.notion());
    const db = resolved.get(def.database)!;
    const t = { dataSourceId: db.dataSourceId, template: TEMPLATES[def.database] };
    this.targets.set(job, t);
    return t;
  }

  private newCreates(probeFirst: boolean): CreatesState {
    return new CreatesState((r) => {
      this.d.logger.error({ refusal: r.kind, notion_message: r.message }, `Notion refused to create a page: ${r.message}. ${refusalAdvice(r)}`);
      this.d.onCreatesRefused?.(r);
    }, probeFirst);
  }
}
