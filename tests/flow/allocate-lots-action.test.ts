// The "Allocate lots for order" Flow action at POST /flow/actions/allocate-lots: a signed run
// queues the order's sync with reason "flow", and that sync allocates an order that was short
// once stock has arrived. Bad bodies, forged signatures and unknown shops are refused with a message.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import type { JobPayload } from "../../app/jobs/contract";
import { getQueue } from "../../app/jobs/queues.server";
import { syncOrderFromShopify } from "../../app/orders/order-sync.server";
import { action } from "../../app/routes/flow.actions.allocate-lots";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { RateLimitedAdmin } from "../../app/shopify/rate-limited-admin.server";
import { answerOf, flowRequest } from "../support/flow-factories";
import { setUpInProcessShopify, shopify } from "../support/in-process-shopify";
import { createLot, type LotlineShop, shopWithLotline } from "../support/write-back-factories";

setUpInProcessShopify();

const adminGraphql = (domain: string) => new RateLimitedAdmin({ connect: offlineAdminGraphql }).graphqlFor(domain);

function runAction(body: unknown, secret?: string) {
  return answerOf(() =>
    action({ request: flowRequest("/flow/actions/allocate-lots", body, secret), params: {}, context: {} }),
  );
}

function actionRun(shop: Pick<LotlineShop, "domain">, orderId: string | number, runId = crypto.randomUUID()) {
  return {
    shop_id: 690933842,
    shopify_domain: shop.domain,
    action_run_id: runId,
    action_definition_id: "allocate-lots-for-order",
    handle: "allocate-lots-for-order",
    properties: { order_id: typeof orderId === "number" ? orderId : Number(orderId.split("/").pop()) },
  };
}

/** The orders.sync jobs waiting for the shop. */
async function queuedSyncs(shopId: string) {
  const jobs = await getQueue("webhooks").getJobs(["waiting", "delayed", "prioritized"]);
  return jobs
    .filter((job) => job.name === "orders.sync" && job.data.shopId === shopId)
    .map((job) => job.data as JobPayload<"orders.sync">);
}

describe("the Allocate lots for order Flow action", () => {
  it("allocates an order that was short once stock has arrived", async () => {
    const shop = await shopWithLotline(shopify);
    const lot = await createLot(db(), shop);
    await db().lot.update({ where: { id: lot.id }, data: { onHandQuantity: 2, receivedQuantity: 2 } });
    const placed = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.soap.id, quantity: 5 }] });
    await syncOrderFromShopify(db(), { shopId: shop.shopId, orderId: placed.id, reason: "manual" }, { adminGraphql });
    const where = { shopId: shop.shopId, shopifyOrderId: placed.id };
    expect(await db().orderRef.findFirstOrThrow({ where })).toMatchObject({ allocationStatus: "partial" });
    // Stock arrives; nothing in Shopify's order changed.
    await db().lot.update({ where: { id: lot.id }, data: { onHandQuantity: 20, receivedQuantity: 20 } });

    const answer = await runAction(actionRun(shop, placed.id));

    expect(answer).toEqual({ status: 200, body: { queued: placed.id } });
    const [sync] = await queuedSyncs(shop.shopId);
    expect(sync).toEqual({ shopId: shop.shopId, orderId: placed.id, reason: "flow" });
    await syncOrderFromShopify(db(), sync, { adminGraphql });
    expect(await db().orderRef.findFirstOrThrow({ where })).toMatchObject({
      allocationStatus: "allocated",
      attentionReason: null,
    });
    const held = await db().allocation.aggregate({
      where: { shopId: shop.shopId, lotId: lot.id },
      _sum: { quantity: true },
    });
    expect(held._sum.quantity).toBe(5);
  });

  it("queues one sync when Flow resends the same run", async () => {
    const shop = await shopWithLotline(shopify);
    const run = actionRun(shop, 4242001);

    await runAction(run);
    await runAction(run);

    expect(await queuedSyncs(shop.shopId)).toHaveLength(1);
  });

  it("answers 400 with what is missing when the order reference is absent", async () => {
    const shop = await shopWithLotline(shopify);

    const answer = await runAction({ shopify_domain: shop.domain, properties: {} });

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: expect.stringContaining("properties.order_id") });
    expect(await queuedSyncs(shop.shopId)).toEqual([]);
  });

  it("refuses a run not signed with the app's secret", async () => {
    const shop = await shopWithLotline(shopify);

    const answer = await runAction(actionRun(shop, 4242002), "not-the-app-secret");

    expect(answer.status).toBe(401);
    expect(await queuedSyncs(shop.shopId)).toEqual([]);
  });

  it("answers a forged run naming a shop without Lotline 401 too, telling nothing about the shop", async () => {
    const answer = await runAction(actionRun({ domain: "never-installed.myshopify.com" }, 4242004), "forged");

    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: expect.not.stringContaining("never-installed") });
  });

  it("answers 404 for a shop without Lotline, so Flow does not retry", async () => {
    const answer = await runAction(actionRun({ domain: "never-installed.myshopify.com" }, 4242003));

    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: expect.stringContaining("not installed") });
  });
});
