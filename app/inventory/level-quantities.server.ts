// The Shopify side of one inventory level: on-hand and committed counts of an item at a
// location, with the variant it belongs to, in one Admin API read.
import { type AdminGraphql, adminQuery } from "../shopify/admin-graphql.server";

const INVENTORY_LEVEL = `#graphql
query LotlineInventoryLevel($inventoryItemId: ID!, $locationId: ID!) {
  inventoryItem(id: $inventoryItemId) {
    id
    tracked
    variant { id sku product { id title } }
    inventoryLevel(locationId: $locationId) {
      quantities(names: ["on_hand", "committed"]) { name quantity }
    }
  }
}`;

export interface ShopifyLevel {
  /** Shopify only counts stock of tracked items. */
  tracked: boolean;
  onHand: number;
  /** Units in orders not yet fulfilled. */
  committed: number;
  variant: { variantId: string; productId: string; sku: string | null; productTitle: string } | null;
}

/** The level as Shopify has it now; null when the inventory item no longer exists. An item not stocked there counts 0. */
export async function fetchInventoryLevel(
  graphql: AdminGraphql,
  input: { inventoryItemId: string; locationId: string },
): Promise<ShopifyLevel | null> {
  const data = await adminQuery<{
    inventoryItem: {
      tracked: boolean;
      variant: { id: string; sku: string | null; product: { id: string; title: string } } | null;
      inventoryLevel: { quantities: { name: string; quantity: number }[] } | null;
    } | null;
  }>(graphql, INVENTORY_LEVEL, input);
  const item = data.inventoryItem;
  if (!item) return null;
  const quantity = (name: string) => item.inventoryLevel?.quantities.find((q) => q.name === name)?.quantity ?? 0;
  return {
    tracked: item.tracked,
    onHand: quantity("on_hand"),
    committed: quantity("committed"),
    variant: item.variant
      ? {
          variantId: item.variant.id,
          productId: item.variant.product.id,
          sku: item.variant.sku || null,
          productTitle: item.variant.product.title,
        }
      : null,
  };
}
