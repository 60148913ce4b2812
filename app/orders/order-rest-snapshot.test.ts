import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AppError } from "../utils/errors";
import {
  readFulfillmentEvent,
  readOrderEditEvent,
  readRefundEvent,
  snapshotFromRestOrder,
} from "./order-rest-snapshot";

const SAMPLES = new URL("../../tests/fixtures/shopify-webhook-samples/trigger.dev/", import.meta.url);
const sample = (name: string) => JSON.parse(readFileSync(new URL(name, SAMPLES), "utf8"));

function line(id: number, overrides: Record<string, unknown> = {}) {
  return {
    id,
    admin_graphql_api_id: `gid://shopify/LineItem/${id}`,
    variant_id: 40 + id,
    product_id: 80 + id,
    sku: `SKU-${id}`,
    name: `Soap ${id}`,
    title: "Soap",
    quantity: 3,
    current_quantity: 3,
    ...overrides,
  };
}

function order(overrides: Record<string, unknown> = {}) {
  return {
    id: 1001,
    admin_graphql_api_id: "gid://shopify/Order/1001",
    name: "#1001",
    updated_at: "2026-11-21T10:00:05-05:00",
    created_at: "2026-11-21T10:00:00-05:00",
    processed_at: "2026-11-21T10:00:00-05:00",
    cancelled_at: null,
    closed_at: null,
    financial_status: "paid",
    fulfillment_status: null,
    email: "ada@example.com",
    customer_locale: "en-GB",
    customer: { id: 7, admin_graphql_api_id: "gid://shopify/Customer/7", first_name: "Ada", last_name: "Lovelace" },
    shipping_address: { first_name: "Ada", last_name: "Lovelace", city: "London", country_code: "GB" },
    line_items: [line(1)],
    fulfillments: [],
    refunds: [],
    ...overrides,
  };
}

const fulfillment = (lineId: number, quantity: number, status = "success") => ({
  id: 9,
  order_id: 1001,
  status,
  location_id: 55,
  line_items: [{ id: lineId, admin_graphql_api_id: `gid://shopify/LineItem/${lineId}`, quantity }],
});

const refund = (lineId: number, quantity: number, restockType: string) => ({
  id: 12,
  order_id: 1001,
  created_at: "2026-11-21T10:00:04-05:00",
  refund_line_items: [
    {
      line_item_id: lineId,
      quantity,
      restock_type: restockType,
      line_item: { admin_graphql_api_id: `gid://shopify/LineItem/${lineId}` },
    },
  ],
});

