// An order's lots reach Shopify: the write-back job, with Lotline's real Admin client (offline
// session, token exchange) and its rate-limited wrapper, against the simulated store in this
// process. What a merchant sees on the order in Shopify's admin (tags, the allocations
// metafield) is read back through the Admin API.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../../app/db.server";
import { writeBackOrder } from "../../app/orders/order-write-back.server";
import { readOrderLots } from "../../app/orders/write-back-shopify.server";
import { requeueStaleOrderWriteBacks } from "../../app/orders/write-back-sweep.server";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { RateLimitedAdmin, RetryLaterError } from "../../app/shopify/rate-limited-admin.server";
import { AppError } from "../../app/utils/errors";
import { executeAdminGraphql } from "../../simulator/admin-api/execute";
import { redirectAdminFetch } from "../../simulator/admin-fetch-redirect";
import { type SimulatedShopify, startSimulatedShopify } from "../../simulator/server";
import { createStore } from "../../simulator/store/store";
import { TEST_API_KEY, TEST_API_SECRET } from "../support/test-env";
import {
  createLot,
  createLots,
  type LotlineShop,
  placeAllocatedOrder,
  reallocateLine,
  shopWithLotline,
  spendRateLimit,
} from "../support/write-back-factories";

// The store's clock: real time unless a test stops it (the shop's rate-limit bucket then stops refilling).
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

/** A client of its own per test, so one test's picture of a bucket does not carry into another. */
function client() {
  return new RateLimitedAdmin({ connect: offlineAdminGraphql });
}

function writeBack(pending: { shopId: string; orderRefId: string; version: number }, admin = client()) {
  return writeBackOrder(db(), pending, { adminGraphql: (domain) => admin.graphqlFor(domain) });
}

/** The order as the merchant sees it in Shopify, read through the Admin API. */
async function inShopify(shop: LotlineShop, orderId: string) {
  const found = await readOrderLots(await offlineAdminGraphql(shop.domain), orderId);
  if (!found) throw new Error(`order ${orderId} is not in the simulated store`);
  return { tags: found.tags, allocations: found.metafield ? JSON.parse(found.metafield.value) : null };
}

/** Every change the simulated store recorded for a record, e.g. to show a run changed nothing. */
function updatedAtOf(shop: LotlineShop, orderId: string) {
  const state = shopify.store.shops.get(shop.domain)!;
  const metafields = [...state.metafields.values()].filter((m) => m.ownerId === orderId);
  return { order: state.orders.get(orderId)!.updatedAt, metafields: metafields.map((m) => m.updatedAt) };
}

