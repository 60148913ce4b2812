import { beforeEach, describe, expect, it } from "vitest";
import { createProduct } from "../store/catalog";
import { createLocation } from "../store/store";
import { dataOf, type SimulatedShop, simulatedShop } from "../testing";

const ADJUST = `mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id reason referenceDocumentUri changes { name delta quantityAfterChange item { id } location { id } } }
    userErrors { field message code }
  }
}`;

const MOVE = `mutation Move($input: InventoryMoveQuantitiesInput!, $key: String!) {
  inventoryMoveQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
    userErrors { field message code }
  }
}`;

const QUANTITIES = `query Level($item: ID!, $location: ID!) {
  inventoryItem(id: $item) {
    inventoryLevel(locationId: $location) {
      quantities(names: ["available", "committed", "on_hand", "quality_control", "damaged"]) { name quantity }
    }
  }
}`;

interface Payload {
  inventoryAdjustmentGroup: {
    id: string;
    changes: { name: string; delta: number; quantityAfterChange: number }[];
  } | null;
  userErrors: { field: string[] | null; message: string; code: string }[];
}

let shop: SimulatedShop;
let itemId: string;

beforeEach(() => {
  shop = simulatedShop();
  const { variants } = createProduct(shop.state, {
    title: "Beeswax Candle",
    variants: [{ sku: "BW-1", inventory: { [shop.location.id]: { available: 10, committed: 2 } } }],
  }).value;
  itemId = variants[0].inventoryItemId;
});

function quantities(): Record<string, number> {
  const data = dataOf<{ inventoryItem: { inventoryLevel: { quantities: { name: string; quantity: number }[] } } }>(
    shop.graphql(QUANTITIES, { item: itemId, location: shop.location.id }),
  );
  return Object.fromEntries(data.inventoryItem.inventoryLevel.quantities.map((q) => [q.name, q.quantity]));
}

function adjust(
  changes: Record<string, unknown>[],
  overrides: Record<string, unknown> = {},
  key: string = crypto.randomUUID(),
) {
  const input = {
    name: "available",
    reason: "received",
    referenceDocumentUri: "gid://lotline/Receipt/1",
    changes,
    ...overrides,
  };
  return shop.graphql(ADJUST, { input, key });
}

function adjustPayload(...args: Parameters<typeof adjust>): Payload {
  return dataOf<{ inventoryAdjustQuantities: Payload }>(adjust(...args)).inventoryAdjustQuantities;
}

const change = (delta: number, extra: Record<string, unknown> = {}) => ({
  delta,
  inventoryItemId: itemId,
  locationId: shop.location.id,
  changeFromQuantity: null,
  ...extra,
});

describe("inventoryAdjustQuantities", () => {
  it("raising available raises on-hand too, and reports both changes", () => {
    const payload = adjustPayload([change(5)]);

    expect(payload.userErrors).toEqual([]);
    expect(payload.inventoryAdjustmentGroup?.changes).toEqual([
      expect.objectContaining({ name: "available", delta: 5, quantityAfterChange: 15 }),
      expect.objectContaining({ name: "on_hand", delta: 5, quantityAfterChange: 17 }),
    ]);
    expect(quantities()).toEqual({ available: 15, committed: 2, on_hand: 17, quality_control: 0, damaged: 0 });
  });

  it("a matching changeFromQuantity is accepted and a stale one refused without change", () => {
    expect(adjustPayload([change(-1, { changeFromQuantity: 10 })]).userErrors).toEqual([]);

    const stale = adjustPayload([change(-1, { changeFromQuantity: 10 })]);

    expect(stale.userErrors).toEqual([
      {
        field: ["input", "changes", "0", "changeFromQuantity"],
        message: "The changeFromQuantity argument no longer matches the persisted quantity.",
        code: "CHANGE_FROM_QUANTITY_STALE",
      },
    ]);
    expect(quantities().available).toBe(9);
  });

  it.each([
    [
      "an unknown inventory item",
      [{ inventoryItemId: "gid://shopify/InventoryItem/999999" }],
      {},
      "INVALID_INVENTORY_ITEM",
    ],
    ["an unknown location", [{ locationId: "gid://shopify/Location/999999" }], {}, "INVALID_LOCATION"],
    ["a reason Shopify does not know", [{}], { reason: "because" }, "INVALID_REASON"],
    ["the committed quantity, which only Shopify moves", [{}], { name: "committed" }, "INVALID_QUANTITY_NAME"],
    [
      "a reference document that is not a URI",
      [{}],
      { referenceDocumentUri: "receipt 1" },
      "INVALID_REFERENCE_DOCUMENT",
    ],
    [
      "a ledger document on available",
      [{ ledgerDocumentUri: "gid://lotline/Lot/1" }],
      {},
      "INVALID_AVAILABLE_DOCUMENT",
    ],
    ["damaged stock without a ledger document", [{}], { name: "damaged" }, "INVALID_QUANTITY_DOCUMENT"],
    ["a quantity beyond two billion", [{ delta: 2_000_000_000 }], {}, "INVALID_QUANTITY_TOO_HIGH"],
  ])("rejects %s and changes nothing", (_label, changeOverrides, inputOverrides, code) => {
    const before = quantities();
    const payload = adjustPayload([change(3, changeOverrides[0])], inputOverrides);

    expect(payload.inventoryAdjustmentGroup).toBeNull();
    expect(payload.userErrors.map((e) => e.code)).toEqual([code]);
    expect(quantities()).toEqual(before);
  });

  it("a non-available state can be adjusted with a ledger document", () => {
    const payload = adjustPayload([change(2, { ledgerDocumentUri: "gid://lotline/Lot/7" })], {
      name: "damaged",
      reason: "damaged",
    });

    expect(payload.userErrors).toEqual([]);
    expect(quantities()).toMatchObject({ damaged: 2, available: 10, on_hand: 14 });
  });

  it("without the @idempotent directive the mutation is refused, as required since 2026-04", () => {
    const response = shop.graphql(
      `mutation($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) { userErrors { code } } }`,
      { input: { name: "available", reason: "received", changes: [change(1)] } },
    );

    expect(response.body.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining("@idempotent directive is required") }),
    ]);
    expect(quantities().available).toBe(10);
  });

  it("leaving out changeFromQuantity is refused: Shopify requires it, even as null", () => {
    const { changeFromQuantity: _omitted, ...withoutCas } = change(1);
    const response = adjust([withoutCas]);

    expect(response.body.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining("changeFromQuantity must be provided") }),
    ]);
    expect(quantities().available).toBe(10);
  });

  it("a retry with the same idempotency key replays the first answer and applies nothing twice", () => {
    const first = adjustPayload([change(4)], {}, "key-1");
    const retry = adjustPayload([change(4)], {}, "key-1");

    expect(retry).toEqual(first);
    expect(quantities().available).toBe(14);
  });

  it("the same idempotency key with different input is refused", () => {
    adjustPayload([change(4)], {}, "key-1");
    const reused = adjustPayload([change(5)], {}, "key-1");

    expect(reused.userErrors.map((e) => e.code)).toEqual(["IDEMPOTENCY_KEY_PARAMETER_MISMATCH"]);
    expect(quantities().available).toBe(14);
  });
});

