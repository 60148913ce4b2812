// Allocation end to end: signed orders/create webhooks (10,000 orders × 3 lines by default) into
// the production build, a worker process allocating them over 200 lots with FEFO under row locks,
// until every order is allocated (or short) and its Shopify write-back is queued. The write-back
// queue is paused: sending them is the write-back benchmark's subject, not this one's. Then the
// ledger is checked: no lot holds more allocations than it has on hand, and each lot's
// allocatedQuantity is the sum of its allocations.
import { loadavg } from "node:os";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { connectDb, type Db } from "../app/db.server";
import { queuePrefix } from "../app/jobs/contract";
import { startSimulatedShopify } from "../simulator/server/index";
import type { VariantRecord } from "../simulator/store/types";
import {
  BENCH_API_KEY,
  BENCH_API_SECRET,
  cpuSeconds,
  cpuSecondsOfCommands,
  machineBusyCpuSeconds,
  startBenchApp,
  startBenchWorkers,
} from "./support/app-process";
import { latencySummary, runLoad } from "./support/load";
import { signedOrderBodies, stockVariants, webhookRequest } from "./support/order-bodies";
import { provisionBenchServices } from "./support/services";

const ORDERS = Number(process.env.BENCH_ALLOCATION_ORDERS ?? 10_000);
const LINES_PER_ORDER = 3;
const VARIANTS = 50;
const LOTS_PER_VARIANT = 4;
/** 800 units per variant against 900 ordered: the last orders of every variant find too little, which is the point. */
const UNITS_PER_LOT = Math.max(1, Math.round((ORDERS * LINES_PER_ORDER * 1.5) / VARIANTS / LOTS_PER_VARIANT / 1.125));
const CONCURRENCY = 32;
/** Worker processes and jobs each runs at once; BENCH_ALLOCATION_WORKERS / BENCH_WORKER_CONCURRENCY to change. */
const WORKER_PROCESSES = Number(process.env.BENCH_ALLOCATION_WORKERS ?? 1);
const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 8);
/** Webhook jobs each worker process runs at once (BENCH_WEBHOOK_CONCURRENCY; the app's default, 64). */
const WEBHOOK_CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 64);
const STALL_MS = 120_000;
const TARGET_ORDERS_PER_SECOND = 300;
/** A browser user agent: Shopify's library refuses requests it takes for bots. */
const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

