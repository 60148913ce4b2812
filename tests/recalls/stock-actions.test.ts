// "Stop the stock" against the simulated store in this process: the merchant's request queues a
// job, the job (with Lotline's real rate-limited Admin client) quarantines the recalled lots'
// remaining units, holds and tags unshipped orders, tags every affected order — and undoes each
// exactly. What the merchant sees is read from the store: quantities per state, holds, tags.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { writeBackOrder } from "../../app/orders/order-write-back.server";
import type { RecallActionKind } from "../../app/recalls/stock-action-plan";
import { listRecallActions, requestRecallAction, runRecallAction } from "../../app/recalls/stock-actions.server";
import { type AdminGraphql, offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { RateLimitedAdmin } from "../../app/shopify/rate-limited-admin.server";
import { AppError } from "../../app/utils/errors";
import { setUpInProcessShopify, shopify, store } from "../support/in-process-shopify";
import { createRecallOf, keptJobs, levelIn, orderIn, setLotQuantities } from "../support/stock-action-factories";
import {
  createLot,
  type LotlineShop,
  placeAllocatedOrder,
  reallocateLine,
  shopWithLotline,
} from "../support/write-back-factories";

setUpInProcessShopify();

function adminGraphql(domain: string) {
  return new RateLimitedAdmin({ connect: offlineAdminGraphql }).graphqlFor(domain);
}

/**
 * A shop with lot SOAP-A recalled: one order with 2 units not shipped yet, one with 3 units shipped,
 * and one order of another lot that the recall does not touch.
 */
async function shopWithRecall(options: { status?: "draft" | "sent" } = {}) {
  const shop = await shopWithLotline(shopify);
  const recalled = await createLot(db(), shop, { code: `SOAP-A-${shop.shopId.slice(-6)}` });
  const other = await createLot(db(), shop, { code: `SOAP-B-${shop.shopId.slice(-6)}`, variant: "candle" });
  const unshipped = await placeAllocatedOrder(db(), shopify, shop, {
    lines: [{ quantity: 2, allocations: [{ lotId: recalled.id, quantity: 2 }] }],
    tags: ["wholesale"],
  });
  const shipped = await placeAllocatedOrder(db(), shopify, shop, {
    lines: [{ quantity: 3, allocations: [{ lotId: recalled.id, quantity: 3, shipped: 3 }] }],
  });
  shopify.fulfillOrder(shop.domain, shipped.placed.id);
  const untouched = await placeAllocatedOrder(db(), shopify, shop, {
    lines: [{ variant: "candle", quantity: 1, allocations: [{ lotId: other.id, quantity: 1 }] }],
  });
  // What Lotline believes: 30 on the shelf of which 2 are allocated to the unshipped order.
  await setLotQuantities(db(), recalled.id, { onHand: 30, allocated: 2 });
  const recall = await createRecallOf(db(), shop, [recalled.id], { status: options.status });
  return { shop, recall, recalled, unshipped, shipped, untouched };
}

/** The merchant asks for the step; the queued job runs (as the worker would) and its outcome is returned. */
async function perform(
  shop: LotlineShop,
  recallId: string,
  kind: RecallActionKind,
  direction: "apply" | "revert",
  graphql: (domain: string) => Promise<AdminGraphql> = adminGraphql,
) {
  const queue = keptJobs();
  await requestRecallAction(
    db(),
    { shopId: shop.shopId, recallId, kind, direction, actor: "user:42" },
    { enqueue: queue.enqueue },
  );
  expect(queue.jobs).toHaveLength(1);
  const outcome = await runRecallAction(db(), queue.jobs[0], { adminGraphql: graphql });
  return { outcome, job: queue.jobs[0] };
}

async function actionOf(shop: LotlineShop, recallId: string, kind: RecallActionKind) {
  const actions = await listRecallActions(db(), shop.shopId, recallId);
  return actions.find((action) => action.kind === kind)!;
}

describe("quarantining the recalled lots' remaining stock", () => {
  it("moves the lot's available units to quality control at its location, and back on undo", async () => {
    const { shop, recall, recalled } = await shopWithRecall();
    const before = levelIn(store, shop);

    const { outcome } = await perform(shop, recall.id, "quarantine_stock", "apply");

    expect(outcome).toMatchObject({ done: true, status: "applied", summary: { quarantinedUnits: 28, inEffect: 1 } });
    const quarantined = levelIn(store, shop);
    expect(quarantined.quality_control).toBe(before.quality_control + 28);
    expect(quarantined.available).toBe(before.available - 28);
    // On hand stays true: the units are still in the building, just not for sale.
    expect(quarantined.committed).toBe(before.committed);
    // Lotline holds them back too: the planner cannot allocate them while the recall is a draft.
    expect(await db().lot.findUniqueOrThrow({ where: { id: recalled.id } })).toMatchObject({ quarantinedQuantity: 28 });
    const ledger = await db().lotEvent.findMany({ where: { lotId: recalled.id, type: "quarantined" } });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      quantity: 0,
      actor: "user:42",
      reference: {
        kind: "recall-quarantine",
        recallId: recall.id,
        quantity: 28,
        from: "available",
        to: "quality_control",
      },
    });

    const undone = await perform(shop, recall.id, "quarantine_stock", "revert");

    expect(undone.outcome).toMatchObject({ done: true, status: "reverted", summary: { quarantinedUnits: 0 } });
    expect(levelIn(store, shop)).toEqual(before);
    expect(await db().lot.findUniqueOrThrow({ where: { id: recalled.id } })).toMatchObject({ quarantinedQuantity: 0 });
    const released = await db().lotEvent.findMany({ where: { lotId: recalled.id, type: "adjusted" } });
    expect(released[0].reference).toMatchObject({ kind: "recall-quarantine-released", quantity: 28 });
    expect((await actionOf(shop, recall.id, "quarantine_stock")).status).toBe("reverted");
  });

  it("a job retried after Shopify's answer was lost moves the units once", async () => {
    const { shop, recall } = await shopWithRecall();
    const before = levelIn(store, shop);
    let lost = false;
    const lossy = async (domain: string): Promise<AdminGraphql> => {
      const graphql = await adminGraphql(domain);
      return async (query, options) => {
        const response = await graphql(query, options);
        if (query.includes("inventoryMoveQuantities(") && !lost) {
          lost = true;
          throw new Error("socket hang up");
        }
        return response;
      };
    };
    const queue = keptJobs();
    await requestRecallAction(
      db(),
      { shopId: shop.shopId, recallId: recall.id, kind: "quarantine_stock", direction: "apply", actor: "user:42" },
      queue,
    );
    await expect(runRecallAction(db(), queue.jobs[0], { adminGraphql: lossy })).rejects.toThrow(/socket hang up/);
    expect(levelIn(store, shop).quality_control).toBe(before.quality_control + 28);

    const retried = await runRecallAction(db(), queue.jobs[0], { adminGraphql: lossy });

    expect(retried).toMatchObject({ status: "applied", summary: { quarantinedUnits: 28 } });
    expect(levelIn(store, shop)).toMatchObject({
      quality_control: before.quality_control + 28,
      available: before.available - 28,
    });
  });

  it("never moves more than Shopify has available at the location", async () => {
    const { shop, recall } = await shopWithRecall();
    const available = levelIn(store, shop).available;
    shopify.adjustInventory(shop.domain, {
      inventoryItemId: shop.soap.inventoryItemId,
      locationId: shop.location.id,
      name: "available",
      delta: 5 - available,
    });

    const { outcome } = await perform(shop, recall.id, "quarantine_stock", "apply");

    expect(outcome).toMatchObject({ status: "applied", summary: { quarantinedUnits: 5 } });
    expect(levelIn(store, shop)).toMatchObject({ available: 0, quality_control: 5 });
  });
});

