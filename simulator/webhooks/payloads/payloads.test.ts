import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import {
  cancelOrder,
  createCustomer,
  createLocation,
  createOrder,
  createProduct,
  createShop,
  createStore,
  deleteProduct,
  editOrder,
  fulfillOrder,
  type OrderRecord,
  refundOrder,
  type ShopState,
  type VariantRecord,
} from "../../store";
import type { WebhookDelivery } from "../delivery";
import { connectStoreWebhooks } from "../store-webhooks";
import { customersDataRequestPayload, customersRedactPayload, shopPayload, shopRedactPayload } from ".";
import { restTime } from "./rest-format";

const SAMPLES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../tests/fixtures/shopify-webhook-samples",
);
const sample = (file: string) => JSON.parse(readFileSync(path.join(SAMPLES, file), "utf8"));

// biome-ignore lint/suspicious/noExplicitAny: webhook bodies are untyped JSON, read field by field.
type Body = Record<string, any>;
let sent: { topic: string; shop: string; body: Body }[];
let installed: Set<string>;
let state: ShopState;
let variants: VariantRecord[];
let order: OrderRecord;

/** Every field of Shopify's sample is present (values differ; extra fields are allowed). */
function expectShapeOf(sampleBody: Body, body: Body) {
  expect(Object.keys(body)).toEqual(expect.arrayContaining(Object.keys(sampleBody)));
}

const bodiesOf = (topic: string) => sent.filter((webhook) => webhook.topic === topic).map((webhook) => webhook.body);
const lastBody = (topic: string) => bodiesOf(topic).at(-1)!;

beforeEach(() => {
  const store = createStore({ clock: () => Date.parse("2026-03-01T09:00:00Z") });
  sent = [];
  installed = new Set();
  const sink = {
    send: (webhook: (typeof sent)[number]) => {
      sent.push(webhook);
      return [];
    },
  } as unknown as WebhookDelivery;
  connectStoreWebhooks(store, sink, {
    topics: new Set([
      "orders/create",
      "orders/updated",
      "orders/edited",
      "orders/cancelled",
      "orders/fulfilled",
      "orders/partially_fulfilled",
      "refunds/create",
      "fulfillments/create",
      "inventory_levels/update",
      "products/create",
      "products/delete",
    ]),
    isInstalled: (shop) => installed.has(shop),
  });
  state = createShop(store, { name: "Acme Soap", ianaTimezone: "America/New_York" });
  installed.add(state.shop.myshopifyDomain);
  const location = [...state.locations.values()][0];
  const customer = createCustomer(state, {
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.com",
    addresses: [{ address1: "1 Analytical Row", city: "London", country: "United Kingdom", countryCodeV2: "GB" }],
  }).value;
  ({ variants } = createProduct(state, {
    title: "Lavender Soap",
    variants: [
      { title: "Bar", sku: "LAV-BAR", price: "9.50", inventory: { [location.id]: 10 } },
      { title: "Gift box", sku: "LAV-BOX", price: "24.00", inventory: { [location.id]: 5 } },
    ],
  }).value);
  order = createOrder(state, {
    customerId: customer.id,
    lines: [
      { variantId: variants[0].id, quantity: 2 },
      { variantId: variants[1].id, quantity: 1 },
    ],
  }).value;
});

