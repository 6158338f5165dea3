/**
 * "did you mean": the known name closest to a mistyped one, by edit distance
 * (fastest-levenshtein), when it is close enough to be a typo rather than another word.
 */
import { distance } from "fastest-levenshtein";

/** The closest of `known` to `name`, or undefined when none is within a third of its length (at least 2 edits). */
export function closest(name: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d <= limit && (!best || d < best.d)) best = { name: k, d };
  }
  return best?.name;
}

/** ` (did you mean "x"?)` or nothing, to append to an error. */
export function didYouMean(name: string, known: readonly string[]): string {
  const c = closest(name, known);
  return c && c !== name ? ` (did you mean "${c}"?)` : "";
}
