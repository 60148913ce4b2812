// The admin product block's one request: the product's variants per location with their lots —
// what each holds and can still sell, days to expiry in the shop's time zone, the lots expiring
// within the shop's window highlighted, quarantined ones marked, sold-out ones left out — and no
// way into another shop's product.
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../../app/db.server";
import type { ProductLotsResponse } from "../../app/extension-api/types";
import { loader as productLoader } from "../../app/routes/api.admin.products.$productId";
import { shopWithLotline, type TestShop } from "../orders-ui/harness";
import {
  answered,
  cacheShopTimeZone,
  corsHeadersOf,
  createVariantRef,
  extensionRequest,
  numericId,
  setExpiryWarningDays,
} from "../support/extension-api-factories";
import { setUpInProcessShopify } from "../support/in-process-shopify";
import { createLot, type LotSpec } from "../support/orders-ui-factories";

setUpInProcessShopify();

// Noon UTC on March 1st is already March 2nd in Auckland, the shops' time zone here.
const NOW = new Date("2027-03-01T12:00:00Z");
const PRODUCT = "gid://shopify/Product/301";
const SMALL = { variantId: "gid://shopify/ProductVariant/3011", inventoryItemId: "gid://shopify/InventoryItem/30110" };
const LARGE = { variantId: "gid://shopify/ProductVariant/3012", inventoryItemId: "gid://shopify/InventoryItem/30120" };

afterEach(() => {
  vi.useRealTimers();
});

async function shopAt(name: string): Promise<TestShop> {
  const shop = await shopWithLotline(name);
  await cacheShopTimeZone(db(), shop.shopId, "Pacific/Auckland", NOW);
  await setExpiryWarningDays(db(), shop.shopId, [14, 30]);
  return shop;
}

async function getProduct(shop: TestShop, productId: string) {
  // The block's days to expiry count from the shop's today; the clock is fixed for that.
  vi.useFakeTimers({ toFake: ["Date"], now: NOW });
  try {
    const request = extensionRequest(shop.domain, `/api/admin/products/${productId}`);
    return await answered(await productLoader({ request, params: { productId }, context: {} }));
  } finally {
    vi.useRealTimers();
  }
}

/** A lot of one of the product's variants (the cache knows variants by inventory item). */
async function lotOf(shop: TestShop, variant: typeof SMALL, spec: LotSpec) {
  const lot = await createLot(db(), shop.shopId, {
    productId: PRODUCT,
    variantId: variant.variantId,
    productTitle: "Rose Balm",
    locationId: shop.location.id,
    ...spec,
  });
  return db().lot.update({ where: { id: lot.id }, data: { inventoryItemId: variant.inventoryItemId } });
}

async function roseBalm(shop: TestShop) {
  for (const [variant, title, sku] of [
    [SMALL, "15 ml", "RB-15"],
    [LARGE, "50 ml", "RB-50"],
  ] as const) {
    await createVariantRef(db(), shop.shopId, {
      ...variant,
      productId: PRODUCT,
      productTitle: "Rose Balm",
      variantTitle: title,
      sku,
    });
  }
}

