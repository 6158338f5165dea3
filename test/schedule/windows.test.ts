import { describe, expect, test } from "bun:test";
import {
  coversWholeWeek,
  deferPastWindows,
  inMaintenanceWindow,
  parseClockTime,
  resolveTimeZone,
  windowEndsAt,
  type MaintenanceWindow,
  type Weekday,
} from "../../src/schedule/windows";

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const win = (days: Weekday[], start: string, end: string, time_zone = "UTC"): MaintenanceWindow => ({ days, start, end, time_zone });
const NY = "America/New_York";
/** The legacy runbook's window. */
const RUNBOOK = win(["sun"], "02:00", "04:00", NY);

/** [instant, inside?, windowEndsAt] for `windows` at each instant. */
type Row = [string, boolean, string | null];
function check(windows: MaintenanceWindow | MaintenanceWindow[], rows: Row[]) {
  for (const [at, inside, ends] of rows) {
    expect({ at, inside: inMaintenanceWindow(windows, ms(at)) }).toEqual({ at, inside });
    expect({ at, ends: iso(windowEndsAt(Array.isArray(windows) ? windows : [windows], ms(at))) }).toEqual({
      at,
      ends: ends === null ? null : new Date(ends).toISOString(),
    });
  }
}

describe("the runbook window: sun 02:00–04:00 America/New_York", () => {
  test("an ordinary winter Sunday (EST, UTC-5): 07:00–09:00 UTC; start inside, end outside", () => {
    check(RUNBOOK, [
      ["2026-01-04T06:59:59.999Z", false, null],
      ["2026-01-04T07:00:00.000Z", true, "2026-01-04T09:00:00Z"],
      ["2026-01-04T08:00:00.000Z", true, "2026-01-04T09:00:00Z"],
      ["2026-01-04T08:59:59.999Z", true, "2026-01-04T09:00:00Z"],
      ["2026-01-04T09:00:00.000Z", false, null],
      ["2026-01-03T07:30:00.000Z", false, null], // the Saturday
      ["2026-01-05T07:30:00.000Z", false, null], // the Monday
    ]);
  });

  test("an ordinary summer Sunday (EDT, UTC-4): 06:00–08:00 UTC", () => {
    check(RUNBOOK, [
      ["2026-07-05T05:59:59.999Z", false, null],
      ["2026-07-05T06:00:00.000Z", true, "2026-07-05T08:00:00Z"],
      ["2026-07-05T07:59:59.999Z", true, "2026-07-05T08:00:00Z"],
      ["2026-07-05T08:00:00.000Z", false, null],
      ["2026-07-05T08:30:00.000Z", false, null], // 04:30 EDT; the winter window's UTC times mean nothing now
    ]);
  });

  test("2026-03-08, spring forward (02:00 EST → 03:00 EDT): 02:00–02:59 never shows, so the window is 03:00–04:00 EDT = 07:00–08:00 UTC, one hour", () => {
    check(RUNBOOK, [
      ["2026-03-08T06:00:00.000Z", false, null], // 01:00 EST
      ["2026-03-08T06:59:59.999Z", false, null], // 01:59:59.999 EST
      ["2026-03-08T07:00:00.000Z", true, "2026-03-08T08:00:00Z"], // 03:00 EDT, the instant after
      ["2026-03-08T07:30:00.000Z", true, "2026-03-08T08:00:00Z"],
      ["2026-03-08T07:59:59.999Z", true, "2026-03-08T08:00:00Z"],
      ["2026-03-08T08:00:00.000Z", false, null], // 04:00 EDT
      ["2026-03-08T08:30:00.000Z", false, null],
    ]);
  });

  test("2026-11-01, fall back (02:00 EDT → 01:00 EST): 02:00 shows once, after the fall-back: 02:00–04:00 EST = 07:00–09:00 UTC, two hours", () => {
    check(RUNBOOK, [
      ["2026-11-01T05:30:00.000Z", false, null], // 01:30 EDT, first pass
      ["2026-11-01T05:59:59.999Z", false, null], // 01:59:59.999 EDT
      ["2026-11-01T06:00:00.000Z", false, null], // 01:00 EST, second pass
      ["2026-11-01T06:59:59.999Z", false, null],
      ["2026-11-01T07:00:00.000Z", true, "2026-11-01T09:00:00Z"], // 02:00 EST
      ["2026-11-01T08:59:59.999Z", true, "2026-11-01T09:00:00Z"],
      ["2026-11-01T09:00:00.000Z", false, null], // 04:00 EST
    ]);
  });
});