describe("writing an order's lots to Shopify", () => {
  it("tags the order with each allocated lot and sets the allocations metafield per line item", async () => {
    const shop = await shopWithLotline(shopify);
    const soap1 = await createLot(db(), shop, {
      code: "SOAP-2611-001",
      expiresAt: "2027-05-31",
      bestBefore: "2027-04-30",
    });
    const soap2 = await createLot(db(), shop, { code: "SOAP-2611-002" });
    const candle = await createLot(db(), shop, { code: "CAN-2611-001", variant: "candle", expiresAt: null });
    const { order, placed, pending } = await placeAllocatedOrder(db(), shopify, shop, {
      tags: ["gift-wrap"],
      lines: [
        {
          quantity: 3,
          allocations: [
            { lotId: soap1.id, quantity: 2, shipped: 2, returned: 1 },
            { lotId: soap2.id, quantity: 1 },
          ],
        },
        {
          variant: "candle",
          quantity: 2,
          allocations: [{ lotId: candle.id, quantity: 2 }],
          serials: ["C-0002", "C-0001"],
        },
      ],
    });

    expect(await writeBack(pending)).toBe("written");

    const seen = await inShopify(shop, placed.id);
    expect(seen.tags).toEqual(["gift-wrap", "lot:CAN-2611-001", "lot:SOAP-2611-001", "lot:SOAP-2611-002"]);
    expect(seen.allocations).toEqual({
      [placed.lineItems[0].id]: {
        lots: [
          {
            code: "SOAP-2611-001",
            quantity: 2,
            shipped: 2,
            returned: 1,
            expiresAt: "2027-05-31",
            bestBefore: "2027-04-30",
          },
          { code: "SOAP-2611-002", quantity: 1, shipped: 0, returned: 0, expiresAt: "2027-06-30", bestBefore: null },
        ],
        serials: [],
      },
      [placed.lineItems[1].id]: {
        lots: [{ code: "CAN-2611-001", quantity: 2, shipped: 0, returned: 0, expiresAt: null, bestBefore: null }],
        serials: ["C-0001", "C-0002"],
      },
    });
    // The metafield is the app's own, under the namespace shopify.app.toml declares.
    const state = shopify.store.shops.get(shop.domain)!;
    const metafield = [...state.metafields.values()].find((m) => m.ownerId === placed.id)!;
    expect(metafield).toMatchObject({ namespace: `app--${store.appId}--lotline`, key: "allocations", type: "json" });

    expect(await db().orderRef.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      writtenBackVersion: pending.version,
      writtenTags: ["lot:CAN-2611-001", "lot:SOAP-2611-001", "lot:SOAP-2611-002"],
      metafieldDigest: expect.any(String),
      writeBackError: null,
      writeBackDoneAt: expect.any(Date),
    });
  });

  it("changes nothing in Shopify when run again (a duplicate job, or one for an older version)", async () => {
    const shop = await shopWithLotline(shopify);
    const lot = await createLot(db(), shop);
    const { placed, pending } = await placeAllocatedOrder(db(), shopify, shop, {
      lines: [{ quantity: 1, allocations: [{ lotId: lot.id, quantity: 1 }] }],
    });
    await writeBack(pending);
    const before = updatedAtOf(shop, placed.id);
    const admin = client();

    expect(await writeBack(pending, admin)).toBe("up-to-date");
    expect(await writeBack({ ...pending, version: pending.version - 1 }, admin)).toBe("up-to-date");

    expect(updatedAtOf(shop, placed.id)).toEqual(before);
    expect(admin.stats.calls).toBe(0);
  });

  it("moves the tag when the allocation changes, keeping the merchant's own tags", async () => {
    const shop = await shopWithLotline(shopify);
    const first = await createLot(db(), shop, { code: "SOAP-A" });
    const second = await createLot(db(), shop, { code: "SOAP-B" });
    const { order, placed, lines, pending } = await placeAllocatedOrder(db(), shopify, shop, {
      tags: ["wholesale"],
      lines: [{ quantity: 2, allocations: [{ lotId: first.id, quantity: 2 }] }],
    });
    await writeBack(pending);
    // The merchant tags the order in Shopify after Lotline did.
    executeAdminGraphql({
      store,
      shop: shop.domain,
      query: `mutation { tagsAdd(id: "${placed.id}", tags: ["priority"]) { userErrors { message } } }`,
    });

    const changed = await reallocateLine(db(), shop, order.id, lines[0].id, [{ lotId: second.id, quantity: 2 }]);
    expect(await writeBack(changed)).toBe("written");

    const seen = await inShopify(shop, placed.id);
    expect([...seen.tags].sort()).toEqual(["lot:SOAP-B", "priority", "wholesale"]);
    expect(seen.allocations[placed.lineItems[0].id].lots).toEqual([expect.objectContaining({ code: "SOAP-B" })]);
    expect((await db().orderRef.findUniqueOrThrow({ where: { id: order.id } })).writtenTags).toEqual(["lot:SOAP-B"]);
  });

  it("recovers when the metafield changed since Lotline wrote it: re-reads it and writes once more", async () => {
    const shop = await shopWithLotline(shopify);
    const lot = await createLot(db(), shop, { code: "SOAP-C" });
    const { order, placed, lines, pending } = await placeAllocatedOrder(db(), shopify, shop, {
      lines: [{ quantity: 1, allocations: [{ lotId: lot.id, quantity: 1 }] }],
    });
    await writeBack(pending);
    // Someone else overwrote it in Shopify (a staff member through the admin, say).
    executeAdminGraphql({
      store,
      shop: shop.domain,
      query: `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`,
      variables: {
        m: [{ ownerId: placed.id, namespace: "$app:lotline", key: "allocations", type: "json", value: "{}" }],
      },
    });

    const changed = await reallocateLine(db(), shop, order.id, lines[0].id, [
      { lotId: lot.id, quantity: 1, shipped: 1 },
    ]);
    expect(await writeBack(changed)).toBe("written");

    const seen = await inShopify(shop, placed.id);
    expect(seen.allocations[placed.lineItems[0].id].lots).toEqual([
      expect.objectContaining({ code: "SOAP-C", shipped: 1 }),
    ]);
    expect((await db().orderRef.findUniqueOrThrow({ where: { id: order.id } })).writeBackError).toBeNull();
  });

  it("writes nothing for a shop that uninstalled Lotline", async () => {
    const shop = await shopWithLotline(shopify);
    const lot = await createLot(db(), shop);
    const { order, placed, pending } = await placeAllocatedOrder(db(), shopify, shop, {
      lines: [{ quantity: 1, allocations: [{ lotId: lot.id, quantity: 1 }] }],
    });
    await db().shop.update({ where: { id: shop.shopId }, data: { uninstalledAt: new Date() } });
    const admin = client();

    expect(await writeBack(pending, admin)).toBe("shop-uninstalled");

    expect(await inShopify(shop, placed.id)).toEqual({ tags: [], allocations: null });
    expect(admin.stats.calls).toBe(0);
    expect(await db().orderRef.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      writtenBackVersion: 0,
      writtenTags: [],
    });
  });

  it("stops for good when Shopify refuses Lotline's access, and says so on the order", async () => {
    const shop = await shopWithLotline(shopify);
    const lot = await createLot(db(), shop);
    const { order, placed, pending } = await placeAllocatedOrder(db(), shopify, shop, {
      lines: [{ quantity: 1, allocations: [{ lotId: lot.id, quantity: 1 }] }],
    });
    // Uninstalled in Shopify; the app/uninstalled webhook has not arrived yet.
    shopify.uninstallApp(shop.domain);

    const error = await writeBack(pending).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: "NOT_ALLOWED" });
    expect(await db().orderRef.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      writtenBackVersion: 0,
      writeBackError: expect.stringMatching(/refused Lotline's access token.*reinstall/),
    });
    expect(shopify.store.shops.get(shop.domain)!.orders.get(placed.id)!.tags).toEqual([]);
  });

  it("asks to be retried later, writing nothing, when Shopify answers THROTTLED", async () => {
    const shop = await shopWithLotline(shopify);
    const lot = await createLot(db(), shop);
    const { order, placed, pending } = await placeAllocatedOrder(db(), shopify, shop, {
      lines: [{ quantity: 1, allocations: [{ lotId: lot.id, quantity: 1 }] }],
    });
    stoppedAt = Date.now();
    const left = spendRateLimit(store, shop);
    const admin = client();

    const error = await writeBack(pending, admin).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(RetryLaterError);
    // The 20 points asked for (two mutation fields) less what is left, at 100 a second.
    expect((error as RetryLaterError).delayMs).toBe(Math.ceil(((20 - left) / 100) * 1000));
    expect(admin.stats.throttled).toBe(1);
    expect(await db().orderRef.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      writtenBackVersion: 0,
      writeBackError: null,
    });

    stoppedAt = null;
    expect(await writeBack(pending, admin)).toBe("written");
    expect((await inShopify(shop, placed.id)).tags).toEqual([`lot:${lot.code}`]);
  });
});

