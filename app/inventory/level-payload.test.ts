import { describe, expect, it } from "vitest";
import { levelOfPayload, reconcileKey } from "./level-payload";

describe("levelOfPayload", () => {
  it("reads the level from Shopify's InventoryLevel gid, exact where large numbers would round", () => {
    expect(
      levelOfPayload({
        inventory_item_id: 271878346596884000, // already rounded by JSON.parse
        location_id: 24826418,
        available: 6,
        admin_graphql_api_id: "gid://shopify/InventoryLevel/24826418?inventory_item_id=271878346596884015",
      }),
    ).toEqual({
      inventoryItemId: "gid://shopify/InventoryItem/271878346596884015",
      locationId: "gid://shopify/Location/24826418",
    });
  });

  it("falls back to the numeric ids when the gid is missing", () => {
    expect(levelOfPayload({ inventory_item_id: 808950810, location_id: 905684977, available: 1 })).toEqual({
      inventoryItemId: "gid://shopify/InventoryItem/808950810",
      locationId: "gid://shopify/Location/905684977",
    });
  });

  it("refuses a payload that names no level, saying which fields it needs", () => {
    expect(() => levelOfPayload({ available: 3 })).toThrow(/inventory_item_id and location_id/);
    expect(() => levelOfPayload(null)).toThrow(/inventory_item_id and location_id/);
  });
});

describe("reconcileKey", () => {
  it("is one key per shop, item and location", () => {
    const level = {
      shopId: "s1",
      inventoryItemId: "gid://shopify/InventoryItem/7",
      locationId: "gid://shopify/Location/9",
    };
    expect(reconcileKey(level)).toBe("inventory-level-s1-7-9");
    expect(reconcileKey({ ...level, locationId: "gid://shopify/Location/10" })).not.toBe(reconcileKey(level));
  });
});
