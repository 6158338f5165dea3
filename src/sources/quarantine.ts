/**
 * Record-by-record parsing. A list is parsed one record at a time, so one malformed record is
 * reported and kept out of the sync while the rest of the page flows. The report names the
 * source, the kind of record, its id (or its position when the id is unreadable), the field and
 * zod's reason, never the value: a value can hold customer data, and a 100k-character one would
 * flood the log.
 * @module
 */
import type { ZodType } from "zod";
import { formatFieldPath } from "../http";
import type { QuarantineEntry, SourceName } from "../core/model";
import { runSteps, type Steps } from "../lib/slices";

/** Records that passed their schema plus the ones that did not. */
export interface Parsed<T> {
  items: T[];
  quarantine: QuarantineEntry[];
}

/** How to describe one kind of record in a quarantine entry. */
export interface RecordKind {
  source: SourceName;
  /** e.g. "device", "site". */
  entity: string;
  /** The record's id read from the raw value, if it has a usable one. */
  idOf: (raw: unknown) => string | undefined;
  /** The stable key the record would have had, from its id (keeps its page from being archived). */
  keyOf: (id: string) => string | null;
}

/** A field of a raw record when it is a non-empty string or a finite number, as a string. */
export function readId(raw: unknown, ...fields: string[]): string | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  for (const field of fields) {
    const v = (raw as Record<string, unknown>)[field];
    if (typeof v === "string" && v.trim() !== "") return v;
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
  }
  return undefined;
}

/** One quarantine entry; `position` is the record's index in its list, used when the id is unreadable. */
export function quarantineEntry(kind: RecordKind, raw: unknown, position: number, path: string, reason: string): QuarantineEntry {
  const id = kind.idOf(raw);
  return {
    source: kind.source,
    entity: kind.entity,
    recordId: id ?? `#${position}`,
    key: id === undefined ? null : kind.keyOf(id),
    path,
    reason,
  };
}

/**
 * Parses each raw record with `schema`. `offset` is the position of `raws[0]` in the whole list,
 * so positions stay meaningful across pages.
 */
export function parseEach<T>(raws: readonly unknown[], schema: ZodType<T>, kind: RecordKind, offset = 0): Parsed<T> {
  return runSteps(parseEachSteps(raws, schema, kind, offset));
}

/**
 * zod compiles each object schema into a function on its first parse, with the event loop
 * stopped for 5-20 ms per large schema (measured in `serve`: the first poll's longest stalls).
 * Parsed without it, a device costs ~6 µs instead of ~3.5 (0.15 s of CPU for a 60,000-record
 * fleet), spread over slices instead of one stop.
 */
const NO_JIT = { jitless: true } as const;

/** parseEach with a pause point after each record (a page of 1,000 devices is tens of ms: lib/slices.ts). */
export function* parseEachSteps<T>(raws: readonly unknown[], schema: ZodType<T>, kind: RecordKind, offset = 0): Steps<Parsed<T>> {
  const out: Parsed<T> = { items: [], quarantine: [] };
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i];
    const result = schema.safeParse(raw, NO_JIT);
    if (result.success) out.items.push(result.data);
    else {
      const issue = result.error.issues[0];
      const more = result.error.issues.length > 1 ? ` (+${result.error.issues.length - 1} more)` : "";
      const path = issue && issue.path.length > 0 ? formatFieldPath(issue.path) : "(record)";
      out.quarantine.push(quarantineEntry(kind, raw, offset + i, path, `${issue?.message ?? "schema check failed"}${more}`));
    }
    yield;
  }
  return out;
}

/** Appends `b` to `a` in place and returns `a`. */
export function mergeParsed<T>(a: Parsed<T>, b: Parsed<T>): Parsed<T> {
  a.items.push(...b.items);
  a.quarantine.push(...b.quarantine);
  return a;
}
