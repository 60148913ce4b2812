// Lotline as an operator runs it, for the crash and restart tests: the web app and separate worker
// processes on this test file's database, a simulated Shopify sending signed webhooks, and a shop
// with Lotline open and lots in stock. Every process started here is stopped by `stopAll`.
import { db } from "../../app/db.server";
import { type SimulatedShopify, startSimulatedShopify } from "../../simulator/server";
import { createLot } from "./allocation-factories";
import { type Spawned, spawnEntry } from "./processes";
import { fetchRouteData, REDIRECT_PRELOAD, type SimulatedApp, startSimulatedApp } from "./simulated-app";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_ENV } from "./test-env";

/** The topics order processing needs; inventory levels stay off so nothing else moves the lots. */
export const CRASH_TEST_TOPICS = ["orders/create", "orders/updated", "products/create", "products/update"];

export interface Services {
  redisUrl?: string;
}

export interface WorkerProcess {
  spawned: Spawned;
  kill(signal: NodeJS.Signals): Promise<void>;
}

const running: Array<() => Promise<unknown>> = [];

/** Registers something to stop with the processes (e.g. a private Redis). */
export function stopLater(stop: () => Promise<unknown>): void {
  running.push(stop);
}

/** Stops every process and server this file started, newest first; safe after a failed test. */
export async function stopAll(): Promise<void> {
  while (running.length)
    await running
      .pop()?.()
      .catch(() => undefined);
}

export async function startShopifyAndApp(services: Services = {}) {
  const shopify: SimulatedShopify = await startSimulatedShopify({
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    webhookTopics: CRASH_TEST_TOPICS,
  });
  running.push(() => shopify.close());
  const app: SimulatedApp = await startSimulatedApp(shopify.url, {
    LOG_LEVEL: "warn",
    ...(services.redisUrl ? { REDIS_URL: services.redisUrl } : {}),
  });
  running.push(() => app.stop());
  shopify.setAppUrl(app.url);
  return { shopify, app };
}

/** workers/index.ts as its own process, with the Admin API redirected to the simulated Shopify. */
export async function startWorkerProcess(
  shopify: SimulatedShopify,
  app: SimulatedApp,
  services: Services = {},
): Promise<WorkerProcess> {
  const spawned = spawnEntry(
    "workers/index.ts",
    {
      ...TEST_APP_ENV,
      LOG_LEVEL: "info",
      SHOPIFY_APP_URL: app.url,
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      REDIS_URL: services.redisUrl ?? process.env.REDIS_URL ?? "",
      QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? "",
      SHOPIFY_SIMULATOR_URL: shopify.url,
    },
    [],
    { preloads: [REDIRECT_PRELOAD] },
  );
  const kill = async (signal: NodeJS.Signals) => {
    const { child } = spawned;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await spawned.exited;
  };
  running.push(() => kill("SIGKILL"));
  const deadline = Date.now() + 60_000;
  while (!spawned.output().includes("workers started")) {
    if (spawned.child.exitCode !== null || Date.now() > deadline) {
      await kill("SIGKILL");
      throw new Error(`the worker did not start:\n${spawned.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { spawned, kill };
}

export const LOTS_PER_PRODUCT = 3;
let shopCount = 0;

/**
 * A shop where the merchant opened Lotline, with two products whose variants the worker has
 * cached from products/create, and `unitsPerLot` units in each of three lots per product.
 */
export async function openStockedShop(shopify: SimulatedShopify, app: SimulatedApp, unitsPerLot: number) {
  shopCount += 1;
  // A domain of its own per test: every test file's database outlives its simulated Shopify.
  const { shop, locations } = shopify.createShop({ name: `Crash Test Soap ${shopCount}` });
  const domain = shop.myshopifyDomain;
  const opened = await fetchRouteData(app.url, "/app", "routes/app", shopify.mintSessionToken(domain));
  if (opened.status !== 200) throw new Error(`opening Lotline answered ${opened.status}:\n${app.output()}`);
  const shopId = (await db().shop.findUniqueOrThrow({ where: { domain } })).id;
  const location = locations[0];
  const stock = { [location.id]: unitsPerLot * LOTS_PER_PRODUCT };
  const products = ["Lavender Soap", "Cedar Candle"].map((title, index) => {
    const variant = shopify.createProduct(domain, { title, variants: [{ sku: `CRASH-${index}`, inventory: stock }] })
      .variants[0];
    return { variant, title };
  });
  const lots = [];
  for (const { variant, title } of products) {
    const item = {
      variantId: variant.id,
      productId: variant.productId,
      inventoryItemId: variant.inventoryItemId,
      sku: variant.sku ?? "",
      title,
    };
    for (let n = 1; n <= LOTS_PER_PRODUCT; n++) {
      lots.push(
        await createLot(db(), shopId, item, {
          quantity: unitsPerLot,
          locationId: location.id,
          code: `${variant.sku}-L${n}`,
          expiresAt: `2031-0${n}-01`,
        }),
      );
    }
  }
  return { domain, shopId, location, variants: products.map((product) => product.variant), lots };
}
