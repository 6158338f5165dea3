/**
 * The `df` device filter of NinjaOne v2 ("Device Filter Syntax", v2.0.5 PDF linked from the
 * spec; examples from stellaraf/go-ninjarmm device_filter.go and NSPEC): clauses joined by AND,
 * e.g. `org in (2,5) AND offline`, `class eq WINDOWS_SERVER`, `status eq APPROVED`, `loc = 7`.
 *
 * Supported clauses:
 * - `online`, `offline`
 * - `<field> (=|eq|!=|neq) <value>`
 * - `<field> (in|notin) (<v1>,<v2>,…)`
 * with fields org, loc, role, id (integers), class (nodeClass) and status (approvalStatus).
 * Anything else is refused with a 400: the real parser's full grammar is larger (dates, groups),
 * and refusing what we do not model is stricter than silently matching everything.
 */
import type { NinjaDevice } from "@oberaconnect/common/wire/ninjaone";

/** A compiled `df`: whether one device matches. */
export type DevicePredicate = (device: NinjaDevice) => boolean;

/** A `df` the emulator cannot read; answered as a platform-style 400. */
export class DeviceFilterError extends Error {}

const NUMERIC: Record<string, (d: NinjaDevice) => number | undefined> = {
  org: (d) => d.organizationId,
  loc: (d) => d.locationId,
  role: (d) => d.nodeRoleId,
  id: (d) => d.id,
};

const TEXT: Record<string, (d: NinjaDevice) => string | undefined> = {
  class: (d) => d.nodeClass,
  status: (d) => d.approvalStatus,
};

/** Turns one field's raw values into a membership test, checking integers where the field needs them. */
function valueTest(field: string, raw: string[], clause: string): (d: NinjaDevice) => boolean {
  const numeric = NUMERIC[field];
  if (numeric) {
    if (!raw.every((v) => /^\d+$/.test(v))) throw new DeviceFilterError(`Invalid device filter: ${clause}`);
    const values = new Set(raw.map(Number));
    return (d) => {
      const v = numeric(d);
      return v !== undefined && values.has(v);
    };
  }
  const text = TEXT[field];
  if (text) {
    const values = new Set(raw);
    return (d) => {
      const v = text(d);
      return v !== undefined && values.has(v);
    };
  }
  throw new DeviceFilterError(`Invalid device filter: unknown field ${field}`);
}

function parseClause(clause: string): DevicePredicate {
  const word = clause.toLowerCase();
  if (word === "online") return (d) => !d.offline;
  if (word === "offline") return (d) => d.offline;

  const single = /^([a-z]+)\s*(=|!=|\beq\b|\bneq\b)\s*([A-Za-z0-9_]+)$/i.exec(clause);
  if (single) {
    const [, field = "", op = "", value = ""] = single;
    const test = valueTest(field.toLowerCase(), [value], clause);
    return op === "!=" || op.toLowerCase() === "neq" ? (d) => !test(d) : test;
  }

  const list = /^([a-z]+)\s+(in|notin)\s*\(([^()]*)\)$/i.exec(clause);
  if (list) {
    const [, field = "", op = "", inner = ""] = list;
    const values = inner.split(",").map((v) => v.trim());
    if (values.some((v) => v === "")) throw new DeviceFilterError(`Invalid device filter: ${clause}`);
    const test = valueTest(field.toLowerCase(), values, clause);
    return op.toLowerCase() === "notin" ? (d) => !test(d) : test;
  }
  throw new DeviceFilterError(`Invalid device filter: ${clause}`);
}

/** Compiles a `df` value; an absent or blank filter matches every device. Throws DeviceFilterError. */
export function parseDeviceFilter(df: string | undefined): DevicePredicate {
  if (df === undefined || df.trim() === "") return () => true;
  const clauses = df.trim().split(/\s+AND\s+/i).map((s) => s.trim());
  const predicates = clauses.map((clause) => {
    if (clause === "") throw new DeviceFilterError(`Invalid device filter: ${df}`);
    return parseClause(clause);
  });
  return (d) => predicates.every((p) => p(d));
}