describe("holding unshipped orders", () => {
  it("holds the open fulfillment orders of orders with unshipped units and tags them recall-hold; undo releases them", async () => {
    const { shop, recall, recalled, unshipped, shipped, untouched } = await shopWithRecall();

    const { outcome } = await perform(shop, recall.id, "hold_orders", "apply");

    expect(outcome).toMatchObject({ done: true, status: "applied", summary: { inEffect: 1, failures: [] } });
    const held = orderIn(store, shop, unshipped.placed.id);
    expect(held.fulfillmentOrders).toEqual([
      {
        status: "ON_HOLD",
        holds: [
          {
            handle: `lotline-recall-${recall.number}`,
            reason: "OTHER",
            reasonNotes: expect.stringContaining(recalled.code),
          },
        ],
      },
    ]);
    expect(held.tags).toEqual(expect.arrayContaining(["recall-hold", "wholesale"]));
    // Shipped already: nothing to hold. Another lot: not this recall's business.
    expect(orderIn(store, shop, shipped.placed.id).tags).not.toContain("recall-hold");
    expect(orderIn(store, shop, untouched.placed.id).fulfillmentOrders[0].status).toBe("OPEN");

    const undone = await perform(shop, recall.id, "hold_orders", "revert");

    expect(undone.outcome).toMatchObject({ status: "reverted" });
    const released = orderIn(store, shop, unshipped.placed.id);
    expect(released.fulfillmentOrders).toEqual([{ status: "OPEN", holds: [] }]);
    expect(released.tags).toEqual(["wholesale"]);
  });

  it("keeps an order held and tagged while another recall still holds it", async () => {
    const { shop, recall, recalled, unshipped } = await shopWithRecall();
    const later = await createRecallOf(db(), shop, [recalled.id]);
    await perform(shop, recall.id, "hold_orders", "apply");
    await perform(shop, later.id, "hold_orders", "apply");

    await perform(shop, recall.id, "hold_orders", "revert");

    const stillHeld = orderIn(store, shop, unshipped.placed.id);
    expect(stillHeld.fulfillmentOrders).toEqual([
      { status: "ON_HOLD", holds: [expect.objectContaining({ handle: `lotline-recall-${later.number}` })] },
    ]);
    expect(stillHeld.tags).toContain("recall-hold");

    await perform(shop, later.id, "hold_orders", "revert");

    expect(orderIn(store, shop, unshipped.placed.id)).toEqual({
      tags: ["wholesale"],
      fulfillmentOrders: [{ status: "OPEN", holds: [] }],
    });
  });

  it("a job retried after failing mid-way holds each order once", async () => {
    const { shop, recall, recalled, unshipped } = await shopWithRecall();
    const second = await placeAllocatedOrder(db(), shopify, shop, {
      lines: [{ quantity: 1, allocations: [{ lotId: recalled.id, quantity: 1 }] }],
    });
    // Shopify places the second order's hold, but the answer is lost on the way back.
    let holdCalls = 0;
    let failed = false;
    const flaky = async (domain: string): Promise<AdminGraphql> => {
      const graphql = await adminGraphql(domain);
      return async (query, options) => {
        const response = await graphql(query, options);
        if (query.includes("fulfillmentOrderHold(")) {
          holdCalls += 1;
          if (holdCalls === 2 && !failed) {
            failed = true;
            throw new Error("socket hang up");
          }
        }
        return response;
      };
    };
    const queue = keptJobs();
    await requestRecallAction(
      db(),
      { shopId: shop.shopId, recallId: recall.id, kind: "hold_orders", direction: "apply", actor: "user:42" },
      { enqueue: queue.enqueue },
    );
    await expect(runRecallAction(db(), queue.jobs[0], { adminGraphql: flaky })).rejects.toThrow(/socket hang up/);
    expect((await actionOf(shop, recall.id, "hold_orders")).status).toBe("applying");

    const retried = await runRecallAction(db(), queue.jobs[0], { adminGraphql: flaky });

    expect(retried).toMatchObject({ done: true, status: "applied", summary: { inEffect: 2 } });
    for (const order of [unshipped, second]) {
      const [fulfillmentOrder] = orderIn(store, shop, order.placed.id).fulfillmentOrders;
      expect(fulfillmentOrder).toMatchObject({
        status: "ON_HOLD",
        holds: [{ handle: `lotline-recall-${recall.number}` }],
      });
      expect(orderIn(store, shop, order.placed.id).tags).toContain("recall-hold");
    }
    // The first order was not asked again; the second was found held and not held twice.
    expect(holdCalls).toBe(2);
  });
});