describe("other DST cases in America/New_York", () => {
  test("a window ending inside the skipped hour ends at the jump: sun 01:00–03:00 on 2026-03-08 = 06:00–07:00 UTC", () => {
    check(win(["sun"], "01:00", "03:00", NY), [
      ["2026-03-08T05:59:59.999Z", false, null],
      ["2026-03-08T06:00:00.000Z", true, "2026-03-08T07:00:00Z"],
      ["2026-03-08T06:59:59.999Z", true, "2026-03-08T07:00:00Z"],
      ["2026-03-08T07:00:00.000Z", false, null], // 03:00 EDT
    ]);
  });

  test("a window wholly inside the skipped hour does not happen that day", () => {
    const w = win(["sun"], "02:00", "02:30", NY);
    for (let t = ms("2026-03-08T05:00:00Z"); t < ms("2026-03-08T10:00:00Z"); t += 60_000) expect(inMaintenanceWindow(w, t)).toBe(false);
    check(w, [["2026-03-15T06:10:00Z", true, "2026-03-15T06:30:00Z"]]); // the next Sunday it is back (EDT)
  });

  test("a window inside the repeated hour happens on both passes: sun 01:00–01:30 on 2026-11-01", () => {
    check(win(["sun"], "01:00", "01:30", NY), [
      ["2026-11-01T04:59:59.999Z", false, null],
      ["2026-11-01T05:00:00.000Z", true, "2026-11-01T05:30:00Z"], // 01:00 EDT
      ["2026-11-01T05:30:00.000Z", false, null], // 01:30 EDT
      ["2026-11-01T05:59:59.999Z", false, null],
      ["2026-11-01T06:00:00.000Z", true, "2026-11-01T06:30:00Z"], // 01:00 EST
      ["2026-11-01T06:30:00.000Z", false, null],
    ]);
  });

  test("a window spanning the repeated hour is one stretch across the change: sun 01:00–02:00 on 2026-11-01 = 05:00–07:00 UTC", () => {
    check(win(["sun"], "01:00", "02:00", NY), [
      ["2026-11-01T05:00:00.000Z", true, "2026-11-01T07:00:00Z"],
      ["2026-11-01T05:59:59.999Z", true, "2026-11-01T07:00:00Z"],
      ["2026-11-01T06:00:00.000Z", true, "2026-11-01T07:00:00Z"],
      ["2026-11-01T07:00:00.000Z", false, null],
    ]);
  });

  test("crossing midnight into the spring-forward night: sat 23:00–03:00 = 04:00–07:00 UTC (three hours, not four)", () => {
    check(win(["sat"], "23:00", "03:00", NY), [
      ["2026-03-08T03:59:59.999Z", false, null], // Sat 22:59:59.999 EST
      ["2026-03-08T04:00:00.000Z", true, "2026-03-08T07:00:00Z"], // Sat 23:00 EST
      ["2026-03-08T05:30:00.000Z", true, "2026-03-08T07:00:00Z"], // Sun 00:30 EST
      ["2026-03-08T06:59:59.999Z", true, "2026-03-08T07:00:00Z"],
      ["2026-03-08T07:00:00.000Z", false, null], // Sun 03:00 EDT
    ]);
  });
});

