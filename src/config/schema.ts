import { z } from "zod";
import { SchedulerSchema } from "../schedule/config-schema";

/**
 * The one configuration file. Keys the runbook edits keep their names (`databases.*`,
 * `sync_rate_limit_per_second`, `sync_batch_size`, `api_timeout_seconds`); every object is
 * strict so a typo is an error instead of a silently ignored setting. Secrets never live here:
 * they come from the environment (see secrets.ts).
 */

/**
 * A base URL: http(s), and no credentials in it (a `user:TOKEN@` or a `?api_key=` would be
 * printed by `config` and logged with every request; secrets come from the environment only).
 * The message names the problem, never the value.
 */
const httpUrl = z
  .url({ protocol: /^https?$/, message: "expected an http(s) URL" })
  .refine((u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password), "must not carry credentials (user:password@); secrets come from the environment (e.g. NOTION_TOKEN)")
  .refine((u) => !URL.canParse(u) || (!new URL(u).search && !new URL(u).hash), "must not carry a query or fragment (an api_key=… would be logged); secrets come from the environment")
  .transform((u) => u.replace(/\/+$/, ""));

/** Notion ids are UUIDs, with or without dashes, as copied from a database URL. */
const notionId = z
  .string()
  .regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i, {
    message: "expected a Notion id (32 hex digits, dashes optional)",
  });

/**
 * An organization id in `sync.site_mapping`. `oberaconnect-sync match` writes a placeholder
 * there for each site it could not settle ("<choose: 12 | 13>"); it must not parse, so that a
 * snippet pasted unedited is an error instead of a link nobody chose. The message says so
 * without echoing the value.
 */
const mappedOrgId = z
  .number({
    error: (issue) =>
      typeof issue.input === "string"
        ? "a placeholder or text where an organization id belongs: replace it with the NinjaOne organization id (a number) the site belongs to, or move the site to sync.site_mapping_exclude"
        : undefined,
  })
  .int()
  .positive();

const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

const priority = z.number().int().min(0).max(9);

