/**
 * Keeps secrets out of every error text this layer builds. Upstream bodies and transport errors
 * are free text: an API may echo the Authorization header, and Bun's fetch errors carry the full
 * URL (query string included) in `path`. Everything that ends up in an ApiError's message passes
 * through `redact` first.
 * @module
 */

const MASK = "[redacted]";

/** Patterns that look like credentials whatever API they come from. */
const PATTERNS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${MASK}`],
  // Notion internal-integration tokens: legacy `secret_…` and current `ntn_…`.
  [/\b(?:secret|ntn)_[A-Za-z0-9]{10,}/g, MASK],
  // JWT-shaped strings (NinjaOne access tokens are JWTs).
  [/\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g, MASK],
  // Query or form parameters whose name says they carry a credential.
  [/([?&]?\b[\w-]*(?:key|token|secret|password|signature)[\w-]*=)[^&\s#"']+/gi, `$1${MASK}`],
];

/**
 * Replaces every known secret value and every credential-shaped substring with "[redacted]".
 * Known values shorter than 4 characters are ignored: masking them would shred ordinary words.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(MASK);
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/** Shortens free text from an upstream body so one bad response cannot flood a log line. */
export function clip(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Header names whose values are credentials. */
const SECRET_HEADERS = new Set(["authorization", "x-api-key", "proxy-authorization", "cookie"]);

/**
 * The secret values in a request's headers, so error text can be scrubbed of them exactly: the
 * whole header value and, for "Bearer x" / "Basic x", the bare credential too.
 */
export function secretsFromHeaders(headers: Record<string, string> | Headers | undefined): string[] {
  if (!headers) return [];
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  const out: string[] = [];
  for (const [name, value] of entries) {
    if (!SECRET_HEADERS.has(name.toLowerCase()) || !value) continue;
    out.push(value);
    const bare = value.replace(/^(Bearer|Basic)\s+/i, "");
    if (bare !== value) out.push(bare);
  }
  return out;
}
