// Shopify global IDs ("gid://shopify/Order/123") and the numeric legacy ids inside them.

const GID_PATTERN = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/;

export function gid(type: string, id: number, query?: string): string {
  return `gid://shopify/${type}/${id}${query ? `?${query}` : ""}`;
}

export interface ParsedGid {
  type: string;
  id: number;
}

/** The resource type and numeric id of a Shopify gid, or null when it is not one. */
export function parseGid(value: unknown): ParsedGid | null {
  if (typeof value !== "string") return null;
  const match = GID_PATTERN.exec(value);
  return match ? { type: match[1], id: Number(match[2]) } : null;
}

export function legacyId(value: string): string {
  const parsed = parseGid(value);
  if (!parsed) throw new Error(`Not a Shopify global id: ${value}`);
  return String(parsed.id);
}
