/**
 * Words for a config that does not parse: where a JSON syntax error is (line and column, from
 * jsonc-parser's offsets: JSON.parse in Bun names no position) and which key a typo'd one likely
 * meant (the schema's keys at that path, by edit distance).
 * @module
 */
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import type { z } from "zod";
import { didYouMean } from "../lib/did-you-mean";

/** "line 4, column 3: CommaExpected" for the first syntax error, or undefined when there is none. */
export function jsonSyntaxError(text: string): string | undefined {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const e = errors[0];
  if (!e) return undefined;
  const before = text.slice(0, e.offset).split("\n");
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}: ${printParseErrorCode(e.error)}`;
}

type AnySchema = z.ZodType;
const defOf = (s: AnySchema | undefined) => (s as unknown as { _zod?: { def: { type: string; [k: string]: unknown } } } | undefined)?._zod?.def;
const WRAPPERS = new Set(["default", "optional", "nullable", "prefault", "catch", "readonly", "pipe"]);

function unwrap(s: AnySchema | undefined): AnySchema | undefined {
  let d = defOf(s);
  while (s && d && WRAPPERS.has(d.type)) {
    s = (d.innerType ?? d.in) as AnySchema | undefined;
    d = defOf(s);
  }
  return s;
}

/** The keys an object of `schema` takes at `path` ([] where the path leads to no object). */
export function keysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  let cur = unwrap(schema);
  for (const p of path) {
    const d = defOf(cur);
    if (d?.type === "object") cur = unwrap((d.shape as Record<string, AnySchema>)[String(p)]);
    else if (d?.type === "record") cur = unwrap(d.valueType as AnySchema);
    else if (d?.type === "array") cur = unwrap(d.element as AnySchema);
    else return [];
  }
  const d = defOf(cur);
  return d?.type === "object" ? Object.keys(d.shape as object) : [];
}

/** ` (did you mean "x"?)` for an unknown key at `path`, or nothing. */
export function unknownKeyHint(schema: AnySchema, path: readonly PropertyKey[], key: string): string {
  return didYouMean(key, keysAt(schema, path));
}
