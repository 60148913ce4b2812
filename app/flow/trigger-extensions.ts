// Lotline's Flow trigger extensions as Shopify reads them at deploy (extensions/*/shopify.extension.toml):
// name, handle and fields. Reads only the TOML those files use: tables and double-quoted strings.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Field types the Shopify CLI accepts on a Flow trigger (others: "is not supported on Flow Triggers"). */
export const TRIGGER_FIELD_TYPES: readonly string[] = [
  "boolean",
  "email",
  "single_line_text_field",
  "url",
  "number_decimal",
];

/** Commerce objects a Flow trigger may reference; the payload carries them as `<object>_id`. */
export const TRIGGER_REFERENCE_TYPES: readonly string[] = [
  "customer_reference",
  "order_reference",
  "product_reference",
  "company_reference",
  "company_contact_reference",
];

/** The CLI's rule for a trigger field's key: letters and spaces only. */
export const TRIGGER_FIELD_KEY = /^[a-zA-Z\s]*$/;

export interface TriggerField {
  type: string;
  /** Absent on reference fields. */
  key: string | null;
}

export interface TriggerExtension {
  file: string;
  name: string;
  handle: string;
  fields: TriggerField[];
}

/** The payload key Flow expects for a field: its key, or `<object>_id` for a reference. */
export function payloadKeyOf(field: TriggerField): string {
  return field.key ?? `${field.type.replace(/_reference$/, "")}_id`;
}

/** The extension a flow_trigger TOML declares, or null for any other extension type. */
export function parseTriggerExtension(toml: string, file: string): TriggerExtension | null {
  const extension: Record<string, string> = {};
  const fields: Record<string, string>[] = [];
  let table = "";
  for (const rawLine of toml.split("\n")) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const header = /^\[\[?\s*([\w.-]+)\s*\]\]?$/.exec(line);
    if (header) {
      table = header[1];
      if (table === "settings.fields") fields.push({});
      continue;
    }
    const entry = /^([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*")\s*(?:#.*)?$/.exec(line);
    if (!entry) continue;
    const value = JSON.parse(entry[2]) as string;
    if (table === "extensions") extension[entry[1]] = value;
    if (table === "settings.fields") fields[fields.length - 1][entry[1]] = value;
  }
  if (extension.type !== "flow_trigger") return null;
  return {
    file,
    name: extension.name ?? "",
    handle: extension.handle ?? "",
    fields: fields.map((field) => ({ type: field.type ?? "", key: field.key ?? null })),
  };
}

/** Every flow_trigger extension under the extensions folder. */
export function readTriggerExtensions(extensionsDir: string): TriggerExtension[] {
  const triggers: TriggerExtension[] = [];
  for (const folder of readdirSync(extensionsDir).sort()) {
    const file = path.join(extensionsDir, folder, "shopify.extension.toml");
    if (!existsSync(file)) continue;
    const trigger = parseTriggerExtension(readFileSync(file, "utf8"), file);
    if (trigger) triggers.push(trigger);
  }
  return triggers;
}
