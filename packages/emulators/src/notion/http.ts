import type { Context, MiddlewareHandler } from "hono";
import { NotionError, requestIdOf, validationError } from "./errors";
import { normalizeId } from "./ids";
import { snippet } from "./zod-messages";

/** The only API version this emulator speaks (the client's default since v5.0.0). */
export const NOTION_VERSION = "2025-09-03";

/**
 * Notion's documented payload limit is 500 KB. The status a larger body gets is not documented;
 * the limits page lists it with the others that answer 400 validation_error, so we do that (the
 * client then raises an APIResponseError, which it never retries). Counted as 500,000 bytes,
 * the stricter reading of "KB".
 */
export const MAX_BODY_BYTES = 500_000;

/** Gives every /v1 response its `x-notion-request-id`, as Notion does for successes too. */
export const requestIdMiddleware: MiddlewareHandler = async (c, next) => {
  c.header("x-notion-request-id", requestIdOf(c));
  await next();
};

/**
 * Bearer token first, then the version header: an unknown token is 401 whatever else is wrong.
 * A missing Notion-Version is 400 `missing_version`, a code the client does not know (it raises
 * UnknownHTTPResponseError), which is how the real API behaves.
 */
export function authMiddleware(tokens: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer (.+)$/.exec(header);
    if (!match || !tokens.has(match[1] as string)) throw new NotionError(401, "unauthorized", "API token is invalid.");
    const version = c.req.header("notion-version");
    if (version === undefined) {
      throw new NotionError(400, "missing_version", "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.");
    }
    if (version !== NOTION_VERSION) {
      // Other versions exist and behave differently; refusing them beats emulating them wrongly.
      throw validationError(`Notion-Version header failed validation: this emulator speaks ${NOTION_VERSION} only, instead was \`${snippet(version)}\`.`);
    }
    await next();
  };
}

/** The JSON body: `{}` when absent, validation_error when too big, invalid_json when unparsable. */
export async function readBody(c: Context): Promise<Record<string, unknown>> {
  const raw = await c.req.text();
  const bytes = Buffer.byteLength(raw, "utf8");
  if (bytes > MAX_BODY_BYTES) {
    throw validationError(`Request body too large: body size should be ≤ \`${MAX_BODY_BYTES}\` bytes, instead was \`${bytes}\`.`);
  }
  if (raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new NotionError(400, "invalid_json", "Error parsing JSON body.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw validationError(`body failed validation: body should be an object, instead was \`${snippet(parsed)}\`.`);
  }
  return parsed as Record<string, unknown>;
}

/** A path id, normalised; Notion answers a non-UUID with a path validation error. */
export function pathId(c: Context, param: string): string {
  const raw = c.req.param(param) ?? "";
  const id = normalizeId(raw);
  if (!id) throw validationError(`path failed validation: path.${param} should be a valid uuid, instead was \`${snippet(raw)}\`.`);
  return id;
}

/** An id inside a body (a parent, a relation), normalised or refused naming its path. */
export function bodyId(raw: string, path: string): string {
  const id = normalizeId(raw);
  if (!id) throw validationError(`body failed validation: ${path} should be a valid uuid, instead was \`${snippet(raw)}\`.`);
  return id;
}

/** `filter_properties` (repeated query parameter) as a set, or undefined when absent. */
export function filterProperties(c: Context): ReadonlySet<string> | undefined {
  const values = c.req.queries("filter_properties");
  return values?.length ? new Set(values) : undefined;
}

/** A success body, carrying the request id as real responses do. */
export function ok(c: Context, body: object): Response {
  return c.json({ ...body, request_id: requestIdOf(c) });
}
