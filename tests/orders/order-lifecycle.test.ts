// Everything a shop does to an order after it is placed (edits, refunds with and without
// restock, fulfilment, returns, cancellation) reaches Lotline's copy and its allocation, and
// events that arrive late, out of order or for orders Lotline never saw end in Shopify's state.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { snapshotFromRestOrder } from "../../app/orders/order-rest-snapshot";
import { syncOrderFromWebhook } from "../../app/orders/order-sync.server";
import { createLot } from "../support/allocation-factories";
import {
  advanceClock,
  countingAdminGraphql,
  deliver,
  deliverAll,
  newWebhooks,
  openShop,
  setUpOrderShopify,
  shopify,
  storedOrder,
  topicOf,
} from "./harness";

setUpOrderShopify();

async function shopWithLots() {
  const shop = await openShop();
  await deliverAll(await newWebhooks(shop.domain, ["products/create"]));
  const lot = await createLot(
    db(),
    shop.shopId,
    {
      variantId: shop.lavender.id,
      productId: shop.lavender.productId,
      inventoryItemId: shop.lavender.inventoryItemId,
      sku: shop.lavender.sku ?? "",
      title: "Lavender Soap",
    },
    { quantity: 20, locationId: shop.warehouse.id, expiresAt: "2027-06-01" },
  );
  return { ...shop, lot };
}

/** A placed order of 3 Lavender Soap and 2 Cedar Candles that Lotline has synced. */
async function placedOrder() {
  const shop = await shopWithLots();
  const order = shopify.placeOrder(shop.domain, {
    lines: [
      { variantId: shop.lavender.id, quantity: 3 },
      { variantId: shop.cedar.id, quantity: 2 },
    ],
  });
  await deliverAll(await newWebhooks(shop.domain));
  const [lavenderLine, cedarLine] = order.lineItems.map((line) => line.id);
  return { shop, order, lavenderLine, cedarLine };
}

async function lotQuantities(lotId: string) {
  const lot = await db().lot.findUniqueOrThrow({ where: { id: lotId } });
  return { onHand: lot.onHandQuantity, allocated: lot.allocatedQuantity };
}

async function lines(shopId: string, orderId: string) {
  return (await storedOrder(shopId, orderId))?.lineState;
}

describe("changes to a synced order", () => {
  it("an edit that removes a line and reduces another releases the units", async () => {
    const { shop, order, lavenderLine, cedarLine } = await placedOrder();
    shopify.editOrder(shop.domain, order.id, {
      setQuantities: [
        { lineItemId: lavenderLine, quantity: 1 },
        { lineItemId: cedarLine, quantity: 0 },
      ],
    });
    await deliverAll(await newWebhooks(shop.domain));

    expect(await lines(shop.shopId, order.id)).toMatchObject({
      [lavenderLine]: { quantity: 1, fulfilled: 0 },
      [cedarLine]: { quantity: 0, fulfilled: 0 },
    });
    expect(await lotQuantities(shop.lot.id)).toEqual({ onHand: 20, allocated: 1 });
  });

  it("a refund that restocks unshipped units and one that does not both leave fewer units bought", async () => {
    const { shop, order, lavenderLine, cedarLine } = await placedOrder();
    shopify.refundOrder(shop.domain, order.id, {
      lines: [{ lineItemId: lavenderLine, quantity: 1, restockType: "CANCEL" }],
    });
    shopify.refundOrder(shop.domain, order.id, {
      lines: [{ lineItemId: cedarLine, quantity: 2, restockType: "NO_RESTOCK" }],
    });
    await deliverAll(await newWebhooks(shop.domain));

    const stored = await storedOrder(shop.shopId, order.id);
    expect(stored?.financialStatus).toBe("partially_refunded");
    expect(stored?.lineState).toMatchObject({ [lavenderLine]: { quantity: 2 }, [cedarLine]: { quantity: 0 } });
    expect(await lotQuantities(shop.lot.id)).toEqual({ onHand: 20, allocated: 2 });
  });

  it("a fulfilment ships the allocated units; a refund without restock after shipping keeps them bought", async () => {
    const { shop, order, lavenderLine, cedarLine } = await placedOrder();
    shopify.fulfillOrder(shop.domain, order.id);
    await deliverAll(await newWebhooks(shop.domain));
    expect(await lines(shop.shopId, order.id)).toMatchObject({
      [lavenderLine]: { quantity: 3, fulfilled: 3, returned: 0 },
      [cedarLine]: { quantity: 2, fulfilled: 2, returned: 0 },
    });
    expect((await storedOrder(shop.shopId, order.id))?.fulfillmentStatus).toBe("fulfilled");
    expect(await lotQuantities(shop.lot.id)).toEqual({ onHand: 17, allocated: 0 });

    // The customer keeps a damaged candle and gets the money back: nothing comes back to stock.
    shopify.refundOrder(shop.domain, order.id, {
      lines: [{ lineItemId: cedarLine, quantity: 1, restockType: "NO_RESTOCK" }],
    });
    await deliverAll(await newWebhooks(shop.domain));
    expect(await lines(shop.shopId, order.id)).toMatchObject({
      [cedarLine]: { quantity: 2, fulfilled: 2, returned: 0 },
    });
  });

  it("a return brings shipped units back to the lot", async () => {
    const { shop, order, lavenderLine } = await placedOrder();
    shopify.fulfillOrder(shop.domain, order.id);
    await deliverAll(await newWebhooks(shop.domain));
    shopify.returnItems(shop.domain, order.id, { lines: [{ lineItemId: lavenderLine, quantity: 1 }] });
    await deliverAll(await newWebhooks(shop.domain));

    expect(await lines(shop.shopId, order.id)).toMatchObject({
      [lavenderLine]: { quantity: 3, fulfilled: 3, returned: 1 },
    });
    expect(await lotQuantities(shop.lot.id)).toEqual({ onHand: 18, allocated: 0 });
  });

  it("a partial fulfilment ships part of a line and keeps the rest allocated", async () => {
    const { shop, order, lavenderLine } = await placedOrder();
    shopify.fulfillOrder(shop.domain, order.id, { lines: [{ lineItemId: lavenderLine, quantity: 2 }] });
    await deliverAll(await newWebhooks(shop.domain));

    expect(await lines(shop.shopId, order.id)).toMatchObject({ [lavenderLine]: { quantity: 3, fulfilled: 2 } });
    expect((await storedOrder(shop.shopId, order.id))?.fulfillmentStatus).toBe("partially_fulfilled");
    expect(await lotQuantities(shop.lot.id)).toEqual({ onHand: 18, allocated: 1 });
  });
});

