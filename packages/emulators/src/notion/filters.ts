import { validationError } from "./errors";
import { compareDate, filterSpan, isDateFilterValue, toInstant, windowFor } from "./dates";
import { normalizeId } from "./ids";
import { plainText, type PropertySchema, type StoredPage } from "./model";
import { findProperty } from "./schema";
import { ruleMessage } from "./zod-messages";

/** What a filter sees of the world besides the page: the clock, the bot user. */
export interface FilterContext {
  now: number;
  botId: string;
  /** Related pages that still count (trashed ones drop out of relation values). */
  isLive?: (pageId: string) => boolean;
}

export type Predicate = (page: StoredPage) => boolean;
type Path = (string | number)[];

const EXISTENCE = ["is_empty", "is_not_empty"];
const TEXT_OPS = ["equals", "does_not_equal", "contains", "does_not_contain", "starts_with", "ends_with", ...EXISTENCE];
const NUMBER_OPS = ["equals", "does_not_equal", "greater_than", "less_than", "greater_than_or_equal_to", "less_than_or_equal_to", ...EXISTENCE];
const DATE_VALUE_OPS = ["equals", "before", "after", "on_or_before", "on_or_after"];
const DATE_WINDOW_OPS = ["past_week", "past_month", "past_year", "next_week", "next_month", "next_year", "this_week"];

