// Order webhooks from the simulated store through Lotline's real intake and processing: what the
// merchant's orders look like in Lotline (lines, quantities, locations, allocations) after each
// thing a shop does to an order, delivered once, many times, late or out of order.
import { createHmac, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { snapshotFromRestOrder } from "../../app/orders/order-rest-snapshot";
import { syncOrderFromWebhook } from "../../app/orders/order-sync.server";
import { addTags } from "../../simulator/store/tags";
import { createLot } from "../support/allocation-factories";
import { TEST_API_SECRET } from "../support/test-env";
import {
  advanceClock,
  countingAdminGraphql,
  deliver,
  deliverAll,
  itemOf,
  newWebhooks,
  openShop,
  setUpOrderShopify,
  shopify,
  store,
  storedOrder,
  topicOf,
} from "./harness";

setUpOrderShopify();

const ORDER_EVENT_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/edited",
  "orders/cancelled",
  "orders/fulfilled",
  "orders/partially_fulfilled",
  "refunds/create",
  "fulfillments/create",
];

/** A shop whose Lavender Soap has a lot of 20 at the warehouse, with the catalog webhooks delivered. */
async function shopWithLot(options: { extraLocation?: boolean } = {}) {
  const shop = await openShop(options);
  await deliverAll(await newWebhooks(shop.domain, ["products/create"]));
  const lot = await createLot(db(), shop.shopId, itemOf(shop.lavender, "Lavender Soap"), {
    quantity: 20,
    locationId: shop.warehouse.id,
    expiresAt: "2027-06-01",
  });
  return { ...shop, lot };
}

async function allocationsOf(shopId: string, orderId: string) {
  const order = await storedOrder(shopId, orderId);
  const rows = await db().allocation.findMany({
    where: { shopId, orderLine: { orderRefId: order?.id } },
    include: { lot: { select: { code: true } } },
  });
  return rows.map((row) => ({ lot: row.lot.code, quantity: row.quantity, shipped: row.shippedQuantity }));
}

async function lotQuantities(lotId: string) {
  const lot = await db().lot.findUniqueOrThrow({ where: { id: lotId } });
  return { onHand: lot.onHandQuantity, allocated: lot.allocatedQuantity };
}

describe("a placed order", () => {
  it("becomes an OrderRef with its lines, located and tied to the lot", async () => {
    const shop = await shopWithLot();
    const customer = shopify.createCustomer(shop.domain, {
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
      tags: ["wholesale"],
    });
    const order = shopify.placeOrder(shop.domain, {
      customerId: customer.id,
      lines: [
        { variantId: shop.lavender.id, quantity: 3 },
        { variantId: shop.cedar.id, quantity: 1 },
      ],
    });
    await deliverAll(await newWebhooks(shop.domain, ORDER_EVENT_TOPICS));

    const stored = await storedOrder(shop.shopId, order.id);
    expect(stored).toMatchObject({
      name: order.name,
      shopifyUpdatedAt: new Date(order.updatedAt),
      financialStatus: "paid",
      fulfillmentStatus: "unfulfilled",
      customerId: customer.id,
      customerEmail: "ada@example.com",
      customerName: "Ada Lovelace",
      customerTags: ["wholesale"],
      allocationStatus: "allocated",
    });
    const [lavenderLine, cedarLine] = order.lineItems;
    expect(stored?.lineState).toEqual({
      [lavenderLine.id]: { quantity: 3, fulfilled: 0, returned: 0, locationId: shop.warehouse.id },
      [cedarLine.id]: { quantity: 1, fulfilled: 0, returned: 0, locationId: shop.warehouse.id },
    });
    expect(stored?.lines.find((line) => line.shopifyLineItemId === lavenderLine.id)?.inventoryItemId).toBe(
      shop.lavender.inventoryItemId,
    );
    expect(await allocationsOf(shop.shopId, order.id)).toEqual([{ lot: shop.lot.code, quantity: 3, shipped: 0 }]);
    expect(await lotQuantities(shop.lot.id)).toEqual({ onHand: 20, allocated: 3 });
  });

  it("in a one-location shop costs one locations and one time-zone read for the first order and no Admin API call after", async () => {
    const shop = await shopWithLot();
    const { calls, adminGraphql } = countingAdminGraphql();
    for (let i = 0; i < 3; i += 1) {
      shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 1 }] });
      const [created] = await newWebhooks(shop.domain, ["orders/create"]);
      const result = await syncOrderFromWebhook(
        db(),
        {
          shop: { id: shop.shopId, domain: shop.domain },
          topic: "orders/create",
          reading: snapshotFromRestOrder(JSON.parse(created.body)),
        },
        { adminGraphql },
      );
      expect(result).toMatchObject({ outcome: "applied", readFromShopify: false });
    }
    expect(calls).toEqual(["LotlineLocations", "LotlineShopTimeZone"]);
  });

  it("in a shop with two locations is read from the Admin API to learn where each line waits", async () => {
    const shop = await shopWithLot({ extraLocation: true });
    const shopFront = shop.shopFront!;
    const order = shopify.placeOrder(shop.domain, {
      locationId: shopFront.id,
      lines: [{ variantId: shop.cedar.id, quantity: 2 }],
    });
    const [created] = await newWebhooks(shop.domain, ["orders/create"]);
    const { calls, adminGraphql } = countingAdminGraphql();
    const result = await syncOrderFromWebhook(
      db(),
      {
        shop: { id: shop.shopId, domain: shop.domain },
        topic: "orders/create",
        reading: snapshotFromRestOrder(JSON.parse(created.body)),
      },
      { adminGraphql },
    );
    expect(result).toMatchObject({ outcome: "applied", readFromShopify: true });
    expect(calls).toEqual(["LotlineLocations", "LotlineOrder", "LotlineShopTimeZone"]);
    expect((await storedOrder(shop.shopId, order.id))?.lineState[order.lineItems[0].id].locationId).toBe(shopFront.id);
  });
});

