/**
 * What an on-call engineer should do about each kind of failure, per API. The setting names are
 * the keys of the config file and the secret names are the environment variables the runbook
 * documents, so a hint can be acted on without reading code.
 * @module
 */
import type { ApiName } from "./api-name";

const LABEL: Record<ApiName, string> = {
  notion: "Notion",
  unifi: "UniFi Site Manager",
  ninjaone: "NinjaOne",
};

const CREDENTIALS: Record<ApiName, string> = {
  notion: "NOTION_TOKEN",
  unifi: "UNIFI_API_KEY",
  ninjaone: "NINJAONE_CLIENT_ID / NINJAONE_CLIENT_SECRET",
};

const RATE_SETTING: Record<ApiName, string> = {
  notion: "sync_rate_limit_per_second",
  unifi: "unifi.rate_limit_per_second",
  ninjaone: "ninjaone.rate_limit_per_second",
};

const BASE_URL_SETTING: Record<ApiName, string> = {
  notion: "notion.base_url",
  unifi: "unifi.base_url",
  ninjaone: "ninjaone.base_url",
};

/** Human name of an API, for sentences. */
export const apiLabel = (api: ApiName): string => LABEL[api];

/** The "what to do" sentence of each error class, per API. */
export const hints = {
  unauthorized: (api: ApiName) => `Check ${CREDENTIALS[api]} (see docs/SECRET_ROTATION.md)`,

  forbidden: (api: ApiName) =>
    ({
      notion:
        "Share the database or page with the integration (••• menu → Connections) and check the integration's capabilities",
      unifi: "The API key's account cannot see this resource; create the key on an account with access to every site",
      ninjaone:
        "The NinjaOne API client lacks the scope this call needs; grant it (see ninjaone.scope, e.g. monitoring) and check NINJAONE_CLIENT_ID",
    })[api],

  notFound: (api: ApiName) =>
    api === "notion"
      ? "Check the id in the config (databases.*) and that the database is shared with the integration"
      : `The record no longer exists in ${LABEL[api]} or the id is wrong; the next run re-reads the list`,

  conflict: (api: ApiName) =>
    `${LABEL[api]} refused the write because of a concurrent edit; it was retried with backoff, and the next run writes it again`,

  rateLimited: (api: ApiName, retryAfterMs?: number) =>
    `All ${LABEL[api]} calls pause ${
      retryAfterMs === undefined ? "with backoff" : `for ${formatSeconds(retryAfterMs)}`
    } and resume by themselves; if this keeps happening lower ${RATE_SETTING[api]}`,

  deferred: (api: ApiName) =>
    `Nothing was marked failed; the run resumes once the wait is over (the scheduler retries then; from the CLI, run sync again later). If it happens often, other integrations share the ${LABEL[api]} workspace's limit, or raise notion.max_rate_limit_wait_minutes`,

  validation: (_api: ApiName) =>
    "The request was refused as invalid and is not retried; fix the field named above (a mapping bug or out-of-range source data)",

  timeout: (api: ApiName) =>
    `Retried automatically when safe; if it keeps happening check ${LABEL[api]}'s status page and api_timeout_seconds`,

  circuitOpen: (api: ApiName, retryInMs: number) =>
    `No ${LABEL[api]} calls are sent for ${formatSeconds(retryInMs)}, then one probe call tests it; check ${LABEL[api]}'s status page, or reset the breaker from the admin API once it is healthy`,

  upstream: (api: ApiName) =>
    `${LABEL[api]} is failing on its side; reads are retried automatically. If it persists check ${LABEL[api]}'s status page`,

  network: (api: ApiName, causeCode?: string) =>
    causeCode && /CERT|SSL|TLS|SELF_SIGNED|ISSUER|VERIFY/i.test(causeCode)
      ? `The server's TLS certificate was not trusted: behind a TLS-inspecting proxy give the service its CA (NODE_EXTRA_CA_CERTS=/path/ca.pem, then restart; docs/RUNBOOK.md, TLS)`
      : `Check DNS, proxy and firewall from this host to ${BASE_URL_SETTING[api]}; reads are retried automatically`,

  outcomeUnknown: (_api: ApiName) =>
    "Look the record up before sending it again (the sync does this on its next pass); never re-send blindly",

  malformed: (api: ApiName) =>
    `${LABEL[api]} answered with an unexpected shape (its API may have changed); not retried, report it with this message`,

  unexpected: (api: ApiName) => `Unexpected failure talking to ${LABEL[api]}; see the log entry for details`,
};

/** "1 s", "42 s", "1.5 s": whole seconds unless the wait is short. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 || Number.isInteger(s) ? Math.ceil(s) : s.toFixed(1)} s`;
}
