// Order processing survives what production does to it: a worker killed in the middle of
// allocating, and Redis going away while Shopify keeps sending orders. The web app and workers
// run as real processes on PostgreSQL and Redis; the simulated Shopify places the orders and
// sends the signed webhooks. Each order must end up allocated exactly once.

import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../../app/db.server";
import { QUEUE_NAMES } from "../../app/jobs/contract";
import { enqueue, getQueue } from "../../app/jobs/queues.server";
import { flushEnqueuedMarks } from "../../app/webhooks/enqueued-marks.server";
import { receiveWebhook } from "../../app/webhooks/intake.server";
import type { SimulatedShopify } from "../../simulator/server";
import { PROCESSORS } from "../../workers/processors";
import { createShop } from "../support/factories";
import {
  openStockedShop,
  startShopifyAndApp,
  startWorkerProcess,
  stopAll,
  stopLater,
} from "../support/order-crash-processes";
import { startPrivateRedis } from "../support/processes";

afterEach(stopAll);
afterAll(async () => {
  for (const queue of QUEUE_NAMES) await getQueue(queue).obliterate({ force: true });
});

type StockedShop = Awaited<ReturnType<typeof openStockedShop>>;

/** Order i: one or two lines of 1–3 units, so lines differ and lots run across each other. */
function placeOrder(shopify: SimulatedShopify, shop: StockedShop, i: number) {
  const [lavender, cedar] = shop.variants;
  const lines = [{ variantId: lavender.id, quantity: 1 + (i % 3) }];
  if (i % 2 === 0) lines.push({ variantId: cedar.id, quantity: 1 + ((i + 1) % 3) });
  return shopify.placeOrder(shop.domain, { lines });
}

function allocatedOrders(shopId: string) {
  return db().orderRef.count({ where: { shopId, allocationStatus: "allocated" } });
}

/**
 * The end state after any crash: each order's lines hold exactly their quantity in lots, each lot
 * holds what its allocations say and no more than it has, the ledger has one `allocated` row per
 * line and lot, and Shopify's order tags name exactly the lots the order took.
 */
async function expectEveryOrderAllocatedOnce(shopify: SimulatedShopify, shop: StockedShop, orderIds: string[]) {
  const orders = await db().orderRef.findMany({
    where: { shopId: shop.shopId },
    include: { lines: { include: { allocations: { include: { lot: { select: { code: true } } } } } } },
  });
  expect(orders.map((order) => order.shopifyOrderId).sort()).toEqual([...orderIds].sort());
  for (const order of orders) {
    expect(order.allocationStatus, order.name).toBe("allocated");
    for (const line of order.lines) {
      const held = line.allocations.reduce((sum, allocation) => sum + allocation.quantity, 0);
      expect(held, `${order.name} ${line.title}`).toBe(line.quantity);
    }
  }

  const allocations = await db().allocation.findMany({ where: { shopId: shop.shopId } });
  const lots = await db().lot.findMany({ where: { shopId: shop.shopId } });
  for (const lot of lots) {
    const held = allocations.filter((a) => a.lotId === lot.id).reduce((sum, a) => sum + a.quantity, 0);
    expect(lot.allocatedQuantity, lot.code).toBe(held);
    expect(lot.allocatedQuantity, lot.code).toBeLessThanOrEqual(lot.onHandQuantity);
  }

  // The ledger: exactly one `allocated` row per allocation, for the units it holds.
  const ledger = await db().lotEvent.findMany({ where: { shopId: shop.shopId, type: "allocated" } });
  const rowsByAllocation = new Map<string, number[]>();
  for (const row of ledger) {
    const key = `${row.orderLineId}/${row.lotId}`;
    rowsByAllocation.set(key, [...(rowsByAllocation.get(key) ?? []), -row.quantity]);
  }
  expect(Object.fromEntries(rowsByAllocation), "one allocated ledger row per order line and lot").toEqual(
    Object.fromEntries(allocations.map((a) => [`${a.orderLineId}/${a.lotId}`, [a.quantity]])),
  );

  // Shopify: once every write-back has landed, the order's lot tags are the lots it took.
  await vi.waitFor(
    async () => {
      const behind = await db().orderRef.count({
        where: { shopId: shop.shopId, writtenBackVersion: { lt: db().orderRef.fields.writeBackVersion } },
      });
      expect(behind, "orders whose tags have not reached Shopify").toBe(0);
    },
    { timeout: 120_000, interval: 500 },
  );
  const shopifyOrders = new Map(shopify.describeShop(shop.domain).orders.map((order) => [order.id, order]));
  for (const order of orders) {
    const codes = new Set(order.lines.flatMap((line) => line.allocations.map((a) => `lot:${a.lot.code}`)));
    const tags = shopifyOrders.get(order.shopifyOrderId)?.tags.filter((tag) => tag.startsWith("lot:"));
    expect(tags?.sort(), order.name).toEqual([...codes].sort());
  }
}

