/**
 * Notion's text limits, applied before a request is built so a long value never costs a
 * failed request: text.content ≤ 2000 characters, ≤ 100 rich-text elements per property,
 * select option names ≤ 100 characters and without commas (a comma would split the option).
 * "Characters" are UTF-16 code units, which is how the API counts `content.length`.
 */

export const MAX_TEXT_CONTENT = 2000;
export const MAX_RICH_TEXT_ELEMENTS = 100;
export const MAX_SELECT_NAME = 100;
const ELLIPSIS = "…";

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Cuts `text` to at most `max` code units without splitting a surrogate pair. */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/**
 * Splits text into chunks of ≤ 2000 code units, never between the halves of an emoji or other
 * astral character. Text beyond 100 chunks is cut and ends with "…" so the request still passes.
 */
export function chunkText(text: string): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    if (chunks.length === MAX_RICH_TEXT_ELEMENTS - 1 && rest.length > MAX_TEXT_CONTENT) {
      chunks.push(cutAt(rest, MAX_TEXT_CONTENT - ELLIPSIS.length) + ELLIPSIS);
      break;
    }
    const chunk = cutAt(rest, MAX_TEXT_CONTENT);
    chunks.push(chunk);
    rest = rest.slice(chunk.length);
  }
  return chunks;
}

/** The text Notion will hold after chunking (what a later read returns joined). */
export function storedText(text: string): string {
  return chunkText(text).join("");
}

/**
 * A valid select option name, or null for an empty value. Commas become spaces, runs of
 * whitespace (newlines included) collapse, and names are cut to 100 characters.
 */
export function selectName(value: string | null | undefined): string | null {
  if (value == null) return null;
  const cleaned = value.replace(/,/g, " ").replace(/\s+/g, " ").trim();
  if (!cleaned) return null;
  return cutAt(cleaned, MAX_SELECT_NAME).trim();
}

/** A page title is never empty: an empty name would make a page nobody can find, so the key stands in. */
export function titleText(value: string | null | undefined, key: string): string {
  const cleaned = (value ?? "").replace(/\s+/g, " ").trim();
  return cleaned || key;
}
