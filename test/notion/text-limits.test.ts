import { describe, expect, test } from "bun:test";
import { chunkText, cutAt, selectName, storedText, titleText } from "../../src/notion/text-limits";

const emoji = "😀"; // two UTF-16 code units

describe("chunkText", () => {
  test.each([
    ["", 0],
    ["a", 1],
    ["a".repeat(2000), 1],
    ["a".repeat(2001), 2],
    ["a".repeat(5000), 3],
  ])("%#: %p characters → %p chunk(s), none over 2000", (text, n) => {
    const chunks = chunkText(text as string);
    expect(chunks).toHaveLength(n as number);
    expect(chunks.every((c) => c.length <= 2000)).toBe(true);
    expect(chunks.join("")).toBe(text as string);
  });

  test("never splits a surrogate pair at the 2000 boundary", () => {
    const text = "a".repeat(1999) + emoji + "b";
    const chunks = chunkText(text);
    expect(chunks[0]).toBe("a".repeat(1999));
    expect(chunks[1]).toBe(emoji + "b");
    for (const c of chunks) expect(() => encodeURIComponent(c)).not.toThrow(); // a lone surrogate would throw
  });

  test("more than 100 chunks: cut to 100 elements, ending with an ellipsis", () => {
    const chunks = chunkText("x".repeat(2000 * 100 + 10));
    expect(chunks).toHaveLength(100);
    expect(chunks.at(-1)!.endsWith("…")).toBe(true);
    expect(chunks.at(-1)!.length).toBeLessThanOrEqual(2000);
    expect(storedText("x".repeat(200_010)).length).toBeLessThan(200_010);
  });
});

describe("select names", () => {
  test.each([
    ["Windows Server", "Windows Server"],
    ["Acme, Inc.", "Acme  Inc.".replace("  ", " ")],
    ["  multi\nline\tname ", "multi line name"],
    ["", null],
    ["   ", null],
    [null, null],
    ["x".repeat(150), "x".repeat(100)],
    ["a".repeat(99) + emoji, "a".repeat(99)],
  ])("%p → %p", (input, expected) => {
    expect(selectName(input)).toBe(expected);
  });
});

describe("titles and cuts", () => {
  test.each([
    ["PC-01", "k", "PC-01"],
    ["", "ninjaone:device:7", "ninjaone:device:7"],
    ["  \n ", "k", "k"],
    ['He said "hi"\nthen left', "k", 'He said "hi" then left'],
  ])("title %p with key %p → %p", (value, key, expected) => {
    expect(titleText(value, key)).toBe(expected);
  });

  test("cutAt keeps a whole emoji or drops it", () => {
    expect(cutAt("ab" + emoji, 3)).toBe("ab");
    expect(cutAt("ab" + emoji, 4)).toBe("ab" + emoji);
  });
});
