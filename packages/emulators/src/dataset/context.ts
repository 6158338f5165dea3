/**
 * Shared state of one generation or mutation run: the seeded stream, the fixed "now", id
 * counters and the MAC allocator. Nothing here reads the wall clock or Math.random, so a run
 * replays exactly from its seed.
 */
import { randHex, randInt, type Rng } from "@oberaconnect/common/random";
import type { Dataset } from "./types";

/** Default "now" of a dataset: the samples' capture time, so generated times look alike. */
export const DEFAULT_NOW = new Date("2025-06-23T04:00:00Z");

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** UniFi RFC 3339 form: seconds precision like most captures, or with millis like some (CBD). */
export function rfc3339(ms: number, withMillis = false): string {
  const iso = new Date(ms).toISOString();
  return withMillis ? iso : iso.replace(/\.\d{3}Z$/, "Z");
}

/** NinjaOne float epoch seconds with a millisecond fraction (`1750647301.412`). */
export const epochSeconds = (ms: number): number => Math.round(ms) / 1000;

/**
 * Hands out unique upper-case MACs (12 hex, no separators, as UniFi device ids are). A random OUI
 * prefix plus a counter that advances by a random step: unique without a lookup set.
 */
export class MacAllocator {
  private counter: number;
  constructor(private readonly rng: Rng, start = 0x100000) {
    this.counter = start;
  }
  next(oui: string): string {
    this.counter += randInt(this.rng, 1, 97);
    return `${oui}${(this.counter & 0xffffff).toString(16).toUpperCase().padStart(6, "0")}`;
  }
}

/** `F4E2C6C23F13` → `f4:e2:c6:c2:3f:13`, the form of `site.meta.gatewayMac` (sites.json). */
export const colonMac = (mac: string): string => mac.toLowerCase().match(/.{2}/g)!.join(":");

/** Counters and helpers threaded through one run. */
export interface GenContext {
  rng: Rng;
  nowMs: number;
  macs: MacAllocator;
  nextLocationId: number;
  nextDeviceId: number;
  nextActivityId: number;
  /** Site counter, turned into a distinct 10.a.b.0/24 subnet per site. */
  nextSubnet: number;
}

/** A fresh context for generating from scratch. */
export function newContext(rng: Rng, now: Date): GenContext {
  return {
    rng,
    nowMs: now.getTime(),
    macs: new MacAllocator(rng),
    nextLocationId: 1,
    nextDeviceId: 1,
    nextActivityId: 1_000_001,
    nextSubnet: 1,
  };
}

/** A context that continues an existing dataset's id sequences (for mutations). */
export function continueContext(dataset: Dataset, rng: Rng, now: Date): GenContext {
  const max = (xs: number[], floor: number) => xs.reduce((m, x) => (x > m ? x : m), floor);
  const n = dataset.ninjaone;
  // Every MAC shares one counter in its last 24 bits: continue past the highest one in use.
  let macCounter = 0x100000;
  for (const group of dataset.unifi.devices) {
    for (const d of group.devices) macCounter = Math.max(macCounter, parseInt(d.id.slice(-6), 16) || 0);
  }
  return {
    rng,
    nowMs: now.getTime(),
    macs: new MacAllocator(rng, macCounter),
    nextLocationId: max(n.locations.map((l) => l.id), 0) + 1,
    nextDeviceId: max(n.devices.map((d) => d.id), 0) + 1,
    nextActivityId: max(n.activities.map((a) => a.id), 1_000_000) + 1,
    nextSubnet: dataset.unifi.sites.length + 1,
  };
}

/** A public-looking IPv4 address (first octets from common ISP ranges). */
export function publicIp(rng: Rng): string {
  const first = [24, 45, 64, 71, 73, 96, 98, 104, 108, 173, 174, 184][randInt(rng, 0, 11)];
  return `${first}.${randInt(rng, 0, 255)}.${randInt(rng, 0, 255)}.${randInt(rng, 1, 254)}`;
}

/** Colon-separated upper-case MAC, the NinjaOne `macAddresses` form (sample devices). */
export const ninjaMac = (rng: Rng): string => colonMac(randHex(rng, 12)).toUpperCase();
