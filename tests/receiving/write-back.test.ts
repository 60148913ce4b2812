// The receipt's Shopify side, with Lotline's real Admin client (offline session, token exchange)
// talking to the simulated store in this process through the fetch redirect: `available` rises
// by exactly what was received, once, however often the job runs; Shopify's refusals and
// throttling end up on the receipt where the merchant sees them.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { authenticateAdmin } from "../../app/auth.server";
import { db } from "../../app/db.server";
import { enqueue, getQueue } from "../../app/jobs/queues.server";
import { retrieveReceipt } from "../../app/models/receipt.server";
import { receiveStock } from "../../app/receiving/receive-stock.server";
import { writeBackReceipt } from "../../app/receiving/write-back.server";
import { offlineAdminGraphql, ShopifyUnavailableError } from "../../app/shopify/admin-graphql.server";
import { fetchLocations, fetchVariants } from "../../app/shopify/catalog.server";
import { AppError } from "../../app/utils/errors";
import { redirectAdminFetch } from "../../simulator/admin-fetch-redirect";
import { type SimulatedShopify, startSimulatedShopify } from "../../simulator/server";
import { findInventoryLevel } from "../../simulator/store/inventory";
import { createStore } from "../../simulator/store/store";
import { type RunningWorkers, startWorkers } from "../../workers/runtime";
import { BROWSER_USER_AGENT } from "../support/simulated-app";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../support/test-env";
import { LOT_TEMPLATE, template } from "./harness";

// The simulated store's clock: real time, unless a test stops it (its rate-limit bucket then stops refilling).
let stoppedAt: number | null = null;
let clockAhead = 0;
const store = createStore({ clock: () => stoppedAt ?? Date.now() + clockAhead });

/** Restarts the stopped store clock `ms` later, so the shop's query budget has refilled that long. */
function resumeClockAfter(ms: number) {
  clockAhead = (stoppedAt ?? Date.now()) - Date.now() + ms;
  stoppedAt = null;
}
let shopify: SimulatedShopify;

beforeAll(async () => {
  // No app URL and no subscriptions: these tests talk to Shopify, Shopify does not call back.
  shopify = await startSimulatedShopify({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, store, webhookTopics: [] });
  // Loaded first, then redirected: the order the preload keeps in the app process.
  await import("../../app/shopify.server");
  redirectAdminFetch(shopify.url);
});

afterAll(async () => {
  await shopify?.close();
});

beforeEach(() => {
  stoppedAt = null;
  // The Shopify library logs every token exchange at INFO through console.log; not this test's subject.
  vi.spyOn(console, "log").mockImplementation(() => {});
});

let shopCount = 0;

/**
 * A maker's shop in the simulated Shopify with soap (10 in stock) and candles (none), where the
 * merchant has opened Lotline: token exchange stored an offline session and the Shop row.
 */
async function shopWithLotline(options: { catalogue?: number } = {}) {
  shopCount += 1;
  const { shop, locations } = shopify.createShop({ name: `Juniper Soap ${shopCount}` });
  const domain = shop.myshopifyDomain;
  const location = locations[0];
  const soap = shopify.createProduct(domain, {
    title: "Lavender Soap",
    variants: [{ sku: `LAV-${shopCount}`, barcode: "4006381333931", inventory: { [location.id]: 10 } }],
  }).variants[0];
  const candle = shopify.createProduct(domain, {
    title: "Beeswax Candle",
    variants: [{ sku: `CAN-${shopCount}`, inventory: { [location.id]: 0 } }],
  }).variants[0];
  for (let i = 0; i < (options.catalogue ?? 0); i++) {
    shopify.createProduct(domain, {
      title: `Candle ${i}`,
      variants: ["XS", "S", "M", "L", "XL"].map((title) => ({ title })),
    });
  }
  const opened = await authenticateAdmin(
    new Request(`${TEST_APP_URL}/app`, {
      headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
    }),
  );
  return { domain, shopId: opened.shop.id, location, soap, candle, graphql: opened.admin.graphql };
}

type Shop = Awaited<ReturnType<typeof shopWithLotline>>;

/** What Shopify's admin shows as available for a variant at a location. */
function available(shop: Shop, inventoryItemId: string): number {
  const state = shopify.store.shops.get(shop.domain)!;
  return findInventoryLevel(state, inventoryItemId, shop.location.id)!.quantities.available;
}

