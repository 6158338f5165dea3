import { createRng, randUuid, type Rng } from "@oberaconnect/common/random";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const COMPACT = /^[0-9a-f]{32}$/;

/**
 * Notion accepts an id with or without dashes, in either case, and always answers with the
 * dashed lower-case form. Returns undefined when the text is not a UUID at all.
 */
export function normalizeId(raw: string): string | undefined {
  const s = raw.trim().toLowerCase();
  if (UUID.test(s)) return s;
  if (COMPACT.test(s)) return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  return undefined;
}

/** The id as it appears in notion.so URLs: no dashes. */
export const compactId = (id: string): string => id.replaceAll("-", "");

/**
 * Characters Notion draws property ids from. Real ids look like "title", "BJXS", "%3AUPp" or
 * "Ht%7Cm": four printable characters, URL-encoded. We keep the punctuation on purpose so a
 * caller that forgets to encode an id in a path or query string fails here as it would there.
 */
const PROPERTY_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:;<=>?@[]^`{|}~!";

/** Every id the store hands out, drawn from one seeded stream so a run replays exactly. */
export class IdSource {
  private rng: Rng;

  constructor(seed: number) {
    this.rng = createRng(seed);
  }

  uuid(): string {
    return randUuid(this.rng);
  }

  /** A fresh property id, never "title" (reserved for the title property) nor one in `taken`. */
  propertyId(taken: ReadonlySet<string>): string {
    for (;;) {
      let raw = "";
      for (let i = 0; i < 4; i++) raw += PROPERTY_ID_CHARS[Math.floor(this.rng() * PROPERTY_ID_CHARS.length)];
      const id = encodeURIComponent(raw);
      if (id !== "title" && !taken.has(id)) return id;
    }
  }

  /** A number in [0, 1) from the same stream, for choices such as an option's colour. */
  next(): number {
    return this.rng();
  }
}