describe("tagging affected orders", () => {
  it("tags every affected order recall:<number>, shipped or not, and removes only that tag on undo", async () => {
    const { shop, recall, unshipped, shipped, untouched } = await shopWithRecall();
    const tag = `recall:${recall.number}`;

    const { outcome } = await perform(shop, recall.id, "tag_orders", "apply");

    expect(outcome).toMatchObject({ status: "applied", summary: { inEffect: 2 } });
    expect(orderIn(store, shop, unshipped.placed.id).tags).toEqual(expect.arrayContaining([tag, "wholesale"]));
    expect(orderIn(store, shop, shipped.placed.id).tags).toContain(tag);
    expect(orderIn(store, shop, untouched.placed.id).tags).not.toContain(tag);

    await perform(shop, recall.id, "tag_orders", "revert");

    expect(orderIn(store, shop, unshipped.placed.id).tags).toEqual(["wholesale"]);
    expect(orderIn(store, shop, shipped.placed.id).tags).not.toContain(tag);
  });

  it("a later write-back of the order's lots keeps the recall tag", async () => {
    const { shop, recall, recalled, unshipped } = await shopWithRecall();
    await perform(shop, recall.id, "tag_orders", "apply");
    const replacement = await createLot(db(), shop, { code: `SOAP-C-${shop.shopId.slice(-6)}` });
    const pending = await reallocateLine(db(), shop, unshipped.order.id, unshipped.lines[0].id, [
      { lotId: replacement.id, quantity: 2 },
    ]);

    await writeBackOrder(db(), pending, { adminGraphql });

    const tags = orderIn(store, shop, unshipped.placed.id).tags;
    expect(tags).toContain(`recall:${recall.number}`);
    expect(tags).toContain(`lot:${replacement.code}`);
    expect(tags).not.toContain(`lot:${recalled.code}`);
  });

  it("lists an order Shopify refuses, with its reason, and tags the others", async () => {
    const { shop, recall, recalled } = await shopWithRecall();
    // An order Lotline knows that is gone from Shopify.
    const gone = await db().orderRef.create({
      data: {
        shopId: shop.shopId,
        shopifyOrderId: "gid://shopify/Order/999999999",
        name: "#GONE",
        shopifyUpdatedAt: new Date(),
        processedAt: new Date(),
      },
    });
    const line = await db().orderLineRef.create({
      data: {
        shopId: shop.shopId,
        orderRefId: gone.id,
        shopifyLineItemId: "gid://shopify/LineItem/999999999",
        title: "Lavender Soap",
        quantity: 1,
      },
    });
    await db().allocation.create({
      data: { shopId: shop.shopId, orderLineId: line.id, lotId: recalled.id, quantity: 1 },
    });

    const { outcome } = await perform(shop, recall.id, "tag_orders", "apply");

    expect(outcome).toMatchObject({
      status: "applied",
      summary: { inEffect: 2, failures: [{ label: "Order #GONE", reason: expect.stringMatching(/does not exist/) }] },
    });
    const action = await actionOf(shop, recall.id, "tag_orders");
    expect(action.error).toContain("order #GONE");
  });
});