/** Filter operators per filter key, as listed in the client's PropertyFilter types. */
const OPS: Record<string, string[]> = {
  title: TEXT_OPS,
  rich_text: TEXT_OPS,
  url: TEXT_OPS,
  email: TEXT_OPS,
  phone_number: TEXT_OPS,
  number: NUMBER_OPS,
  checkbox: ["equals", "does_not_equal"],
  select: ["equals", "does_not_equal", ...EXISTENCE],
  status: ["equals", "does_not_equal", ...EXISTENCE],
  multi_select: ["contains", "does_not_contain", ...EXISTENCE],
  date: [...DATE_VALUE_OPS, ...DATE_WINDOW_OPS, ...EXISTENCE],
  created_time: [...DATE_VALUE_OPS, ...DATE_WINDOW_OPS, ...EXISTENCE],
  last_edited_time: [...DATE_VALUE_OPS, ...DATE_WINDOW_OPS, ...EXISTENCE],
  relation: ["contains", "does_not_contain", ...EXISTENCE],
  created_by: ["contains", "does_not_contain", ...EXISTENCE],
  last_edited_by: ["contains", "does_not_contain", ...EXISTENCE],
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Validates a query filter against a schema and compiles it. Compound filters nest at most two
 * levels deep (an `and` inside an `or` is fine, a third level is refused), as the docs state.
 */
export function compileFilter(filter: unknown, schema: readonly PropertySchema[], ctx: FilterContext): Predicate {
  return compile(filter, ["filter"], 0, schema, ctx);
}

function compile(f: unknown, at: Path, depth: number, schema: readonly PropertySchema[], ctx: FilterContext): Predicate {
  if (!isObject(f)) throw validationError(ruleMessage("body", at, "should be an object", f));
  for (const group of ["and", "or"] as const) {
    if (!(group in f)) continue;
    if (depth >= 2) throw validationError(ruleMessage("body", [...at, group], "should be not present (compound filters nest at most two levels)", f[group]));
    const list = f[group];
    if (!Array.isArray(list)) throw validationError(ruleMessage("body", [...at, group], "should be an array", list));
    if (Object.keys(f).length > 1) throw validationError(ruleMessage("body", at, `should have only the key ${group}`, f));
    const parts = list.map((item, i) => compile(item, [...at, group, i], depth + 1, schema, ctx));
    return group === "and" ? (p) => parts.every((fn) => fn(p)) : (p) => parts.some((fn) => fn(p));
  }
  if ("timestamp" in f) {
    const ts = f.timestamp;
    if (ts !== "created_time" && ts !== "last_edited_time") {
      throw validationError(ruleMessage("body", [...at, "timestamp"], 'should be `"created_time"` or `"last_edited_time"`', ts));
    }
    const read = (p: StoredPage) => minute(ts === "created_time" ? p.createdMs : p.editedMs);
    return condition(ts, f[ts], [...at, ts], ctx, (p) => read(p));
  }
  if (typeof f.property !== "string") throw validationError(ruleMessage("body", [...at, "property"], "should be defined", f.property));
  const prop = findProperty(schema, f.property);
  if (!prop) throw validationError(`Could not find property with name or id: ${f.property}`);
  const keys = Object.keys(f).filter((k) => k !== "property" && k !== "type");
  const key = keys[0];
  if (keys.length !== 1 || key === undefined || !(key in OPS)) {
    throw validationError(ruleMessage("body", at, "should have exactly one property filter condition", f));
  }
  if (key !== prop.type) throw validationError(`database property ${prop.type} does not match filter ${key} (property ${prop.name})`);
  return condition(key, f[key], [...at, key], ctx, reader(prop, ctx));
}

/** Notion shows and compares created/edited times at minute precision. */
const minute = (ms: number): number => Math.floor(ms / 60_000) * 60_000;

type Reader = (page: StoredPage) => unknown;

/** The comparable value of a property on a page: text, number, names, instants, ids... */
function reader(prop: PropertySchema, ctx: FilterContext): Reader {
  const optionName = (id: string | null) => prop.options?.find((o) => o.id === id)?.name ?? null;
  return (page) => {
    const v = page.values[prop.id];
    switch (prop.type) {
      case "created_time":
        return minute(page.createdMs);
      case "last_edited_time":
        return minute(page.editedMs);
      case "created_by":
      case "last_edited_by":
        return "bot";
      default:
        break;
    }
    if (!v || v.type !== prop.type) return undefined;
    switch (v.type) {
      case "title":
      case "rich_text":
        return plainText(v.items);
      case "select":
      case "status":
        return optionName(v.optionId);
      case "multi_select":
        return v.optionIds.map(optionName).filter((n) => n !== null);
      case "date":
        return v.value ? toInstant(v.value.start) : null;
      case "relation":
        return ctx.isLive ? v.pageIds.filter(ctx.isLive) : v.pageIds;
      default:
        return v.value;
    }
  };
}

const isEmpty = (v: unknown): boolean => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

function condition(key: string, cond: unknown, at: Path, ctx: FilterContext, read: Reader): Predicate {
  if (!isObject(cond)) throw validationError(ruleMessage("body", at, "should be an object", cond));
  const ops = Object.keys(cond);
  const op = ops[0];
  if (ops.length !== 1 || op === undefined || !(OPS[key] ?? []).includes(op)) {
    throw validationError(ruleMessage("body", at, `should have exactly one of ${(OPS[key] ?? []).join(", ")}`, cond));
  }
  const arg = cond[op];
  const bad = (rule: string) => validationError(ruleMessage("body", [...at, op], rule, arg));
  if (op === "is_empty" || op === "is_not_empty") {
    if (arg !== true) throw bad("should be `true`");
    return op === "is_empty" ? (p) => isEmpty(read(p)) : (p) => !isEmpty(read(p));
  }
  switch (key) {
    case "title":
    case "rich_text":
    case "url":
    case "email":
    case "phone_number":
      if (typeof arg !== "string") throw bad("should be a string");
      return textTest(op, arg, read);
    case "number":
      if (typeof arg !== "number") throw bad("should be a number");
      return numberTest(op, arg, read);
    case "checkbox":
      if (typeof arg !== "boolean") throw bad("should be a boolean");
      return op === "equals" ? (p) => (read(p) ?? false) === arg : (p) => (read(p) ?? false) !== arg;
    case "select":
    case "status":
    case "multi_select": {
      const names = Array.isArray(arg) ? arg : [arg];
      if (!names.every((n) => typeof n === "string")) throw bad("should be a string or an array of strings");
      // Unknown option names simply match nothing; Notion does not check them against the schema.
      const any = (p: StoredPage) => {
        const v = read(p);
        const have = Array.isArray(v) ? v : v == null ? [] : [v];
        return have.some((h) => names.includes(h as string));
      };
      return op === "equals" || op === "contains" ? any : (p) => !any(p);
    }
    case "relation":
    case "created_by":
    case "last_edited_by": {
      const id = typeof arg === "string" ? (key === "relation" ? normalizeId(arg) : arg) : undefined;
      if (!id) throw bad("should be a valid uuid");
      const wanted = key === "relation" ? id : id === "me" || id === ctx.botId ? "bot" : id;
      const has = (p: StoredPage) => {
        const v = read(p);
        return Array.isArray(v) ? v.includes(wanted) : v === wanted;
      };
      return op === "contains" ? has : (p) => !has(p);
    }
    default:
      return dateTest(op, arg, ctx, read, bad);
  }
}

/**
 * Text filters compare the plain text ignoring case. Notion's UI filters ignore case and the
 * API docs do not say otherwise; ignoring case is the reading that can match more rows, so a
 * caller looking up a key by `equals` must still check the match itself.
 */
function textTest(op: string, arg: string, read: Reader): Predicate {
  const want = arg.toLowerCase();
  const text = (p: StoredPage) => String(read(p) ?? "").toLowerCase();
  switch (op) {
    case "equals":
      return (p) => text(p) === want;
    case "does_not_equal":
      return (p) => text(p) !== want;
    case "contains":
      return (p) => text(p).includes(want);
    case "does_not_contain":
      return (p) => !text(p).includes(want);
    case "starts_with":
      return (p) => text(p).startsWith(want);
    default:
      return (p) => text(p).endsWith(want);
  }
}

function numberTest(op: string, arg: number, read: Reader): Predicate {
  const num = (p: StoredPage) => read(p) as number | null | undefined;
  const cmp: Record<string, (a: number) => boolean> = {
    equals: (a) => a === arg,
    greater_than: (a) => a > arg,
    less_than: (a) => a < arg,
    greater_than_or_equal_to: (a) => a >= arg,
    less_than_or_equal_to: (a) => a <= arg,
  };
  if (op === "does_not_equal") return (p) => num(p) !== arg;
  const test = cmp[op] as (a: number) => boolean;
  return (p) => {
    const v = num(p);
    return typeof v === "number" && test(v);
  };
}

function dateTest(op: string, arg: unknown, ctx: FilterContext, read: Reader, bad: (rule: string) => Error): Predicate {
  const instant = (p: StoredPage) => read(p) as number | null | undefined;
  if (DATE_WINDOW_OPS.includes(op)) {
    if (!isObject(arg) || Object.keys(arg).length) throw bad("should be an empty object");
    const span = windowFor(op, ctx.now);
    return (p) => {
      const v = instant(p);
      return typeof v === "number" && !!span && v >= span.start && v <= span.end;
    };
  }
  if (typeof arg !== "string" || !isDateFilterValue(arg)) throw bad("should be a valid ISO 8601 date string");
  const span = filterSpan(arg, ctx.now);
  return (p) => {
    const v = instant(p);
    return typeof v === "number" && compareDate(op, v, span);
  };
}
