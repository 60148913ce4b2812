// Shopify names a record two ways: the GraphQL gid ("gid://shopify/Order/450789469") and the bare
// number in admin URLs, the extension API's paths and Flow's reference fields. One rule for what
// a numeric id is, used in both directions. Pure: the UI extensions bundle this file too.

/** The resource types the app turns between gid and number. */
export type ShopifyResource = "Order" | "Product" | "Customer";

// Positive, no leading zero, at most 20 digits (an unsigned 64-bit integer).
const NUMERIC_ID = /^[1-9]\d{0,19}$/;
const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/;

/** "450789469" → "gid://shopify/Order/450789469"; null for anything that is not a numeric id. */
export function shopifyGid(resource: ShopifyResource, numericId: string | null | undefined): string | null {
  return numericId && NUMERIC_ID.test(numericId) ? `gid://shopify/${resource}/${numericId}` : null;
}

/**
 * "gid://shopify/Order/450789469" → "450789469"; null for anything else, or for a gid of another
 * resource when `resource` is given.
 */
export function numericIdOfGid(gid: string | null | undefined, resource?: ShopifyResource): string | null {
  const match = gid ? GID.exec(gid) : null;
  if (!match || (resource && match[1] !== resource)) return null;
  const numericId = match[2] as string;
  return NUMERIC_ID.test(numericId) ? numericId : null;
}

/** The id as a number, for payloads that carry it as one (Flow's order_id, product_id); throws for anything else. */
export function numericShopifyId(gid: string): number {
  const numericId = numericIdOfGid(gid);
  if (!numericId) throw new Error(`"${gid}" is not a Shopify gid with a numeric id`);
  return Number(numericId);
}
