// The ids the admin hands an extension are GraphQL gids; the app's routes take the number.

/** "gid://shopify/Order/450789469" → "450789469". */
export function numericShopifyId(gid: string | undefined, kind: "Order" | "Product"): string {
  const match = gid ? new RegExp(`^gid://shopify/${kind}/(\\d+)$`).exec(gid) : null;
  if (!match?.[1])
    throw new Error(`Open this from ${kind === "Order" ? "an order" : "a product"}'s page in the Shopify admin.`);
  return match[1];
}

/** A link into the embedded app: Shopify opens `app:<path>` inside Lotline. */
export function appHref(appPath: string): string {
  return `app:${appPath}`;
}
