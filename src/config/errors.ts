/**
 * A configuration problem the operator must fix: bad file, bad field, missing secret.
 * Each problem is one line naming the field path; the CLI prints them and exits with 2.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}