export default async function run() {
  const services = await provisionBenchServices("allocation");
  const stops: Array<() => Promise<unknown>> = [services.cleanUp];
  try {
    const simulator = await startSimulatedShopify({
      apiKey: BENCH_API_KEY,
      apiSecret: BENCH_API_SECRET,
      webhookTopics: [],
    });
    stops.unshift(() => simulator.close());
    const { shop } = simulator.createShop({ name: "Bench Maker", plan: "plus" });
    const domain = shop.myshopifyDomain;
    const state = simulator.store.shops.get(domain)!;
    const variants = stockVariants(state, VARIANTS);

    const database = connectDb({ databaseUrl: services.databaseUrl, poolSize: 4 });
    stops.unshift(() => database.client.$disconnect().then(() => database.database.close()));
    const db = database.client;

    const writeBackQueue = new Queue("shopify-writeback", {
      connection: new Redis(services.redisUrl, { maxRetriesPerRequest: null }),
      prefix: queuePrefix(services.queuePrefix),
    });
    stops.unshift(() => writeBackQueue.close());
    await writeBackQueue.pause();

    const app = await startBenchApp(services, { simulatorUrl: simulator.url });
    stops.unshift(app.stop);
    simulator.setAppUrl(app.url);
    await openAppOnce(app.url, simulator.mintSessionToken(domain));
    const shopRow = await db.shop.findUniqueOrThrow({ where: { domain } });
    await seedCatalogAndLots(db, shopRow.id, state, variants);

    const workers = Array.from({ length: WORKER_PROCESSES }, () =>
      startBenchWorkers(services, {
        simulatorUrl: simulator.url,
        env: { WORKER_CONCURRENCY: String(WORKER_CONCURRENCY), WEBHOOK_CONCURRENCY: String(WEBHOOK_CONCURRENCY) },
      }),
    );
    for (const worker of workers) stops.unshift(worker.stop);
    const workersCpu = () => workers.reduce((sum, worker) => sum + cpuSeconds(worker.pid), 0);

    const bodies = signedOrderBodies(state, variants, {
      secret: BENCH_API_SECRET,
      orders: ORDERS,
      linesPerOrder: LINES_PER_ORDER,
    });
    // CPU by process: on 2 shared cores, where each order's time goes says more than throughput alone.
    const cpuNow = () => ({
      app: cpuSeconds(app.pid),
      workers: workersCpu(),
      postgres: cpuSecondsOfCommands(["postgres"]),
      redis: cpuSecondsOfCommands(["redis-server"]),
      loadGenerator: loadGeneratorCpuSeconds(),
      machine: machineBusyCpuSeconds(),
    });
    const cpuBefore = cpuNow();
    const started = Date.now();
    const intake = await runLoad({
      url: app.url,
      concurrency: CONCURRENCY,
      total: ORDERS,
      request: (index) => webhookRequest(domain, "orders/create", bodies[index]),
    });
    const intakeSeconds = (Date.now() - started) / 1000;
    const settled = await waitForAllocations(db, shopRow.id, ORDERS);
    const seconds = (settled.at - started) / 1000;
    const cpuAfter = cpuNow();
    const cpuMsPerOrder = Object.fromEntries(
      Object.entries(cpuAfter).map(([name, seconds]) => [
        name,
        Number(((1000 * (seconds - cpuBefore[name as keyof typeof cpuBefore])) / Math.max(1, settled.done)).toFixed(2)),
      ]),
    );

    const ledger = await checkLedger(db, shopRow.id);
    const orderStatuses = await db.orderRef.groupBy({
      by: ["allocationStatus"],
      where: { shopId: shopRow.id },
      _count: true,
    });
    const eventStatuses = await db.webhookEvent.groupBy({
      by: ["status"],
      where: { shopId: shopRow.id },
      _count: true,
    });
    const writeBacks = await writeBackQueue.getJobCounts("waiting", "delayed", "prioritized");
    const ordersPerSecond = settled.done / seconds;
    const latency = latencySummary(intake.latenciesMs);
    const non200 = intake.errors + Object.entries(intake.statuses).reduce((n, [s, c]) => n + (s === "200" ? 0 : c), 0);

    return {
      name: "allocation",
      rows: [
        {
          phase: "webhooks accepted (POST /webhooks)",
          orders: ORDERS,
          seconds: intakeSeconds,
          "per s": Math.round(intake.perSecond),
          "p99 ms": latency.p99Ms,
          "non-200": non200,
        },
        {
          phase: "orders allocated, write-back queued",
          orders: settled.done,
          seconds,
          "per s": Math.round(ordersPerSecond),
          "p99 ms": "",
          "non-200": "",
        },
      ],
      summary: {
        orders: ORDERS,
        linesPerOrder: LINES_PER_ORDER,
        lots: VARIANTS * LOTS_PER_VARIANT,
        unitsPerLot: UNITS_PER_LOT,
        unitsOrdered: ORDERS * LINES_PER_ORDER * 1.5,
        workerProcesses: WORKER_PROCESSES,
        workerConcurrency: WORKER_CONCURRENCY,
        webhookConcurrency: WEBHOOK_CONCURRENCY,
        ordersSettled: settled.done,
        stalled: settled.stalled,
        ordersPerSecond: Number(ordersPerSecond.toFixed(1)),
        target: { ordersPerSecond: TARGET_ORDERS_PER_SECOND, overAllocatedLots: 0 },
        targetMet:
          ordersPerSecond >= TARGET_ORDERS_PER_SECOND &&
          ledger.overAllocatedLots === 0 &&
          ledger.mismatchedLots === 0 &&
          !settled.stalled,
        ledger,
        orderStatuses: Object.fromEntries(orderStatuses.map((row) => [row.allocationStatus, row._count])),
        webhookEvents: Object.fromEntries(eventStatuses.map((row) => [row.status, row._count])),
        writeBacksQueued: writeBacks,
        cpuMsPerOrder,
        machineLoadAverage: loadavg()[0],
      },
    };
  } finally {
    for (const stop of stops) await stop().catch((error) => console.error(`clean-up: ${error}`));
  }
}

