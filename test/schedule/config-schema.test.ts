import { describe, expect, test } from "bun:test";
import { parseConfig } from "../../src/config/load";
import { ConfigError } from "../../src/config/errors";
import { jobSchedules, type ResolvedJob } from "../../src/schedule/config-schema";

const FILE = "/etc/oberaconnect/config.json";

const parse = (scheduler: unknown) => parseConfig({ scheduler }, { file: FILE, env: {} }).config;

/** The problems a scheduler block earns, or [] when it parses. */
function problems(scheduler: unknown): string[] {
  try {
    parse(scheduler);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

const every = (s: number, jitter = 30): ResolvedJob => ({ every_seconds: s, jitter_seconds: jitter });

describe("scheduler config: defaults", () => {
  test("no scheduler block: enabled, 900 s, alerts 300 s, jitter 30 s, no windows", () => {
    const config = parseConfig({}, { file: FILE, env: {} }).config;
    expect(config.scheduler).toEqual({
      enabled: true,
      every_seconds: 900,
      jitter_seconds: 30,
      jobs: { customers: every(900), sites: every(900), devices: every(900), alerts: every(300) },
      maintenance_windows: [],
    });
    expect(jobSchedules(config)).toEqual({
      customers: { kind: "interval", everyMs: 900_000, jitterMs: 30_000 },
      sites: { kind: "interval", everyMs: 900_000, jitterMs: 30_000 },
      devices: { kind: "interval", everyMs: 900_000, jitterMs: 30_000 },
      alerts: { kind: "interval", everyMs: 300_000, jitterMs: 30_000 },
    });
  });

  test("the brief's example block parses as written", () => {
    const config = parse({
      enabled: true,
      every_seconds: 900,
      jitter_seconds: 30,
      jobs: { alerts: { every_seconds: 300 } },
      maintenance_windows: [{ days: ["sun"], start: "02:00", end: "04:00", time_zone: "America/New_York" }],
    });
    expect(config.scheduler.jobs.alerts).toEqual(every(300));
    expect(config.scheduler.maintenance_windows).toEqual([
      { days: ["sun"], start: "02:00", end: "04:00", time_zone: "America/New_York" },
    ]);
  });

  test.each([
    // [block, job name, resolved job]
    [{ every_seconds: 3600 }, "alerts", every(300)], // alerts keep their 5 minutes when the rest slow down
    [{ every_seconds: 3600 }, "devices", every(3600)],
    [{ every_seconds: 60 }, "alerts", every(60)], // … and speed up with them: min(300, every_seconds)
    [{ every_seconds: 300 }, "alerts", every(300)],
    [{ every_seconds: 3600, jobs: { alerts: { every_seconds: 1800 } } }, "alerts", every(1800)],
    [{ jobs: { alerts: { jitter_seconds: 5 } } }, "alerts", every(300, 5)], // jitter alone keeps the default interval
    [{ jitter_seconds: 0 }, "sites", every(900, 0)],
    [{ jobs: { sites: { every_seconds: 10, jitter_seconds: 9 } } }, "sites", every(10, 9)], // the floor; jitter just below it
    [{ jobs: { sites: { every_seconds: 604_800 } } }, "sites", every(604_800)], // the ceiling: 7 days
    [{ jobs: { devices: { cron: "*/15 * * * *" } } }, "devices", { cron: "*/15 * * * *", time_zone: "UTC", jitter_seconds: 30 }],
    [
      { jobs: { devices: { cron: "30 2 * * 0", time_zone: "america/new_york", jitter_seconds: 0 } } },
      "devices",
      { cron: "30 2 * * 0", time_zone: "America/New_York", jitter_seconds: 0 }, // zone stored canonical
    ],
    [{ jobs: { customers: { cron: "@hourly" } } }, "customers", { cron: "@hourly", time_zone: "UTC", jitter_seconds: 30 }],
    [{ enabled: false }, "customers", every(900)],
  ] as const)("%j → %s %j", (block, name, expected) => {
    expect(parse(block).scheduler.jobs[name]).toEqual(expected as ResolvedJob);
  });

  test("jobSchedules turns seconds into milliseconds and keeps cron jobs as patterns", () => {
    const config = parse({ jitter_seconds: 12, jobs: { alerts: { cron: "*/5 * * * *", time_zone: "Europe/Berlin" }, sites: { every_seconds: 60 } } });
    expect(jobSchedules(config)).toEqual({
      customers: { kind: "interval", everyMs: 900_000, jitterMs: 12_000 },
      sites: { kind: "interval", everyMs: 60_000, jitterMs: 12_000 },
      devices: { kind: "interval", everyMs: 900_000, jitterMs: 12_000 },
      alerts: { kind: "cron", pattern: "*/5 * * * *", timeZone: "Europe/Berlin", jitterMs: 12_000 },
    });
  });

  test.each([
    [{ days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], start: "00:00", end: "23:00" }],
    [{ days: ["sat"], start: "23:00", end: "01:00" }], // crosses midnight into Sunday
    [{ days: ["fri"], start: "22:00", end: "00:00" }], // to midnight, written 00:00
    [{ days: ["fri"], start: "22:00", end: "24:00" }], // to midnight, written 24:00
    [{ days: ["wed"], start: "00:00", end: "24:00" }], // a whole day
    [{ days: ["sun"], start: "23:59", end: "24:00" }],
  ])("window %j is valid (time_zone defaults to UTC)", (window) => {
    const parsed: unknown = parse({ maintenance_windows: [window] }).scheduler.maintenance_windows;
    expect(parsed).toEqual([{ ...window, time_zone: "UTC" }]);
  });
});

describe("scheduler config: refused", () => {
  const window = (w: Record<string, unknown>) => ({ maintenance_windows: [{ days: ["sun"], start: "02:00", end: "04:00", ...w }] });

  test.each([
    // bounds and types
    [{ enabled: "yes" }, "scheduler.enabled"],
    [{ every_seconds: 9 }, "scheduler.every_seconds"],
    [{ every_seconds: 604_801 }, "scheduler.every_seconds"],
    [{ every_seconds: 60.5 }, "scheduler.every_seconds"],
    [{ every_seconds: "900" }, "scheduler.every_seconds"],
    [{ jitter_seconds: -1 }, "scheduler.jitter_seconds"],
    [{ jitter_seconds: 1.5 }, "scheduler.jitter_seconds"],
    [{ jobs: { alerts: { every_seconds: 5 } } }, "scheduler.jobs.alerts.every_seconds"],
    [{ jobs: { sites: { jitter_seconds: -5 } } }, "scheduler.jobs.sites.jitter_seconds"],
    [{ jobs: [] }, "scheduler.jobs"],
    [{ jobs: { alerts: 300 } }, "scheduler.jobs.alerts"],
    // jitter must be less than the interval; the issue sits where the operator would fix it
    [{ every_seconds: 20 }, "scheduler.jitter_seconds"], // alerts and the rest: 20 s with the default 30 s jitter
    [{ jitter_seconds: 300 }, "scheduler.jitter_seconds"], // alerts' 300 s
    [{ jobs: { sites: { every_seconds: 30 } } }, "scheduler.jobs.sites.every_seconds"], // = the inherited 30 s jitter
    [{ jobs: { sites: { every_seconds: 60, jitter_seconds: 60 } } }, "scheduler.jobs.sites.jitter_seconds"],
    [{ jobs: { devices: { cron: "* * * * *" } , alerts: { every_seconds: 60 } }, jitter_seconds: 60 }, "scheduler.jobs.devices.cron"],
    [{ jobs: { devices: { cron: "*/5 * * * *", jitter_seconds: 300 } } }, "scheduler.jobs.devices.jitter_seconds"],
    // cron
    [{ jobs: { alerts: { cron: "*/15 * * *" } } }, "scheduler.jobs.alerts.cron"],
    [{ jobs: { alerts: { cron: "61 * * * *" } } }, "scheduler.jobs.alerts.cron"],
    [{ jobs: { alerts: { cron: "*/0 * * * *" } } }, "scheduler.jobs.alerts.cron"],
    [{ jobs: { alerts: { cron: "" } } }, "scheduler.jobs.alerts.cron"],
    [{ jobs: { alerts: { cron: "bogus" } } }, "scheduler.jobs.alerts.cron"],
    [{ jobs: { alerts: { cron: "*/5 * * * * *" } } }, "scheduler.jobs.alerts.cron"], // a seconds field
    [{ jobs: { alerts: { cron: "0 0 1 1 * 2030" } } }, "scheduler.jobs.alerts.cron"], // a year field
    [{ jobs: { alerts: { cron: "2026-06-01T00:00:00" } } }, "scheduler.jobs.alerts.cron"], // one-shot date
    [{ jobs: { alerts: { cron: "0 0 30 2 *" } } }, "scheduler.jobs.alerts.cron"], // February 30th
    [{ jobs: { alerts: { cron: 15 } } }, "scheduler.jobs.alerts.cron"],
    [{ jobs: { alerts: { cron: "*/15 * * * *", every_seconds: 300 } } }, "scheduler.jobs.alerts.cron"],
    [{ jobs: { alerts: { every_seconds: 300, time_zone: "UTC" } } }, "scheduler.jobs.alerts.time_zone"],
    [{ jobs: { alerts: { cron: "*/15 * * * *", time_zone: "Mars/Olympus" } } }, "scheduler.jobs.alerts.time_zone"],
    [{ jobs: { alerts: { cron: "*/15 * * * *", time_zone: "" } } }, "scheduler.jobs.alerts.time_zone"],
    [{ jobs: { alerts: { cron: "*/15 * * * *", time_zone: "+05:00" } } }, "scheduler.jobs.alerts.time_zone"],
    // windows
    [{ maintenance_windows: {} }, "scheduler.maintenance_windows"],
    [window({ days: [] }), "scheduler.maintenance_windows.[0].days"],
    [window({ days: "sun" }), "scheduler.maintenance_windows.[0].days"],
    [window({ days: ["sunday"] }), "scheduler.maintenance_windows.[0].days.[0]"],
    [window({ days: ["Sun"] }), "scheduler.maintenance_windows.[0].days.[0]"],
    [window({ days: ["sun", "sun"] }), "scheduler.maintenance_windows.[0].days"],
    [window({ start: "2:00" }), "scheduler.maintenance_windows.[0].start"],
    [window({ start: "24:00" }), "scheduler.maintenance_windows.[0].start"],
    [window({ start: "12:60" }), "scheduler.maintenance_windows.[0].start"],
    [window({ start: "02:00:00" }), "scheduler.maintenance_windows.[0].start"],
    [window({ end: "24:01" }), "scheduler.maintenance_windows.[0].end"],
    [window({ end: "4pm" }), "scheduler.maintenance_windows.[0].end"],
    [window({ end: "02:00" }), "scheduler.maintenance_windows.[0].end"], // zero length
    [window({ start: "00:00", end: "00:00" }), "scheduler.maintenance_windows.[0].end"],
    [window({ time_zone: "New York" }), "scheduler.maintenance_windows.[0].time_zone"],
    [window({ time_zone: "EST" }), "scheduler.maintenance_windows.[0].time_zone"], // fixed offset: not what "EST" means to people
    [window({ time_zone: 5 }), "scheduler.maintenance_windows.[0].time_zone"],
    [
      { maintenance_windows: [{ days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], start: "00:00", end: "24:00" }] },
      "scheduler.maintenance_windows",
    ],
    [
      {
        // every minute of the week, in two windows: Mon–Sun 06:00–24:00 and 00:00–06:00 the day after
        maintenance_windows: [
          { days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], start: "06:00", end: "24:00" },
          { days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], start: "18:00", end: "06:00" },
        ],
      },
      "scheduler.maintenance_windows",
    ],
  ])("%j → error naming %s", (block, path) => {
    const found = problems(block);
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((p) => p.startsWith(`${path}: `))).toBe(true);
  });

  test.each([
    [{ bogus: 1 }, "scheduler.bogus", " (check the spelling; see the config reference)"],
    [{ every_second: 900 }, "scheduler.every_second", ' (did you mean "every_seconds"?)'],
    [{ jobs: { alert: { every_seconds: 300 } } }, "scheduler.jobs.alert", ' (did you mean "alerts"?)'],
    [{ jobs: { notion: {} } }, "scheduler.jobs.notion", " (check the spelling; see the config reference)"],
    [{ jobs: { alerts: { every: 300 } } }, "scheduler.jobs.alerts.every", " (check the spelling; see the config reference)"],
    [window({ timezone: "UTC" }), "scheduler.maintenance_windows.[0].timezone", ' (did you mean "time_zone"?)'],
  ])("unknown key %j is refused as %s, with the likely name when there is one", (block, path, hint) => {
    expect(problems(block)).toContain(`${path}: unknown key${hint}`);
  });

  test("messages say what is wrong", () => {
    expect(problems({ jobs: { alerts: { cron: "61 * * * *" } } })).toEqual([
      "scheduler.jobs.alerts.cron: not a usable cron pattern: Invalid value for minute: 61",
    ]);
    expect(problems({ jobs: { alerts: { cron: "*/15 * * * *", every_seconds: 300 } } })).toEqual([
      "scheduler.jobs.alerts.cron: set either every_seconds or cron, not both",
    ]);
    expect(problems({ every_seconds: 20 })).toEqual([
      "scheduler.jitter_seconds: jitter (30 s) must be less than the interval (20 s) (jobs customers, sites, devices, alerts)",
    ]);
    expect(problems({ every_seconds: 60, jitter_seconds: 60, jobs: { alerts: { every_seconds: 90 } } })).toEqual([
      "scheduler.jitter_seconds: jitter (60 s) must be less than the interval (60 s) (jobs customers, sites, devices)",
    ]);
    expect(problems({ jobs: { devices: { cron: "*/5 * * * *", jitter_seconds: 300 } } })).toEqual([
      "scheduler.jobs.devices.jitter_seconds: jitter (300 s) must be less than the shortest gap of the cron pattern (300 s) (job devices)",
    ]);
    // a value refused on its own field is not compared again
    expect(problems({ every_seconds: 5 })).toEqual(["scheduler.every_seconds: Too small: expected number to be >=10"]);
    expect(problems(window({ time_zone: "EST" }))[0]).toContain("use a location zone such as America/New_York");
    expect(problems(window({ end: "02:00" }))).toEqual([
      'scheduler.maintenance_windows.[0].end: equals start: a window must have a length (use "00:00"–"24:00" for a whole day)',
    ]);
  });

  test("several problems are all reported", () => {
    const found = problems({ every_seconds: 5, jobs: { alerts: { cron: "nope" } }, maintenance_windows: [{ days: [], start: "x", end: "y" }] });
    for (const path of [
      "scheduler.every_seconds",
      "scheduler.jobs.alerts.cron",
      "scheduler.maintenance_windows.[0].days",
      "scheduler.maintenance_windows.[0].start",
      "scheduler.maintenance_windows.[0].end",
    ]) {
      expect(found.some((p) => p.startsWith(`${path}: `))).toBe(true);
    }
  });
});
