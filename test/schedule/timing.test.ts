import { describe, expect, test } from "bun:test";
import { Cron } from "croner";
import { createRng } from "@oberaconnect/common/random";
import {
  compileCron,
  nextCronDue,
  nextCronFire,
  nextDue,
  nextIntervalDue,
  shortestCronGapMs,
  spread,
  symmetricJitter,
  type JobSchedule,
} from "../../src/schedule/timing";
import type { MaintenanceWindow } from "../../src/schedule/windows";

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();
const always = (r: number) => () => r;
/** The largest double below 1, as Math.random can return. */
const ALMOST_ONE = 1 - Number.EPSILON / 2;
const NY = "America/New_York";
const NOW = ms("2026-01-05T12:00:00Z");
const S = 1000;
const MIN = 60 * S;

describe("jitter primitives", () => {
  test.each([
    // rand, spread(30 s), symmetric(30 s)
    [0, 0, -30 * S],
    [0.25, 7.5 * S, -15 * S],
    [0.5, 15 * S, 0],
    [ALMOST_ONE, 30 * S - 1, 30 * S],
    [1, 30 * S, 30 * S], // a rand returning exactly 1 (not Math.random) still stays in bounds
    [-0.5, 0, -30 * S], // out-of-range rand is clamped, never trusted
    [7, 30 * S, 30 * S],
    [Number.NaN, 0, -30 * S],
  ])("rand %p → spread %p, symmetric %p", (r, s, sym) => {
    expect(spread(30 * S, always(r))).toBe(s);
    expect(symmetricJitter(30 * S, always(r))).toBe(sym);
  });

  test("over 20,000 seeded draws: spread ∈ [0, j], symmetric ∈ [-j, +j], both reach near their ends, integers", () => {
    const rand = createRng(42);
    const j = 30 * S;
    let [minS, maxS, minJ, maxJ] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < 20_000; i++) {
      const s = spread(j, rand);
      const sym = symmetricJitter(j, rand);
      expect(Number.isInteger(s) && Number.isInteger(sym)).toBe(true);
      [minS, maxS, minJ, maxJ] = [Math.min(minS, s), Math.max(maxS, s), Math.min(minJ, sym), Math.max(maxJ, sym)];
    }
    expect(minS).toBeGreaterThanOrEqual(0);
    expect(maxS).toBeLessThanOrEqual(j);
    expect(minJ).toBeGreaterThanOrEqual(-j);
    expect(maxJ).toBeLessThanOrEqual(j);
    expect(minS).toBeLessThan(0.01 * j);
    expect(maxS).toBeGreaterThan(0.99 * j);
    expect(minJ).toBeLessThan(-0.98 * j);
    expect(maxJ).toBeGreaterThan(0.98 * j);
  });

  test("zero jitter is exactly zero", () => {
    expect(spread(0, always(0.7))).toBe(0);
    expect(symmetricJitter(0, always(0.1))).toBe(0);
  });
});