/** The merchant opens Lotline once: Shopify-managed install, token exchange, the Shop row. */
async function openAppOnce(appUrl: string, idToken: string): Promise<void> {
  const response = await fetch(`${appUrl}/app?_data=routes%2Fapp`, {
    headers: { Authorization: `Bearer ${idToken}`, "User-Agent": BROWSER_USER_AGENT },
  });
  if (response.status !== 200)
    throw new Error(`Opening Lotline failed with HTTP ${response.status}: ${await response.text()}`);
}

/** The variants as products/* webhooks would have cached them, and four lots of each with staggered expiry. */
async function seedCatalogAndLots(
  db: Db,
  shopId: string,
  state: { products: Map<string, { title: string }>; locations: Map<string, { id: string }> },
  variants: VariantRecord[],
) {
  const locationId = [...state.locations.values()][0].id;
  const now = new Date();
  await db.variantRef.createMany({
    data: variants.map((variant) => ({
      shopId,
      variantId: variant.id,
      productId: variant.productId,
      inventoryItemId: variant.inventoryItemId,
      sku: variant.sku,
      productTitle: state.products.get(variant.productId)?.title ?? "Bench soap",
      variantTitle: variant.title,
      syncedAt: now,
    })),
  });
  await db.lot.createMany({
    data: variants.flatMap((variant, v) =>
      Array.from({ length: LOTS_PER_VARIANT }, (_, l) => ({
        shopId,
        code: `B${String(v + 1).padStart(3, "0")}-${l + 1}`,
        inventoryItemId: variant.inventoryItemId,
        variantId: variant.id,
        productId: variant.productId,
        locationId,
        sku: variant.sku,
        productTitle: state.products.get(variant.productId)?.title ?? "Bench soap",
        receivedAt: now,
        expiresAt: new Date(now.getTime() + (180 + 30 * l) * 86_400_000),
        receivedQuantity: UNITS_PER_LOT,
        onHandQuantity: UNITS_PER_LOT,
      })),
    ),
  });
}

/** Polls until every order has left "pending", or nothing has moved for STALL_MS. */
async function waitForAllocations(db: Db, shopId: string, expected: number) {
  let done = 0;
  let at = Date.now();
  let lastProgress = Date.now();
  for (;;) {
    const count = await db.orderRef.count({ where: { shopId, allocationStatus: { not: "pending" } } });
    if (count > done) {
      done = count;
      at = Date.now();
      lastProgress = at;
    }
    if (done >= expected) return { done, at, stalled: false };
    if (Date.now() - lastProgress > STALL_MS) return { done, at, stalled: true };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function checkLedger(db: Db, shopId: string) {
  const [row] = await db.$queryRaw<
    {
      overAllocatedLots: number;
      mismatchedLots: number;
      allocationsOverOnHand: number;
      unitsHeld: number;
      allocations: number;
    }[]
  >`
    WITH held AS (
      SELECT "lotId", SUM(quantity - "shippedQuantity")::int AS units, COUNT(*)::int AS allocations
      FROM "Allocation" WHERE "shopId" = ${shopId}::uuid GROUP BY "lotId"
    )
    SELECT
      COUNT(*) FILTER (WHERE l."allocatedQuantity" > l."onHandQuantity")::int AS "overAllocatedLots",
      COUNT(*) FILTER (WHERE l."allocatedQuantity" <> COALESCE(h.units, 0))::int AS "mismatchedLots",
      COUNT(*) FILTER (WHERE COALESCE(h.units, 0) > l."onHandQuantity")::int AS "allocationsOverOnHand",
      COALESCE(SUM(h.units), 0)::int AS "unitsHeld",
      COALESCE(SUM(h.allocations), 0)::int AS allocations
    FROM "Lot" l LEFT JOIN held h ON h."lotId" = l.id
    WHERE l."shopId" = ${shopId}::uuid`;
  return row;
}

/** This process: the webhook load, the simulated store and the polling. */
function loadGeneratorCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
