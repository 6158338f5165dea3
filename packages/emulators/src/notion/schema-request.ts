import { z } from "zod";
import { validationError } from "./errors";
import { normalizeId } from "./ids";
import { PROPERTY_TYPES, SELECT_COLORS, UNSUPPORTED_PROPERTY_TYPES, type PropertyType } from "./model";
import { formatPath, parseOrThrow, ruleMessage } from "./zod-messages";

/** One select / multi_select / status option as a schema request gives it. */
const OptionSchema = z
  .strictObject({
    id: z.string().optional(),
    name: z
      .string()
      .min(1)
      .max(100)
      // Notion: "Invalid select option, commas not allowed: <name>". Said in its validator's
      // style here so the message also names the property.
      .refine((n) => !n.includes(","), { message: "should not contain a comma" })
      .optional(),
    color: z.enum(SELECT_COLORS as [string, ...string[]]).optional(),
    description: z.string().nullable().optional(),
  })
  .refine((o) => o.id !== undefined || o.name !== undefined, { message: "should have a name or an id" });
export type OptionRequest = z.output<typeof OptionSchema>;

const OptionsConfig = z.strictObject({ options: z.array(OptionSchema).max(100).optional() });
const Empty = z.strictObject({});

const RelationConfigSchema = z.strictObject({
  data_source_id: z.string(),
  type: z.enum(["single_property", "dual_property"]).optional(),
  single_property: Empty.optional(),
  dual_property: z
    .strictObject({ synced_property_id: z.string().optional(), synced_property_name: z.string().optional() })
    .optional(),
  // Responses carry database_id; accepting it keeps round-tripping a schema possible.
  database_id: z.string().optional(),
});

/** A parsed property definition, before the store gives it ids. */
export interface PropertyDraft {
  type: PropertyType;
  name?: string;
  description?: string | null;
  numberFormat?: string;
  options?: OptionRequest[];
  relation?: { data_source_id: string; kind: "single_property" | "dual_property"; synced_property_name?: string };
}

/** What one entry of `properties` in a data source update asks for. */
export type PropertyChange = { kind: "remove" } | { kind: "rename"; name: string } | { kind: "define"; draft: PropertyDraft };

const KNOWN_KEYS = new Set(["type", "name", "description"]);
const ALL_TYPES: readonly string[] = [...PROPERTY_TYPES, ...UNSUPPORTED_PROPERTY_TYPES];

/** Parses one property definition at `body.<...>.<key>`, as schema create and update send it. */
export function parsePropertyDefinition(raw: unknown, at: (string | number)[], allowName: boolean): PropertyDraft {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw validationError(ruleMessage("body", at, "should be an object", raw));
  }
  const obj = raw as Record<string, unknown>;
  const typeKeys = Object.keys(obj).filter((k) => ALL_TYPES.includes(k));
  const declared = typeof obj.type === "string" ? obj.type : undefined;
  const typeKey = typeKeys[0] ?? declared;
  if (!typeKey || typeKeys.length > 1 || (declared && declared !== typeKey)) {
    throw validationError(ruleMessage("body", at, "should define exactly one property type", raw));
  }
  if ((UNSUPPORTED_PROPERTY_TYPES as readonly string[]).includes(typeKey)) {
    throw validationError(`${formatPath("body", at)}: the ${typeKey} property type is not supported by this emulator.`);
  }
  if (!ALL_TYPES.includes(typeKey)) {
    throw validationError(ruleMessage("body", [...at, "type"], "should be a known property type", declared));
  }
  for (const k of Object.keys(obj)) {
    if (k !== typeKey && !KNOWN_KEYS.has(k)) throw validationError(ruleMessage("body", [...at, k], "should be not present", obj[k]));
  }
  if (!allowName && "name" in obj) throw validationError(ruleMessage("body", [...at, "name"], "should be not present", obj.name));
  const type = typeKey as PropertyType;
  const draft: PropertyDraft = { type };
  if ("name" in obj) draft.name = parseOrThrow(z.string().min(1).max(100), obj.name, "body", [...at, "name"]);
  if ("description" in obj) draft.description = parseOrThrow(z.string().nullable(), obj.description, "body", [...at, "description"]);
  const config = obj[typeKey] ?? {};
  const cfgAt = [...at, typeKey];
  switch (type) {
    case "number":
      draft.numberFormat = parseOrThrow(z.strictObject({ format: z.string().min(1).optional() }), config, "body", cfgAt).format ?? "number";
      break;
    case "select":
    case "multi_select":
    case "status": {
      const options = parseOrThrow(OptionsConfig, config, "body", cfgAt).options;
      if (options) draft.options = options;
      break;
    }
    case "relation": {
      const rel = parseOrThrow(RelationConfigSchema, config, "body", cfgAt);
      const id = normalizeId(rel.data_source_id);
      if (!id) throw validationError(ruleMessage("body", [...cfgAt, "data_source_id"], "should be a valid uuid", rel.data_source_id));
      const kind = rel.type ?? (rel.dual_property ? "dual_property" : "single_property");
      draft.relation = { data_source_id: id, kind };
      if (rel.dual_property?.synced_property_name) draft.relation.synced_property_name = rel.dual_property.synced_property_name;
      break;
    }
    default:
      parseOrThrow(Empty, config, "body", cfgAt);
  }
  return draft;
}

/** Reads one entry of a data source update: null removes, `{name}` renames, else (re)defines. */
export function parsePropertyChange(raw: unknown, at: (string | number)[]): PropertyChange {
  if (raw === null) return { kind: "remove" };
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    const keys = Object.keys(raw);
    if (keys.length === 1 && keys[0] === "name") {
      const name = parseOrThrow(z.string().min(1).max(100), (raw as { name: unknown }).name, "body", [...at, "name"]);
      return { kind: "rename", name };
    }
  }
  return { kind: "define", draft: parsePropertyDefinition(raw, at, true) };
}
