/**
 * Access and refresh tokens of the NinjaOne emulator. Tokens are opaque random strings from the
 * emulator's seeded stream and really expire on the emulator's clock, so a client's renewal is
 * exercised by moving a FakeClock rather than by waiting an hour.
 */
import type { Clock } from "@oberaconnect/common/clock";
import { createRng, randHex, type Rng } from "@oberaconnect/common/random";

/** Scopes NinjaOne knows (homotechsual/NinjaOne Connect-NinjaOne.ps1; NinjaOne OAuth docs). */
export const NINJA_SCOPES = ["monitoring", "management", "control", "offline_access"] as const;
/** One of the known scope names. */
export type NinjaScope = (typeof NINJA_SCOPES)[number];

interface AccessGrant {
  clientId: string;
  scopes: ReadonlySet<string>;
  expiresAt: number;
}

interface RefreshGrant {
  clientId: string;
  scopes: ReadonlySet<string>;
}

/** The outcome of checking a bearer token: its scopes, or refused. */
export type TokenCheck = { ok: true; scopes: ReadonlySet<string> } | { ok: false };

/** Every token the emulator has issued, with its client, scopes and expiry. */
export class TokenStore {
  private access = new Map<string, AccessGrant>();
  private refresh = new Map<string, RefreshGrant>();
  private rng: Rng;

  constructor(
    private readonly clock: Clock,
    private readonly seed: number,
  ) {
    this.rng = createRng(seed);
  }

  /** Issues an access token valid for `ttlSeconds` from now. */
  issue(clientId: string, scopes: ReadonlySet<string>, ttlSeconds: number): string {
    this.purge();
    const token = this.mint();
    this.access.set(token, { clientId, scopes, expiresAt: this.clock.now() + ttlSeconds * 1000 });
    return token;
  }

  /** Issues a refresh token (only with `offline_access`); it does not expire here. */
  issueRefresh(clientId: string, scopes: ReadonlySet<string>): string {
    const token = this.mint();
    this.refresh.set(token, { clientId, scopes });
    return token;
  }

  /** The grant behind a refresh token, if it exists and belongs to `clientId`. */
  redeem(refreshToken: string, clientId: string): RefreshGrant | undefined {
    const grant = this.refresh.get(refreshToken);
    return grant?.clientId === clientId ? grant : undefined;
  }

  /** A token is good until the instant it expires; at `expiresAt` it is already refused. */
  check(token: string): TokenCheck {
    const grant = this.access.get(token);
    if (!grant || this.clock.now() >= grant.expiresAt) return { ok: false };
    return { ok: true, scopes: grant.scopes };
  }

  /** Expires every access token now (refresh tokens stay usable). Returns how many were live. */
  expireAll(): number {
    const now = this.clock.now();
    let live = 0;
    for (const grant of this.access.values()) {
      if (grant.expiresAt > now) live++;
      grant.expiresAt = Math.min(grant.expiresAt, now);
    }
    return live;
  }

  /** Forgets every token and restarts the token stream from its seed. */
  clear(): void {
    this.access.clear();
    this.refresh.clear();
    this.rng = createRng(this.seed);
  }

  /** Access tokens not yet expired (for the control API and tests). */
  get liveCount(): number {
    const now = this.clock.now();
    return [...this.access.values()].filter((g) => g.expiresAt > now).length;
  }

  private mint(): string {
    return randHex(this.rng, 64);
  }

  /** Drops long-expired tokens so a long benchmark does not grow the map without bound. */
  private purge(): void {
    const cutoff = this.clock.now() - 24 * 3_600_000;
    for (const [token, grant] of this.access) if (grant.expiresAt < cutoff) this.access.delete(token);
  }
}