describe("late and out-of-order deliveries", () => {
  it("orders/updated before orders/create: the order is read, and the late create changes nothing", async () => {
    const shop = await shopWithLots();
    const order = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 3 }] });
    advanceClock(2_000);
    shopify.editOrder(shop.domain, order.id, { setQuantities: [{ lineItemId: order.lineItems[0].id, quantity: 2 }] });
    const webhooks = await newWebhooks(shop.domain);

    for (const webhook of [...webhooks].reverse()) await deliver(webhook);

    const stored = await storedOrder(shop.shopId, order.id);
    expect(stored?.lineState[order.lineItems[0].id]).toMatchObject({ quantity: 2 });
    expect(stored?.shopifyUpdatedAt).toEqual(new Date(shopify.describeShop(shop.domain).orders[0].updatedAt));
    expect(await lotQuantities(shop.lot.id)).toEqual({ onHand: 20, allocated: 2 });
  });

  it("orders/cancelled before orders/create: the order ends cancelled with nothing held", async () => {
    const shop = await shopWithLots();
    const order = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 3 }] });
    advanceClock(2_000);
    shopify.cancelOrder(shop.domain, order.id);
    const webhooks = await newWebhooks(shop.domain);
    const cancelled = webhooks.filter((webhook) => topicOf(webhook) === "orders/cancelled");
    const rest = webhooks.filter((webhook) => topicOf(webhook) !== "orders/cancelled");

    await deliverAll(cancelled);
    await deliverAll(rest);

    const stored = await storedOrder(shop.shopId, order.id);
    expect(stored?.cancelledAt).toBeInstanceOf(Date);
    expect(stored?.allocationStatus).toBe("cancelled");
    expect(stored?.lineState[order.lineItems[0].id]).toMatchObject({ quantity: 0 });
    expect(await lotQuantities(shop.lot.id)).toEqual({ onHand: 20, allocated: 0 });
  });

  it("an event older than Lotline's copy is ignored without asking Shopify", async () => {
    const shop = await shopWithLots();
    const order = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 3 }] });
    advanceClock(2_000);
    shopify.editOrder(shop.domain, order.id, { setQuantities: [{ lineItemId: order.lineItems[0].id, quantity: 1 }] });
    const [created] = await newWebhooks(shop.domain, ["orders/create"]);
    await deliverAll(await newWebhooks(shop.domain, ["orders/updated"]));

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

    expect(result).toMatchObject({ outcome: "ignored-older", readFromShopify: false });
    expect(calls).toEqual([]);
    expect(await lines(shop.shopId, order.id)).toMatchObject({ [order.lineItems[0].id]: { quantity: 1 } });
    expect(await lotQuantities(shop.lot.id)).toEqual({ onHand: 20, allocated: 1 });
  });

  it("an order Lotline never saw, first heard of through a refund, is read from the Admin API", async () => {
    const shop = await shopWithLots();
    const order = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 3 }] });
    shopify.refundOrder(shop.domain, order.id, {
      lines: [{ lineItemId: order.lineItems[0].id, quantity: 1, restockType: "CANCEL" }],
    });
    await newWebhooks(shop.domain, ["orders/create", "orders/updated"]); // lost on the way
    const [refund] = await newWebhooks(shop.domain, ["refunds/create"]);

    expect(await deliver(refund)).toBe("processed");

    const stored = await storedOrder(shop.shopId, order.id);
    expect(stored).toMatchObject({ name: order.name, financialStatus: "partially_refunded" });
    expect(stored?.lineState[order.lineItems[0].id]).toMatchObject({ quantity: 2, locationId: shop.warehouse.id });
    expect(await lotQuantities(shop.lot.id)).toEqual({ onHand: 20, allocated: 2 });
  });

  it("a refund Lotline's copy already includes costs no Admin API read", async () => {
    const shop = await shopWithLots();
    const order = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 3 }] });
    const refund = shopify.refundOrder(shop.domain, order.id, {
      lines: [{ lineItemId: order.lineItems[0].id, quantity: 1, restockType: "CANCEL" }],
    });
    advanceClock(2_000);
    shopify.fulfillOrder(shop.domain, order.id);
    const webhooks = await newWebhooks(shop.domain);
    await deliverAll(webhooks.filter((webhook) => topicOf(webhook) !== "refunds/create"));

    const { syncOrderAfterPartialEvent } = await import("../../app/orders/order-sync.server");
    const { calls, adminGraphql } = countingAdminGraphql();
    const result = await syncOrderAfterPartialEvent(
      db(),
      {
        shop: { id: shop.shopId, domain: shop.domain },
        topic: "refunds/create",
        event: { orderId: order.id, occurredAt: new Date(refund.createdAt) },
      },
      { adminGraphql },
    );
    expect(result.outcome).toBe("already-covered");
    expect(calls).toEqual([]);
  });
});
