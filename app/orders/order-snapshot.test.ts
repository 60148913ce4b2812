import { describe, expect, it } from "vitest";
import type { AdminOrderNode } from "../shopify/orders.server";
import { snapshotFromAdminOrder } from "./order-admin-snapshot";
import { compareWithStored, fillLineLocations, type OrderSnapshot, type StoredOrderState } from "./order-snapshot";

const WAREHOUSE = "gid://shopify/Location/1";
const SHOP_FRONT = "gid://shopify/Location/2";

function snapshot(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  return {
    orderId: "gid://shopify/Order/1",
    name: "#1001",
    updatedAt: new Date("2026-11-21T10:00:05Z"),
    processedAt: new Date("2026-11-21T10:00:00Z"),
    cancelledAt: null,
    closedAt: null,
    financialStatus: "paid",
    fulfillmentStatus: "unfulfilled",
    customer: { id: null, email: null, name: null, locale: null },
    company: { id: null, name: null },
    shippingAddress: null,
    lines: [
      {
        lineItemId: "gid://shopify/LineItem/1",
        variantId: "gid://shopify/ProductVariant/1",
        productId: "gid://shopify/Product/1",
        sku: "S",
        title: "Soap",
        quantity: 2,
        fulfilledQuantity: 0,
        returnedQuantity: 0,
        locationId: null,
      },
    ],
    ...overrides,
  };
}

function stored(overrides: Partial<StoredOrderState> = {}): StoredOrderState {
  return {
    shopifyUpdatedAt: new Date("2026-11-21T10:00:05Z"),
    cancelledAt: null,
    closedAt: null,
    financialStatus: "paid",
    fulfillmentStatus: "unfulfilled",
    lines: [
      {
        lineItemId: "gid://shopify/LineItem/1",
        variantId: "gid://shopify/ProductVariant/1",
        quantity: 2,
        fulfilledQuantity: 0,
        returnedQuantity: 0,
        locationId: WAREHOUSE,
      },
    ],
    ...overrides,
  };
}

describe("which version wins", () => {
  it("a newer snapshot replaces Lotline's copy and an older one is ignored", () => {
    expect(compareWithStored(snapshot({ updatedAt: new Date("2026-11-21T10:00:06Z") }), stored())).toBe("newer");
    expect(compareWithStored(snapshot({ updatedAt: new Date("2026-11-21T10:00:04Z") }), stored())).toBe("older");
    expect(compareWithStored(snapshot(), null)).toBe("newer");
  });

  it("the same version with the same content is a repeat, even when the body does not say the location", () => {
    expect(compareWithStored(snapshot(), stored())).toBe("same");
  });

  it("the same second with different content cannot be ordered by time", () => {
    const cancelled = snapshot({ cancelledAt: new Date("2026-11-21T10:00:05Z") });
    expect(compareWithStored(cancelled, stored())).toBe("ambiguous");
    const fewer = snapshot({ lines: [{ ...snapshot().lines[0], quantity: 1 }] });
    expect(compareWithStored(fewer, stored())).toBe("ambiguous");
  });
});

describe("line locations a body leaves open", () => {
  it("a line Lotline already placed keeps its location; in a one-location shop every line is there", () => {
    const known = fillLineLocations(snapshot(), {
      storedLocations: new Map([["gid://shopify/LineItem/1", SHOP_FRONT]]),
      shopLocationIds: [WAREHOUSE],
    });
    expect(known.lines[0].locationId).toBe(SHOP_FRONT);
    const single = fillLineLocations(snapshot(), { storedLocations: new Map(), shopLocationIds: [WAREHOUSE] });
    expect(single.lines[0].locationId).toBe(WAREHOUSE);
  });

  it("with two locations a new line stays open (the fulfilment orders must be read)", () => {
    const open = fillLineLocations(snapshot(), {
      storedLocations: new Map(),
      shopLocationIds: [WAREHOUSE, SHOP_FRONT],
    });
    expect(open.lines[0].locationId).toBeNull();
  });
});