/** Receives 12 soaps and 3 serial-tracked candles, the way the Receive page will: variants and locations from Shopify. */
async function receiveDelivery(shop: Shop, options: { locationId?: string } = {}) {
  const [soap, candle] = await fetchVariants(shop.graphql, [shop.soap.id, shop.candle.id]);
  const locations = await fetchLocations(shop.graphql);
  const locationId = options.locationId ?? shop.location.id;
  return receiveStock(
    db(),
    {
      shopId: shop.shopId,
      actor: "user:1",
      locationId,
      locationCode: "WKS",
      supplierName: "Meadow Oils Ltd",
      referenceType: "invoice",
      referenceNumber: "4711",
      lines: [
        { variant: soap!, quantity: 12, expiresAt: "2028-01-31" },
        { variant: candle!, quantity: 3, serials: "generate" },
      ],
    },
    {
      lotTemplate: template(LOT_TEMPLATE),
      serialTemplate: template("{YY}{JJJ}-{SEQ:5}", "serial"),
      // Only when the location is one Shopify lists; the failure test sends one it does not.
      locations: options.locationId ? undefined : locations,
      enqueue: async () => {},
    },
  );
}

const writeBack = (shop: Shop, receiptId: string, maxAttempts?: number) =>
  writeBackReceipt(db(), { shopId: shop.shopId, receiptId }, { adminGraphql: offlineAdminGraphql, maxAttempts });

/** Shopify's inventory history entries that point at a receipt. */
function adjustmentGroupsFor(shop: Shop, receiptId: string) {
  const state = shopify.store.shops.get(shop.domain)!;
  return [...state.adjustmentGroups.values()].filter(
    (group) => group.referenceDocumentUri === `gid://lotline/Receipt/${receiptId}`,
  );
}

describe("what the Receive page reads from Shopify", () => {
  it("gets the chosen variants with product, SKU, barcode and inventory item, and the shop's locations", async () => {
    const shop = await shopWithLotline();
    const [soap, missing] = await fetchVariants(shop.graphql, [shop.soap.id, "gid://shopify/ProductVariant/1"]);
    expect(soap).toMatchObject({
      variantId: shop.soap.id,
      productId: shop.soap.productId,
      inventoryItemId: shop.soap.inventoryItemId,
      sku: shop.soap.sku,
      barcode: "4006381333931",
      productTitle: "Lavender Soap",
      tracked: true,
    });
    expect(missing).toBeNull();
    expect(await fetchLocations(shop.graphql)).toEqual([
      expect.objectContaining({ id: shop.location.id, name: shop.location.name, isActive: true }),
    ]);
  });
});

