/**
 * Names a request for errors, logs and metrics, and says whether re-sending it is safe. Names
 * never carry ids or query strings, so they stay low-cardinality and secret-free.
 * @module
 */

/** What the gate needs to know about a request. */
export interface OperationInfo {
  operation: string;
  idempotent: boolean;
}

/** Notion ids (UUIDs, dashes optional) and anything else that looks like an opaque id. */
const ID_SEGMENT = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)$/i;

/** "/v1/pages/5c6a…/properties/title" → "/v1/pages/:id/properties/:id". */
export function templatePath(pathname: string): string {
  return pathname
    .split("/")
    .map((seg) => (ID_SEGMENT.test(seg) ? ":id" : seg))
    .join("/");
}

/** Methods whose repetition has the same effect as one request (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** For APIs without a table: "GET /v1/sites/:id"; POST and PATCH count as non-idempotent. */
export function classifyGenericRequest(method: string, url: URL): OperationInfo {
  const m = method.toUpperCase();
  return { operation: `${m} ${templatePath(url.pathname)}`, idempotent: IDEMPOTENT_METHODS.has(m) };
}

/**
 * Notion's endpoints as the SDK calls them (path after /v1/, ids replaced by :id). `idempotent`
 * says whether a re-send after an unknown outcome is harmless:
 * - creates (pages, databases, data sources, comments, file uploads) are not: a second POST makes
 *   a second record;
 * - `data_sources/:id/query` and `search` are POSTs but only read;
 * - PATCH of pages/databases/data sources/blocks sets absolute values, so it is;
 * - appending block children is not: each PATCH appends again.
 */
const NOTION: Record<string, OperationInfo> = {
  "GET users/me": { operation: "users.me", idempotent: true },
  "GET users": { operation: "users.list", idempotent: true },
  "GET users/:id": { operation: "users.retrieve", idempotent: true },
  "POST databases": { operation: "databases.create", idempotent: false },
  "GET databases/:id": { operation: "databases.retrieve", idempotent: true },
  "PATCH databases/:id": { operation: "databases.update", idempotent: true },
  "POST data_sources": { operation: "dataSources.create", idempotent: false },
  "GET data_sources/:id": { operation: "dataSources.retrieve", idempotent: true },
  "PATCH data_sources/:id": { operation: "dataSources.update", idempotent: true },
  "POST data_sources/:id/query": { operation: "dataSources.query", idempotent: true },
  "POST pages": { operation: "pages.create", idempotent: false },
  "GET pages/:id": { operation: "pages.retrieve", idempotent: true },
  "PATCH pages/:id": { operation: "pages.update", idempotent: true },
  "GET pages/:id/properties/:id": { operation: "pages.properties.retrieve", idempotent: true },
  "POST search": { operation: "search", idempotent: true },
  "GET blocks/:id": { operation: "blocks.retrieve", idempotent: true },
  "PATCH blocks/:id": { operation: "blocks.update", idempotent: true },
  "DELETE blocks/:id": { operation: "blocks.delete", idempotent: true },
  "GET blocks/:id/children": { operation: "blocks.children.list", idempotent: true },
  "PATCH blocks/:id/children": { operation: "blocks.children.append", idempotent: false },
  "POST comments": { operation: "comments.create", idempotent: false },
  "GET comments": { operation: "comments.list", idempotent: true },
  "POST file_uploads": { operation: "fileUploads.create", idempotent: false },
};

/** Operation name and idempotency of a Notion request, from its method and URL. */
export function classifyNotionRequest(method: string, url: URL): OperationInfo {
  const m = method.toUpperCase();
  const path = templatePath(url.pathname).replace(/^.*?\/v1\//, "");
  return NOTION[`${m} ${path}`] ?? classifyGenericRequest(m, url);
}
