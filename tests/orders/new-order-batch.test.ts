// New orders that arrive together (a sale's burst) are written and allocated together: one
// transaction per batch of a shop's orders/create deliveries. What the merchant must still see:
// every order allocated earliest-expiry first, no lot beyond its stock, every delivery processed
// once, a write-back queued per order, and an order Lotline cannot store failing on its own.
import { createHmac, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { JOBS } from "../../app/jobs/contract";
import { getQueue } from "../../app/jobs/queues.server";
import { createLot } from "../support/allocation-factories";
import { TEST_API_SECRET } from "../support/test-env";
import { deliver, deliverAll, itemOf, newWebhooks, openShop, setUpOrderShopify, shopify } from "./harness";

setUpOrderShopify();

/** Lavender Soap in two lots at the warehouse: 4 bars expiring first, then 20. */
async function shopWithTwoLots() {
  const shop = await openShop();
  await deliverAll(await newWebhooks(shop.domain, ["products/create"]));
  const lavender = itemOf(shop.lavender, "Lavender Soap");
  const soon = await createLot(db(), shop.shopId, lavender, {
    quantity: 4,
    locationId: shop.warehouse.id,
    expiresAt: "2027-01-01",
  });
  const later = await createLot(db(), shop.shopId, lavender, {
    quantity: 20,
    locationId: shop.warehouse.id,
    expiresAt: "2027-06-01",
  });
  return { ...shop, soon, later };
}

async function lotAllocated(lotId: string) {
  return (await db().lot.findUniqueOrThrow({ where: { id: lotId } })).allocatedQuantity;
}

describe("orders that arrive together", () => {
  it("are allocated earliest expiry first with no lot beyond its stock, each delivery processed once", async () => {
    const shop = await shopWithTwoLots();
    const placed = Array.from({ length: 10 }, (_, i) =>
      shopify.placeOrder(shop.domain, {
        lines: [
          { variantId: shop.lavender.id, quantity: 1 },
          // Every other order also buys a candle, which has no lots: untracked, not short.
          ...(i % 2 === 0 ? [{ variantId: shop.cedar.id, quantity: 1 }] : []),
        ],
      }),
    );
    const webhooks = await newWebhooks(shop.domain, ["orders/create"]);

    await Promise.all(webhooks.map((webhook) => deliver(webhook)));

    const orders = await db().orderRef.findMany({
      where: { shopId: shop.shopId },
      include: { lines: { include: { allocations: true } } },
    });
    expect(orders.map((order) => order.allocationStatus)).toEqual(placed.map(() => "allocated"));
    for (const order of orders) {
      const lavenderLine = order.lines.find((line) => line.variantId === shop.lavender.id);
      expect(lavenderLine?.allocations.map((allocation) => allocation.quantity)).toEqual([1]);
      expect(order.lines.find((line) => line.variantId === shop.cedar.id)?.status ?? "untracked").toBe("untracked");
    }
    // The soonest-expiring lot is used up before the later one is touched.
    expect({ soon: await lotAllocated(shop.soon.id), later: await lotAllocated(shop.later.id) }).toEqual({
      soon: 4,
      later: 6,
    });
    expect(await db().lotEvent.count({ where: { shopId: shop.shopId, type: "allocated" } })).toBe(10);
    const events = await db().webhookEvent.findMany({ where: { shopId: shop.shopId, topic: "orders/create" } });
    expect(events.map((event) => [event.status, event.attempts])).toEqual(events.map(() => ["processed", 1]));
    // Each order's tags and metafield are on their way to Shopify.
    for (const order of orders) {
      const jobId = JOBS["orders.write-back"].jobId({ orderRefId: order.id, version: order.writeBackVersion });
      expect(await getQueue("shopify-writeback").getJob(jobId!)).toBeDefined();
    }
    // They went together: rows written in one statement share their creation time.
    expect(new Set(orders.map((order) => order.createdAt.getTime())).size).toBeLessThan(orders.length);
  });

  it("with one Lotline cannot store: that one fails with its reason, the others are allocated", async () => {
    const shop = await shopWithTwoLots();
    for (let i = 0; i < 5; i += 1) {
      shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 1 }] });
    }
    const webhooks = await newWebhooks(shop.domain, ["orders/create"]);
    // PostgreSQL text cannot hold a NUL character: only the database refuses this order.
    const body = JSON.stringify({ ...JSON.parse(webhooks[2].body), name: "#1003\u0000" });
    const unstorable = {
      ...webhooks[2],
      body,
      headers: {
        ...webhooks[2].headers,
        "x-shopify-webhook-id": randomUUID(),
        "x-shopify-hmac-sha256": createHmac("sha256", TEST_API_SECRET).update(body, "utf8").digest("base64"),
      },
    };
    const batch = [...webhooks.slice(0, 2), unstorable, ...webhooks.slice(3)];

    const results = await Promise.allSettled(batch.map((webhook) => deliver(webhook)));

    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    const orders = await db().orderRef.findMany({ where: { shopId: shop.shopId } });
    expect(orders.map((order) => order.allocationStatus)).toEqual(["allocated", "allocated", "allocated", "allocated"]);
    expect({ soon: await lotAllocated(shop.soon.id), later: await lotAllocated(shop.later.id) }).toEqual({
      soon: 4,
      later: 0,
    });
    // The refused delivery keeps its reason for the Operations page and is not marked processed.
    const refused = await db().webhookEvent.findUniqueOrThrow({
      where: { webhookId: String(unstorable.headers["x-shopify-webhook-id"]) },
    });
    expect(refused.status).not.toBe("processed");
    expect(refused.error).toMatch(/0x00|null character|invalid byte/i);
  });
});
