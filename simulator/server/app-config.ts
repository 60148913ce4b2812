// What Shopify knows about the app from its shopify.app.toml: the scopes granted at install,
// the webhook topics it subscribes to and their API version. Reads only the TOML that file uses
// (sections, array tables, strings and string lists).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface AppConfig {
  scopes: string;
  webhookTopics: string[];
  webhookApiVersion: string | null;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_APP_CONFIG_PATH = path.resolve(here, "../../shopify.app.toml");

export function readAppConfig(file = DEFAULT_APP_CONFIG_PATH): AppConfig {
  return parseAppConfig(readFileSync(file, "utf8"));
}

export function parseAppConfig(toml: string): AppConfig {
  const config: AppConfig = { scopes: "", webhookTopics: [], webhookApiVersion: null };
  let section = "";
  let pending: { key: string; text: string } | null = null;
  const assign = (key: string, raw: string) => {
    const value = JSON.parse(raw.replace(/,\s*]$/, "]")) as unknown;
    if (section === "access_scopes" && key === "scopes") config.scopes = String(value);
    if (section === "webhooks" && key === "api_version") config.webhookApiVersion = String(value);
    if (section === "webhooks.subscriptions" && (key === "topics" || key === "compliance_topics")) {
      for (const topic of value as string[])
        if (!config.webhookTopics.includes(topic)) config.webhookTopics.push(topic);
    }
  };
  for (const rawLine of toml.split("\n")) {
    const line = rawLine.replace(/\s+#.*$/, "").trim();
    if (pending) {
      pending.text += line;
      if (line.endsWith("]")) {
        assign(pending.key, pending.text);
        pending = null;
      }
      continue;
    }
    if (line === "" || line.startsWith("#")) continue;
    const header = /^\[\[?([^\]]+)\]\]?$/.exec(line);
    if (header) {
      section = header[1].trim();
      continue;
    }
    const entry = /^([A-Za-z0-9_.]+)\s*=\s*(.*)$/.exec(line);
    if (!entry) continue;
    const [, key, value] = entry;
    if (value.startsWith("[") && !value.endsWith("]")) pending = { key, text: value };
    else if (value.startsWith('"') || value.startsWith("[")) assign(key, value);
  }
  return config;
}
