// Lotline's "Lot expiring soon" and "Order needs lot attention" Flow triggers, against a real
// database, Redis and the simulated store in this process: queued only for shops with an enabled
// workflow using them, fired once per lot and warning window / per order each time it needs attention.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { expireShopLots } from "../../app/expiry/expire-lots.server";
import { fireFlowTrigger } from "../../app/flow/fire-trigger.server";
import type { JobPayload } from "../../app/jobs/contract";
import { getQueue } from "../../app/jobs/queues.server";
import { syncOrderFromShopify } from "../../app/orders/order-sync.server";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { RateLimitedAdmin } from "../../app/shopify/rate-limited-admin.server";
import { subscribeToTrigger } from "../support/flow-factories";
import { setUpInProcessShopify, shopify, store } from "../support/in-process-shopify";
import { createLot, type LotlineShop, shopWithLotline } from "../support/write-back-factories";

setUpInProcessShopify();

const adminGraphql = (domain: string) => new RateLimitedAdmin({ connect: offlineAdminGraphql }).graphqlFor(domain);
const deps = { adminGraphql };

function flowTriggersOf(shop: LotlineShop) {
  return store.shops.get(shop.domain)!.flowTriggers;
}

/** The flow.fire-trigger jobs waiting for the shop, as [subjectId, occasion]. */
async function queuedFirings(shopId: string) {
  const jobs = await getQueue("shopify-writeback").getJobs(["waiting", "delayed", "prioritized"]);
  return jobs
    .filter((job) => job.name === "flow.fire-trigger" && job.data.shopId === shopId)
    .map((job) => job.data as JobPayload<"flow.fire-trigger">);
}

// 2026-11-22 in UTC (the simulated shops' zone unless told otherwise).
const TODAY = { year: 2026, month: 11, day: 22 };
const NOW = new Date("2026-11-22T12:00:00Z");

async function lotExpiringOn(shop: LotlineShop, expiresAt: string, onHand = 12) {
  const lot = await createLot(db(), shop, { expiresAt });
  return db().lot.update({ where: { id: lot.id }, data: { onHandQuantity: onHand, receivedQuantity: onHand } });
}

describe("the Lot expiring soon trigger", () => {
  it("is queued once per lot for the narrowest warning window it entered, however often expiry runs", async () => {
    const shop = await shopWithLotline(shopify);
    await subscribeToTrigger(db(), shop.shopId, "lot-expiring-soon");
    const in10 = await lotExpiringOn(shop, "2026-12-02");
    const in45 = await lotExpiringOn(shop, "2027-01-06");
    await lotExpiringOn(shop, "2027-03-22"); // 120 days: outside every window
    await lotExpiringOn(shop, "2026-12-01", 0); // sold out: nothing to warn about

    const run = () =>
      expireShopLots(db(), { shopId: shop.shopId, today: TODAY }, { enqueueQuarantine: async () => {}, now: NOW });
    await run();
    await run();

    const queued = await queuedFirings(shop.shopId);
    expect(queued.map(({ subjectId, occasion }) => [subjectId, occasion]).sort()).toEqual(
      [
        [in10.id, "d30"],
        [in45.id, "d60"],
      ].sort(),
    );
  });

  it("is not queued for a shop without an enabled workflow using it", async () => {
    const shop = await shopWithLotline(shopify);
    await subscribeToTrigger(db(), shop.shopId, "lot-expiring-soon", false);
    await lotExpiringOn(shop, "2026-12-02");

    await expireShopLots(db(), { shopId: shop.shopId, today: TODAY }, { enqueueQuarantine: async () => {}, now: NOW });

    expect(await queuedFirings(shop.shopId)).toEqual([]);
  });

  it("tells Flow the lot, its product, expiry date and days left, once per window", async () => {
    const shop = await shopWithLotline(shopify);
    await subscribeToTrigger(db(), shop.shopId, "lot-expiring-soon");
    const lot = await lotExpiringOn(shop, "2026-12-02");
    const job = { shopId: shop.shopId, trigger: "lot-expiring-soon" as const, subjectId: lot.id, occasion: "d30" };
    const on22nd = { ...deps, now: NOW };

    expect(await fireFlowTrigger(db(), job, on22nd)).toEqual({ fired: true });
    expect(await fireFlowTrigger(db(), job, on22nd)).toEqual({ fired: false, reason: "already_fired" });
    // The next window is another occasion: Flow hears about the lot again.
    expect(await fireFlowTrigger(db(), { ...job, occasion: "d7" }, on22nd)).toEqual({ fired: true });

    const [firing] = flowTriggersOf(shop);
    expect(flowTriggersOf(shop)).toHaveLength(2);
    expect(firing).toMatchObject({
      handle: "lot-expiring-soon",
      payload: {
        product_id: Number(shop.soap.productId.split("/").pop()),
        "Lot id": lot.id,
        "Lot code": lot.code,
        Product: "Lavender Soap",
        "Expiry date": "2026-12-02",
        "Days left": 10,
      },
    });
  });

  it("is not fired once the workflow was turned off after it was queued", async () => {
    const shop = await shopWithLotline(shopify);
    await subscribeToTrigger(db(), shop.shopId, "lot-expiring-soon", false);
    const lot = await lotExpiringOn(shop, "2026-12-02");

    const outcome = await fireFlowTrigger(
      db(),
      { shopId: shop.shopId, trigger: "lot-expiring-soon", subjectId: lot.id, occasion: "d30" },
      deps,
    );

    expect(outcome).toEqual({ fired: false, reason: "disabled" });
    expect(flowTriggersOf(shop)).toEqual([]);
  });
});

