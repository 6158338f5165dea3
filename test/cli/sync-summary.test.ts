import { expect, test } from "bun:test";
import { took } from "../../src/cli/sync-summary";

test.each([
  [0, "0 ms"],
  [80.4, "80 ms"],
  [999.4, "999 ms"],
  [999.6, "1.0 s"],
  [1400, "1.4 s"],
  [61_000, "61.0 s"],
])("a run of %p ms reads %p (never \"0.0 s\" for a run that did work)", (ms, text) => {
  expect(took(ms)).toBe(text);
});
