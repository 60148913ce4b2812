// Metafield types the simulator knows, how each validates its string value, and `jsonValue`.

/** Shopify caps `json` metafield values at 128 KB for apps created after the limit came in. */
export const JSON_METAFIELD_MAX_BYTES = 128 * 1024;

const GID = /^gid:\/\/shopify\/[A-Za-z]+\/\d+$/;

const VALIDATORS: Record<string, (value: string) => string | null> = {
  single_line_text_field: (v) => (/[\r\n]/.test(v) ? "Value must be a single line of text." : null),
  multi_line_text_field: () => null,
  rich_text_field: (v) => jsonObject(v),
  json: (v) => {
    if (Buffer.byteLength(v, "utf8") > JSON_METAFIELD_MAX_BYTES) {
      return `Value is too large: json metafields are limited to ${JSON_METAFIELD_MAX_BYTES / 1024} KB.`;
    }
    try {
      JSON.parse(v);
      return null;
    } catch (error) {
      return `Value is invalid JSON: ${(error as Error).message}.`;
    }
  },
  boolean: (v) => (v === "true" || v === "false" ? null : "Value must be true or false."),
  number_integer: (v) => (/^-?\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? null : "Value must be an integer."),
  number_decimal: (v) => (/^-?\d+(\.\d+)?$/.test(v) ? null : "Value must be a decimal number."),
  date: (v) =>
    /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? null : "Value must be a date (YYYY-MM-DD).",
  date_time: (v) =>
    /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)) ? null : "Value must be an ISO 8601 date and time.",
  url: (v) => (/^(https?|mailto|sms|tel):/.test(v) && URL.canParse(v) ? null : "Value must be a valid URL."),
  color: (v) => (/^#[0-9a-fA-F]{6}$/.test(v) ? null : "Value must be a hex color like #1a2b3c."),
  id: (v) => (v.length > 0 ? null : "Value can't be blank."),
  link: (v) => jsonObject(v),
  money: (v) => jsonObject(v),
  rating: (v) => jsonObject(v),
  weight: (v) => jsonObject(v),
  volume: (v) => jsonObject(v),
  dimension: (v) => jsonObject(v),
};

for (const reference of [
  "collection_reference",
  "customer_reference",
  "file_reference",
  "metaobject_reference",
  "mixed_reference",
  "order_reference",
  "page_reference",
  "product_reference",
  "variant_reference",
]) {
  VALIDATORS[reference] = (v) => (GID.test(v) ? null : "Value must be a global id.");
}

function jsonObject(value: string): string | null {
  try {
    const parsed = JSON.parse(value);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
      ? null
      : "Value must be a JSON object.";
  } catch {
    return "Value is invalid JSON.";
  }
}

/** Types that have no `list.` form in Shopify. */
const NOT_LISTABLE = new Set(["boolean", "json", "money", "multi_line_text_field", "rich_text_field"]);

export function isKnownMetafieldType(type: string): boolean {
  if (!type.startsWith("list.")) return type in VALIDATORS;
  const base = type.slice("list.".length);
  return base in VALIDATORS && !NOT_LISTABLE.has(base);
}

/** Why a value does not fit its type, or null when it does. */
export function invalidMetafieldValue(type: string, value: string): string | null {
  if (!type.startsWith("list.")) return VALIDATORS[type]?.(value) ?? null;
  const validate = VALIDATORS[type.slice("list.".length)];
  let items: unknown;
  try {
    items = JSON.parse(value);
  } catch {
    return "Value must be a JSON array.";
  }
  if (!Array.isArray(items)) return "Value must be a JSON array.";
  for (const item of items) {
    const problem = validate(typeof item === "string" ? item : JSON.stringify(item));
    if (problem) return problem;
  }
  return null;
}

const JSON_OBJECT_TYPES = new Set(["dimension", "link", "money", "rating", "rich_text_field", "volume", "weight"]);

/** The value as JSON, the way `Metafield.jsonValue` presents it. */
export function metafieldJsonValue(type: string, value: string): unknown {
  if (type === "number_integer") return Number(value);
  if (type === "boolean") return value === "true";
  if (type === "json" || type.startsWith("list.") || JSON_OBJECT_TYPES.has(type)) return JSON.parse(value);
  return value;
}