describe("nextIntervalDue (every 15 min, jitter 30 s)", () => {
  const every = 15 * MIN;
  const j = 30 * S;
  test.each([
    // name, lastStart, rand, due
    ["first run, rand 0: now", null, 0, NOW],
    ["first run, rand 0.5: now + 15 s", null, 0.5, NOW + 15 * S],
    ["first run, rand → 1: now + 30 s", null, ALMOST_ONE, NOW + 30 * S - 1],
    ["steady, rand 0: lastStart + 15 min − 30 s", NOW - 5 * MIN, 0, NOW + 10 * MIN - 30 * S],
    ["steady, rand 0.5: lastStart + 15 min", NOW - 5 * MIN, 0.5, NOW + 10 * MIN],
    ["steady, rand → 1: lastStart + 15 min + 30 s", NOW - 5 * MIN, ALMOST_ONE, NOW + 10 * MIN + 30 * S],
    ["steady, a negative jitter past now is clamped to now", NOW - every + 10 * S, 0, NOW],
    ["steady, a positive jitter near now is kept", NOW - every + 10 * S, ALMOST_ONE, NOW + 40 * S],
    ["due exactly now counts as missed: now + spread", NOW - every, 0.5, NOW + 15 * S],
    ["missed while down for 10 h: one run at now + spread", NOW - 10 * 60 * MIN, 0, NOW],
    ["missed while down for 10 h, rand 0.5", NOW - 10 * 60 * MIN, 0.5, NOW + 15 * S],
    ["run overran its interval: now + spread", NOW - 20 * MIN, 0.25, NOW + 7.5 * S],
    ["last start in the future (clock stepped back): counts from now", NOW + 3 * 60 * MIN, 0.5, NOW + every],
  ] as const)("%s", (_name, lastStart, r, due) => {
    expect(nextIntervalDue(lastStart, every, j, NOW, always(r))).toBe(due);
  });

  test("over many seeded rand values: first run in [now, now + j], steady state in [nominal − j, nominal + j] and never before now", () => {
    const rand = createRng(7);
    for (let i = 0; i < 5000; i++) {
      const first = nextIntervalDue(null, every, j, NOW, rand);
      expect(first).toBeGreaterThanOrEqual(NOW);
      expect(first).toBeLessThanOrEqual(NOW + j);
      const lastStart = NOW - Math.floor(rand() * every); // anywhere in the last interval
      const nominal = lastStart + every;
      const due = nextIntervalDue(lastStart, every, j, NOW, rand);
      expect(due).toBeGreaterThanOrEqual(Math.max(NOW, nominal - j));
      expect(due).toBeLessThanOrEqual(nominal + j);
    }
  });

  test("no jitter: exactly every interval", () => {
    expect(nextIntervalDue(NOW - MIN, every, 0, NOW, always(0.9))).toBe(NOW - MIN + every);
    expect(nextIntervalDue(null, every, 0, NOW, always(0.9))).toBe(NOW);
  });

  test("a day of steady runs after a 10-hour outage: one catch-up run, then gaps of every ± 2j, mean ≈ every", () => {
    const rand = createRng(3);
    let now = NOW;
    let lastStart: number | null = NOW - 10 * 60 * MIN;
    const starts: number[] = [];
    while (now < NOW + 24 * 60 * MIN) {
      const due = nextIntervalDue(lastStart, every, j, now, rand);
      expect(due).toBeGreaterThanOrEqual(now);
      starts.push(due);
      lastStart = due;
      now = due + 40 * S; // the run takes 40 s; the scheduler asks again when it ends
    }
    expect(starts[0]! - NOW).toBeLessThanOrEqual(j); // the catch-up: right away, once
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(every - j);
      expect(gap).toBeLessThanOrEqual(every + j);
    }
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(Math.abs(mean - every)).toBeLessThan(5 * S);
  });
});

