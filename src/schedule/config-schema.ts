import { z } from "zod";
import { JOB_NAMES, type JobName } from "../core/snapshot";
import { compileCron, shortestCronGapMs, type JobSchedule } from "./timing";
import { WEEKDAYS, coversWholeWeek, resolveTimeZone } from "./windows";

/**
 * The `scheduler` block: when `serve` runs each sync job on its own, and when it must not.
 *
 *   "scheduler": {
 *     "enabled": true,
 *     "every_seconds": 900, "jitter_seconds": 30,
 *     "jobs": { "alerts": { "every_seconds": 300 }, "devices": { "cron": "*\/15 * * * *" } },
 *     "maintenance_windows": [{ "days": ["sun"], "start": "02:00", "end": "04:00", "time_zone": "America/New_York" }]
 *   }
 *
 * Parsing resolves the defaults, so the parsed `jobs` always has all four jobs, each with either
 * `every_seconds` or `cron` + `time_zone`, and its `jitter_seconds` (what `config` prints is
 * what will happen). How jitter is applied: src/scheduler/timing.ts; what a window covers
 * across DST: src/scheduler/windows.ts.
 */

const WEEK_SECONDS = 7 * 86_400;
/** Alerts go stale fastest; they run every 5 minutes unless configured (see `resolve`). */
const ALERTS_DEFAULT_SECONDS = 300;

/** Whole seconds. 10 s is the floor (tests use short intervals); a week the ceiling. */
const intervalSeconds = z.number().int().min(10).max(WEEK_SECONDS);
const jitterSeconds = z.number().int().min(0).max(WEEK_SECONDS);

/**
 * An IANA zone name as Intl knows it, stored canonical ("utc" → "UTC"). EST, MST and HST are
 * refused although IANA has them: they are fixed offsets without daylight saving, and "EST" is
 * how people (the legacy runbook included) write New York time — which is America/New_York.
 */
const timeZone = z.string().transform((name, ctx) => {
  const fixed = { EST: "America/New_York", MST: "America/Denver", HST: "Pacific/Honolulu" }[name.toUpperCase()];
  if (fixed) {
    ctx.addIssue({
      code: "custom",
      message: `${name} is a fixed offset with no daylight saving; use a location zone such as ${fixed} (or Etc/GMT+N for a fixed offset on purpose)`,
    });
    return z.NEVER;
  }
  const resolved = resolveTimeZone(name);
  if (!resolved) {
    ctx.addIssue({ code: "custom", message: "expected an IANA time zone name such as America/New_York or UTC" });
    return z.NEVER;
  }
  return resolved;
});

const clockTime = /^([01]\d|2[0-3]):[0-5]\d$/;

const windowSchema = z
  .object({
    /** The days the window starts on. */
    days: z
      .array(z.enum(WEEKDAYS, { message: `expected one of ${WEEKDAYS.join(", ")}` }))
      .min(1, { message: "list at least one day" })
      .refine((days) => new Set(days).size === days.length, { message: "a day is listed twice" }),
    start: z.string().regex(clockTime, { message: 'expected "HH:MM", 24-hour, 00:00–23:59' }),
    /** At or before `start`: the window crosses midnight into the next day. */
    end: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: 'expected "HH:MM", 24-hour, 00:00–24:00' }),
    time_zone: timeZone.default("UTC"),
  })
  .strict()
  .refine((w) => w.start !== w.end, {
    path: ["end"],
    message: 'equals start: a window must have a length (use "00:00"–"24:00" for a whole day)',
  });

const jobSchema = z
  .object({
    /** Run every N seconds (from the previous start). Default: the block's every_seconds. */
    every_seconds: intervalSeconds.optional(),
    /** Or on a 5-field cron pattern (croner syntax), e.g. "*\/15 * * * *". */
    cron: z.string().optional(),
    /** Zone the cron pattern is read in; only with `cron`. Default UTC. */
    time_zone: timeZone.optional(),
    /** Overrides the block's jitter_seconds for this job. */
    jitter_seconds: jitterSeconds.optional(),
  })
  .strict()
  .superRefine((job, ctx) => {
    if (job.cron !== undefined && job.every_seconds !== undefined) {
      ctx.addIssue({ code: "custom", path: ["cron"], message: "set either every_seconds or cron, not both" });
      return;
    }
    if (job.time_zone !== undefined && job.cron === undefined) {
      ctx.addIssue({ code: "custom", path: ["time_zone"], message: "applies only with cron (an interval does not depend on the zone)" });
    }
    if (job.cron !== undefined) {
      try {
        compileCron(job.cron, job.time_zone ?? "UTC");
      } catch (err) {
        ctx.addIssue({ code: "custom", path: ["cron"], message: `not a usable cron pattern: ${(err as Error).message}` });
      }
    }
  });

type JobInput = z.infer<typeof jobSchema>;

const jobsSchema = z
  .object(Object.fromEntries(JOB_NAMES.map((name) => [name, jobSchema.optional()])) as Record<JobName, z.ZodOptional<typeof jobSchema>>)
  .strict()
  .prefault({});

/** A job as parsed: every default filled in. */
export type ResolvedJob =
  | { every_seconds: number; jitter_seconds: number }
  | { cron: string; time_zone: string; jitter_seconds: number };