function adminOrder(overrides: Partial<AdminOrderNode> = {}): AdminOrderNode {
  const lineItem = (id: string, currentQuantity: number) => ({
    id,
    name: "Lavender Soap - Large",
    sku: "LAV-L",
    quantity: 3,
    currentQuantity,
    variant: { id: "gid://shopify/ProductVariant/1" },
    product: { id: "gid://shopify/Product/1" },
  });
  return {
    id: "gid://shopify/Order/1",
    name: "#1001",
    updatedAt: "2026-11-21T10:00:05Z",
    processedAt: "2026-11-21T10:00:00Z",
    createdAt: "2026-11-21T10:00:00Z",
    cancelledAt: null,
    closedAt: null,
    displayFinancialStatus: "PARTIALLY_REFUNDED",
    displayFulfillmentStatus: "PARTIALLY_FULFILLED",
    email: "ada@example.com",
    customer: {
      id: "gid://shopify/Customer/7",
      displayName: "Ada Lovelace",
      tags: ["wholesale"],
      defaultEmailAddress: null,
    },
    shippingAddress: null,
    lineItems: { nodes: [lineItem("gid://shopify/LineItem/1", 2), lineItem("gid://shopify/LineItem/2", 0)] },
    fulfillmentOrders: {
      nodes: [
        {
          status: "IN_PROGRESS",
          assignedLocation: { location: { id: SHOP_FRONT } },
          lineItems: {
            nodes: [
              { remainingQuantity: 1, lineItem: { id: "gid://shopify/LineItem/1" } },
              { remainingQuantity: 0, lineItem: { id: "gid://shopify/LineItem/2" } },
            ],
          },
        },
      ],
    },
    fulfillments: [
      {
        status: "SUCCESS",
        location: { id: SHOP_FRONT },
        fulfillmentLineItems: { nodes: [{ quantity: 2, lineItem: { id: "gid://shopify/LineItem/1" } }] },
      },
      {
        status: "CANCELLED",
        location: { id: SHOP_FRONT },
        fulfillmentLineItems: { nodes: [{ quantity: 1, lineItem: { id: "gid://shopify/LineItem/1" } }] },
      },
    ],
    refunds: [
      {
        refundLineItems: {
          nodes: [
            { quantity: 1, restockType: "RETURN", lineItem: { id: "gid://shopify/LineItem/1" } },
            { quantity: 3, restockType: "CANCEL", lineItem: { id: "gid://shopify/LineItem/2" } },
          ],
        },
      },
    ],
    ...overrides,
  };
}

describe("an Admin API order as an order snapshot", () => {
  it("counts shipped plus still waiting as bought, returned units as returned, and the fulfilment order's location", () => {
    const result = snapshotFromAdminOrder(adminOrder());
    expect(result).toMatchObject({
      financialStatus: "partially_refunded",
      fulfillmentStatus: "partially_fulfilled",
      customer: { id: "gid://shopify/Customer/7", email: "ada@example.com", name: "Ada Lovelace", tags: ["wholesale"] },
    });
    expect(result.lines).toEqual([
      {
        lineItemId: "gid://shopify/LineItem/1",
        variantId: "gid://shopify/ProductVariant/1",
        productId: "gid://shopify/Product/1",
        sku: "LAV-L",
        title: "Lavender Soap - Large",
        quantity: 3,
        fulfilledQuantity: 2,
        returnedQuantity: 1,
        locationId: SHOP_FRONT,
      },
      // Cancelled before shipping: nothing bought, still placed where it was assigned.
      expect.objectContaining({ lineItemId: "gid://shopify/LineItem/2", quantity: 0, locationId: SHOP_FRONT }),
    ]);
  });

  it("units on a cancelled fulfilment order are no longer waiting to ship", () => {
    const cancelled = adminOrder({
      fulfillments: [],
      refunds: [],
      fulfillmentOrders: {
        nodes: [
          {
            status: "CANCELLED",
            assignedLocation: { location: { id: WAREHOUSE } },
            lineItems: { nodes: [{ remainingQuantity: 3, lineItem: { id: "gid://shopify/LineItem/1" } }] },
          },
        ],
      },
    });
    expect(snapshotFromAdminOrder(cancelled).lines[0]).toMatchObject({ quantity: 0, locationId: WAREHOUSE });
  });
});
