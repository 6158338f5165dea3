import { z } from "zod";
import { validationError } from "./errors";
import { isIsoDate, storedDate } from "./dates";
import { normalizeId } from "./ids";
import { COMPUTED_TYPES, SELECT_COLORS, type PropertySchema, type SelectColor, type StoredPage, type StoredValue } from "./model";
import { RichTextArraySchema, toRichTextResponse } from "./rich-text";
import { findProperty } from "./schema";
import { parseOrThrow, ruleMessage } from "./zod-messages";

/** The request keys Notion's validator lists in its "Fix one:" message, in its order. */
const WRITABLE_KEYS = [
  "title", "rich_text", "number", "url", "select", "multi_select", "people", "email",
  "phone_number", "date", "checkbox", "relation", "files", "status",
] as const;

/** What validation needs from the store: pages for relation checks. */
export interface ValueContext {
  page(id: string): StoredPage | undefined;
}

/** A fully validated write. `commit` is the only step with side effects (new select options). */
export interface PlannedWrite {
  commit(createOption: (prop: PropertySchema, name: string, color?: string) => string): Map<string, StoredValue>;
}

const Color = z.enum(SELECT_COLORS as [SelectColor, ...SelectColor[]]).optional();
const OptionRef = z.union(
  [
    // Name first: when both branches fail, the name branch's reason ("length should be ≤ 100")
    // is the one worth reporting.
    z.looseObject({ name: z.string().min(1).max(100), id: z.string().optional(), color: Color }),
    z.looseObject({ id: z.string(), name: z.string().max(100).optional(), color: Color }),
  ],
  { error: "should be an object with a name or an id" },
);
const SelectValue = z.union([OptionRef, z.null()], { error: "should be an object or `null`" });
const TextValue = (max: number) => z.string().min(1).max(max).nullable();
const DateValue = z
  .strictObject({ start: z.string(), end: z.string().nullable().optional(), time_zone: z.string().nullable().optional() })
  .nullable();
const RelationValue = z.array(z.looseObject({ id: z.string() })).max(100);

/** "Fix one:" — Notion's answer when a value object has none of the writable keys. */
function fixOne(key: string): string {
  const lines = WRITABLE_KEYS.map((k) => `body.properties.${key}.${k} should be defined, instead was \`undefined\`.`);
  return `body failed validation. Fix one:\n${lines.join("\n")}`;
}

type Step = (createOption: (prop: PropertySchema, name: string, color?: string) => string) => StoredValue;

/** Validates one value for `prop`; returns the step that stores it. Throws validation_error. */
function planValue(prop: PropertySchema, key: string, value: unknown, ctx: ValueContext): Step {
  const at = ["properties", key, prop.type];
  switch (prop.type) {
    case "title":
    case "rich_text": {
      const items = toRichTextResponse(parseOrThrow(RichTextArraySchema, value, "body", at));
      return () => ({ type: prop.type as "title" | "rich_text", items });
    }
    case "number": {
      const n = parseOrThrow(z.number().nullable(), value, "body", at);
      return () => ({ type: "number", value: n });
    }
    case "checkbox": {
      const b = parseOrThrow(z.boolean(), value, "body", at);
      return () => ({ type: "checkbox", value: b });
    }
    case "url":
    case "email":
    case "phone_number": {
      // Notion refuses an empty string here; clearing is done with null.
      const s = parseOrThrow(TextValue(prop.type === "url" ? 2000 : 200), value, "body", at);
      return () => ({ type: prop.type as "url", value: s });
    }
    case "date": {
      const d = parseOrThrow(DateValue, value, "body", at);
      if (d) {
        for (const field of ["start", "end"] as const) {
          const v = d[field];
          if (v != null && !isIsoDate(v)) throw validationError(ruleMessage("body", [...at, field], "should be a valid ISO 8601 date string", v));
        }
        if (d.time_zone != null && !isTimeZone(d.time_zone)) {
          throw validationError(ruleMessage("body", [...at, "time_zone"], "should be a valid IANA time zone", d.time_zone));
        }
      }
      const stored = d ? storeDateValue(d, [...at]) : null;
      return () => ({ type: "date", value: stored });
    }
    case "select":
    case "status": {
      const ref = parseOrThrow(SelectValue, value, "body", at);
      if (!ref) return () => ({ type: prop.type as "select", optionId: null });
      const resolve = planOption(prop, key, ref, at);
      return (create) => ({ type: prop.type as "select", optionId: resolve(create) });
    }
    case "multi_select": {
      const refs = parseOrThrow(z.array(OptionRef).max(100), value, "body", at);
      const steps = refs.map((r, i) => planOption(prop, key, r, [...at, i]));
      return (create) => ({ type: "multi_select", optionIds: [...new Set(steps.map((s) => s(create)))] });
    }
    case "relation": {
      const refs = parseOrThrow(RelationValue, value, "body", at);
      const ids = refs.map((r, i) => checkRelated(prop, key, r.id, [...at, i, "id"], ctx));
      return () => ({ type: "relation", pageIds: [...new Set(ids)] });
    }
    default:
      throw validationError(fixOne(key));
  }
}