describe("cron", () => {
  test.each([
    // pattern, zone, after, next fire
    ["*/15 * * * *", "UTC", "2026-01-05T10:07:00Z", "2026-01-05T10:15:00Z"],
    ["*/15 * * * *", "UTC", "2026-01-05T10:15:00Z", "2026-01-05T10:30:00Z"], // strictly after
    ["*/15 * * * *", "UTC", "2026-01-05T10:14:59.999Z", "2026-01-05T10:15:00Z"],
    ["*/15 * * * *", "UTC", "2026-01-05T23:50:00Z", "2026-01-06T00:00:00Z"],
    ["0 9 * * *", NY, "2026-01-05T00:00:00Z", "2026-01-05T14:00:00Z"], // 09:00 EST
    ["0 9 * * *", NY, "2026-07-06T00:00:00Z", "2026-07-06T13:00:00Z"], // 09:00 EDT
    ["0 9 * * 1-5", "Europe/Berlin", "2026-01-09T09:00:00Z", "2026-01-12T08:00:00Z"], // Fri after 09:00 → Mon
    ["@hourly", "UTC", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z"],
  ])("%s in %s after %s → %s", (pattern, zone, after, fire) => {
    expect(iso(nextCronFire(pattern, zone, ms(after)))).toBe(new Date(fire).toISOString());
  });

  describe("DST in America/New_York, as croner 10.0.1 does it", () => {
    test('"30 2 * * *" on 2026-03-08: 02:30 does not exist; croner runs it at 03:30 EDT (07:30 UTC), once — shifted by the gap, not skipped', () => {
      const fires = [ms("2026-03-07T00:00:00Z")];
      for (let i = 0; i < 3; i++) fires.push(nextCronFire("30 2 * * *", NY, fires.at(-1)!));
      expect(fires.slice(1).map(iso)).toEqual([
        "2026-03-07T07:30:00.000Z", // Sat 02:30 EST
        "2026-03-08T07:30:00.000Z", // Sun 03:30 EDT (the shifted 02:30)
        "2026-03-09T06:30:00.000Z", // Mon 02:30 EDT
      ]);
      // Only when asked from before the jump: asked from 03:00–03:29 EDT, croner compares wall
      // times (03:xx is past 02:30) and answers the next day. The scheduler asks from the last
      // start (the day before), so a running process gets the 03:30 run; a process started at
      // 03:10 EDT with no known last start does not.
      expect(iso(nextCronFire("30 2 * * *", NY, ms("2026-03-08T06:59:00Z")))).toBe("2026-03-08T07:30:00.000Z");
      expect(iso(nextCronFire("30 2 * * *", NY, ms("2026-03-08T07:29:00Z")))).toBe("2026-03-09T06:30:00.000Z");
      expect(iso(nextDue({ kind: "cron", pattern: "30 2 * * *", timeZone: NY, jitterMs: 0 }, { lastStartMs: ms("2026-03-07T07:30:00Z") }, ms("2026-03-08T07:10:00Z"), always(0)))).toBe(
        "2026-03-08T07:30:00.000Z",
      );
    });

    test('"30 1 * * *" on 2026-11-01: 01:30 occurs twice; it runs once, at the first (EDT, 05:30 UTC)', () => {
      expect(iso(nextCronFire("30 1 * * *", NY, ms("2026-11-01T00:00:00Z")))).toBe("2026-11-01T05:30:00.000Z");
      expect(iso(nextCronFire("30 1 * * *", NY, ms("2026-11-01T05:30:00Z")))).toBe("2026-11-02T06:30:00.000Z");
    });

    test("croner's own nextRun answers with a PAST instant inside the repeated hour; nextCronFire does not", () => {
      // If a croner upgrade fixes this, the first two expectations fail: then the workaround in
      // nextCronFire can go (the rest must keep passing).
      const raw = (pattern: string, from: string) => new Cron(pattern, { timezone: NY, paused: true }).nextRun(new Date(from))?.toISOString();
      expect(raw("30 1 * * *", "2026-11-01T06:10:00Z")).toBe("2026-11-01T05:30:00.000Z");
      expect(raw("*/15 * * * *", "2026-11-01T06:00:00Z")).toBe("2026-11-01T05:15:00.000Z");
      expect(iso(nextCronFire("30 1 * * *", NY, ms("2026-11-01T06:10:00Z")))).toBe("2026-11-02T06:30:00.000Z");
      expect(iso(nextCronFire("*/15 * * * *", NY, ms("2026-11-01T06:00:00Z")))).toBe("2026-11-01T07:00:00.000Z");
    });

    test('"*/15 * * * *" across both changes: steady through spring forward; the repeated hour is skipped in fall (a 75-minute gap)', () => {
      const chain = (from: string, n: number) => {
        const out = [ms(from)];
        for (let i = 0; i < n; i++) out.push(nextCronFire("*/15 * * * *", NY, out.at(-1)!));
        return out.slice(1).map(iso);
      };
      expect(chain("2026-03-08T06:40:00Z", 5)).toEqual([
        "2026-03-08T06:45:00.000Z", // 01:45 EST
        "2026-03-08T07:00:00.000Z", // 03:00 EDT
        "2026-03-08T07:15:00.000Z",
        "2026-03-08T07:30:00.000Z",
        "2026-03-08T07:45:00.000Z",
      ]);
      expect(chain("2026-11-01T05:40:00Z", 3)).toEqual([
        "2026-11-01T05:45:00.000Z", // 01:45 EDT
        "2026-11-01T07:00:00.000Z", // 02:00 EST: 01:00–01:45 EST are second occurrences, not run
        "2026-11-01T07:15:00.000Z",
      ]);
      for (let t = ms("2026-11-01T05:45:00Z"); t < ms("2026-11-01T07:00:00Z"); t += 5 * MIN) {
        expect(iso(nextCronFire("*/15 * * * *", NY, t))).toBe("2026-11-01T07:00:00.000Z");
      }
    });
  });

  test("nextCronDue delays the fire time by [0, jitter], never earlier", () => {
    const fire = ms("2026-01-05T10:15:00Z");
    expect(nextCronDue("*/15 * * * *", "UTC", ms("2026-01-05T10:07:00Z"), 30 * S, always(0))).toBe(fire);
    expect(nextCronDue("*/15 * * * *", "UTC", ms("2026-01-05T10:07:00Z"), 30 * S, always(0.5))).toBe(fire + 15 * S);
    expect(nextCronDue("*/15 * * * *", "UTC", ms("2026-01-05T10:07:00Z"), 30 * S, always(ALMOST_ONE))).toBe(fire + 30 * S - 1);
    const rand = createRng(9);
    for (let i = 0; i < 1000; i++) {
      const due = nextCronDue("*/15 * * * *", "UTC", ms("2026-01-05T10:07:00Z"), 30 * S, rand);
      expect(due - fire).toBeGreaterThanOrEqual(0);
      expect(due - fire).toBeLessThanOrEqual(30 * S);
    }
  });

  test.each([
    ["61 * * * *", /Invalid value for minute: 61/],
    ["*/5 * * * * *", /requires exactly 5 parts/],
    ["2026-06-01T00:00:00", /one-time date/],
    ["0 0 30 2 *", /never matches a real date/],
  ])("compileCron(%j) throws %p", (pattern, message) => {
    expect(() => compileCron(pattern, "UTC")).toThrow(message);
  });

  test("compileCron caches one Cron per pattern and zone", () => {
    expect(compileCron("*/15 * * * *", NY)).toBe(compileCron("*/15 * * * *", NY));
    expect(compileCron("*/15 * * * *", NY)).not.toBe(compileCron("*/15 * * * *", "UTC"));
  });

  test.each([
    ["*/15 * * * *", 15 * MIN],
    ["0,5 * * * *", 5 * MIN],
    ["0 9,17 * * *", 8 * 60 * MIN],
    ["0 3 * * 0", 7 * 24 * 60 * MIN],
  ])("shortestCronGapMs(%j) = %d", (pattern, gap) => {
    expect(shortestCronGapMs(pattern, "UTC")).toBe(gap);
  });
});

describe("nextDue", () => {
  const interval: JobSchedule = { kind: "interval", everyMs: 15 * MIN, jitterMs: 30 * S };
  const cron: JobSchedule = { kind: "cron", pattern: "0 3 * * *", timeZone: "UTC", jitterMs: 30 * S };
  const RUNBOOK: MaintenanceWindow = { days: ["sun"], start: "02:00", end: "04:00", time_zone: NY };
  const SUNDAY_0655Z = ms("2026-01-04T06:55:00Z"); // 01:55 EST, five minutes before the window

  test.each([
    // name, schedule, lastStart, now, rand, due
    ["interval, first run", interval, null, NOW, 0.5, NOW + 15 * S],
    ["interval, steady", interval, NOW - 5 * MIN, NOW, 0.5, NOW + 10 * MIN],
    ["interval, missed", interval, NOW - 3 * 60 * MIN, NOW, 0, NOW],
    ["cron, no known last start: waits for the next fire time", cron, null, NOW, 0, ms("2026-01-06T03:00:00Z")],
    ["cron, steady: the fire after the last start, plus a delay", cron, ms("2026-01-05T03:00:20Z"), NOW, 0.5, ms("2026-01-06T03:00:15Z")],
    ["cron, missed a fire while down: one run now + spread", cron, ms("2026-01-02T03:00:00Z"), NOW, 0.5, NOW + 15 * S],
    ["cron, last start in the future (clock stepped back): from now", cron, ms("2026-01-07T03:00:00Z"), NOW, 0, ms("2026-01-06T03:00:00Z")],
  ] as const)("%s", (_name, schedule, lastStart, now, r, due) => {
    expect(iso(nextDue(schedule, { lastStartMs: lastStart }, now, always(r)))).toBe(iso(due));
  });

  test("a due time inside a window moves to the window's end plus a spread; outside, windows change nothing", () => {
    const lastStart = SUNDAY_0655Z - 10 * MIN; // due at 07:00Z = 02:00 EST, the window's start
    const due = (r: number) => nextDue(interval, { lastStartMs: lastStart }, SUNDAY_0655Z, always(r), [RUNBOOK]);
    expect(iso(due(0.5))).toBe("2026-01-04T09:00:15.000Z"); // no jitter: 02:00 EST, inside → 04:00 EST + 15 s
    expect(iso(due(ALMOST_ONE))).toBe("2026-01-04T09:00:29.999Z"); // +30 s: inside → 04:00 EST + 29.999 s
    expect(iso(due(0))).toBe("2026-01-04T06:59:30.000Z"); // −30 s lands before the window: it runs then
    expect(nextDue(interval, { lastStartMs: lastStart }, SUNDAY_0655Z, always(0.5), [])).toBe(SUNDAY_0655Z + 5 * MIN);
  });

  test("the runbook window on both 2026 DST Sundays defers to its true end", () => {
    const at = (now: string, r = 0) => iso(nextDue(interval, { lastStartMs: null }, ms(now), always(r), [RUNBOOK]));
    expect(at("2026-03-08T06:59:00Z")).toBe("2026-03-08T06:59:00.000Z"); // 01:59 EST: before it
    expect(at("2026-03-08T07:10:00Z")).toBe("2026-03-08T08:00:00.000Z"); // inside (03:10 EDT) → 04:00 EDT
    expect(at("2026-11-01T06:30:00Z")).toBe("2026-11-01T06:30:00.000Z"); // 01:30 EST: before it
    expect(at("2026-11-01T07:10:00Z")).toBe("2026-11-01T09:00:00.000Z"); // inside (02:10 EST) → 04:00 EST
  });

  test("a spread after one window's end that lands in the next window is deferred again", () => {
    const windows: MaintenanceWindow[] = [
      { days: ["mon"], start: "10:00", end: "11:00", time_zone: "UTC" },
      { days: ["mon"], start: "11:01", end: "12:00", time_zone: "UTC" },
    ];
    const job: JobSchedule = { kind: "interval", everyMs: 15 * MIN, jitterMs: 2 * MIN };
    // due 10:30 → window end 11:00 + 1.5 min (rand 0.75) = 11:01:30, inside the second → 12:00 + 1.5 min
    expect(iso(nextDue(job, { lastStartMs: null }, ms("2026-01-05T10:30:00Z"), always(0.75), windows))).toBe("2026-01-05T12:01:30.000Z");
  });

  test("cron jobs are deferred by windows too, and never run before their fire time otherwise", () => {
    const job: JobSchedule = { kind: "cron", pattern: "30 2 * * 0", timeZone: NY, jitterMs: 10 * S };
    expect(iso(nextDue(job, { lastStartMs: null }, ms("2026-01-03T12:00:00Z"), always(0)))).toBe("2026-01-04T07:30:00.000Z");
    expect(iso(nextDue(job, { lastStartMs: null }, ms("2026-01-03T12:00:00Z"), always(0), [RUNBOOK]))).toBe("2026-01-04T09:00:00.000Z");
  });
});