export const ConfigSchema = z
  .object({
    /** Notion database ids; `setup-databases` fills them in. */
    databases: z
      .object({
        customer_status: notionId.optional(),
        sites: notionId.optional(),
        devices: notionId.optional(),
        alerts: notionId.optional(),
      })
      .strict()
      .prefault({}),
    /** Notion's documented average is 3 requests/s per integration; going above earns 429s. */
    sync_rate_limit_per_second: z.number().positive().max(50).default(3),
    sync_batch_size: z.number().int().min(1).max(1000).default(50),
    api_timeout_seconds: z.number().positive().max(300).default(10),
    server: z
      .object({
        port: z.number().int().min(0).max(65535).default(8080),
        /**
         * Loopback by default: the admin API and /metrics are for this machine unless an operator
         * says otherwise ("0.0.0.0" in a container, whose port the host publishes).
         */
        host: z.string().min(1).default("127.0.0.1"),
        /** Wrong admin tokens a client may send per minute before it waits (429, doubling waits). */
        admin_failed_logins_per_minute: z.number().int().min(1).max(10_000).default(5),
      })
      .strict()
      .prefault({}),
    ledger: z
      .object({
        /** Relative paths resolve against the config file's directory. */
        path: z.string().min(1).default("data/ledger.db"),
      })
      .strict()
      .prefault({}),
    notion: z
      .object({
        base_url: httpUrl.default("https://api.notion.com"),
        /** Page under which `setup-databases` creates the databases. */
        parent_page_id: notionId.optional(),
        /**
         * The workspace plan's per-connection budget, if the operator knows it: Notion allows a
         * fixed number of requests per 60-second window, "spent at any pace within the window"
         * (the numbers per plan are not published in a form we can rely on). With it, never more
         * than `requests` go out in any rolling window, and what matters (alerts, customers going
         * down) may spend it in a burst ahead of the steady pace (sync_rate_limit_per_second).
         */
        request_budget: z
          .object({
            requests: z.number().int().min(1).max(100_000),
            window_seconds: z.number().positive().max(3600).default(60),
          })
          .strict()
          .optional(),
        /**
         * The longest a run waits for Notion's rate limits before it stops as "deferred" (nothing
         * marked failed; the scheduler resumes it when the wait is over). A workspace-wide limit's
         * Retry-After "can be longer than a minute".
         */
        max_rate_limit_wait_minutes: z.number().positive().max(24 * 60).default(15),
      })
      .strict()
      .prefault({}),
    unifi: z
      .object({
        enabled: z.boolean().default(true),
        base_url: httpUrl.default("https://api.ui.com"),
        /** v1 allows 10,000 requests/min; staying far below leaves room for other tools. */
        rate_limit_per_second: z.number().positive().max(150).default(10),
        page_size: z.number().int().min(1).max(1000).default(200),
      })
      .strict()
      .prefault({}),
    ninjaone: z
      .object({
        enabled: z.boolean().default(true),
        /** Regional instance, e.g. https://eu.ninjarmm.com. */
        base_url: httpUrl.default("https://app.ninjarmm.com"),
        scope: z.string().min(1).default("monitoring"),
        /** NinjaOne v2 documents no limit; this is deliberately modest. */
        rate_limit_per_second: z.number().positive().max(100).default(5),
        page_size: z.number().int().min(1).max(1000).default(500),
        /**
         * NinjaOne's webhook (POST /webhooks/ninjaone on `serve`): the service's address as NinjaOne
         * reaches it (behind a proxy, the proxy's), for `webhooks register`; and the header that
         * carries NINJAONE_WEBHOOK_SECRET (deliveries are not signed: the secret is the proof).
         */
        webhook: z
          .object({
            public_url: httpUrl.optional(),
            secret_header: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).default("X-OberaConnect-Webhook-Secret"),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    circuit_breaker: z
      .object({
        failure_threshold: z.number().int().min(1).max(100).default(5),
        reset_timeout_seconds: z.number().positive().max(3600).default(60),
      })
      .strict()
      .prefault({}),
    retry: z
      .object({
        max_attempts: z.number().int().min(1).max(20).default(5),
        max_total_seconds: z.number().positive().max(3600).default(120),
      })
      .strict()
      .prefault({}),
    sync: z
      .object({
        /** Runs a record may be missing from its source before its page is archived. */
        archive_after_missed_runs: z.number().int().min(1).max(100).default(2),
        /** Explicit UniFi site → NinjaOne organization mapping (site id or site name → org id). */
        site_mapping: z.record(z.string().min(1), mappedOrgId).default({}),
        /** UniFi sites never to link to a customer (site id or site name): labs, the MSP's own, a customer's ex-site. */
        site_mapping_exclude: z.array(z.string().min(1)).default([]),
        /**
         * How long after it was sent a write of unknown outcome (a crash or timeout with it on the
         * wire) may still be applied by Notion; the record is written again only after that (see
         * sync/settle.ts). Notion does not say how long a request may run on its side after the
         * client left; 60 s is the official client's own request timeout, the longest it expects
         * a request to take. The stricter choice: raise it rather than lower it.
         */
        write_settle_seconds: z.number().min(0).max(3600).default(60),
        /**
         * How often each job reads back the pages edited since its last check and rewrites those
         * that do not hold what the ledger recorded (sync/verify.ts): one request per 100 edited
         * pages. 0 turns it off (then only --full-sync repairs such a page).
         */
        verify_every_minutes: z.number().min(0).max(1440).default(10),
      })
      .strict()
      .prefault({}),
    /** The writer: one per ledger, draining the queue of changes by priority (sync/queue.ts). */
    writer: z
      .object({
        /**
         * Priority of each kind of change, lower written first (defaults: alert 0, customer_status 0,
         * status 1, new 2, other 2, archive 3). Within a priority the oldest change goes first.
         */
        priorities: z
          .object({
            alert: priority,
            customer_status: priority,
            status: priority,
            new: priority,
            other: priority,
            archive: priority,
          })
          .partial()
          .strict()
          .default({}),
        /**
         * How often the "Sync status" line in each Notion database's description may be rewritten
         * (minutes; 0 turns it off): at most one write per database per this long, never one per record.
         */
        status_line_minutes: z.number().min(0).max(1440).default(5),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: logLevel.default("info"),
        /** Also append JSON lines here (relative to the config file's directory). */
        file: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    /** When `serve` syncs on its own; see scheduler-schema.ts. */
    scheduler: SchedulerSchema.prefault({}),
    /**
     * On SIGTERM/SIGINT: how long the running sync may take to stop between requests, and the
     * server to finish in-flight requests, before the process exits anyway. Fly.io and systemd
     * give 20 s and 90 s by default; keep this below the platform's kill timeout.
     */
    shutdown_timeout_seconds: z.number().positive().max(600).default(20),
    status_page: z
      .object({
        /**
         * true: the status page's read-only parts (freshness, plots, runs, circuits, scheduler)
         * show without signing in; no button, failure detail or run detail. Default: sign in.
         */
        public_read: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        /**
         * true: GET /metrics needs the admin token like /admin/*; false: open. Unset: open while the
         * service listens on loopback only, token required once it listens beyond (the series name
         * customers, sites and error counts).
         */
        require_token: z.boolean().optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type LogLevel = z.infer<typeof logLevel>;
export const LogLevelSchema = logLevel;
