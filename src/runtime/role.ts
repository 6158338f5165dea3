/**
 * Which instance may write. On Fly.io with LiteFS, only the primary holds the writable ledger:
 * it alone schedules and runs syncs and accepts admin writes; a replica answers admin POSTs with
 * `fly-replay: instance=<primary>` and serves GETs from its replicated ledger. LiteFS says which
 * one this is through `${LITEFS_DIR}/.primary`: present on a replica, holding the primary's
 * hostname; absent on the primary (and on a replica cut off from it, whose ledger LiteFS keeps
 * read-only regardless). The answer is read on every call, never cached: with a Consul
 * lease the primary can move at any time. Without LITEFS_DIR, this instance is the primary (a VM,
 * Docker, a single Fly machine without LiteFS).
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

import type { Role } from "../core";

export type { Role } from "../core";

/** A role source read once from the environment at boot; each call reads LiteFS afresh. */
export function roleSource(litefsDir: string | undefined): () => Role {
  if (!litefsDir) {
    const host = hostname();
    const role: Role = { primary: true, litefs: false, host, primaryHost: host, detail: "primary (no LITEFS_DIR: this instance is the only writer)" };
    return () => role;
  }
  const file = join(litefsDir, ".primary");
  return () => {
    const host = hostname();
    let content: string;
    try {
      content = readFileSync(file, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        const detail = existsSync(litefsDir)
          ? "primary (LiteFS: no .primary file)"
          : `primary by default: LITEFS_DIR ${litefsDir} does not exist (is LiteFS mounted?)`;
        return { primary: true, litefs: true, host, primaryHost: host, detail };
      }
      // Unreadable is not "absent": a replica must never write, so this instance does not
      // claim the primary role until LiteFS answers. The primary is unknown (empty).
      const reason = code ?? (err instanceof Error ? err.message : String(err));
      return { primary: false, litefs: true, host, primaryHost: "", detail: `not primary: cannot read ${file} (${reason})` };
    }
    const primaryHost = content.trim();
    const detail = primaryHost ? `replica (LiteFS primary is ${primaryHost})` : "replica (LiteFS .primary is empty: primary unknown)";
    return { primary: false, litefs: true, host, primaryHost, detail };
  };
}