describe("crossing midnight, 24:00, UTC", () => {
  test("sat 23:00 → 01:00 UTC covers Saturday 23:00–24:00 and Sunday 00:00–01:00", () => {
    check(win(["sat"], "23:00", "01:00"), [
      ["2026-01-03T22:59:59.999Z", false, null],
      ["2026-01-03T23:00:00.000Z", true, "2026-01-04T01:00:00Z"],
      ["2026-01-03T23:59:59.999Z", true, "2026-01-04T01:00:00Z"],
      ["2026-01-04T00:00:00.000Z", true, "2026-01-04T01:00:00Z"],
      ["2026-01-04T00:59:59.999Z", true, "2026-01-04T01:00:00Z"],
      ["2026-01-04T01:00:00.000Z", false, null],
      ["2026-01-04T23:30:00.000Z", false, null], // Sunday night: Sunday is not listed
      ["2026-01-05T00:30:00.000Z", false, null], // Monday 00:30
    ]);
  });

  test("end 00:00 and end 24:00 both mean midnight; a 24:00 window does not spill into the next day", () => {
    for (const end of ["00:00", "24:00"]) {
      check(win(["fri"], "22:00", end), [
        ["2026-01-02T22:00:00.000Z", true, "2026-01-03T00:00:00Z"],
        ["2026-01-02T23:59:59.999Z", true, "2026-01-03T00:00:00Z"],
        ["2026-01-03T00:00:00.000Z", false, null],
      ]);
    }
  });

  test("a whole day, 00:00–24:00", () => {
    check(win(["wed"], "00:00", "24:00"), [
      ["2026-01-06T23:59:59.999Z", false, null],
      ["2026-01-07T00:00:00.000Z", true, "2026-01-08T00:00:00Z"],
      ["2026-01-07T12:00:00.000Z", true, "2026-01-08T00:00:00Z"],
      ["2026-01-08T00:00:00.000Z", false, null],
    ]);
  });

  test("a UTC window on several days", () => {
    check(win(["mon", "wed", "fri"], "12:00", "13:30"), [
      ["2026-01-05T12:00:00.000Z", true, "2026-01-05T13:30:00Z"], // Monday
      ["2026-01-06T12:00:00.000Z", false, null], // Tuesday
      ["2026-01-07T13:29:59.999Z", true, "2026-01-07T13:30:00Z"], // Wednesday
      ["2026-01-09T13:30:00.000Z", false, null], // Friday, at the end
    ]);
  });
});

describe("several windows", () => {
  const overlapping = [win(["mon"], "01:00", "03:00"), win(["mon"], "02:00", "05:00")];
  const backToBack = [win(["mon"], "22:00", "24:00"), win(["tue"], "00:00", "02:00")];
  const acrossZones = [win(["sun"], "05:00", "07:00"), RUNBOOK]; // UTC 05–07, then New York 07–09 UTC in winter
  const apart = [win(["mon"], "01:00", "02:00"), win(["mon"], "03:00", "04:00")];

  test("overlapping windows end when the last of them does", () => {
    check(overlapping, [
      ["2026-01-05T01:30:00.000Z", true, "2026-01-05T05:00:00Z"],
      ["2026-01-05T02:30:00.000Z", true, "2026-01-05T05:00:00Z"],
      ["2026-01-05T04:30:00.000Z", true, "2026-01-05T05:00:00Z"],
      ["2026-01-05T05:00:00.000Z", false, null],
    ]);
  });

  test("back-to-back windows count as one", () => {
    check(backToBack, [
      ["2026-01-05T22:30:00.000Z", true, "2026-01-06T02:00:00Z"],
      ["2026-01-06T00:00:00.000Z", true, "2026-01-06T02:00:00Z"],
      ["2026-01-06T02:00:00.000Z", false, null],
    ]);
  });

  test("back-to-back windows in different zones count as one", () => {
    check(acrossZones, [
      ["2026-01-04T05:30:00.000Z", true, "2026-01-04T09:00:00Z"],
      ["2026-01-04T07:00:00.000Z", true, "2026-01-04T09:00:00Z"],
      // in summer New York's window is 06:00–08:00 UTC and overlaps the UTC one
      ["2026-07-05T05:30:00.000Z", true, "2026-07-05T08:00:00Z"],
    ]);
  });

  test("a gap between windows is outside", () => {
    check(apart, [
      ["2026-01-05T01:30:00.000Z", true, "2026-01-05T02:00:00Z"],
      ["2026-01-05T02:30:00.000Z", false, null],
      ["2026-01-05T03:30:00.000Z", true, "2026-01-05T04:00:00Z"],
    ]);
  });

  test("no windows: never inside", () => {
    expect(inMaintenanceWindow([], ms("2026-01-04T07:30:00Z"))).toBe(false);
    expect(windowEndsAt([], ms("2026-01-04T07:30:00Z"))).toBeNull();
  });

  test("windowEndsAt agrees with a minute-by-minute scan across both 2026 DST weekends", () => {
    const cases: MaintenanceWindow[][] = [
      [RUNBOOK],
      [win(["sat"], "23:00", "03:00", NY)],
      [win(["sun"], "01:00", "02:00", NY)],
      [win(["sun"], "01:00", "01:30", NY), win(["sun"], "01:15", "02:30", NY)],
      acrossZones,
    ];
    for (const from of [ms("2026-03-07T00:00:00Z"), ms("2026-10-31T00:00:00Z")]) {
      const minutes = 3 * 1440;
      for (const windows of cases) {
        const inside = Array.from({ length: minutes + 1 }, (_, i) => inMaintenanceWindow(windows, from + i * 60_000));
        expect(inside.some(Boolean)).toBe(true);
        const ends: (number | null)[] = new Array(minutes + 1).fill(null);
        for (let i = minutes - 1; i >= 0; i--) ends[i] = inside[i] ? (inside[i + 1] ? (ends[i + 1] ?? null) : from + (i + 1) * 60_000) : null;
        for (let i = 0; i < minutes; i += 3) expect(windowEndsAt(windows, from + i * 60_000)).toBe(ends[i]!);
      }
    }
  });
});