/** The job's clock, `seconds` after its first run. */
function clockAt(seconds: number) {
  return { ...deps, now: new Date(NOW.getTime() + seconds * 1000) };
}

/** An order of 5 soaps placed in Shopify while Lotline holds only 2 of them: partial once synced. */
async function shortOrder(shop: LotlineShop) {
  const lot = await lotExpiringOn(shop, "2027-06-30", 2);
  const placed = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.soap.id, quantity: 5 }] });
  await syncOrderFromShopify(db(), { shopId: shop.shopId, orderId: placed.id, reason: "manual" }, { adminGraphql });
  const order = await db().orderRef.findFirstOrThrow({ where: { shopId: shop.shopId, shopifyOrderId: placed.id } });
  return { lot, placed, order };
}

describe("the Order needs lot attention trigger", () => {
  it("is queued when an order becomes partial, and tells Flow the order and why", async () => {
    const shop = await shopWithLotline(shopify);
    await subscribeToTrigger(db(), shop.shopId, "order-needs-lot-attention");

    const { placed, order } = await shortOrder(shop);

    expect(order.allocationStatus).toBe("partial");
    const queued = await queuedFirings(shop.shopId);
    expect(queued).toEqual([
      {
        shopId: shop.shopId,
        trigger: "order-needs-attention",
        subjectId: order.id,
        occasion: `v${order.writeBackVersion}`,
      },
    ]);

    expect(await fireFlowTrigger(db(), queued[0], deps)).toEqual({ fired: true });
    expect(flowTriggersOf(shop)).toEqual([
      expect.objectContaining({
        handle: "order-needs-lot-attention",
        payload: {
          order_id: Number(placed.id.split("/").pop()),
          "Order name": order.name,
          Status: "partial",
          Reason: order.attentionReason,
        },
      }),
    ]);
  });

  it("is not queued for a shop without an enabled workflow using it", async () => {
    const shop = await shopWithLotline(shopify);

    const { order } = await shortOrder(shop);

    expect(order.allocationStatus).toBe("partial");
    expect(await queuedFirings(shop.shopId)).toEqual([]);
  });

  it("waits for the allocation that queued it to commit, then fires", async () => {
    const shop = await shopWithLotline(shopify);
    await subscribeToTrigger(db(), shop.shopId, "order-needs-lot-attention");
    const { order } = await shortOrder(shop);
    const next = order.writeBackVersion + 1;
    const job = {
      shopId: shop.shopId,
      trigger: "order-needs-attention" as const,
      subjectId: order.id,
      occasion: `v${next}`,
    };

    await expect(fireFlowTrigger(db(), job, clockAt(0))).rejects.toThrow("not visible yet");
    await db().orderRef.update({ where: { id: order.id }, data: { writeBackVersion: next } });

    expect(await fireFlowTrigger(db(), job, clockAt(20))).toEqual({ fired: true });
    expect(flowTriggersOf(shop)).toHaveLength(1);
  });

  it("gives up without firing when the allocation that queued it never committed", async () => {
    const shop = await shopWithLotline(shopify);
    await subscribeToTrigger(db(), shop.shopId, "order-needs-lot-attention");
    const { order } = await shortOrder(shop);
    // A version the order never reached: the transaction that queued the job rolled back.
    const job = {
      shopId: shop.shopId,
      trigger: "order-needs-attention" as const,
      subjectId: order.id,
      occasion: `v${order.writeBackVersion + 1}`,
    };

    await expect(fireFlowTrigger(db(), job, clockAt(0))).rejects.toThrow("not visible yet");
    await expect(fireFlowTrigger(db(), job, clockAt(30))).rejects.toThrow("not visible yet");
    expect(await fireFlowTrigger(db(), job, clockAt(61))).toEqual({ fired: false, reason: "not_committed" });

    expect(flowTriggersOf(shop)).toEqual([]);
    expect(await db().flowTriggerFiring.count({ where: { shopId: shop.shopId } })).toBe(0);
  });

  it("is not fired for an order that was allocated before the job ran", async () => {
    const shop = await shopWithLotline(shopify);
    await subscribeToTrigger(db(), shop.shopId, "order-needs-lot-attention");
    const { order } = await shortOrder(shop);
    const [queued] = await queuedFirings(shop.shopId);
    await db().orderRef.update({
      where: { id: order.id },
      data: { allocationStatus: "allocated", attentionReason: null },
    });

    expect(await fireFlowTrigger(db(), queued, deps)).toEqual({ fired: false, reason: "no_longer_applies" });
    expect(flowTriggersOf(shop)).toEqual([]);
  });
});
