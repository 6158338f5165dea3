import { readFileSync } from "node:fs";
import { ConfigError } from "./errors";

/** Every secret the service knows. Each may also be given as NAME_FILE (Docker/systemd credentials). */
export const SECRET_NAMES = [
  "NOTION_TOKEN",
  "UNIFI_API_KEY",
  "NINJAONE_CLIENT_ID",
  "NINJAONE_CLIENT_SECRET",
  "ADMIN_TOKEN",
  "NINJAONE_WEBHOOK_SECRET",
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];
/**
 * Secrets a deployment may leave out (their feature is then off): the examples in deploy/ carry
 * them as commented lines, since a systemd credential or a Compose secret whose file is missing
 * stops the unit.
 */
export const OPTIONAL_SECRETS: readonly SecretName[] = ["NINJAONE_WEBHOOK_SECRET"];
export type SecretSource = "env" | "file" | "unset";

/**
 * Secrets read once from the environment. The values sit in a private map: JSON.stringify,
 * console.log and util.inspect of this object show only which secrets are set, never a value.
 */
export class Secrets {
  readonly #values = new Map<SecretName, { value: string; source: SecretSource }>();

  constructor(entries: Partial<Record<SecretName, { value: string; source: SecretSource }>> = {}) {
    for (const [name, entry] of Object.entries(entries)) if (entry) this.#values.set(name as SecretName, entry);
  }

  get(name: SecretName): string | undefined {
    return this.#values.get(name)?.value;
  }

  source(name: SecretName): SecretSource {
    return this.#values.get(name)?.source ?? "unset";
  }

  /** The value, or a ConfigError that says how to provide it (exit code 2). */
  require(name: SecretName, purpose: string): string {
    const v = this.get(name);
    if (v === undefined) {
      throw new ConfigError([`${name} is not set (${purpose}): set ${name} or ${name}_FILE in the environment`]);
    }
    return v;
  }

  /** Every secret value, for scrubbing output. */
  values(): string[] {
    return [...this.#values.values()].map((e) => e.value);
  }

  redacted(): Record<SecretName, string> {
    return Object.fromEntries(
      SECRET_NAMES.map((n) => [n, this.source(n) === "unset" ? "unset" : `set (${this.source(n)})`]),
    ) as Record<SecretName, string>;
  }

  toJSON(): Record<SecretName, string> {
    return this.redacted();
  }

  [Symbol.for("nodejs.util.inspect.custom")](): Record<SecretName, string> {
    return this.redacted();
  }
}

/**
 * NAME wins over nothing, NAME_FILE over nothing; both at once is an error because the operator
 * cannot know which one is used. A file's trailing newline is dropped (echo adds one).
 */
export function readSecrets(env: Record<string, string | undefined>): Secrets {
  const problems: string[] = [];
  const entries: Partial<Record<SecretName, { value: string; source: SecretSource }>> = {};
  for (const name of SECRET_NAMES) {
    const direct = env[name];
    const file = env[`${name}_FILE`];
    if (direct !== undefined && direct !== "" && file) {
      problems.push(`${name}: both ${name} and ${name}_FILE are set; keep one`);
      continue;
    }
    if (file) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (err) {
        problems.push(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
        continue;
      }
      const value = text.replace(/\r?\n$/, "");
      if (value.trim() === "") problems.push(`${name}_FILE: ${file} is empty`);
      else entries[name] = { value, source: "file" };
    } else if (direct !== undefined && direct !== "") {
      // The same rule as for a file: blank is not a value.
      if (direct.trim() === "") problems.push(`${name}: is blank`);
      else entries[name] = { value: direct, source: "env" };
    }
    const weak = name === "ADMIN_TOKEN" ? entries[name] && adminTokenProblem(entries[name].value) : undefined;
    if (weak) {
      problems.push(`${name}${entries[name]?.source === "file" ? "_FILE" : ""}: ${weak}`);
      delete entries[name];
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return new Secrets(entries);
}

/** Shortest admin token taken: 32 characters, e.g. `openssl rand -base64 32` (44) or `-hex 16` (32). */
export const ADMIN_TOKEN_MIN_LENGTH = 32;

/**
 * Why an admin token is too weak to open the admin API (never the token itself), or undefined.
 * It guards writes to every customer's dashboard: guessable tokens are refused at start.
 */
export function adminTokenProblem(token: string): string | undefined {
  if (token.length < ADMIN_TOKEN_MIN_LENGTH) return `too short (${token.length} characters; at least ${ADMIN_TOKEN_MIN_LENGTH}: \`openssl rand -base64 32\`)`;
  if (new Set(token).size < 8) return "too few different characters (generate it: `openssl rand -base64 32`)";
  if (/\s/.test(token)) return "contains whitespace";
  return undefined;
}
