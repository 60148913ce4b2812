import { beforeEach, describe, expect, it } from "vitest";
import { createProduct } from "./catalog";
import { createCustomer } from "./customers";
import { displayFulfillmentStatus, fulfillOrder, holdFulfillmentOrder } from "./fulfillment";
import { findInventoryLevel, quantityOf } from "./inventory";
import { cancelOrder, createOrder, editOrder, refundOrder } from "./orders";
import { createShop, createStore, type ShopState, type Store } from "./store";
import type { StoreChange, VariantRecord } from "./types";

let now: number;
let store: Store;
let shop: ShopState;
let locationId: string;
let soap: VariantRecord;
let candle: VariantRecord;
let seen: StoreChange[];

beforeEach(() => {
  now = Date.parse("2026-03-01T09:00:00Z");
  store = createStore({ clock: () => now });
  shop = createShop(store, { name: "Acme Soap" });
  locationId = [...shop.locations.values()][0].id;
  [soap, candle] = createProduct(shop, {
    title: "Gift Set",
    variants: [
      { title: "Soap", sku: "SOAP", price: "6.00", inventory: { [locationId]: 10 } },
      { title: "Candle", sku: "CANDLE", price: "12.00", inventory: { [locationId]: 5 } },
    ],
  }).value.variants;
  seen = [];
  store.subscribe((change) => seen.push(change));
});

function stock(variant: VariantRecord) {
  const level = findInventoryLevel(shop, variant.inventoryItemId, locationId)!;
  return {
    available: quantityOf(level, "available"),
    committed: quantityOf(level, "committed"),
    on_hand: quantityOf(level, "on_hand"),
  };
}

describe("createOrder", () => {
  it("commits the ordered units at the assigned location: available falls, on-hand stays", () => {
    const { value: order, changes } = createOrder(shop, { lines: [{ variantId: soap.id, quantity: 3 }], locationId });

    expect(stock(soap)).toEqual({ available: 7, committed: 3, on_hand: 10 });
    expect(order.name).toBe("#1001");
    expect(changes.map((c) => c.topic)).toEqual(["orders/create", "inventory_levels/update"]);
    expect(seen).toEqual(changes);
  });

  it("numbers orders per shop and copies the customer's email", () => {
    const customer = createCustomer(shop, { firstName: "Ada", email: "ada@example.com" }).value;
    createOrder(shop, { lines: [{ variantId: soap.id, quantity: 1 }] });
    const second = createOrder(shop, { customerId: customer.id, lines: [{ variantId: soap.id, quantity: 1 }] }).value;

    expect(second.name).toBe("#1002");
    expect(second.email).toBe("ada@example.com");
  });

  it("refuses an unknown variant", () => {
    expect(() => createOrder(shop, { lines: [{ variantId: "gid://shopify/ProductVariant/1", quantity: 1 }] })).toThrow(
      /Unknown variant/,
    );
  });
});