type Block = {
  every_seconds: number;
  jitter_seconds: number;
  jobs: Partial<Record<JobName, JobInput>>;
};

/**
 * A job's effective settings. Unconfigured jobs run every `every_seconds`, except alerts, which
 * run every min(300, every_seconds): raising the general interval to save API calls should not
 * leave alerts half an hour late, and lowering it below 5 minutes speeds alerts up too. A job
 * entry giving only jitter_seconds keeps that default interval.
 */
function resolveJob(block: Block, name: JobName): ResolvedJob {
  const job = block.jobs[name] ?? {};
  const jitter_seconds = job.jitter_seconds ?? block.jitter_seconds;
  if (job.cron !== undefined) return { cron: job.cron, time_zone: job.time_zone ?? "UTC", jitter_seconds };
  const fallback = name === "alerts" ? Math.min(ALERTS_DEFAULT_SECONDS, block.every_seconds) : block.every_seconds;
  return { every_seconds: job.every_seconds ?? fallback, jitter_seconds };
}

export const SchedulerSchema = z
  .object({
    /** `serve` runs syncs on its own; false leaves only `sync` and the admin route. */
    enabled: z.boolean().default(true),
    /** Default interval of every job (alerts: see resolveJob). */
    every_seconds: intervalSeconds.default(900),
    /** Randomness around each due time, so restarts and several instances do not align. */
    jitter_seconds: jitterSeconds.default(30),
    jobs: jobsSchema,
    /** No job starts inside one; a job falling due inside runs when it ends. */
    maintenance_windows: z.array(windowSchema).default([]),
  })
  .strict()
  .superRefine((block, ctx) => {
    // Jitter must stay below the interval (or a cron pattern's shortest gap), else a run could
    // land before the previous one or swallow the next fire time. The issue goes where the
    // operator would fix it: the job's own jitter, else its interval or pattern, else the
    // block's jitter (one line naming every job it affects). Values already refused on their
    // own field are not compared again.
    const problems = new Map<string, { path: string[]; message: string; jobs: JobName[] }>();
    for (const name of JOB_NAMES) {
      const given = block.jobs?.[name];
      const job = resolveJob(block, name);
      if (!jitterSeconds.safeParse(job.jitter_seconds).success) continue;
      let gapSeconds: number;
      let what: string;
      if ("cron" in job) {
        try {
          gapSeconds = shortestCronGapMs(job.cron, job.time_zone) / 1000;
        } catch {
          continue; // an unusable pattern; already reported on jobs.<name>.cron
        }
        what = `the shortest gap of the cron pattern (${gapSeconds} s)`;
      } else {
        if (!intervalSeconds.safeParse(job.every_seconds).success) continue;
        gapSeconds = job.every_seconds;
        what = `the interval (${gapSeconds} s)`;
      }
      if (job.jitter_seconds < gapSeconds) continue;
      const path =
        given?.jitter_seconds !== undefined
          ? ["jobs", name, "jitter_seconds"]
          : given?.every_seconds !== undefined
            ? ["jobs", name, "every_seconds"]
            : given?.cron !== undefined
              ? ["jobs", name, "cron"]
              : ["jitter_seconds"];
      const message = `jitter (${job.jitter_seconds} s) must be less than ${what}`;
      const key = `${path.join(".")}\u0000${message}`;
      const entry = problems.get(key) ?? { path, message, jobs: [] };
      entry.jobs.push(name);
      problems.set(key, entry);
    }
    for (const { path, message, jobs } of problems.values()) {
      ctx.addIssue({ code: "custom", path, message: `${message} (job${jobs.length > 1 ? "s" : ""} ${jobs.join(", ")})` });
    }
    const windows = block.maintenance_windows ?? [];
    try {
      if (windows.length && coversWholeWeek(windows)) {
        ctx.addIssue({
          code: "custom",
          path: ["maintenance_windows"],
          message: "the windows cover the whole week, so no sync would ever run (set scheduler.enabled to false instead)",
        });
      }
    } catch {
      // a malformed window; already reported on its own field
    }
  })
  .transform((block) => ({
    enabled: block.enabled,
    every_seconds: block.every_seconds,
    jitter_seconds: block.jitter_seconds,
    jobs: Object.fromEntries(JOB_NAMES.map((name) => [name, resolveJob(block, name)])) as Record<JobName, ResolvedJob>,
    maintenance_windows: block.maintenance_windows,
  }));

/** `scheduler` as parsed (Config["scheduler"]). */
export type SchedulerConfig = z.infer<typeof SchedulerSchema>;
export type MaintenanceWindowConfig = SchedulerConfig["maintenance_windows"][number];

/** Each job's effective schedule, in milliseconds, for the scheduler. */
export function jobSchedules(config: { scheduler: SchedulerConfig }): Record<JobName, JobSchedule> {
  const entries = JOB_NAMES.map((name): [JobName, JobSchedule] => {
    const job = config.scheduler.jobs[name];
    const jitterMs = job.jitter_seconds * 1000;
    return [
      name,
      "cron" in job
        ? { kind: "cron", pattern: job.cron, timeZone: job.time_zone, jitterMs }
        : { kind: "interval", everyMs: job.every_seconds * 1000, jitterMs },
    ];
  });
  return Object.fromEntries(entries) as Record<JobName, JobSchedule>;
}