function planOption(prop: PropertySchema, key: string, ref: { id?: string; name?: string; color?: unknown }, at: (string | number)[]) {
  const options = prop.options ?? [];
  const byId = ref.id !== undefined ? options.find((o) => o.id === ref.id) : undefined;
  if (ref.id !== undefined && !byId) throw validationError(ruleMessage("body", [...at, "id"], `should be an existing option of ${key}`, ref.id));
  const name = ref.name ?? "";
  const existing = byId ?? options.find((o) => o.name === name);
  if (existing) return () => existing.id;
  if (prop.type === "status") {
    // Notion creates select options on write but never status options.
    const allowed = options.map((o) => `'${o.name}'`).join(", ");
    throw validationError(`Invalid status value for property '${key}': '${name}'. Value must be one of the following: ${allowed}.`);
  }
  if (name.includes(",")) throw validationError(ruleMessage("body", [...at, "name"], "should not contain a comma", name));
  const color = typeof ref.color === "string" ? ref.color : undefined;
  let created: string | undefined;
  // Two values in one request naming the same new option must share it.
  return (create: (p: PropertySchema, n: string, c?: string) => string) => (created ??= create(prop, name, color));
}

function checkRelated(prop: PropertySchema, key: string, raw: string, at: (string | number)[], ctx: ValueContext): string {
  const id = normalizeId(raw);
  if (!id) throw validationError(ruleMessage("body", at, "should be a valid uuid", raw));
  const page = ctx.page(id);
  const target = prop.relation?.data_source_id;
  // Unknown in the docs whether a trashed or foreign page is refused; we refuse both (stricter).
  if (!page || page.inTrash || page.parent.type !== "data_source_id" || page.parent.data_source_id !== target) {
    throw validationError(`Could not find page with ID: ${id} in the data source related by property ${key}.`);
  }
  return id;
}

/** The date as Notion keeps it (to the minute, its own notation); see storedDate. */
function storeDateValue(d: { start: string; end?: string | null; time_zone?: string | null }, at: (string | number)[]) {
  const convert = (field: "start" | "end", v: string) => {
    const out = storedDate(v, d.time_zone);
    if (out === null) throw validationError(ruleMessage("body", [...at, field], "should be a valid ISO 8601 date string", v));
    return out;
  };
  return { start: convert("start", d.start), end: d.end == null ? null : convert("end", d.end), time_zone: d.time_zone ?? null };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates a whole `properties` object against a schema. Every problem is found before
 * anything is written: unknown names and type mismatches are collected and reported together,
 * as Notion does ("Value is expected to be rich_text. Link is expected to be files.").
 */
export function planPropertyWrite(raw: unknown, schema: readonly PropertySchema[], ctx: ValueContext): PlannedWrite {
  const props = parseOrThrow(z.record(z.string(), z.unknown()), raw, "body", ["properties"]);
  const problems: string[] = [];
  const steps: [PropertySchema, Step][] = [];
  for (const [key, entry] of Object.entries(props)) {
    const prop = findProperty(schema, key);
    if (!prop) {
      problems.push(`${key} is not a property that exists.`);
      continue;
    }
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      throw validationError(ruleMessage("body", ["properties", key], "should be an object", entry));
    }
    const obj = entry as Record<string, unknown>;
    const valueKeys = Object.keys(obj).filter((k) => k !== "type" && k !== "id");
    const valueKey = valueKeys[0];
    if (valueKey === undefined || !(WRITABLE_KEYS as readonly string[]).includes(valueKey) || COMPUTED_TYPES.has(prop.type)) {
      throw validationError(fixOne(key));
    }
    if (valueKeys.length > 1) {
      const extra = valueKeys[1] as string;
      throw validationError(ruleMessage("body", ["properties", key, extra], "should be not present", obj[extra]));
    }
    if (obj.type !== undefined && obj.type !== valueKey) throw validationError(fixOne(key));
    if (valueKey !== prop.type) {
      problems.push(`${key} is expected to be ${prop.type}.`);
      continue;
    }
    steps.push([prop, planValue(prop, key, obj[valueKey], ctx)]);
  }
  if (problems.length) throw validationError(problems.join(" "));
  return {
    commit(createOption) {
      const out = new Map<string, StoredValue>();
      for (const [prop, step] of steps) out.set(prop.id, step(createOption));
      return out;
    },
  };
}