describe("writing a receipt back to Shopify", () => {
  it("raises available at the location by exactly what was received, and a retry does not raise it again", async () => {
    const shop = await shopWithLotline();
    const { receipt } = await receiveDelivery(shop);
    expect([available(shop, shop.soap.inventoryItemId), available(shop, shop.candle.inventoryItemId)]).toEqual([10, 0]);

    expect(await writeBack(shop, receipt.id)).toBe("done");

    expect([available(shop, shop.soap.inventoryItemId), available(shop, shop.candle.inventoryItemId)]).toEqual([22, 3]);
    const done = await retrieveReceipt(db(), shop.shopId, receipt.id);
    expect(done).toMatchObject({
      writeBackStatus: "done",
      writeBackError: null,
      writeBackAttempts: 1,
      writeBackDoneAt: expect.any(Date),
      inventoryAdjustmentGroupId: expect.stringMatching(/^gid:\/\/shopify\/InventoryAdjustmentGroup\/\d+$/),
    });
    // Shopify's inventory history names the receipt as the reason, with reason "received".
    expect(adjustmentGroupsFor(shop, receipt.id)).toEqual([expect.objectContaining({ reason: "received" })]);

    // The job runs again (a duplicate, or BullMQ retrying after a crash): nothing changes.
    expect(await writeBack(shop, receipt.id)).toBe("already-done");
    // The answer was lost before Lotline could record it: the retry sends the same change
    // with the same idempotency key, and Shopify replays its first answer.
    await db().receipt.update({ where: { id: receipt.id }, data: { writeBackStatus: "pending" } });
    expect(await writeBack(shop, receipt.id)).toBe("done");

    expect([available(shop, shop.soap.inventoryItemId), available(shop, shop.candle.inventoryItemId)]).toEqual([22, 3]);
    expect(adjustmentGroupsFor(shop, receipt.id)).toHaveLength(1);
    expect((await retrieveReceipt(db(), shop.shopId, receipt.id)).inventoryAdjustmentGroupId).toBe(
      done.inventoryAdjustmentGroupId,
    );
  });

  it("is done by the workers once the receipt is queued", async () => {
    const shop = await shopWithLotline();
    await getQueue("shopify-writeback").obliterate({ force: true });
    const running: RunningWorkers = await startWorkers({ concurrency: 2 });
    try {
      const { receipt } = await receiveDelivery(shop);
      await enqueue("receipts.write-back", { shopId: shop.shopId, receiptId: receipt.id });
      // Queued twice (say the sweep raced the request): one job, one change.
      await enqueue("receipts.write-back", { shopId: shop.shopId, receiptId: receipt.id });

      const deadline = Date.now() + 15_000;
      let status = "pending";
      while (status === "pending" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await retrieveReceipt(db(), shop.shopId, receipt.id)).writeBackStatus;
      }
      expect(status).toBe("done");
      expect(available(shop, shop.soap.inventoryItemId)).toBe(22);
      expect(adjustmentGroupsFor(shop, receipt.id)).toHaveLength(1);
    } finally {
      await running.close(5_000);
      await getQueue("shopify-writeback").obliterate({ force: true });
      await getQueue("maintenance").obliterate({ force: true });
    }
  });

  it("shows a location Shopify does not know as failed, with Shopify's reason, and changes no stock", async () => {
    const shop = await shopWithLotline();
    const { receipt } = await receiveDelivery(shop, { locationId: "gid://shopify/Location/999999" });

    const error = await writeBack(shop, receipt.id).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(AppError);
    const failed = await retrieveReceipt(db(), shop.shopId, receipt.id);
    expect(failed.writeBackStatus).toBe("failed");
    expect(failed.writeBackError).toMatch(
      /^Shopify refused the inventory change: The specified location could not be found\. \(INVALID_LOCATION\)/,
    );
    expect(available(shop, shop.soap.inventoryItemId)).toBe(10);
    // A refusal is final: the job does not try again by itself.
    expect(await writeBack(shop, receipt.id)).toBe("already-failed");
  });

  it("shows a shop that revoked Lotline's access as failed, with the reason, and changes no stock", async () => {
    const shop = await shopWithLotline();
    const { receipt } = await receiveDelivery(shop);
    // Uninstalled in Shopify; the app/uninstalled webhook has not arrived yet, so the session lingers.
    shopify.uninstallApp(shop.domain);

    const error = await writeBack(shop, receipt.id).catch((thrown: unknown) => thrown);

    expect(error).toMatchObject({ kind: "NOT_ALLOWED" });
    expect(await retrieveReceipt(db(), shop.shopId, receipt.id)).toMatchObject({
      writeBackStatus: "failed",
      writeBackError: expect.stringMatching(/Shopify refused Lotline's access token \(HTTP 401\)/),
    });
    expect(available(shop, shop.soap.inventoryItemId)).toBe(10);
  });

  it("keeps the receipt pending while Shopify is throttling, notes the attempt, and the retry raises stock once", async () => {
    const shop = await shopWithLotline({ catalogue: 100 });
    const { receipt } = await receiveDelivery(shop);
    await drainRateLimit(shop);

    const error = await writeBack(shop, receipt.id).catch((thrown: unknown) => thrown);

    // Not an AppError: the job runner retries it later with backoff.
    expect(error).toBeInstanceOf(ShopifyUnavailableError);
    expect(error).not.toBeInstanceOf(AppError);
    expect(await retrieveReceipt(db(), shop.shopId, receipt.id)).toMatchObject({
      writeBackStatus: "pending",
      writeBackAttempts: 1,
      writeBackError: expect.stringMatching(/rate-limiting.*will try again \(attempt 1 of 8\)/),
    });
    expect(available(shop, shop.soap.inventoryItemId)).toBe(10);

    resumeClockAfter(2_000);
    expect(await writeBack(shop, receipt.id)).toBe("done");
    expect(await retrieveReceipt(db(), shop.shopId, receipt.id)).toMatchObject({
      writeBackStatus: "done",
      writeBackAttempts: 2,
      writeBackError: null,
    });
    expect(available(shop, shop.soap.inventoryItemId)).toBe(22);
  });

  it("shows failed once Shopify stayed unavailable through the last attempt", async () => {
    const shop = await shopWithLotline({ catalogue: 100 });
    const { receipt } = await receiveDelivery(shop);
    await drainRateLimit(shop);

    await expect(writeBack(shop, receipt.id, 1)).rejects.toBeInstanceOf(ShopifyUnavailableError);

    expect(await retrieveReceipt(db(), shop.shopId, receipt.id)).toMatchObject({
      writeBackStatus: "failed",
      writeBackError: expect.stringMatching(/rate-limiting.*gave up after 1 attempts/),
    });
  });
});

/**
 * Stops the store's clock (so the bucket does not refill) and spends the shop's query budget
 * with ever smaller queries until even a one-point query is THROTTLED.
 */
async function drainRateLimit(shop: Shop) {
  stoppedAt = Date.now() + clockAhead;
  const throttled = (query: string) =>
    shop.graphql(query).then(
      () => false,
      (error: { body?: { errors?: { graphQLErrors?: { extensions?: { code?: string } }[] } } }) => {
        if (error.body?.errors?.graphQLErrors?.some((e) => e.extensions?.code === "THROTTLED")) return true;
        throw error;
      },
    );
  const probes = [100, 50, 25, 12, 6, 3, 1].map(
    (first) => `{ products(first: ${first}) { nodes { variants(first: 5) { nodes { id } } } } }`,
  );
  for (const probe of [...probes, "{ shop { id } }"]) {
    for (let i = 0; ; i++) {
      if (i > 50) throw new Error(`the simulated shop never throttled ${probe}`);
      if (await throttled(probe)) break;
    }
  }
}
