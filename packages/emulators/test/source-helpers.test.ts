/** Table tests of the source emulators' pure rules: paging, cursors, time formats, device filters. */
import { describe, expect, test } from "bun:test";
import { parseDeviceFilter } from "../src/ninjaone/device-filter";
import { parsePageSize as ninjaPageSize } from "../src/ninjaone/paging";
import { parseHostIds } from "../src/unifi/inventory-routes";
import { parsePageSize, parseRfc3339, TokenCodec } from "../src/unifi/pagination";
import { sampleDataset } from "./source-samples";

const HQ = "900A6F00301100000000074A6BA90000000007A3387E0000000063EC9853:123456789";
const ids = (items: { id: number }[]) => items.map((i) => i.id);

describe("UniFi helpers", () => {
  test.each([
    [undefined, 25],
    ["1", 1],
    ["200", 200],
    ["500", 200],
    ["0", null],
    ["-1", null],
    ["2.5", null],
    ["abc", null],
    ["", null],
  ])("pageSize %p → %p", (raw, expected) => {
    const r = parsePageSize(raw);
    expect(r.ok ? r.value : null).toBe(expected);
  });

  test.each([
    ["2025-06-23T04:00:00Z", true],
    ["2025-06-23T04:00:00.123+02:00", true],
    ["2025-06-23t04:00:00z", true],
    ["2025-06-23", false],
    ["2025-06-23 04:00:00Z", false],
    ["2025-06-23T04:00:00", false],
    ["yesterday", false],
  ])("RFC 3339 %p valid: %p", (raw, valid) => {
    expect(parseRfc3339(raw) !== null).toBe(valid);
  });

  test.each([
    [["a", "b"], ["a", "b"]],
    [["a,b"], ["a", "b"]],
    [["a,b", "c", "a"], ["a", "b", "c"]],
    [[" a , ,b "], ["a", "b"]],
  ])("hostIds[] %p → %p", (values, expected) => {
    expect(parseHostIds(values)).toEqual(expected);
  });

  test("a cursor token survives a round trip and refuses tampering or another key", () => {
    const codec = new TokenCodec("k1");
    const token = codec.encode({ list: "hosts", after: HQ, filter: "" });
    expect(codec.decode(token)).toEqual({ list: "hosts", after: HQ, filter: "" });
    expect(codec.decode(`x${token}`)).toBeNull();
    expect(codec.decode(token.slice(0, -1))).toBeNull();
    expect(new TokenCodec("k2").decode(token)).toBeNull();
  });
});

describe("NinjaOne helpers", () => {
  const devices = sampleDataset().ninjaone.devices;
  test.each([
    ["", [101, 102, 115, 120, 131]],
    ["org = 2", [101, 102, 115]],
    ["org eq 5", [120]],
    ["org != 2", [120, 131]],
    ["org in (5,9)", [120, 131]],
    ["org notin (2, 9)", [120]],
    ["offline", [102, 131]],
    ["online", [101, 115, 120]],
    ["class eq LINUX_SERVER", [131]],
    ["class in (MAC,WINDOWS_SERVER)", [101, 120]],
    ["status eq APPROVED AND offline", [102, 131]],
    ["org in (2,5) AND offline", [102]],
    ["loc = 4 and online", [115]],
    ["id in (101,131)", [101, 131]],
  ])("df %p selects %p", (df, expected) => {
    expect(ids(devices.filter(parseDeviceFilter(df)))).toEqual(expected);
  });

  test.each(["foo = 1", "org = abc", "org >= 2", "org in ()", "offline AND", "class eq"])("df %p is refused", (df) => {
    expect(() => parseDeviceFilter(df)).toThrow("Invalid device filter");
  });

  test.each([
    [undefined, 100],
    ["1", 1],
    ["1000", 1000],
    ["2000", 1000],
    ["0", null],
    ["-5", null],
    ["ten", null],
  ])("pageSize %p → %p", (raw, expected) => {
    const r = ninjaPageSize(raw);
    expect(r.ok ? r.value : null).toBe(expected);
  });
});
