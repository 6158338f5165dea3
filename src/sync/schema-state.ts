
import { type SchemaProblem } from "../core";

/**
 * The last Notion schema check of this process. Every sync run checks the schema before it
 * writes; readiness and the admin status read the outcome from here instead of asking Notion
 * on every probe.
 */
export class SchemaState {
  private last: { atMs: number; problems: SchemaProblem[] } | null = null;

  set(problems: SchemaProblem[], atMs: number): void {
    this.last = { atMs, problems };
  }

  /** null until a check ran. */
  get(): { atMs: number; problems: SchemaProblem[] } | null {
    return this.last;
  }
}