describe("Shopify's limits", () => {
  it("writes at most 250 tags, the last saying how many lots were left out, and notes it on the order", async () => {
    const shop = await shopWithLotline(shopify);
    const lots = await createLots(db(), shop, 260, (i) => `B${String(i).padStart(3, "0")}`);
    const { order, placed, pending } = await placeAllocatedOrder(db(), shopify, shop, {
      tags: ["vip", "gift"],
      lines: [{ quantity: 260, allocations: lots.map((lot) => ({ lotId: lot.id, quantity: 1 })) }],
    });

    expect(await writeBack(pending)).toBe("written");

    const seen = await inShopify(shop, placed.id);
    // The merchant's two tags stay; Lotline uses the other 248 places.
    expect(seen.tags).toHaveLength(250);
    expect(seen.tags).toEqual(expect.arrayContaining(["vip", "gift", "lot:B000", "lot:B246", "lot:+13-more"]));
    expect(seen.tags).not.toContain("lot:B247");
    // Every lot is still in the metafield.
    expect(seen.allocations[placed.lineItems[0].id].lots).toHaveLength(260);
    expect(await db().orderRef.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      writtenBackVersion: pending.version,
      writeBackError: expect.stringMatching(/260 lots but room for 248 Lotline tags/),
    });
  });

  it("leaves serial numbers out of the metafield when they would pass Shopify's 128 KB, keeping the lots", async () => {
    const shop = await shopWithLotline(shopify);
    const lot = await createLot(db(), shop, { code: "CAN-BIG" });
    const serials = Array.from({ length: 7_000 }, (_, i) => `CANDLE-SERIAL-${String(i).padStart(6, "0")}`);
    const { order, placed, pending } = await placeAllocatedOrder(db(), shopify, shop, {
      lines: [{ quantity: 7_000, allocations: [{ lotId: lot.id, quantity: 7_000 }], serials }],
    });

    expect(await writeBack(pending)).toBe("written");

    const line = (await inShopify(shop, placed.id)).allocations[placed.lineItems[0].id];
    expect(line).toMatchObject({
      lots: [expect.objectContaining({ code: "CAN-BIG" })],
      serials: [],
      serialsOmitted: 7_000,
    });
    expect(await db().orderRef.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      writeBackError: expect.stringMatching(/7000 serial numbers did not fit in Shopify's 128 KB metafield limit/),
    });
  });
});

