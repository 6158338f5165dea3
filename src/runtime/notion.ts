import type { LoadedConfig } from "../config/load";
import type { ApiGate } from "../http";
import { createNotionApi, type NotionApi } from "../notion/api";

/** The Notion client the CLI and server use: config base URL, NOTION_TOKEN, the Notion gate. */
export function notionFromConfig(loaded: LoadedConfig, gate: ApiGate): NotionApi {
  return createNotionApi({
    baseUrl: loaded.config.notion.base_url,
    token: loaded.secrets.require("NOTION_TOKEN", "needed to reach Notion"),
    gate,
  });
}
