// The ids the admin hands an extension are GraphQL gids; the app's routes take the number.
import { numericIdOfGid } from "../../app/utils/shopify-gid";

/** "gid://shopify/Order/450789469" → "450789469"; anything else means the block is out of place. */
export function numericShopifyId(gid: string | undefined, kind: "Order" | "Product"): string {
  const numericId = numericIdOfGid(gid, kind);
  if (!numericId)
    throw new Error(`Open this from ${kind === "Order" ? "an order" : "a product"}'s page in the Shopify admin.`);
  return numericId;
}

/** A link into the embedded app: Shopify opens `app:<path>` inside Lotline. */
export function appHref(appPath: string): string {
  return `app:${appPath}`;
}
