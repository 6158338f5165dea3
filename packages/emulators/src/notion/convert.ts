import { isIsoDate } from "./dates";
import { plainText, type PropertySchema, type StoredValue } from "./model";
import { textToRichText } from "./rich-text";

/** A stored value as plain text, the common ground when a property changes type. */
export function valueAsText(prop: PropertySchema, value: StoredValue | undefined): string {
  if (!value) return "";
  const optionName = (id: string | null) => prop.options?.find((o) => o.id === id)?.name ?? "";
  switch (value.type) {
    case "title":
    case "rich_text":
      return plainText(value.items);
    case "number":
      return value.value === null ? "" : String(value.value);
    case "select":
    case "status":
      return optionName(value.optionId);
    case "multi_select":
      return value.optionIds.map(optionName).filter(Boolean).join(", ");
    case "checkbox":
      return value.value ? "Yes" : "No";
    case "date":
      return value.value?.start ?? "";
    case "url":
    case "email":
    case "phone_number":
      return value.value ?? "";
    case "relation":
      return "";
  }
}

/**
 * The value a page keeps when its property changes type. Notion's UI converts through the
 * text of the old value; we do the same for the types a sync uses and clear the rest. `option`
 * finds or creates an option by name on the new property (undefined for unknown status names,
 * which Notion never creates on the fly).
 */
export function convertValue(
  from: PropertySchema,
  to: PropertySchema,
  value: StoredValue | undefined,
  option: (name: string) => string | undefined,
): StoredValue | undefined {
  const text = valueAsText(from, value).trim();
  if (text === "") return undefined;
  switch (to.type) {
    case "title":
    case "rich_text":
      return { type: to.type, items: textToRichText(text.slice(0, 2000)) };
    case "url":
    case "email":
    case "phone_number":
      return { type: to.type, value: text.slice(0, to.type === "url" ? 2000 : 200) };
    case "number": {
      const n = Number(text.replace(/,/g, ""));
      return Number.isFinite(n) ? { type: "number", value: n } : undefined;
    }
    case "checkbox":
      return { type: "checkbox", value: ["yes", "true", "checked", "1"].includes(text.toLowerCase()) };
    case "date":
      return isIsoDate(text) ? { type: "date", value: { start: text, end: null, time_zone: null } } : undefined;
    case "select":
    case "status": {
      const id = option(text.replaceAll(",", "").slice(0, 100));
      return id ? { type: to.type, optionId: id } : undefined;
    }
    case "multi_select": {
      const names = text.split(",").map((s) => s.trim().slice(0, 100)).filter(Boolean);
      const ids = names.map(option).filter((x): x is string => x !== undefined);
      return { type: "multi_select", optionIds: [...new Set(ids)] };
    }
    default:
      return undefined;
  }
}
