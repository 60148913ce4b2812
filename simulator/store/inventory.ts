// Inventory levels per item and location, with Shopify's quantity states. Every change goes
// through `applyQuantityDeltas`, so on-hand stays derived and each level change is reported.
import { gid, parseGid } from "./ids";
import { type Changed, ChangeSet, nowIso, type ShopState } from "./store";
import {
  type InventoryChangeRecord,
  type InventoryLevelRecord,
  ON_HAND_COMPONENTS,
  type QuantityName,
  STORED_QUANTITY_NAMES,
  type StoredQuantityName,
} from "./types";

export function findInventoryLevel(
  state: ShopState,
  inventoryItemId: string,
  locationId: string,
): InventoryLevelRecord | undefined {
  for (const level of state.inventoryLevels.values()) {
    if (level.inventoryItemId === inventoryItemId && level.locationId === locationId) return level;
  }
  return undefined;
}

/** Stocks an item at a location (Shopify's "activate"); returns the existing level if there is one. */
export function stockInventoryItem(
  state: ShopState,
  inventoryItemId: string,
  locationId: string,
): InventoryLevelRecord {
  const existing = findInventoryLevel(state, inventoryItemId, locationId);
  if (existing) return existing;
  if (!state.inventoryItems.has(inventoryItemId)) throw new Error(`Unknown inventory item ${inventoryItemId}`);
  if (!state.locations.has(locationId)) throw new Error(`Unknown location ${locationId}`);
  const now = nowIso(state);
  const itemNumber = parseGid(inventoryItemId)?.id;
  // Shopify's level id is the location's number qualified by the item ("InventoryLevel/<location>?inventory_item_id=<item>").
  const locationNumber = parseGid(locationId)!.id;
  const level: InventoryLevelRecord = {
    __typename: "InventoryLevel",
    id: gid("InventoryLevel", locationNumber, `inventory_item_id=${itemNumber}`),
    inventoryItemId,
    locationId,
    quantities: Object.fromEntries(STORED_QUANTITY_NAMES.map((name) => [name, 0])) as Record<
      StoredQuantityName,
      number
    >,
    createdAt: now,
    updatedAt: now,
  };
  state.inventoryLevels.set(level.id, level);
  return level;
}

export function quantityOf(level: InventoryLevelRecord, name: QuantityName): number {
  if (name === "on_hand") return ON_HAND_COMPONENTS.reduce((sum, part) => sum + level.quantities[part], 0);
  return level.quantities[name];
}

export interface QuantityDelta {
  inventoryItemId: string;
  locationId: string;
  name: StoredQuantityName;
  delta: number;
  ledgerDocumentUri?: string | null;
}

/**
 * Applies deltas to levels (stocking the item where needed), bumps their `updatedAt` and
 * records an `inventory_levels/update` change per level touched.
 */
export function applyQuantityDeltas(
  state: ShopState,
  deltas: readonly QuantityDelta[],
  changes: ChangeSet,
): InventoryChangeRecord[] {
  const now = nowIso(state);
  return deltas.map((change) => {
    const level = stockInventoryItem(state, change.inventoryItemId, change.locationId);
    level.quantities[change.name] += change.delta;
    level.updatedAt = now;
    const item = state.inventoryItems.get(change.inventoryItemId);
    if (item) item.updatedAt = now;
    changes.add("inventory_levels/update", level.id);
    return {
      name: change.name,
      delta: change.delta,
      quantityAfterChange: level.quantities[change.name],
      inventoryItemId: change.inventoryItemId,
      locationId: change.locationId,
      ledgerDocumentUri: change.ledgerDocumentUri ?? null,
    };
  });
}

export interface AdjustInventoryInput {
  inventoryItemId: string;
  locationId: string;
  /** Defaults to `available`. */
  name?: StoredQuantityName;
  delta: number;
}

/** Control-API adjustment: no Shopify validation, for setting up scenarios. */
export function adjustInventory(state: ShopState, input: AdjustInventoryInput): Changed<InventoryLevelRecord> {
  const changes = new ChangeSet(state);
  applyQuantityDeltas(state, [{ ...input, name: input.name ?? "available" }], changes);
  const level = findInventoryLevel(state, input.inventoryItemId, input.locationId)!;
  return changes.commit(level);
}

export interface MoveInventoryInput {
  inventoryItemId: string;
  locationId: string;
  from: StoredQuantityName;
  to: StoredQuantityName;
  quantity: number;
}

export function moveInventory(state: ShopState, input: MoveInventoryInput): Changed<InventoryLevelRecord> {
  const changes = new ChangeSet(state);
  const { inventoryItemId, locationId, quantity } = input;
  applyQuantityDeltas(
    state,
    [
      { inventoryItemId, locationId, name: input.from, delta: -quantity },
      { inventoryItemId, locationId, name: input.to, delta: quantity },
    ],
    changes,
  );
  return changes.commit(findInventoryLevel(state, inventoryItemId, locationId)!);
}

/** Total `available` of an item across locations, Shopify's `inventoryQuantity`. */
export function totalAvailable(state: ShopState, inventoryItemId: string): number {
  let total = 0;
  for (const level of state.inventoryLevels.values()) {
    if (level.inventoryItemId === inventoryItemId) total += level.quantities.available;
  }
  return total;
}
