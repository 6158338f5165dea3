import type { LoadedConfig } from "./load";

/**
 * The effective config for display (`config show`, /admin later): every setting, plus which
 * secrets are set and from where. Secret values never appear; the config file holds none.
 */
export function redactedView(loaded: LoadedConfig): Record<string, unknown> {
  return { config_file: loaded.file, ...loaded.config, secrets: loaded.secrets.redacted() };
}
