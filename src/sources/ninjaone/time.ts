/**
 * NinjaOne sends times as float epoch SECONDS with a millisecond fraction (`1750647301.412`;
 * stellaraf/go-ninjarmm types_test.go, provectio/go-ninjarmm time.go). These helpers keep the
 * conversion in one place so no caller mistakes seconds for milliseconds.
 */

/** Float epoch seconds → Date, rounded to the millisecond (a Date's precision). */
export function epochSecondsToDate(seconds: number): Date {
  return new Date(Math.round(seconds * 1000));
}

/** Date → float epoch seconds with millisecond precision, as NinjaOne sends them. */
export function dateToEpochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
