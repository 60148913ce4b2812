// Order write-back at a Standard shop's rate limit: 2,000 orders, each with two allocated lots
// and serials, tagged and given the allocations metafield by the real workers (runtime, job
// processor, rate-limited Admin client, token exchange) against the simulated store on the real
// clock. Shopify restores 100 points a second there, so the question is how much of that budget
// Lotline turns into work and how often it still runs into THROTTLED.
import { loadavg } from "node:os";
import type { PendingWriteBack } from "../app/orders/write-back-queue.server";
import { PLAN_LIMITS } from "../simulator/admin-api/throttle";
import { redirectAdminFetch } from "../simulator/admin-fetch-redirect";
import { startSimulatedShopify } from "../simulator/server";
import { createStore } from "../simulator/store/store";
import { TEST_APP_ENV } from "../tests/support/test-env";
import { provisionBenchServices } from "./support/services";

/** Lotline's modules, loaded once the environment names the benchmark's database (some read it on load). */
async function loadLotline() {
  const [database, environment, queues, redis, admin, factories, runtime] = await Promise.all([
    import("../app/db.server"),
    import("../app/env.server"),
    import("../app/jobs/queues.server"),
    import("../app/redis.server"),
    import("../app/shopify/rate-limited-admin.server"),
    import("../tests/support/write-back-factories"),
    import("../workers/runtime"),
  ]);
  return { ...database, ...environment, ...queues, ...redis, ...admin, ...factories, ...runtime };
}

const ORDERS = Number(process.env.BENCH_WRITE_BACK_ORDERS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_WRITE_BACK_CONCURRENCY ?? 8);
const PLAN = "standard" as const;
const TARGET = { budgetUsedShare: 0.8, throttledShare: 0.01 };