describe("a known order in a shop with two locations", () => {
  it("a later orders/updated keeps each line's location without an Admin API read", async () => {
    const shop = await shopWithLot({ extraLocation: true });
    const order = shopify.placeOrder(shop.domain, {
      locationId: shop.shopFront!.id,
      lines: [{ variantId: shop.cedar.id, quantity: 2 }],
    });
    await deliverAll(await newWebhooks(shop.domain, ORDER_EVENT_TOPICS));
    advanceClock(2_000);
    const state = store.shops.get(shop.domain)!;
    addTags(state, state.orders.get(order.id)!, ["gift"]);
    const [updated] = await newWebhooks(shop.domain, ["orders/updated"]);

    const { calls, adminGraphql } = countingAdminGraphql();
    const result = await syncOrderFromWebhook(
      db(),
      {
        shop: { id: shop.shopId, domain: shop.domain },
        topic: "orders/updated",
        reading: snapshotFromRestOrder(JSON.parse(updated.body)),
      },
      { adminGraphql },
    );

    expect(result).toMatchObject({ outcome: "applied", readFromShopify: false });
    expect(calls).toEqual([]);
    const stored = await storedOrder(shop.shopId, order.id);
    expect(stored?.shopifyUpdatedAt).toEqual(new Date(state.orders.get(order.id)!.updatedAt));
    expect(stored?.lineState[order.lineItems[0].id].locationId).toBe(shop.shopFront!.id);
  });
});

describe("the same event more than once", () => {
  it("five deliveries under one webhook id and five under new ids have one effect", async () => {
    const shop = await shopWithLot();
    const order = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 4 }] });
    const [created] = await newWebhooks(shop.domain, ["orders/create"]);
    for (let i = 0; i < 5; i += 1) await deliver(created);
    for (let i = 0; i < 5; i += 1) await deliver(created, { webhookId: randomUUID() });

    const stored = await storedOrder(shop.shopId, order.id);
    expect(await db().orderRef.count({ where: { shopId: shop.shopId } })).toBe(1);
    expect(stored?.lines).toHaveLength(1);
    expect(await allocationsOf(shop.shopId, order.id)).toEqual([{ lot: shop.lot.code, quantity: 4, shipped: 0 }]);
    expect(await lotQuantities(shop.lot.id)).toEqual({ onHand: 20, allocated: 4 });
    expect(await db().lotEvent.count({ where: { lotId: shop.lot.id, type: "allocated" } })).toBe(1);
    // One allocation change, so one write-back to Shopify.
    expect(stored?.writeBackVersion).toBe(1);
  });

  it("two workers with two events of one new order at once end with one order in Shopify's state", async () => {
    const shop = await shopWithLot();
    const order = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 3 }] });
    advanceClock(2_000);
    shopify.editOrder(shop.domain, order.id, { setQuantities: [{ lineItemId: order.lineItems[0].id, quantity: 2 }] });
    const [created, , updated] = await newWebhooks(shop.domain, ["orders/create", "orders/edited", "orders/updated"]);
    expect([topicOf(created), topicOf(updated)]).toEqual(["orders/create", "orders/updated"]);

    await Promise.all([deliver(updated), deliver(created), deliver(created, { webhookId: randomUUID() })]);

    const stored = await storedOrder(shop.shopId, order.id);
    expect(stored?.lineState[order.lineItems[0].id].quantity).toBe(2);
    expect(await db().orderRef.count({ where: { shopId: shop.shopId } })).toBe(1);
    expect(await lotQuantities(shop.lot.id)).toEqual({ onHand: 20, allocated: 2 });
  });
});

describe("a body that is not an order", () => {
  it("is refused with the field named, and Lotline keeps no order from it", async () => {
    const shop = await shopWithLot();
    shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 1 }] });
    const [created] = await newWebhooks(shop.domain, ["orders/create"]);
    const body = JSON.stringify({ ...JSON.parse(created.body), line_items: "none" });
    const forged = {
      ...created,
      body,
      headers: {
        ...created.headers,
        "x-shopify-webhook-id": randomUUID(),
        "x-shopify-hmac-sha256": createHmac("sha256", TEST_API_SECRET).update(body, "utf8").digest("base64"),
      },
    };

    await expect(deliver(forged)).rejects.toThrow(/order webhook body is not one Lotline can read \(line_items/);
    expect(await db().orderRef.count({ where: { shopId: shop.shopId } })).toBe(0);
    // No retry can fix the body: the event is failed at once, with the reason for the Operations page.
    const event = await db().webhookEvent.findUniqueOrThrow({
      where: { webhookId: String(forged.headers["x-shopify-webhook-id"]) },
    });
    expect(event.status).toBe("failed");
    expect(event.error).toMatch(/line_items/);
    expect(await lotQuantities(shop.lot.id)).toEqual({ onHand: 20, allocated: 0 });
  });
});