describe("helpers", () => {
  test("deferPastWindows: unchanged outside, the window's end inside", () => {
    expect(deferPastWindows(ms("2026-01-04T06:00:00Z"), [RUNBOOK])).toBe(ms("2026-01-04T06:00:00Z"));
    expect(deferPastWindows(ms("2026-01-04T07:10:00Z"), [RUNBOOK])).toBe(ms("2026-01-04T09:00:00Z"));
    expect(deferPastWindows(ms("2026-01-04T07:10:00Z"), [])).toBe(ms("2026-01-04T07:10:00Z"));
  });

  test("windows covering every minute never end: windowEndsAt throws rather than spin", () => {
    const always = [win(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "00:00", "24:00")];
    expect(coversWholeWeek(always)).toBe(true);
    expect(() => windowEndsAt(always, ms("2026-01-04T07:10:00Z"))).toThrow(/do not end within 8 days/);
  });

  test.each([
    [[win(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "00:00", "24:00")], true],
    [[win(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "00:00", "23:59")], false],
    [[win(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "12:00", "12:01"), win(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "12:01", "12:00")], true],
    [[win(["mon", "tue", "wed", "thu", "fri", "sat"], "00:00", "24:00"), win(["sat"], "23:00", "24:00"), win(["sun"], "00:00", "24:00")], true],
    [[win(["mon", "tue", "wed", "thu", "fri", "sat"], "00:00", "24:00"), win(["sun"], "00:00", "24:00", NY)], false], // zones not combined
  ])("coversWholeWeek(%j) = %p", (windows, expected) => {
    expect(coversWholeWeek(windows)).toBe(expected);
  });

  test.each([
    ["00:00", 0],
    ["02:30", 150],
    ["23:59", 1439],
    ["24:00", 1440],
  ])("parseClockTime(%s) = %d", (text, minutes) => {
    expect(parseClockTime(text)).toBe(minutes);
  });

  test.each(["2:30", "24:01", "12:60", "", "noon"])("parseClockTime(%j) throws", (text) => {
    expect(() => parseClockTime(text)).toThrow(RangeError);
  });

  test.each([
    ["America/New_York", "America/New_York"],
    ["america/new_york", "America/New_York"],
    ["utc", "UTC"],
    ["Etc/GMT+5", "Etc/GMT+5"],
    ["Mars/Olympus", null],
    ["", null],
    ["+05:00", null],
    ["-0400", null],
  ])("resolveTimeZone(%j) = %j", (name, resolved) => {
    expect(resolveTimeZone(name)).toBe(resolved);
  });
});