describe("asking for a step", () => {
  it("works on a draft recall: stop the stock first, notify later", async () => {
    const { shop, recall, unshipped } = await shopWithRecall({ status: "draft" });

    await perform(shop, recall.id, "tag_orders", "apply");

    expect(orderIn(store, shop, unshipped.placed.id).tags).toContain(`recall:${recall.number}`);
  });

  it("refuses to undo a step never applied, and to apply one already applied", async () => {
    const { shop, recall } = await shopWithRecall();
    const request = (direction: "apply" | "revert") =>
      requestRecallAction(
        db(),
        { shopId: shop.shopId, recallId: recall.id, kind: "tag_orders", direction, actor: "user:42" },
        keptJobs(),
      );

    await expect(request("revert")).rejects.toMatchObject({ kind: "CONFLICT", message: /never applied/ });
    const queue = keptJobs();
    await requestRecallAction(
      db(),
      { shopId: shop.shopId, recallId: recall.id, kind: "tag_orders", direction: "apply", actor: "user:42" },
      queue,
    );
    await expect(request("apply")).rejects.toMatchObject({ kind: "CONFLICT", message: /still being applied/ });
    await runRecallAction(db(), queue.jobs[0], { adminGraphql });
    await expect(request("apply")).rejects.toMatchObject({ kind: "CONFLICT", message: /already applied/ });
  });

  it("answers NOT_FOUND for another shop's recall and changes nothing", async () => {
    const { recall } = await shopWithRecall();
    const intruder = await shopWithLotline(shopify);
    const queue = keptJobs();

    const attempt = requestRecallAction(
      db(),
      { shopId: intruder.shopId, recallId: recall.id, kind: "hold_orders", direction: "apply", actor: "user:7" },
      { enqueue: queue.enqueue },
    );

    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ kind: "NOT_FOUND" });
    expect(queue.jobs).toEqual([]);
    expect(await db().recallAction.count({ where: { recallId: recall.id } })).toBe(0);
    expect(await listRecallActions(db(), intruder.shopId, recall.id)).toEqual([]);
  });

  it("fails the step visibly when Lotline was uninstalled from the shop", async () => {
    const { shop, recall, unshipped } = await shopWithRecall();
    await db().shop.update({ where: { id: shop.shopId }, data: { uninstalledAt: new Date() } });

    const { outcome } = await perform(shop, recall.id, "tag_orders", "apply");

    expect(outcome).toEqual({ done: false, reason: "uninstalled" });
    expect(await actionOf(shop, recall.id, "tag_orders")).toMatchObject({
      status: "failed",
      error: expect.stringContaining("Reinstall Lotline"),
    });
    expect(orderIn(store, shop, unshipped.placed.id).tags).toEqual(["wholesale"]);
  });

  it("a job of an earlier request does nothing once the merchant asked again", async () => {
    const { shop, recall, unshipped } = await shopWithRecall();
    const { job } = await perform(shop, recall.id, "tag_orders", "apply");
    await perform(shop, recall.id, "tag_orders", "revert");

    const replayed = await runRecallAction(db(), job, { adminGraphql });

    expect(replayed).toEqual({ done: false, reason: "stale" });
    expect(orderIn(store, shop, unshipped.placed.id).tags).not.toContain(`recall:${recall.number}`);
  });
});
