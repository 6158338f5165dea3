import type { CreatePageParameters, PageObjectResponse } from "@notionhq/client";
import {
  canonicalDate,
  canonicalMulti,
  canonicalNumber,
  canonicalRelation,
  canonicalSelect,
  canonicalText,
  canonicalUrl,
  normalizeId,
} from "./canonical";
import { chunkText } from "./text-limits";

import type { PropMap, PropType, PropValue } from "../core/values";
export type { PropMap, PropType, PropValue } from "../core/values";

type RequestProperties = NonNullable<CreatePageParameters["properties"]>;
type ResponseProperty = PageObjectResponse["properties"][string];

/**
 * Builders of desired values. Each puts its value in the canonical form (canonical.ts) at once,
 * so what is hashed, what is written and what a read-back is compared with are the same thing.
 */
export const p = {
  title: (value: string): PropValue => mark({ type: "title", value: canonicalText(value) }),
  text: (value: string | null | undefined): PropValue => mark({ type: "rich_text", value: canonicalText(value) }),
  number: (value: number | null | undefined): PropValue => mark({ type: "number", value: canonicalNumber(value) }),
  select: (value: string | null | undefined): PropValue => mark({ type: "select", value: canonicalSelect(value) }),
  multi: (values: (string | null | undefined)[]): PropValue => mark({ type: "multi_select", value: canonicalMulti(values) }),
  date: (value: Date | string | null | undefined): PropValue => mark({ type: "date", value: canonicalDate(value) }),
  checkbox: (value: boolean): PropValue => mark({ type: "checkbox", value: value === true }),
  url: (value: string | null | undefined): PropValue => mark({ type: "url", value: canonicalUrl(value) }),
  relation: (ids: (string | null | undefined)[]): PropValue => mark({ type: "relation", value: canonicalRelation(ids) }),
};

/**
 * Values known to be canonical (made by a builder, read by fromResponse, or put through
 * canonical()), so canonical() returns them as they are: a 60,000-record run hashes and compares
 * about a million values, and re-normalising each would allocate a string or two every time.
 * PropValues are never mutated after they are made.
 */
const CANONICAL = new WeakSet<PropValue>();
function mark(v: PropValue): PropValue {
  CANONICAL.add(v);
  return v;
}

export { normalizeId };

const richText = (text: string) => chunkText(text).map((content) => ({ type: "text" as const, text: { content } }));

/** The request body `properties` for pages.create / pages.update. */
export function toRequest(props: PropMap): RequestProperties {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(props)) {
    const prop = canonical(raw); // written exactly as hashed and compared
    switch (prop.type) {
      case "title": out[name] = { title: richText(prop.value) }; break;
      case "rich_text": out[name] = { rich_text: richText(prop.value) }; break;
      case "number": out[name] = { number: prop.value }; break;
      case "select": out[name] = { select: prop.value === null ? null : { name: prop.value } }; break;
      case "multi_select": out[name] = { multi_select: prop.value.map((n) => ({ name: n })) }; break;
      case "date": out[name] = { date: prop.value === null ? null : { start: prop.value } }; break;
      case "checkbox": out[name] = { checkbox: prop.value }; break;
      case "url": out[name] = { url: prop.value }; break;
      case "relation": out[name] = { relation: prop.value.map((id) => ({ id })) }; break;
    }
  }
  return out as RequestProperties;
}

const plain = (items: { plain_text: string }[]) => items.map((t) => t.plain_text).join("");

/** Reads one property of a page back into the canonical form (null when its type is unexpected). */
export function fromResponse(prop: ResponseProperty | undefined, expected: PropType): PropValue | null {
  const v = readResponse(prop, expected);
  return v ? mark(v) : null;
}

function readResponse(prop: ResponseProperty | undefined, expected: PropType): PropValue | null {
  if (!prop || prop.type !== expected) return null;
  switch (prop.type) {
    case "title": return { type: "title", value: canonicalText(plain(prop.title)) };
    case "rich_text": return { type: "rich_text", value: canonicalText(plain(prop.rich_text)) };
    case "number": return { type: "number", value: canonicalNumber(prop.number) };
    case "select": return { type: "select", value: canonicalSelect(prop.select?.name) };
    case "multi_select": return { type: "multi_select", value: canonicalMulti(prop.multi_select.map((o) => o.name)) };
    case "date": return { type: "date", value: canonicalDate(prop.date?.start, prop.date?.time_zone) };
    case "checkbox": return { type: "checkbox", value: prop.checkbox === true };
    case "url": return { type: "url", value: canonicalUrl(prop.url) };
    case "relation": return { type: "relation", value: canonicalRelation(prop.relation.map((r) => r.id)) };
    default: return null;
  }
}

/**
 * Any value put in the canonical form. Builders and fromResponse already return it; this is
 * for values made by hand (tests, old callers) and costs a WeakSet lookup on a canonical value.
 */
export function canonical(value: PropValue): PropValue {
  return CANONICAL.has(value) ? value : mark(canonicalize(value));
}

function canonicalize(value: PropValue): PropValue {
  switch (value.type) {
    case "title":
    case "rich_text": return { type: value.type, value: canonicalText(value.value) };
    case "number": return { type: "number", value: canonicalNumber(value.value) };
    case "select": return { type: "select", value: canonicalSelect(value.value) };
    case "multi_select": return { type: "multi_select", value: canonicalMulti(value.value) };
    case "date": return { type: "date", value: canonicalDate(value.value) };
    case "checkbox": return { type: "checkbox", value: value.value === true };
    case "url": return { type: "url", value: canonicalUrl(value.value) };
    case "relation": return { type: "relation", value: canonicalRelation(value.value) };
  }
}

/** Property names whose canonical values differ; `current` missing a name counts as a difference. */
export function diffProps(desired: PropMap, current: PropMap): string[] {
  return Object.keys(desired)
    .filter((name) => !sameValue(canonical(desired[name] as PropValue), current[name]))
    .sort();
}

function sameValue(a: PropValue, b: PropValue | undefined): boolean {
  if (b === undefined || a.type !== b.type) return false;
  return JSON.stringify(a.value) === JSON.stringify(canonical(b).value);
}
