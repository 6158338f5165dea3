import type { Clock } from "@oberaconnect/common/clock";
import { createRng, type Rng } from "@oberaconnect/common/random";
import { mutate } from "../dataset/mutate";
import type { Dataset } from "../dataset/types";

/**
 * Changes a dataset in place from a request body (the dataset generator's `mutate`). Returns a
 * summary for the caller; throws with a readable message when the body is invalid.
 */
export type DatasetMutator = (dataset: Dataset, spec: unknown, rng: Rng) => unknown;

/** The dataset generator's `mutate`, stamping new records with the emulator clock's time. */
export const clockMutator =
  (clock: Clock): DatasetMutator =>
  (dataset, spec, rng) =>
    mutate(dataset, spec, rng, { now: new Date(clock.now()) });

/** How a SharedDataset mutates: its seed and the mutator. */
export interface SharedDatasetOptions {
  /** Seed of the stream mutations draw from, so a sequence of mutations replays exactly. */
  seed?: number;
  /** Without one, POST /_emulator/mutate answers 400. */
  mutator?: DatasetMutator;
}

/**
 * The one Dataset the source emulators serve. UniFi and NinjaOne describe the same customers, so
 * when both run they hold the same SharedDataset: a mutation through either control API changes
 * what both serve, and a reset through either puts both back to the start (a reset of one half
 * only would leave the two sources disagreeing about who the customers are).
 */
export class SharedDataset {
  private readonly initial: Dataset;
  private data: Dataset;
  private rng: Rng;
  private readonly seed: number;
  private readonly mutator: DatasetMutator | undefined;
  private changes = 0;
  private readonly listeners: (() => void)[] = [];

  constructor(dataset: Dataset, options: SharedDatasetOptions = {}) {
    // Own copies: the caller's object and the reset point must never change under us.
    this.initial = structuredClone(dataset);
    this.data = structuredClone(dataset);
    this.seed = options.seed ?? 1;
    this.rng = createRng(this.seed);
    this.mutator = options.mutator;
  }

  /** What the emulators serve right now. Read it per request: a reset replaces the object. */
  get current(): Dataset {
    return this.data;
  }

  /** Bumped by every mutation and reset, so a test can tell that the data moved. */
  get version(): number {
    return this.changes;
  }

  get canMutate(): boolean {
    return this.mutator !== undefined;
  }

  /** Called after every mutation and reset (the NinjaOne emulator delivers webhooks from it). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Back to the dataset the emulators started with, and the mutation stream to its seed. */
  reset(): void {
    this.data = structuredClone(this.initial);
    this.rng = createRng(this.seed);
    this.changes++;
    for (const l of this.listeners) l();
  }

  /** Applies one mutation spec to the live data; throws when no mutator is wired or the spec is bad. */
  mutate(spec: unknown): unknown {
    if (!this.mutator) throw new Error("no dataset mutator is wired into this emulator");
    const result = this.mutator(this.data, spec, this.rng);
    this.changes++;
    for (const l of this.listeners) l();
    return result ?? { ok: true };
  }
}

/** Accepts either a plain Dataset (wrapped in a private holder) or a holder shared with another emulator. */
export function toShared(dataset: Dataset | SharedDataset, options?: SharedDatasetOptions): SharedDataset {
  return dataset instanceof SharedDataset ? dataset : new SharedDataset(dataset, options);
}
