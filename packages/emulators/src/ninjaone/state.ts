import type { Clock } from "@oberaconnect/common/clock";
import type { FaultState } from "../common/faults";
import type { SharedDataset } from "../common/shared-dataset";
import type { Dataset } from "../dataset/types";
import type { IncidentIds } from "./errors";
import type { TokenStore } from "./tokens";
import type { QueryCursors } from "./query-cursors";

/** An API client (a NinjaOne "client app") allowed to ask for tokens. */
export interface NinjaClient {
  clientId: string;
  clientSecret: string;
  /** Scopes the app was granted; asking for any other fails with 400 invalid_scope. */
  scopes: string[];
}

/** Everything the NinjaOne handlers share. */
export interface NinjaOneState {
  /** Shared with the UniFi emulator when both are started together. */
  readonly shared: SharedDataset;
  readonly clients: readonly NinjaClient[];
  readonly tokens: TokenStore;
  readonly incidents: IncidentIds;
  readonly cursors: QueryCursors;
  readonly clock: Clock;
  readonly faults: FaultState;
  /** Token lifetime unless the `token_ttl_seconds` fault overrides it. */
  readonly tokenTtlSeconds: number;
}

/** The NinjaOne half of the live dataset. */
export const ninjaData = (state: NinjaOneState): Dataset["ninjaone"] => state.shared.current.ninjaone;

/** Lifetime for a token issued now: the fault knob wins over the start-up option. */
export const currentTtl = (state: NinjaOneState): number =>
  state.faults.faults.token_ttl_seconds ?? state.tokenTtlSeconds;
