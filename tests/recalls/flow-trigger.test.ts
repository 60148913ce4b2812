// The "Lot recalled" Shopify Flow trigger, fired by the job a sent recall queues, against the
// simulated store in this process: what Flow receives (read from the store's record of
// flowTriggerReceive calls), once per recall however often the job runs, and only while the shop
// has an enabled workflow using the trigger.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { fireLotRecalledTrigger } from "../../app/recalls/flow-trigger.server";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { RateLimitedAdmin } from "../../app/shopify/rate-limited-admin.server";
import { subscribeToTrigger } from "../support/flow-factories";
import { setUpInProcessShopify, shopify, store } from "../support/in-process-shopify";
import { createRecallOf } from "../support/stock-action-factories";
import { createLot, type LotlineShop, placeAllocatedOrder, shopWithLotline } from "../support/write-back-factories";

setUpInProcessShopify();

const deps = {
  adminGraphql: (domain: string) => new RateLimitedAdmin({ connect: offlineAdminGraphql }).graphqlFor(domain),
};

function flowTriggersOf(shop: LotlineShop) {
  return store.shops.get(shop.domain)!.flowTriggers;
}

/**
 * A shop with a workflow on "Lot recalled" (unless told), two lots recalled, sold in two orders
 * (one with both lots) and one order of another lot.
 */
async function shopWithRecall(
  status: "draft" | "sent" = "sent",
  workflow: "enabled" | "disabled" | "none" = "enabled",
) {
  const shop = await shopWithLotline(shopify);
  if (workflow !== "none") await subscribeToTrigger(db(), shop.shopId, "lot-recalled", workflow === "enabled");
  const suffix = shop.shopId.slice(-6).toUpperCase();
  const first = await createLot(db(), shop, { code: `SOAP-${suffix}-1` });
  const second = await createLot(db(), shop, { code: `SOAP-${suffix}-2` });
  const other = await createLot(db(), shop, { code: `CAN-${suffix}-1`, variant: "candle" });
  await placeAllocatedOrder(db(), shopify, shop, {
    lines: [
      {
        quantity: 3,
        allocations: [
          { lotId: first.id, quantity: 1, shipped: 1 },
          { lotId: second.id, quantity: 2 },
        ],
      },
    ],
  });
  await placeAllocatedOrder(db(), shopify, shop, {
    lines: [{ quantity: 1, allocations: [{ lotId: second.id, quantity: 1, shipped: 1 }] }],
  });
  await placeAllocatedOrder(db(), shopify, shop, {
    lines: [{ variant: "candle", quantity: 1, allocations: [{ lotId: other.id, quantity: 1 }] }],
  });
  const recall = await createRecallOf(db(), shop, [second.id, first.id], { status, reason: "Lye not neutralised" });
  return { shop, recall, lotCodes: [first.code, second.code] };
}

describe("the Lot recalled Flow trigger", () => {
  it("tells Flow the recall, its lot codes, how many orders it touches and why", async () => {
    const { shop, recall, lotCodes } = await shopWithRecall();

    const outcome = await fireLotRecalledTrigger(db(), { shopId: shop.shopId, recallId: recall.id }, deps);

    expect(outcome).toEqual({ fired: true });
    expect(flowTriggersOf(shop)).toEqual([
      expect.objectContaining({
        handle: "lot-recalled",
        payload: {
          "Recall id": recall.id,
          "Recall number": recall.number,
          "Lot codes": lotCodes.join(", "),
          "Affected order count": 2,
          Reason: "Lye not neutralised",
        },
      }),
    ]);
    const firings = await db().flowTriggerFiring.findMany({ where: { shopId: shop.shopId, subjectId: recall.id } });
    expect(firings).toEqual([expect.objectContaining({ handle: "lot-recalled", firedAt: expect.any(Date) })]);
  });

  it("does not fire while the shop's workflow using it is turned off", async () => {
    const { shop, recall } = await shopWithRecall("sent", "disabled");

    const outcome = await fireLotRecalledTrigger(db(), { shopId: shop.shopId, recallId: recall.id }, deps);

    expect(outcome).toEqual({ fired: false, reason: "disabled" });
    expect(flowTriggersOf(shop)).toEqual([]);
  });

  it("does not fire for a shop Flow never said uses it", async () => {
    const { shop, recall } = await shopWithRecall("sent", "none");

    const outcome = await fireLotRecalledTrigger(db(), { shopId: shop.shopId, recallId: recall.id }, deps);

    expect(outcome).toEqual({ fired: false, reason: "not_reported" });
    expect(flowTriggersOf(shop)).toEqual([]);
  });

  it("fires once per recall even when the job runs twice", async () => {
    const { shop, recall } = await shopWithRecall();

    await fireLotRecalledTrigger(db(), { shopId: shop.shopId, recallId: recall.id }, deps);
    const again = await fireLotRecalledTrigger(db(), { shopId: shop.shopId, recallId: recall.id }, deps);

    expect(again).toEqual({ fired: false, reason: "already_fired" });
    expect(flowTriggersOf(shop)).toHaveLength(1);
  });

  it("does not fire for a recall still in draft", async () => {
    const { shop, recall } = await shopWithRecall("draft");

    const outcome = await fireLotRecalledTrigger(db(), { shopId: shop.shopId, recallId: recall.id }, deps);

    expect(outcome).toEqual({ fired: false, reason: "no_longer_applies" });
    expect(flowTriggersOf(shop)).toEqual([]);
  });

  it("skips a shop that uninstalled Lotline", async () => {
    const { shop, recall } = await shopWithRecall();
    await db().shop.update({ where: { id: shop.shopId }, data: { uninstalledAt: new Date() } });

    const outcome = await fireLotRecalledTrigger(db(), { shopId: shop.shopId, recallId: recall.id }, deps);

    expect(outcome).toEqual({ fired: false, reason: "no_longer_applies" });
    expect(flowTriggersOf(shop)).toEqual([]);
  });

  it("does not fire another shop's recall", async () => {
    const { shop, recall } = await shopWithRecall();
    const intruder = await shopWithLotline(shopify);

    await expect(
      fireLotRecalledTrigger(db(), { shopId: intruder.shopId, recallId: recall.id }, deps),
    ).rejects.toMatchObject({ kind: "NOT_FOUND" });
    expect(flowTriggersOf(shop)).toEqual([]);
    expect(flowTriggersOf(intruder)).toEqual([]);
  });
});
