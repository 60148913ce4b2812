// Flow's reference fields (order_id, product_id) carry Shopify's numeric id, not the gid.

/** 12345 from "gid://shopify/Order/12345"; a clear error for anything else. */
export function numericShopifyId(gid: string): number {
  const match = /^gid:\/\/shopify\/\w+\/(\d+)$/.exec(gid);
  if (!match) throw new Error(`"${gid}" is not a Shopify gid with a numeric id`);
  return Number(match[1]);
}