describe("GET /api/admin/products/:productId", () => {
  it("shows each variant's lots per location, expiring-soon and quarantined lots marked, sold-out lots left out", async () => {
    const shop = await shopAt("Balm Block");
    await roseBalm(shop);
    const soon = await lotOf(shop, SMALL, {
      code: "RB-SOON",
      onHand: 12,
      allocated: 2,
      expiresAt: new Date("2027-03-20"),
    });
    await db().lot.update({ where: { id: soon.id }, data: { quarantinedQuantity: 1 } });
    const today = await lotOf(shop, SMALL, { code: "RB-TODAY", onHand: 3, expiresAt: new Date("2027-03-02") });
    const later = await lotOf(shop, SMALL, { code: "RB-LATER", onHand: 8, expiresAt: new Date("2027-04-30") });
    const held = await lotOf(shop, SMALL, {
      code: "RB-HELD",
      onHand: 4,
      status: "quarantined",
      expiresAt: new Date("2027-03-10"),
    });
    await lotOf(shop, SMALL, { code: "RB-GONE", onHand: 0, status: "depleted", expiresAt: new Date("2027-03-05") });
    const elsewhere = await lotOf(shop, LARGE, {
      code: "RB-WH",
      onHand: 6,
      expiresAt: null,
      locationId: "gid://shopify/Location/777777",
    });

    const { status, headers, body } = await getProduct(shop, numericId(PRODUCT));

    expect(status).toBe(200);
    expect(headers.get("Cache-Control")).toBe("no-store");
    expect(corsHeadersOf(headers).allowOrigin).toBe("*");
    const block = body as ProductLotsResponse;
    expect(block.product).toEqual({
      shopifyProductId: PRODUCT,
      title: "Rose Balm",
      tracked: true,
      serialTracked: false,
    });
    expect(block.expiringSoonDays).toBe(30);
    expect(block.receivePath).toBe("/app/receive");
    expect(block.variants).toEqual([
      {
        shopifyVariantId: SMALL.variantId,
        title: "15 ml",
        sku: "RB-15",
        locations: [
          {
            locationId: shop.location.id,
            locationName: shop.location.name,
            lots: [
              {
                lotId: today.id,
                code: "RB-TODAY",
                expiresAt: "2027-03-02",
                daysLeft: 0,
                expiringSoon: true,
                status: "active",
                onHand: 3,
                available: 3,
              },
              {
                lotId: held.id,
                code: "RB-HELD",
                expiresAt: "2027-03-10",
                daysLeft: 8,
                expiringSoon: false,
                status: "quarantined",
                onHand: 4,
                available: 4,
              },
              {
                lotId: soon.id,
                code: "RB-SOON",
                expiresAt: "2027-03-20",
                daysLeft: 18,
                expiringSoon: true,
                status: "active",
                onHand: 12,
                available: 9,
              },
              {
                lotId: later.id,
                code: "RB-LATER",
                expiresAt: "2027-04-30",
                daysLeft: 59,
                expiringSoon: false,
                status: "active",
                onHand: 8,
                available: 8,
              },
            ],
          },
        ],
      },
      {
        shopifyVariantId: LARGE.variantId,
        title: "50 ml",
        sku: "RB-50",
        locations: [
          {
            locationId: "gid://shopify/Location/777777",
            locationName: "Location 777777",
            lots: [
              {
                lotId: elsewhere.id,
                code: "RB-WH",
                expiresAt: null,
                daysLeft: null,
                expiringSoon: false,
                status: "active",
                onHand: 6,
                available: 6,
              },
            ],
          },
        ],
      },
    ]);
  });

  it("answers a product Lotline has no lots of yet as not tracked, pointing to Receive", async () => {
    const shop = await shopAt("Balm New");

    const { status, body } = await getProduct(shop, "302");

    expect(status).toBe(200);
    expect(body).toEqual({
      product: { shopifyProductId: "gid://shopify/Product/302", title: null, tracked: false, serialTracked: false },
      expiringSoonDays: 30,
      receivePath: "/app/receive",
      variants: [],
    });
  });

  it("shows each shop only its own lots under a shared product id, and refuses another shop's product with 404", async () => {
    const ours = await shopAt("Balm Ours");
    const theirs = await shopAt("Balm Theirs");
    const mine = await lotOf(ours, SMALL, { code: "RB-OURS", onHand: 5 });
    await lotOf(theirs, SMALL, { code: "RB-THEIRS", onHand: 7 });
    await createLot(db(), theirs.shopId, { code: "THEIRS-ONLY", productId: "gid://shopify/Product/303" });

    const shared = await getProduct(ours, numericId(PRODUCT));
    expect(shared.status).toBe(200);
    const lots = (shared.body as ProductLotsResponse).variants.flatMap((variant) =>
      variant.locations.flatMap((location) => location.lots.map((lot) => lot.lotId)),
    );
    expect(lots).toEqual([mine.id]);

    const refused = await getProduct(ours, "303");
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual({ ok: false, message: "This product is not in your shop.", fields: {} });
    expect(corsHeadersOf(refused.headers).allowOrigin).toBe("*");
  });
});
