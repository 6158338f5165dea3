import type { Clock } from "@oberaconnect/common/clock";
import type { SharedDataset } from "../common/shared-dataset";
import type { TokenBucket } from "../common/token-bucket";
import type { Dataset } from "../dataset/types";
import type { TraceIds } from "./envelope";
import type { EndStyles, TokenCodec } from "./pagination";

/** Everything the UniFi route handlers share: the data, the seeded streams, the cursor codec. */
export interface UnifiState {
  /** Shared with the NinjaOne emulator when both are started together. */
  readonly shared: SharedDataset;
  readonly trace: TraceIds;
  readonly tokens: TokenCodec;
  readonly ends: EndStyles;
  readonly clock: Clock;
  /** The Early Access limit (100 requests/min), applied to /ea/ paths on top of the v1 one. */
  readonly eaBucket: TokenBucket;
  /** API keys accepted in `X-API-Key`. */
  readonly apiKeys: ReadonlySet<string>;
}

/** The UniFi half of the live dataset. */
export const unifiData = (state: UnifiState): Dataset["unifi"] => state.shared.current.unifi;
