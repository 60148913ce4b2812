// The 15-minute sweep: orders whose webhooks never arrived are found through the Admin API and
// synced; the cursor moves on so the next sweep only looks at what changed since.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import type { JobPayload } from "../../app/jobs/contract";
import { syncOrderFromShopify } from "../../app/orders/order-sync.server";
import {
  enqueueOrderReconciliations,
  reconcileShopOrders,
  reconcileSlot,
} from "../../app/orders/reconcile-orders.server";
import { createShop } from "../support/factories";
import {
  advanceClock,
  countingAdminGraphql,
  deliverAll,
  newWebhooks,
  openShop,
  setUpOrderShopify,
  shopify,
  storedOrder,
} from "./harness";

setUpOrderShopify();

afterEach(() => {
  shopify.setWebhookFaults({});
});

/** Runs a sweep with its order syncs done at once (as the workers would), counting Admin API calls. */
async function sweep(shopId: string) {
  const queued: JobPayload<"orders.sync">[] = [];
  const { calls, adminGraphql } = countingAdminGraphql();
  const result = await reconcileShopOrders(
    db(),
    { shopId, slot: reconcileSlot(new Date()) },
    { adminGraphql, enqueueSync: async (payload) => queued.push(payload) },
  );
  for (const payload of queued) await syncOrderFromShopify(db(), payload, { adminGraphql });
  return { result, queued, calls };
}

describe("the order reconciliation sweep", () => {
  it("finds an order whose webhooks were all dropped and syncs it", async () => {
    const shop = await openShop();
    shopify.setWebhookFaults({ drop: true });
    const order = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 2 }] });
    expect(await newWebhooks(shop.domain, ["orders/create"])).toEqual([]);
    expect(await storedOrder(shop.shopId, order.id)).toBeNull();

    const { result, queued } = await sweep(shop.shopId);

    expect(queued).toEqual([{ shopId: shop.shopId, orderId: order.id, reason: "unknown" }]);
    expect(result.checked).toBe(1);
    const stored = await storedOrder(shop.shopId, order.id);
    expect(stored?.lineState[order.lineItems[0].id]).toEqual({
      quantity: 2,
      fulfilled: 0,
      returned: 0,
      locationId: shop.warehouse.id,
    });
    const cursor = (await db().shop.findUniqueOrThrow({ where: { id: shop.shopId } })).ordersReconciledAt;
    expect(cursor).toEqual(result.reconciledUntil);

    // The next sweep sees the order again (it is inside the overlap) but Lotline is up to date.
    const again = await sweep(shop.shopId);
    expect(again.queued).toEqual([]);
    expect(again.calls).toEqual(["LotlineOrdersUpdatedSince"]);
  });

  it("catches a change whose webhooks were dropped for an order Lotline already has", async () => {
    const shop = await openShop();
    const order = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 3 }] });
    await deliverAll(await newWebhooks(shop.domain));
    shopify.setWebhookFaults({ drop: true });
    advanceClock(2_000);
    shopify.cancelOrder(shop.domain, order.id);

    const { queued } = await sweep(shop.shopId);

    expect(queued).toEqual([{ shopId: shop.shopId, orderId: order.id, reason: "reconcile" }]);
    const stored = await storedOrder(shop.shopId, order.id);
    expect(stored?.cancelledAt).toBeInstanceOf(Date);
    expect(stored?.lineState[order.lineItems[0].id].quantity).toBe(0);
  });

  it("pages through more changed orders than one page holds, 50 at a time", async () => {
    const shop = await openShop();
    shopify.setWebhookFaults({ drop: true });
    for (let i = 0; i < 51; i += 1) {
      shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.cedar.id, quantity: 1 }] });
    }
    const queued: JobPayload<"orders.sync">[] = [];
    const { calls, adminGraphql } = countingAdminGraphql();

    const result = await reconcileShopOrders(
      db(),
      { shopId: shop.shopId, slot: reconcileSlot(new Date()) },
      { adminGraphql, enqueueSync: async (payload) => queued.push(payload) },
    );

    expect(result).toMatchObject({ checked: 51, queued: 51 });
    expect(new Set(queued.map((payload) => payload.orderId)).size).toBe(51);
    expect(calls).toEqual(["LotlineOrdersUpdatedSince", "LotlineOrdersUpdatedSince"]);
  });

  it("names each sweep by its quarter hour", () => {
    expect(reconcileSlot(new Date("2026-11-21T18:00:00Z"))).toBe("2026-11-21T18-00");
    expect(reconcileSlot(new Date("2026-11-21T18:59:59.999Z"))).toBe("2026-11-21T18-45");
  });

  it("queues one sweep per installed shop, id'd by the quarter hour", async () => {
    const installed = await createShop(db());
    const uninstalled = await createShop(db(), { uninstalledAt: new Date() });
    const queued: JobPayload<"orders.reconcile">[] = [];

    await enqueueOrderReconciliations(db(), async (payload) => queued.push(payload), new Date("2026-11-21T18:29:59Z"));

    expect(queued).toContainEqual({ shopId: installed.id, slot: "2026-11-21T18-15" });
    expect(queued.map((payload) => payload.shopId)).not.toContain(uninstalled.id);
  });

  it("does nothing for a shop that uninstalled Lotline", async () => {
    const shop = await createShop(db(), { uninstalledAt: new Date() });
    const { result, calls } = await sweep(shop.id);
    expect(result).toEqual({ checked: 0, queued: 0, reconciledUntil: null });
    expect(calls).toEqual([]);
  });
});
