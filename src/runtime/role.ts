/**
 * Which instance may write. On Fly.io with LiteFS, only the primary holds the writable ledger:
 * it alone schedules and runs syncs and accepts admin writes; a replica answers admin POSTs with
 * `fly-replay: instance=<primary>` (the Fly proxy replays the request there) and serves GETs from
 * its replicated ledger. litefs-js reads `${LITEFS_DIR}/.primary`: present on a replica, naming
 * the primary's hostname; absent on the primary. The answer is read on every call, never cached:
 * with a Consul lease the primary can move at any time. Without LITEFS_DIR, this instance is the
 * primary (a VM, Docker, a single Fly machine without LiteFS).
 * @module
 */
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { getInstanceInfoSync } from "litefs-js";

import type { Role } from "../core";

export type { Role } from "../core";

/** A role source read once from the environment at boot; each call reads LiteFS afresh. */
export function roleSource(litefsDir: string | undefined): () => Role {
  if (!litefsDir) {
    const host = hostname();
    const role: Role = { primary: true, litefs: false, host, primaryHost: host, detail: "primary (no LITEFS_DIR: this instance is the only writer)" };
    return () => role;
  }
  return () => {
    const info = getInstanceInfoSync(litefsDir);
    // litefs-js counts any read error as "primary" (no .primary file); say when the mount is missing.
    const mounted = existsSync(litefsDir);
    const detail = info.currentIsPrimary
      ? mounted
        ? "primary (LiteFS: no .primary file)"
        : `primary by default: LITEFS_DIR ${litefsDir} does not exist (is LiteFS mounted?)`
      : `replica (LiteFS primary is ${info.primaryInstance})`;
    return { primary: info.currentIsPrimary, litefs: true, host: info.currentInstance, primaryHost: info.primaryInstance, detail };
  };
}
