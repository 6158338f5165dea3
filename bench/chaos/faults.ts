/**
 * The faults of one chaos round, drawn from the run's seeded stream, in the body shape of
 * `POST /_emulator/faults` (which replaces an emulator's whole fault set), and a counter of what
 * the emulators really injected.
 */
import type { FaultState, Faults } from "@oberaconnect/emulators/common/faults";
import { randInt, type Rng } from "@oberaconnect/common/random";

/** A fault body as sent (FaultsSchema's input: omitted knobs are off). */
export type FaultBody = Partial<Faults>;

export interface RoundFaults {
  notion: FaultBody;
  unifi: FaultBody;
  ninjaone: FaultBody;
  /** Which special faults this round carries, for the log line. */
  tags: string[];
  /** NinjaOne: also revoke every issued token this often during the round (ms), so a read in progress meets 401s. */
  expireTokensEveryMs: number | null;
  /** Notion: the tight rate limit is lifted this long after the round starts (a burst of 429s, not a whole round). */
  liftRateLimitAfterMs: number | null;
}

/** The longest a "late" write waits before it is applied (the chaos config's settle window covers it). */
export const LATE_WRITE_MAX_MS = 4000;

/** Routes of the UniFi lists the reader pages through (hosts, sites, devices). */
export const UNIFI_LIST_ROUTES = ["/v1/hosts", "/v1/sites", "/v1/devices"];

/**
 * Every round: Notion answers 20% of requests with a 5xx (16% JSON 500/503, 4% HTML 502 from the
 * edge), hangs 5% (the client's api_timeout_seconds ends them), and commits then drops the
 * connection on 10% of page writes (commit_then_drop only ever applies to writes). Every other
 * round (and at random), 15% of page writes are applied late, 0.3–4 s after they arrive, also
 * when their client was killed meanwhile. Rotating,
 * so that even a three-round run has each: a tight Notion rate limit (429 bursts), NinjaOne
 * tokens that live 1–3 s and are revoked mid-read, UniFi list pages failing
 * mid-pagination. Each of the three is also switched on at random in other rounds. The rate
 * limit is lifted again after 1–4 s; the tokens are revoked every 150–400 ms.
 * The knob values of one set are distinct on purpose: the counter tells them apart by value.
 */
export function pickRoundFaults(rng: Rng, round: number): RoundFaults {
  const seed = () => randInt(rng, 1, 2 ** 30);
  const tags: string[] = ["5xx", "hang", "drop"];
  const notion: FaultBody = {
    seed: seed(),
    error_rate: 0.16,
    edge_502_rate: 0.04,
    hang_rate: 0.05,
    commit_then_drop_rate: 0.1,
    latency_ms: [0, 15],
  };
  if (rng() < 0.3) {
    notion.conflict_rate = 0.03;
    tags.push("409");
  }
  if (round % 2 === 1 || rng() < 0.3) {
    // Some writes are applied 0.3–4 s after they arrive, whether or not their client is still
    // there: a killed child's write lands while its successor runs.
    notion.late_write_rate = 0.15;
    notion.late_write_ms = [300, LATE_WRITE_MAX_MS];
    tags.push("late");
  }
  let liftRateLimitAfterMs: number | null = null;
  if (round % 3 === 0 || rng() < 0.15) {
    // The CLI goes at up to 50 requests/s; for a while this server allows a few: 429 with Retry-After.
    notion.rate_limit = { per_second: randInt(rng, 4, 10), burst: randInt(rng, 2, 6) };
    liftRateLimitAfterMs = randInt(rng, 1000, 4000);
    tags.push("429");
  }
  const ninjaone: FaultBody = { seed: seed() };
  let expireTokensEveryMs: number | null = null;
  if (round % 3 === 1 || rng() < 0.35) {
    ninjaone.token_ttl_seconds = randInt(rng, 1, 3);
    expireTokensEveryMs = randInt(rng, 150, 400);
    tags.push("token");
  }
  if (rng() < 0.4) {
    ninjaone.error_rate = 0.1;
    ninjaone.hang_rate = 0.02;
  }
  const unifi: FaultBody = { seed: seed() };
  if (round % 3 === 2 || rng() < 0.35) {
    // Pages of the paginated lists fail: the first pages arrived, a later one does not.
    Object.assign(unifi, { error_rate: 0.25, edge_502_rate: 0.1, hang_rate: 0.03, match: { routes: UNIFI_LIST_ROUTES } });
    tags.push("page");
  }
  return { notion, unifi, ninjaone, tags, expireTokensEveryMs, liftRateLimitAfterMs };
}

export type FaultKind = "error" | "edge_502" | "hang" | "conflict" | "drop" | "late";

/**
 * Counts the faults an emulator really injects. The fault layer rolls each knob with its rate;
 * this wraps `roll` (observation only: the outcome is passed through untouched) and names the
 * knob by its value, which is why one set never gives two knobs the same rate.
 */
export function countInjected(state: FaultState): Record<FaultKind, number> {
  const counts: Record<FaultKind, number> = { error: 0, edge_502: 0, hang: 0, conflict: 0, drop: 0, late: 0 };
  const roll = state.roll.bind(state);
  state.roll = (p: number) => {
    const hit = roll(p);
    if (hit) {
      const f = state.faults;
      const kind: FaultKind | undefined =
        p === f.hang_rate ? "hang" : p === f.edge_502_rate ? "edge_502" : p === f.error_rate ? "error" : p === f.conflict_rate ? "conflict" : p === f.commit_then_drop_rate ? "drop" : p === f.late_write_rate ? "late" : undefined;
      if (kind) counts[kind]++;
    }
    return hit;
  };
  return counts;
}