export default async function run() {
  const services = await provisionBenchServices("write-back");
  const stops: Array<() => Promise<unknown>> = [services.cleanUp];
  try {
    // The workers run in this process, on the benchmark's own database and queue prefix.
    Object.assign(process.env, TEST_APP_ENV, {
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      QUEUE_PREFIX: services.queuePrefix,
      LOG_LEVEL: "warn",
    });
    const {
      env,
      db,
      disconnectDb,
      closeQueues,
      closeRedisConnections,
      enqueue,
      rateLimitedAdmin,
      shopWithLotline,
      createLot,
      placeAllocatedOrder,
      startWorkers,
    } = await loadLotline();
    if (env().DATABASE_URL !== services.databaseUrl) {
      throw new Error(
        "another benchmark in this process already set Lotline's environment; run `npm run bench -- write-back` alone",
      );
    }
    stops.unshift(async () => {
      await closeQueues();
      await disconnectDb();
      await closeRedisConnections();
    });

    // The store's bucket restores on the store clock: the real one, as in production.
    const store = createStore({ clock: () => Date.now() });
    const shopify = await startSimulatedShopify({
      apiKey: TEST_APP_ENV.SHOPIFY_API_KEY,
      apiSecret: TEST_APP_ENV.SHOPIFY_API_SECRET,
      store,
      webhookTopics: [],
    });
    stops.unshift(() => shopify.close());
    await import("../app/shopify.server");
    redirectAdminFetch(shopify.url);

    const shop = await shopWithLotline(shopify, { plan: PLAN, name: "Bench Maker" });
    const soapLots = [];
    const candleLots = [];
    for (let i = 0; i < 20; i++) {
      soapLots.push(await createLot(db(), shop, { code: `SOAP-2611-${String(i).padStart(3, "0")}` }));
      candleLots.push(
        await createLot(db(), shop, { code: `CAN-2611-${String(i).padStart(3, "0")}`, variant: "candle" }),
      );
    }
    const pending: PendingWriteBack[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const { pending: job } = await placeAllocatedOrder(db(), shopify, shop, {
        lines: [
          { quantity: 2, allocations: [{ lotId: soapLots[i % 20].id, quantity: 2 }] },
          {
            variant: "candle",
            quantity: 2,
            allocations: [{ lotId: candleLots[(i * 7) % 20].id, quantity: 2 }],
            serials: [`C${i}-1`, `C${i}-2`],
          },
        ],
      });
      pending.push(job);
    }
    // Set-up spent a few points; start with the bucket as full as a quiet shop's.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const running = await startWorkers({ concurrency: CONCURRENCY });
    stops.unshift(() => running.close(10_000));
    const before = { ...rateLimitedAdmin().stats };
    const started = Date.now();
    for (const job of pending) await enqueue("orders.write-back", job);
    let written = 0;
    let failed = 0;
    while (written + failed < ORDERS) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      written = await db().orderRef.count({ where: { shopId: shop.shopId, writtenBackVersion: { gte: 1 } } });
      failed = await db().orderRef.count({
        where: { shopId: shop.shopId, writtenBackVersion: 0, writeBackError: { not: null } },
      });
      if (Date.now() - started > 30 * 60_000)
        throw new Error(`only ${written} of ${ORDERS} orders written in 30 minutes`);
    }
    const seconds = (Date.now() - started) / 1000;
    const after = rateLimitedAdmin().stats;
    const calls = after.calls - before.calls;
    const throttled = after.throttled - before.throttled;
    const deferred = after.deferred - before.deferred;
    const points = after.pointsCharged - before.pointsCharged;

    // What Shopify holds now: every order with its two lot tags and its allocations metafield.
    const inShopify = shopify.store.shops.get(shop.domain)!;
    const taggedOrders = [...inShopify.orders.values()].filter((order) => order.tags.length === 2).length;
    const metafields = [...inShopify.metafields.values()].filter((m) => m.key === "allocations").length;

    const { restoreRate, maximumAvailable } = PLAN_LIMITS[PLAN];
    const budgetUsedShare = points / seconds / restoreRate;
    // The full bucket at the start is a one-off; what the restore alone paid for:
    const sustainedShare = Math.max(0, points - maximumAvailable) / seconds / restoreRate;
    const throttledShare = calls ? throttled / calls : 0;
    return {
      name: "write-back",
      rows: [
        {
          run: `${ORDERS} orders, concurrency ${CONCURRENCY}, ${PLAN} plan`,
          seconds: Number(seconds.toFixed(1)),
          "orders/s": Number((ORDERS / seconds).toFixed(2)),
          calls,
          "points/s": Number((points / seconds).toFixed(1)),
          "budget used": `${(budgetUsedShare * 100).toFixed(1)}%`,
          "sustained (less first bucket)": `${(sustainedShare * 100).toFixed(1)}%`,
          THROTTLED: throttled,
          "THROTTLED share": `${(throttledShare * 100).toFixed(2)}%`,
          "paced (deferred)": deferred,
        },
      ],
      summary: {
        orders: ORDERS,
        concurrency: CONCURRENCY,
        plan: PLAN,
        restoreRate,
        bucketSize: maximumAvailable,
        wallSeconds: Number(seconds.toFixed(1)),
        ordersPerSecond: Number((ORDERS / seconds).toFixed(3)),
        calls,
        pointsCharged: points,
        pointsPerSecond: Number((points / seconds).toFixed(2)),
        budgetUsedShare: Number(budgetUsedShare.toFixed(3)),
        sustainedBudgetShare: Number(sustainedShare.toFixed(3)),
        throttled,
        throttledShare: Number(throttledShare.toFixed(4)),
        deferredCalls: deferred,
        ordersWritten: written,
        ordersFailed: failed,
        ordersTaggedInShopify: taggedOrders,
        allocationMetafieldsInShopify: metafields,
        machineLoadAverage: loadavg()[0],
        target: TARGET,
        targetMet: budgetUsedShare >= TARGET.budgetUsedShare && throttledShare <= TARGET.throttledShare,
      },
    };
  } finally {
    for (const stop of stops) await stop().catch((error) => console.error(`clean-up: ${error}`));
  }
}
