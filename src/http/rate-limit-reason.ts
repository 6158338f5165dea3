/**
 * Which limit a 429 (or Notion's 529) came from, in words an operator reads and as a bounded
 * metric label. Notion names its limits in `additional_data.rate_limit_reason` and warns that
 * "other values can appear": those are handled like any 429 and labelled "other", so a new
 * reason cannot grow the label set.
 * @module
 */

export type RateLimitLabel = "connection_limit" | "workspace_limit" | "service_overload" | "unspecified" | "other";

export const RATE_LIMIT_LABELS: readonly RateLimitLabel[] = ["connection_limit", "workspace_limit", "service_overload", "unspecified", "other"];

export function rateLimitLabel(reason: string | undefined): RateLimitLabel {
  switch (reason) {
    case undefined:
      return "unspecified";
    case "public_api_request_rate_limit":
      return "connection_limit";
    case "public_api_space_request_rate_limit":
      return "workspace_limit";
    case "service_overload":
      return "service_overload";
    default:
      return "other";
  }
}

/** "workspace limit", for log lines and /admin/status. */
export function describeRateLimit(reason: string | undefined): string {
  const label = rateLimitLabel(reason);
  switch (label) {
    case "connection_limit":
      return "connection limit (this integration's budget per window)";
    case "workspace_limit":
      return "workspace limit (shared by every integration of the workspace)";
    case "service_overload":
      return "service overloaded (529)";
    case "unspecified":
      return "rate limited";
    default:
      return `rate limited (${reason})`;
  }
}