describe("after the order is placed", () => {
  let orderId: string;
  let soapLineId: string;
  let candleLineId: string;

  beforeEach(() => {
    const order = createOrder(shop, {
      lines: [
        { variantId: soap.id, quantity: 3 },
        { variantId: candle.id, quantity: 1 },
      ],
    }).value;
    orderId = order.id;
    [soapLineId, candleLineId] = order.lineItems.map((line) => line.id);
    now += 60_000;
    seen = [];
  });

  it("fulfilling ships the committed units: committed and on-hand fall, the order is fulfilled", () => {
    const { changes } = fulfillOrder(shop, orderId);

    expect(stock(soap)).toEqual({ available: 7, committed: 0, on_hand: 7 });
    const order = shop.orders.get(orderId)!;
    expect(displayFulfillmentStatus(shop, order)).toBe("FULFILLED");
    expect(shop.fulfillmentOrders.get(order.fulfillmentOrderIds[0])?.status).toBe("CLOSED");
    expect(order.updatedAt).toBe("2026-03-01T09:01:00Z");
    expect(changes.map((c) => c.topic)).toEqual([
      "inventory_levels/update",
      "inventory_levels/update",
      "fulfillments/create",
      "orders/fulfilled",
      "orders/updated",
    ]);
  });

  it("a partial fulfilment leaves the rest committed and the order partially fulfilled", () => {
    fulfillOrder(shop, orderId, { lines: [{ lineItemId: soapLineId, quantity: 1 }] });

    expect(stock(soap)).toEqual({ available: 7, committed: 2, on_hand: 9 });
    expect(displayFulfillmentStatus(shop, shop.orders.get(orderId)!)).toBe("PARTIALLY_FULFILLED");
  });

  it("cancelling restocks unfulfilled units and refunds them", () => {
    const { value: order, changes } = cancelOrder(shop, orderId, { reason: "CUSTOMER" });

    expect(stock(soap)).toEqual({ available: 10, committed: 0, on_hand: 10 });
    expect(stock(candle)).toEqual({ available: 5, committed: 0, on_hand: 5 });
    expect(order.cancelledAt).toBe("2026-03-01T09:01:00Z");
    expect(order.lineItems.map((l) => l.currentQuantity)).toEqual([0, 0]);
    expect(order.financialStatus).toBe("REFUNDED");
    expect(shop.fulfillmentOrders.get(order.fulfillmentOrderIds[0])?.status).toBe("CLOSED");
    expect(changes.map((c) => c.topic)).toEqual(
      expect.arrayContaining(["refunds/create", "orders/cancelled", "orders/updated", "inventory_levels/update"]),
    );
  });

  it("cancelling without restock writes the units off", () => {
    cancelOrder(shop, orderId, { restock: false });

    expect(stock(soap)).toEqual({ available: 7, committed: 0, on_hand: 7 });
  });

  it("a returned unit comes back to available after fulfilment", () => {
    fulfillOrder(shop, orderId);
    const { value: refund } = refundOrder(shop, orderId, {
      lines: [{ lineItemId: soapLineId, quantity: 1, restockType: "RETURN" }],
    });

    expect(stock(soap)).toEqual({ available: 8, committed: 0, on_hand: 8 });
    expect(refund.lineItems[0]).toMatchObject({ quantity: 1, restockType: "RETURN", restocked: true, locationId });
    const order = shop.orders.get(orderId)!;
    expect(order.lineItems.find((l) => l.id === soapLineId)?.currentQuantity).toBe(2);
    expect(order.financialStatus).toBe("PARTIALLY_REFUNDED");
  });

  it("refunding more than is left on the line is refused", () => {
    expect(() => refundOrder(shop, orderId, { lines: [{ lineItemId: candleLineId, quantity: 2 }] })).toThrow(
      /Cannot refund 2 of 1/,
    );
  });

  it("an edit that removes units restocks them; one that adds a variant commits it", () => {
    const { changes } = editOrder(shop, orderId, {
      setQuantities: [{ lineItemId: soapLineId, quantity: 1 }],
      addVariants: [{ variantId: candle.id, quantity: 2 }],
    });

    expect(stock(soap)).toEqual({ available: 9, committed: 1, on_hand: 10 });
    expect(stock(candle)).toEqual({ available: 2, committed: 3, on_hand: 5 });
    const order = shop.orders.get(orderId)!;
    expect(order.lineItems.map((l) => [l.sku, l.quantity, l.currentQuantity])).toEqual([
      ["SOAP", 3, 1],
      ["CANDLE", 1, 1],
      ["CANDLE", 2, 2],
    ]);
    expect(changes.map((c) => c.topic)).toEqual(expect.arrayContaining(["orders/edited", "orders/updated"]));
  });

  it("a held fulfilment order cannot be fulfilled", () => {
    const fulfillmentOrderId = shop.orders.get(orderId)!.fulfillmentOrderIds[0];
    holdFulfillmentOrder(shop, fulfillmentOrderId, { reason: "OTHER" });

    expect(() => fulfillOrder(shop, orderId)).toThrow(/on hold/);
    expect(displayFulfillmentStatus(shop, shop.orders.get(orderId)!)).toBe("ON_HOLD");
  });
});