describe("the write-back sweep", () => {
  it("queues orders whose newest version has not reached Shopify a minute on, and no others", async () => {
    const shop = await shopWithLotline(shopify);
    const lot = await createLot(db(), shop);
    const lost = await placeAllocatedOrder(db(), shopify, shop, {
      lines: [{ quantity: 1, allocations: [{ lotId: lot.id, quantity: 1 }] }],
    });
    const written = await placeAllocatedOrder(db(), shopify, shop, {
      lines: [{ quantity: 1, allocations: [{ lotId: lot.id, quantity: 1 }] }],
    });
    await writeBack(written.pending);
    const failed = await placeAllocatedOrder(db(), shopify, shop, {
      lines: [{ quantity: 1, allocations: [{ lotId: lot.id, quantity: 1 }] }],
    });
    await db().orderRef.update({ where: { id: failed.order.id }, data: { writeBackError: "Shopify refused …" } });
    const queued: unknown[] = [];
    const record = async (pending: unknown) => {
      queued.push(pending);
    };

    // Just changed: the job queued after the commit may still be on its way.
    expect(await requeueStaleOrderWriteBacks(db(), record, new Date(Date.now() - 60_000))).toBe(0);

    await requeueStaleOrderWriteBacks(db(), record, new Date(Date.now() + 1_000));
    const mine = queued.filter((p) => (p as { shopId: string }).shopId === shop.shopId);
    expect(mine).toEqual([lost.pending]);
  });
});
