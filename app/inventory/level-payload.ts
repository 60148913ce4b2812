// The inventory level an inventory_levels/update names, as gids, and the key that makes one
// reconciliation per shop and level at a time. Pure.
import { z } from "zod";
import { AppError } from "../utils/errors";

const numericId = z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]);
const levelIds = z.object({ inventory_item_id: numericId, location_id: numericId });
/** "gid://shopify/InventoryLevel/<location>?inventory_item_id=<item>": exact where large numbers round in JSON. */
const LEVEL_GID = /^gid:\/\/shopify\/InventoryLevel\/(\d+)\?inventory_item_id=(\d+)$/;

/** The level a payload names, as gids. */
export function levelOfPayload(payload: unknown): { inventoryItemId: string; locationId: string } {
  const gid = (payload as { admin_graphql_api_id?: unknown } | null)?.admin_graphql_api_id;
  const exact = typeof gid === "string" ? LEVEL_GID.exec(gid) : null;
  if (exact) return levelGids(exact[2], exact[1]);
  const parsed = levelIds.safeParse(payload);
  if (!parsed.success) {
    throw new AppError(
      "INVALID_DATA",
      "inventory_levels/update without a numeric inventory_item_id and location_id: nothing to reconcile.",
    );
  }
  return levelGids(String(parsed.data.inventory_item_id), String(parsed.data.location_id));
}

function levelGids(item: string, location: string) {
  return { inventoryItemId: `gid://shopify/InventoryItem/${item}`, locationId: `gid://shopify/Location/${location}` };
}

/** One reconciliation per shop and level at a time: the deduplication key. */
export function reconcileKey(input: { shopId: string; inventoryItemId: string; locationId: string }): string {
  const number = (id: string) => id.split("/").pop();
  return `inventory-level-${input.shopId}-${number(input.inventoryItemId)}-${number(input.locationId)}`;
}
