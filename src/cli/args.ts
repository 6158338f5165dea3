import { parseArgs, type ParseArgsConfig } from "node:util";
import { JOB_NAMES, jobNamed, type JobName } from "../core/jobs";
import { didYouMean } from "../lib/did-you-mean";

/** A command line the user must fix; printed with a pointer to --help, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** Strict parsing: an unknown flag is an error, never ignored. */
export function parse(argv: string[], options: OptionSpec, allowPositionals = false): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals,
    });
    return { values: values as ParsedArgs["values"], positionals };
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    const unknown = /^Unknown option '--([^'=]+)'/.exec(message)?.[1];
    throw new UsageError(unknown ? `${message}${didYouMean(unknown, Object.keys(options)).replace(/"([^"]+)"/, '"--$1"')}` : message);
  }
}

/** A numeric flag, validated: `--customers abc` is a usage error naming the flag. */
export function numberFlag(args: ParsedArgs, name: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  const raw = args.values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const bad =
    typeof raw !== "string" ||
    raw.trim() === "" ||
    !Number.isFinite(n) ||
    (opts.integer && !Number.isInteger(n)) ||
    (opts.min !== undefined && n < opts.min) ||
    (opts.max !== undefined && n > opts.max);
  if (bad) {
    const range = [opts.min !== undefined ? `>= ${opts.min}` : "", opts.max !== undefined ? `<= ${opts.max}` : ""].filter(Boolean).join(" and ");
    throw new UsageError(`--${name}: expected ${opts.integer ? "an integer" : "a number"}${range ? ` ${range}` : ""}, got "${String(raw)}"`);
  }
  return n;
}

export const stringFlag = (args: ParsedArgs, name: string): string | undefined => {
  const v = args.values[name];
  return typeof v === "string" ? v : undefined;
};

/** `--job NAME`: a job by its name or its database's ("customer_status" = customers). */
export function jobFlag(args: ParsedArgs): JobName | undefined {
  const name = stringFlag(args, "job");
  if (name === undefined) return undefined;
  const job = jobNamed(name);
  if (!job) throw new UsageError(`--job: expected one of ${JOB_NAMES.join(", ")}, got "${name}"${didYouMean(name, JOB_NAMES)}`);
  return job;
}
