/**
 * What a reload (SIGHUP) changes, as the operator reads it in the log and the admin answer:
 * config paths, secret names (never their values), and the paths only a restart applies. Pure.
 */
import type { LoadedConfig } from "../config/load";
import { SECRET_NAMES, type SecretName } from "../config/secrets";

/** What a reload changed: config paths ("scheduler.every_seconds"), secret names, and the paths only a restart applies. */
export interface ReloadResult {
  changed: string[];
  secrets: SecretName[];
  needsRestart: string[];
}

/** Settings bound at start: the listening socket, the open ledger, the log file. */
const RESTART_ONLY = ["server.host", "server.port", "ledger.path", "log.file"];

/** The difference between the config in use and the one just loaded. */
export function reloadDiff(current: LoadedConfig, next: LoadedConfig): ReloadResult {
  const changed = changedPaths(current.config, next.config);
  const secrets = SECRET_NAMES.filter((n) => current.secrets.get(n) !== next.secrets.get(n));
  const needsRestart = changed.filter((p) => RESTART_ONLY.some((r) => p === r || p.startsWith(`${r}.`)));
  return { changed, secrets, needsRestart };
}

/** Dotted paths whose values differ (leaves; arrays compare whole). */
export function changedPaths(a: unknown, b: unknown, prefix = ""): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => changedPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix || "(root)"];
}
