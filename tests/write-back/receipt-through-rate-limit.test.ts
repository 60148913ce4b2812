// Receipts reach Shopify through the same rate-limited client as orders: while the shop's budget
// is spent, the receipt waits without using up one of its attempts, and then raises stock once.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../../app/db.server";
import { retrieveReceipt } from "../../app/models/receipt.server";
import { writeBackReceipt } from "../../app/receiving/write-back.server";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { RateLimitedAdmin, RetryLaterError } from "../../app/shopify/rate-limited-admin.server";
import { redirectAdminFetch } from "../../simulator/admin-fetch-redirect";
import { type SimulatedShopify, startSimulatedShopify } from "../../simulator/server";
import { findInventoryLevel } from "../../simulator/store/inventory";
import { createStore } from "../../simulator/store/store";
import { TEST_API_KEY, TEST_API_SECRET } from "../support/test-env";
import { createLot, createPendingReceipt, shopWithLotline, spendRateLimit } from "../support/write-back-factories";

let stoppedAt: number | null = null;
const store = createStore({ clock: () => stoppedAt ?? Date.now() });
let shopify: SimulatedShopify;

beforeAll(async () => {
  shopify = await startSimulatedShopify({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, store, webhookTopics: [] });
  await import("../../app/shopify.server");
  redirectAdminFetch(shopify.url);
});

afterAll(async () => {
  await shopify?.close();
});

beforeEach(() => {
  stoppedAt = null;
  vi.spyOn(console, "log").mockImplementation(() => {});
});

describe("a receipt's write-back through the rate-limited client", () => {
  it("is put off while Shopify throttles, without counting an attempt, then raises stock once", async () => {
    const shop = await shopWithLotline(shopify);
    const lot = await createLot(db(), shop);
    const receipt = await createPendingReceipt(db(), shop, lot.id, 12);
    const available = () =>
      findInventoryLevel(shopify.store.shops.get(shop.domain)!, shop.soap.inventoryItemId, shop.location.id)!.quantities
        .available;
    const before = available();
    const admin = new RateLimitedAdmin({ connect: offlineAdminGraphql });
    const writeBack = () =>
      writeBackReceipt(
        db(),
        { shopId: shop.shopId, receiptId: receipt.id },
        {
          adminGraphql: (domain) => admin.graphqlFor(domain),
        },
      );
    stoppedAt = Date.now();
    spendRateLimit(store, shop);

    await expect(writeBack()).rejects.toBeInstanceOf(RetryLaterError);

    expect(await retrieveReceipt(db(), shop.shopId, receipt.id)).toMatchObject({
      writeBackStatus: "pending",
      writeBackAttempts: 0,
    });
    expect(available()).toBe(before);

    stoppedAt = null;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await writeBack()).toBe("done");
    expect(await retrieveReceipt(db(), shop.shopId, receipt.id)).toMatchObject({
      writeBackStatus: "done",
      writeBackAttempts: 1,
      writeBackError: null,
    });
    expect(available()).toBe(before + 12);
  });
});