describe("a worker killed in the middle of allocating", () => {
  it("leaves no order allocated twice or lost once a new worker takes over", { timeout: 300_000 }, async () => {
    const { shopify, app } = await startShopifyAndApp();
    const shop = await openStockedShop(shopify, app, 200);

    // Orders arrive while no worker runs: the inbox and the queue hold all of them.
    const ORDERS = 200;
    const orderIds = Array.from({ length: ORDERS }, (_, i) => placeOrder(shopify, shop, i).id);
    await shopify.waitForWebhooks();
    expect(shopify.webhookDeliveries({ shop: shop.domain, topic: "orders/create", state: "delivered" })).toHaveLength(
      ORDERS,
    );

    const first = await startWorkerProcess(shopify, app);
    await vi.waitFor(async () => expect(await allocatedOrders(shop.shopId)).toBeGreaterThanOrEqual(10), {
      timeout: 60_000,
      interval: 20,
    });
    await first.kill("SIGKILL");
    expect(await allocatedOrders(shop.shopId), "the kill came after every order was allocated").toBeLessThan(ORDERS);
    // The dead worker was holding jobs: they stay active until their lock runs out.
    expect(await getQueue("webhooks").getActiveCount()).toBeGreaterThan(0);

    // The jobs the dead worker held are stalled; the new worker takes them back and finishes.
    await startWorkerProcess(shopify, app);
    await vi.waitFor(async () => expect(await allocatedOrders(shop.shopId)).toBe(ORDERS), {
      timeout: 150_000,
      interval: 500,
    });
    await expectEveryOrderAllocatedOnce(shopify, shop, orderIds);
  });
});

describe("Redis restarting while orders arrive", () => {
  it("loses no order: acknowledged from the Postgres inbox, swept back into the queue, allocated once", {
    timeout: 300_000,
  }, async () => {
    const redis = await startPrivateRedis();
    stopLater(redis.stop);
    const { shopify, app } = await startShopifyAndApp({ redisUrl: redis.url });
    await startWorkerProcess(shopify, app, { redisUrl: redis.url });
    const shop = await openStockedShop(shopify, app, 200);

    // Orders keep coming at a steady pace; Redis is stopped a third of the way in and comes
    // back (empty: it keeps nothing on disk) two thirds of the way in.
    const ORDERS = 150;
    const orderIds: string[] = [];
    const redisDown = { from: "", to: "" };
    for (let i = 0; i < ORDERS; i++) {
      if (i === ORDERS / 3) {
        await redis.stop();
        redisDown.from = new Date().toISOString();
      }
      if (i === (2 * ORDERS) / 3) {
        redisDown.to = new Date().toISOString();
        await redis.start();
      }
      orderIds.push(placeOrder(shopify, shop, i).id);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await shopify.waitForWebhooks();
    const deliveries = shopify.webhookDeliveries({ shop: shop.domain, topic: "orders/create" });
    expect(deliveries).toHaveLength(ORDERS);
    expect(deliveries.filter((delivery) => delivery.state !== "delivered")).toEqual([]);
    // Lotline acknowledged orders while Redis was down: Postgres alone made them durable.
    const whileDown = deliveries.filter(
      ({ attempts }) => attempts[0].at > redisDown.from && attempts[0].at < redisDown.to,
    );
    expect(whileDown.length).toBeGreaterThan(10);
    for (const delivery of whileDown) expect(delivery.attempts.at(-1)?.status).toBe(200);
    expect(
      await db().webhookEvent.count({ where: { webhookId: { in: whileDown.map((delivery) => delivery.webhookId) } } }),
    ).toBe(whileDown.length);

    await vi.waitFor(async () => expect(await allocatedOrders(shop.shopId)).toBe(ORDERS), {
      timeout: 200_000,
      interval: 1_000,
    });
    const inbox = await db().webhookEvent.groupBy({
      by: ["status"],
      where: { shopId: shop.shopId, topic: "orders/create" },
      _count: true,
    });
    expect(inbox).toEqual([{ status: "processed", _count: ORDERS }]);
    await expectEveryOrderAllocatedOnce(shopify, shop, orderIds);
  });
});

describe("the webhook sweep after Redis forgot its queues", () => {
  it("queues again a delivery marked queued whose job Redis lost, and leaves queued ones alone", async () => {
    // The Redis restart above may leave deliveries of its own shop for the sweep: sweep them first,
    // so the counts below are this test's.
    await PROCESSORS["maintenance.sweep-webhooks"]({ olderThanSeconds: 0 });
    const shop = await createShop(db());
    const receive = () =>
      receiveWebhook(db(), (payload) => enqueue("webhooks.process", payload), {
        shopDomain: shop.domain,
        topic: "app/scopes_update",
        webhookId: randomUUID(),
        body: "{}",
      });
    await receive();
    await receive();
    await flushEnqueuedMarks(db());
    const events = await db().webhookEvent.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } });
    expect(events.map((event) => event.status)).toEqual(["enqueued", "enqueued"]);
    const [lost, kept] = events.map((event) => `webhook-${event.id}`);
    // What a Redis restart without persistence does to a waiting job.
    await (await getQueue("webhooks").getJob(lost))?.remove();

    const swept = await PROCESSORS["maintenance.sweep-webhooks"]({ olderThanSeconds: 0 });
    expect(swept).toEqual({ stranded: 0, lost: 1 });
    expect(await getQueue("webhooks").getJobState(lost)).toBe("waiting");
    expect(await getQueue("webhooks").getJobState(kept)).toBe("waiting");
    expect(await PROCESSORS["maintenance.sweep-webhooks"]({ olderThanSeconds: 0 })).toEqual({ stranded: 0, lost: 0 });
  });
});
