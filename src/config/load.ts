import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { z } from "zod";
import { jsonSyntaxError, unknownKeyHint } from "./explain";
import { ConfigError } from "./errors";
import { ConfigSchema, LogLevelSchema, type Config } from "./schema";
import { readSecrets, type Secrets } from "./secrets";

export interface LoadedConfig {
  /** Absolute path of the file that was read. */
  file: string;
  /** Parsed config; `ledger.path` and `log.file` are absolute. */
  config: Config;
  secrets: Secrets;
}

export interface LoadOptions {
  /** From --config. */
  path?: string;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** --config FILE, else $OBERACONNECT_CONFIG, else ./config.secure.json. */
export function configPath(opts: LoadOptions): string {
  return resolve(opts.cwd, opts.path ?? opts.env.OBERACONNECT_CONFIG ?? "config.secure.json");
}

/** Reads, validates and resolves the config once, at boot. Throws ConfigError listing every problem. */
export function loadConfig(opts: LoadOptions): LoadedConfig {
  const file = configPath(opts);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError([
      code === "ENOENT"
        ? `config file not found: ${file} (pass --config FILE or set OBERACONNECT_CONFIG)`
        : `cannot read config file ${file} (${code ?? "error"})`,
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${file}: not valid JSON at ${jsonSyntaxError(text) ?? (err as Error).message}`]);
  }
  return parseConfig(raw, { file, env: opts.env });
}

/** Validates an already-read config object; the file path is used to resolve relative paths. */
export function parseConfig(raw: unknown, { file, env }: { file: string; env: LoadOptions["env"] }): LoadedConfig {
  const problems: string[] = [];
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) problems.push(...formatIssues(parsed.error));

  let secrets: Secrets | undefined;
  try {
    secrets = readSecrets(env);
  } catch (err) {
    if (err instanceof ConfigError) problems.push(...err.problems);
    else throw err;
  }
  const level = env.LOG_LEVEL ? LogLevelSchema.safeParse(env.LOG_LEVEL) : undefined;
  if (level && !level.success) problems.push(`LOG_LEVEL: expected one of ${LogLevelSchema.options.join(", ")}`);
  if (problems.length || !parsed.success || !secrets) throw new ConfigError(problems);

  const dir = dirname(file);
  const at = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));
  const config: Config = {
    ...parsed.data,
    ledger: { ...parsed.data.ledger, path: at(parsed.data.ledger.path) },
    log: {
      ...parsed.data.log,
      level: level?.success ? level.data : parsed.data.log.level,
      file: parsed.data.log.file ? at(parsed.data.log.file) : undefined,
    },
  };
  return { file, config, secrets };
}

/** One line per problem, naming the field path; never echoes the value (it could be a secret). */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p))).join(".") || "(root)";
    if (issue.code === "unrecognized_keys") {
      const parent = issue.path.length ? `${path}.` : "";
      return issue.keys.map((k) => {
        const hint = unknownKeyHint(ConfigSchema, issue.path, k);
        return `${parent}${k}: unknown key${hint || " (check the spelling; see the config reference)"}`;
      });
    }
    return [`${path}: ${issue.message}`];
  });
}
