/**
 * What makes the ledger unwritable, read from an error's code: SQLite's (a read-only file or
 * mount, a full disk, an I/O error) and the file system's for what is opened by path. Pure, so
 * the CLI can name it and choose its exit code without touching the ledger.
 * @module
 */
export type LedgerFaultKind = "read_only" | "full" | "io";

export interface LedgerFault {
  kind: LedgerFaultKind;
  /** What happened and what to do, without a value from the ledger. */
  message: string;
}

const BY_CODE: [RegExp, LedgerFaultKind][] = [
  [/^SQLITE_READONLY/, "read_only"],
  [/^SQLITE_FULL$/, "full"],
  [/^SQLITE_CANTOPEN/, "read_only"], // a WAL ledger on a read-only folder or mount: its -shm cannot be made
  [/^SQLITE_IOERR/, "io"],
  [/^EROFS$/, "read_only"],
  [/^(ENOSPC|EDQUOT)$/, "full"],
  [/^EIO$/, "io"],
];

const ADVICE: Record<LedgerFaultKind, string> = {
  read_only: "the ledger cannot be written (a read-only file, folder or mount, or not the service user's); check its mode, owner and mount",
  full: "the disk holding the ledger is full; free space there (syncs resume by themselves once a write goes through)",
  io: "the ledger's disk reports I/O errors; check the disk and the kernel log",
};

/** The fault `err` (or its cause) stands for, or null for any other error. */
export function ledgerFaultOf(err: unknown): LedgerFault | null {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== "string") continue;
    const kind = BY_CODE.find(([re]) => re.test(code))?.[1];
    if (kind) return { kind, message: `${ADVICE[kind]} (${code}: ${e.message})` };
  }
  return null;
}