describe("webhook bodies", () => {
  it("orders/create has every field of Shopify's sample, numeric ids beside exact gids, REST money and times", () => {
    const body = lastBody("orders/create");
    const reference = sample("trigger.dev/Order.json");
    expectShapeOf(reference, body);
    expectShapeOf(reference.line_items[0], body.line_items[0]);
    expectShapeOf(reference.customer, body.customer);
    expect(body).toMatchObject({
      id: Number(order.id.split("/").pop()),
      admin_graphql_api_id: order.id,
      name: "#1001",
      order_number: 1001,
      email: "ada@example.com",
      financial_status: "paid",
      fulfillment_status: null,
      total_price: "43.00",
      subtotal_price_set: { shop_money: { amount: "43.00", currency_code: "USD" } },
      created_at: "2026-03-01T04:00:00-05:00",
      customer: { email: "ada@example.com", admin_graphql_api_id: order.customerId },
    });
    expect(body.line_items[0]).toMatchObject({
      admin_graphql_api_id: order.lineItems[0].id,
      variant_id: Number(variants[0].id.split("/").pop()),
      product_id: Number(variants[0].productId.split("/").pop()),
      sku: "LAV-BAR",
      quantity: 2,
      fulfillable_quantity: 2,
      price: "9.50",
      name: "Lavender Soap - Bar",
    });
  });

  it("fulfilments: fulfillments/create per shipment, orders/partially_fulfilled then orders/fulfilled", () => {
    fulfillOrder(state, order.id, { lines: [{ lineItemId: order.lineItems[0].id, quantity: 1 }] });
    const fulfillment = lastBody("fulfillments/create");
    expectShapeOf(sample("trigger.dev/Fulfillment.json"), fulfillment);
    expect(fulfillment).toMatchObject({ status: "success", line_items: [{ sku: "LAV-BAR", quantity: 1 }] });
    expect(lastBody("orders/partially_fulfilled")).toMatchObject({ fulfillment_status: "partial" });

    fulfillOrder(state, order.id);
    expect(lastBody("orders/fulfilled")).toMatchObject({ fulfillment_status: "fulfilled" });
    expect(lastBody("orders/fulfilled").fulfillments).toHaveLength(2);
  });

  it("refunds/create has Shopify's refund shape with restock types in REST spelling", () => {
    refundOrder(state, order.id, {
      lines: [{ lineItemId: order.lineItems[1].id, quantity: 1, restockType: "CANCEL" }],
      note: "Changed mind",
    });
    const body = lastBody("refunds/create");
    const reference = sample("trigger.dev/Refund.json");
    expectShapeOf(reference, body);
    expectShapeOf(reference.refund_line_items[0], body.refund_line_items[0]);
    expect(body).toMatchObject({
      order_id: Number(order.id.split("/").pop()),
      note: "Changed mind",
      restock: true,
      refund_line_items: [{ quantity: 1, restock_type: "cancel", subtotal: 24, line_item: { sku: "LAV-BOX" } }],
    });
    expect(lastBody("orders/updated")).toMatchObject({ financial_status: "partially_refunded" });
  });

  it("orders/edited says which lines grew and shrank by how much", () => {
    editOrder(state, order.id, {
      setQuantities: [{ lineItemId: order.lineItems[0].id, quantity: 1 }],
      addVariants: [{ variantId: variants[1].id, quantity: 3 }],
    });
    const body = lastBody("orders/edited");
    expectShapeOf(sample("trigger.dev/OrderEdited.json").order_edit, body.order_edit);
    const added = order.lineItems.at(-1)!;
    expect(body.order_edit.line_items).toEqual({
      additions: [{ id: Number(added.id.split("/").pop()), delta: 3 }],
      removals: [{ id: Number(order.lineItems[0].id.split("/").pop()), delta: 1 }],
    });
  });

  it("orders/cancelled carries the cancel reason and time", () => {
    cancelOrder(state, order.id, { reason: "INVENTORY" });
    expect(lastBody("orders/cancelled")).toMatchObject({
      cancel_reason: "inventory",
      cancelled_at: "2026-03-01T04:00:00-05:00",
      financial_status: "refunded",
    });
  });

  it("inventory_levels/update names the level as Shopify does: location id qualified by the item", () => {
    const body = lastBody("inventory_levels/update");
    expectShapeOf(sample("trigger.dev/InventoryLevel.json"), body);
    const item = state.inventoryItems.get(variants[1].inventoryItemId)!;
    const locationNumber = body.location_id;
    expect(body).toEqual(
      expect.objectContaining({
        inventory_item_id: Number(item.id.split("/").pop()),
        admin_graphql_api_id: `gid://shopify/InventoryLevel/${locationNumber}?inventory_item_id=${item.id.split("/").pop()}`,
        available: 4,
      }),
    );
  });

  it("products/create has the sample's product and variant fields; products/delete only the id", () => {
    const body = lastBody("products/create");
    const reference = sample("trigger.dev/Product.json");
    expectShapeOf(reference, body);
    expectShapeOf(reference.variants[0], body.variants[0]);
    expect(body.variants.map((variant: Body) => [variant.sku, variant.inventory_quantity])).toEqual([
      ["LAV-BAR", 10],
      ["LAV-BOX", 5],
    ]);

    deleteProduct(state, variants[0].productId);
    expect(lastBody("products/delete")).toEqual({ id: Number(variants[0].productId.split("/").pop()) });
  });

  it("app/uninstalled and the privacy topics have the samples' fields", () => {
    const customer = [...state.customers.values()][0];
    expectShapeOf(sample("trigger.dev/AppUninstalled.json"), shopPayload(state));
    expectShapeOf(sample("shopify-app-template-node/shop_redact.json"), shopRedactPayload(state));
    expect(customersRedactPayload(state, customer)).toEqual({
      shop_id: Number(state.shop.id.split("/").pop()),
      shop_domain: "acme-soap.myshopify.com",
      customer: { id: Number(customer.id.split("/").pop()), email: "ada@example.com", phone: null },
      orders_to_redact: [Number(order.id.split("/").pop())],
    });
    expectShapeOf(
      sample("shopify-app-template-node/customers_data_request.json"),
      customersDataRequestPayload(state, customer, 7),
    );
  });
});

describe("which changes become webhooks", () => {
  it("none for a shop where the app is not installed", () => {
    installed.clear();
    sent = [];
    createOrder(state, { lines: [{ variantId: variants[0].id, quantity: 1 }] });
    expect(sent).toEqual([]);
  });

  it("none for topics the app does not subscribe to", () => {
    sent = [];
    // locations/create is a store change, but not a topic subscribed here.
    createLocation(state, { name: "Warehouse" });
    expect(sent).toEqual([]);
  });
});

describe("REST times", () => {
  it("are written in the shop's offset, daylight saving included", () => {
    expect(restTime("2026-07-01T12:00:00Z", "America/New_York")).toBe("2026-07-01T08:00:00-04:00");
    expect(restTime("2026-01-01T12:00:00Z", "Asia/Kolkata")).toBe("2026-01-01T17:30:00+05:30");
    expect(restTime("2026-01-01T12:00:00Z", "Etc/UTC")).toBe("2026-01-01T12:00:00+00:00");
  });
});
