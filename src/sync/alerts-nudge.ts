/**
 * A webhook delivery's effect: an alerts poll now. The poll reads NinjaOne's alerts as every
 * poll does, so a delivery is believed only as far as the API confirms it (a forged or stale one
 * finds nothing to write), and its changes go to the writer at the alerts' priority (P0).
 * Coalesced: while a nudged poll runs, further nudges make at most one more; while another run
 * holds the service (or another process the lease), the nudge waits for it, bounded.
 * @module
 */
import { LockBusyError } from "../core";
import { SyncBusyError } from "./service";

/** How long a nudge waits for a busy service or lease, in steps of BUSY_STEP_MS. */
export const BUSY_STEP_MS = 250;
export const BUSY_WAIT_MS = 120_000;

export class AlertsNudge {
  private running = false;
  private again = false;
  /** Polls this nudge started (for the status page and tests). */
  polls = 0;

  constructor(
    private readonly start: () => Promise<{ done: Promise<unknown> }>,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  nudge(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    void this.loop();
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        await this.once();
      } while (this.again);
    } finally {
      this.running = false;
    }
  }

  private async once(): Promise<void> {
    for (let waited = 0; waited <= BUSY_WAIT_MS; waited += BUSY_STEP_MS) {
      try {
        const { done } = await this.start();
        this.polls++;
        await done;
        return;
      } catch (err) {
        if (!(err instanceof SyncBusyError || err instanceof LockBusyError)) {
          this.onError(err);
          return;
        }
        await this.sleep(BUSY_STEP_MS);
      }
    }
  }
}