describe("inventoryMoveQuantities", () => {
  function move(quantity: number, from: Record<string, unknown>, to: Record<string, unknown>): Payload {
    const terminal = (overrides: Record<string, unknown>) => ({
      locationId: shop.location.id,
      changeFromQuantity: null,
      ...overrides,
    });
    const input = {
      reason: "quality_control",
      referenceDocumentUri: "gid://lotline/Recall/1",
      changes: [{ inventoryItemId: itemId, quantity, from: terminal(from), to: terminal(to) }],
    };
    return dataOf<{ inventoryMoveQuantities: Payload }>(shop.graphql(MOVE, { input, key: crypto.randomUUID() }))
      .inventoryMoveQuantities;
  }

  it("moving available into quality control stops selling it and keeps on-hand", () => {
    const payload = move(
      4,
      { name: "available" },
      { name: "quality_control", ledgerDocumentUri: "gid://lotline/Lot/12" },
    );

    expect(payload.userErrors).toEqual([]);
    expect(payload.inventoryAdjustmentGroup?.changes).toEqual([
      { name: "available", delta: -4, quantityAfterChange: 6 },
      { name: "quality_control", delta: 4, quantityAfterChange: 4 },
    ]);
    expect(quantities()).toEqual({ available: 6, committed: 2, on_hand: 12, quality_control: 4, damaged: 0 });
  });

  it("quality control needs a ledger document, as Shopify requires for every state but available", () => {
    const payload = move(1, { name: "available" }, { name: "quality_control" });

    expect(payload.userErrors).toEqual([
      expect.objectContaining({
        field: ["input", "changes", "0", "to", "ledgerDocumentUri"],
        code: "INVALID_QUANTITY_DOCUMENT",
      }),
    ]);
  });

  it.each([
    ["a negative quantity", -2, {}, "INVALID_QUANTITY_NEGATIVE"],
    ["the same state on both sides", 1, { toName: "available" }, "SAME_QUANTITY_NAME"],
    ["two different locations", 1, { otherLocation: true }, "DIFFERENT_LOCATIONS"],
  ])(
    "rejects %s and changes nothing",
    (_label, quantity, options: { toName?: string; otherLocation?: boolean }, code) => {
      const other = options.otherLocation
        ? createLocation(shop.state, { name: "Warehouse" }).value.id
        : shop.location.id;
      const payload = move(
        quantity,
        { name: "available" },
        { name: options.toName ?? "quality_control", ledgerDocumentUri: "gid://lotline/Lot/12", locationId: other },
      );

      expect(payload.userErrors.map((e) => e.code)).toEqual([code]);
      expect(quantities()).toMatchObject({ available: 10, quality_control: 0 });
    },
  );
});
