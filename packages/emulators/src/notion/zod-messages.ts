import type { z } from "zod";
import { validationError, type NotionError } from "./errors";

type Path = readonly PropertyKey[];

/** `body.properties.Name.title[0].text.content`, as Notion's validator prints a path. */
export function formatPath(root: string, path: Path): string {
  let out = root;
  for (const seg of path) out += typeof seg === "number" ? `[${seg}]` : `.${String(seg)}`;
  return out;
}

/** Notion quotes the offending value as JSON and cuts it short: "`[{\"object\":\"block\",...`". */
export function snippet(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > 50 ? `${text.slice(0, 50)}...` : text;
}

/** The message for one failed rule: "<path> should <rule>, instead was `<value>`." */
export function ruleMessage(root: string, path: Path, rule: string, value: unknown): string {
  // "body failed validation: body.x ..." or "query failed validation: query.x ...".
  const part = root.split(".")[0];
  return `${part} failed validation: ${formatPath(root, path)} ${rule}, instead was \`${snippet(value)}\`.`;
}

function valueAt(input: unknown, path: Path): unknown {
  let v = input;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg as string];
  }
  return v;
}

const ARTICLE: Record<string, string> = {
  object: "an object",
  array: "an array",
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  null: "`null`",
  int: "an integer",
};

type Issue = z.core.$ZodIssue;

/**
 * Picks the issue to report and its full path: inside a union, the branch that got furthest
 * says the most ("select.name should be a string" beats "select should be an object").
 */
function deepest(issue: Issue): { issue: Issue; path: Path } {
  if (issue.code !== "invalid_union") return { issue, path: issue.path };
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first && first.path.length > 0 && (!best || first.path.length > best.path.length)) best = first;
  }
  if (!best) return { issue, path: issue.path };
  const inner = deepest(best);
  return { issue: inner.issue, path: [...issue.path, ...inner.path] };
}

/** Turns the first zod issue into Notion's "body failed validation: ..." sentence. */
export function describeIssue(root: string, input: unknown, top: Issue): string {
  const { issue, path } = deepest(top);
  const value = valueAt(input, path);
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined) return ruleMessage(root, path, "should be defined", value);
      return ruleMessage(root, path, `should be ${ARTICLE[issue.expected] ?? `a ${issue.expected}`}`, value);
    case "too_big":
    case "too_small": {
      const sign = issue.code === "too_big" ? "≤" : "≥";
      const bound = issue.code === "too_big" ? issue.maximum : issue.minimum;
      if (issue.origin === "string" || issue.origin === "array") {
        const len = (value as { length?: number } | undefined)?.length;
        return ruleMessage(root, [...path, "length"], `should be ${sign} \`${String(bound)}\``, len);
      }
      return ruleMessage(root, path, `should be ${sign} \`${String(bound)}\``, value);
    }
    case "unrecognized_keys": {
      const key = issue.keys[0] ?? "";
      return ruleMessage(root, [...path, key], "should be not present", valueAt(value, [key]));
    }
    case "invalid_value":
      return ruleMessage(root, path, `should be ${issue.values.map((v) => `\`${JSON.stringify(v)}\``).join(" or ")}`, value);
    case "invalid_format":
      return ruleMessage(root, path, `should be a valid ${issue.format}`, value);
    default:
      // Custom rules and unions carry their own "should ..." wording.
      return ruleMessage(root, path, issue.message, value);
  }
}

/** Parses `input` with `schema`, throwing Notion's validation_error for the first issue. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, root = "body", at: Path = []): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const first = result.error.issues[0] as Issue;
  const rooted = at.length ? formatPath(root, at) : root;
  const err: NotionError = validationError(describeIssue(rooted, input, first));
  throw err;
}
