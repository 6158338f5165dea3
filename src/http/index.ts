/**
 * The resilient API layer: every request to Notion, UniFi and NinjaOne goes through an ApiGate.
 * Source connectors use ApiClient; the Notion adapter hands createGatedFetch to @notionhq/client
 * and maps failures with toApiError.
 * @module
 */
export type { ApiName } from "./api-name";
export { API_NAMES } from "./api-name";
export * from "./errors";
export { ApiGate } from "./gate";
export type * from "./gate-types";
export { createGatedFetch, type FetchLike, type GatedFetch, type GatedFetchInit, type GatedFetchOptions } from "./gated-fetch";
export { ApiClient, type ApiClientOptions, type ApiRequest, type QueryParams } from "./api-client";
export { toApiError } from "./notion-errors";
export { classifyNotionRequest, classifyGenericRequest, templatePath, type OperationInfo } from "./operations";
export { errorFromResponse, parseErrorBody, malformedFromZod, formatFieldPath } from "./response-errors";
export { parseRetryAfter, backoffDelay, retryAfterFromMessage } from "./retry-timing";
export { redact, secretsFromHeaders } from "./redact";
export { rateLimitLabel, describeRateLimit, RATE_LIMIT_LABELS, type RateLimitLabel } from "./rate-limit-reason";
