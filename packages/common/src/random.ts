/**
 * Seeded pseudo-random numbers (mulberry32). Written by hand because it is ten lines and every
 * emulator fault and generated dataset must replay exactly from a seed.
 */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const randInt = (rng: Rng, min: number, max: number): number =>
  min + Math.floor(rng() * (max - min + 1));

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick from an empty list");
  return items[Math.floor(rng() * items.length)] as T;
}

/** Lower-case hex string of `len` characters. */
export const randHex = (rng: Rng, len: number): string =>
  Array.from({ length: len }, () => Math.floor(rng() * 16).toString(16)).join("");

/** RFC 4122-shaped v4 UUID from the seeded stream. */
export function randUuid(rng: Rng): string {
  const h = randHex(rng, 32).split("");
  h[12] = "4";
  h[16] = "89ab"[Math.floor(rng() * 4)] as string;
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