describe("a REST order body as an order snapshot", () => {
  it("keeps the gids, the version to the second, the customer and the address", () => {
    const { snapshot, gaps } = snapshotFromRestOrder(order());
    expect(gaps).toEqual([]);
    expect(snapshot).toMatchObject({
      orderId: "gid://shopify/Order/1001",
      name: "#1001",
      updatedAt: new Date("2026-11-21T15:00:05Z"),
      processedAt: new Date("2026-11-21T15:00:00Z"),
      financialStatus: "paid",
      fulfillmentStatus: "unfulfilled",
      customer: { id: "gid://shopify/Customer/7", email: "ada@example.com", name: "Ada Lovelace", locale: "en-GB" },
      shippingAddress: { name: "Ada Lovelace", city: "London", countryCode: "GB" },
    });
    expect(snapshot.lines).toEqual([
      {
        lineItemId: "gid://shopify/LineItem/1",
        variantId: "gid://shopify/ProductVariant/41",
        productId: "gid://shopify/Product/81",
        sku: "SKU-1",
        title: "Soap 1",
        quantity: 3,
        fulfilledQuantity: 0,
        returnedQuantity: 0,
        locationId: null,
      },
    ]);
  });

  it("keeps the customer's tags and the wholesale buyer's company for per-retailer exports", () => {
    const { snapshot } = snapshotFromRestOrder(
      order({
        customer: { id: 7, first_name: "Ada", last_name: "Lovelace", tags: "wholesale, VIP" },
        company: { id: 314 },
        shipping_address: { company: " Corner Deli Ltd ", city: "London", country_code: "GB" },
      }),
    );
    expect(snapshot.customer.tags).toEqual(["wholesale", "VIP"]);
    expect(snapshot.company).toEqual({ id: "gid://shopify/Company/314", name: "Corner Deli Ltd" });
  });

  it("counts an edit's removal and a cancelled refund out of the units bought", () => {
    const { snapshot, gaps } = snapshotFromRestOrder(
      order({ line_items: [line(1, { current_quantity: 1 })], refunds: [refund(1, 1, "cancel")] }),
    );
    expect(gaps).toEqual([]);
    expect(snapshot.lines[0]).toMatchObject({ quantity: 1, fulfilledQuantity: 0, returnedQuantity: 0 });
  });

  it("counts shipped units and, once nothing is left to ship, takes the line's location from the fulfilment", () => {
    const { snapshot } = snapshotFromRestOrder(
      order({ fulfillment_status: "fulfilled", fulfillments: [fulfillment(1, 3), fulfillment(1, 2, "cancelled")] }),
    );
    expect(snapshot.fulfillmentStatus).toBe("fulfilled");
    expect(snapshot.lines[0]).toMatchObject({
      quantity: 3,
      fulfilledQuantity: 3,
      locationId: "gid://shopify/Location/55",
    });
  });

  it("keeps returned units as bought and counts them as returned", () => {
    const { snapshot, gaps } = snapshotFromRestOrder(
      order({
        line_items: [line(1, { current_quantity: 2 })],
        fulfillments: [fulfillment(1, 3)],
        refunds: [refund(1, 1, "return")],
      }),
    );
    expect(gaps).toEqual([]);
    expect(snapshot.lines[0]).toMatchObject({ quantity: 3, fulfilledQuantity: 3, returnedQuantity: 1 });
  });

  it("cannot tell shipped from unshipped units in a refund without restock once shipping began", () => {
    const { gaps } = snapshotFromRestOrder(
      order({
        line_items: [line(1, { current_quantity: 1 })],
        fulfillments: [fulfillment(1, 1)],
        refunds: [refund(1, 2, "no_restock")],
      }),
    );
    expect(gaps).toEqual(["line gid://shopify/LineItem/1 has a refund without restock after shipping began"]);
  });

  it("a refund without restock before any shipping is simply fewer units bought", () => {
    const { snapshot, gaps } = snapshotFromRestOrder(
      order({ line_items: [line(1, { current_quantity: 2 })], refunds: [refund(1, 1, "no_restock")] }),
    );
    expect(gaps).toEqual([]);
    expect(snapshot.lines[0].quantity).toBe(2);
  });

  it("reads Shopify's sample order, which predates current_quantity, as needing a read", () => {
    const { snapshot, gaps } = snapshotFromRestOrder(sample("Order.json"));
    expect(snapshot.orderId).toBe("gid://shopify/Order/820982911946154508");
    expect(snapshot.cancelledAt).toEqual(new Date("2022-01-01T00:00:00Z"));
    // processed_at is null in the sample: the creation time (or the version) stands in.
    expect(snapshot.processedAt).toBeInstanceOf(Date);
    expect(gaps[0]).toMatch(/has no current_quantity/);
  });

  it("refuses a body that is not an order, naming the field", () => {
    const attempt = () => snapshotFromRestOrder({ id: 1, name: "#1" });
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow(/updated_at/);
    expect(() => snapshotFromRestOrder(order({ updated_at: "yesterday" }))).toThrow(
      /updated_at must be an ISO 8601 time/,
    );
  });
});

describe("partial order events", () => {
  it("a refund names its order and when it happened", () => {
    expect(readRefundEvent(refund(1, 1, "return"))).toEqual({
      orderId: "gid://shopify/Order/1001",
      occurredAt: new Date("2026-11-21T15:00:04Z"),
    });
  });

  it("a fulfilment names its order and its last change", () => {
    expect(readFulfillmentEvent({ ...fulfillment(1, 1), updated_at: "2026-11-21T15:00:09Z" })).toEqual({
      orderId: "gid://shopify/Order/1001",
      occurredAt: new Date("2026-11-21T15:00:09Z"),
    });
  });

  it("an order edit names its order and the edit's time", () => {
    expect(readOrderEditEvent({ order_edit: { order_id: 1001, created_at: "2026-11-21T15:01:00Z" } })).toEqual({
      orderId: "gid://shopify/Order/1001",
      occurredAt: new Date("2026-11-21T15:01:00Z"),
    });
  });

  it("an id too large to survive JSON parsing is refused rather than guessed", () => {
    expect(() => readRefundEvent(sample("Refund.json"))).toThrow(/order_id is missing or not a Shopify id/);
  });

  it("a fulfilment body without times still names its order (the order is then read)", () => {
    expect(readFulfillmentEvent({ order_id: 1001, line_items: [] })).toEqual({
      orderId: "gid://shopify/Order/1001",
      occurredAt: null,
    });
  });
});
