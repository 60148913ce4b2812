// The variant cache behind order lines: products/* webhooks keep it current (newer wins, deletes
// stick), and a variant it lacks is read from the Admin API once and kept.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { addTags } from "../../simulator/store/tags";
import {
  advanceClock,
  deliver,
  deliverAll,
  newWebhooks,
  openShop,
  setUpOrderShopify,
  shopify,
  store,
  storedOrder,
} from "./harness";

setUpOrderShopify();

async function cached(shopId: string, variantId: string) {
  return db().variantRef.findUnique({ where: { shopId_variantId: { shopId, variantId } } });
}

describe("products/* webhooks and the variant cache", () => {
  it("products/create caches each variant with its inventory item, SKU and titles", async () => {
    const shop = await openShop();
    await deliverAll(await newWebhooks(shop.domain, ["products/create"]));

    expect(await cached(shop.shopId, shop.lavender.id)).toMatchObject({
      productId: shop.lavender.productId,
      inventoryItemId: shop.lavender.inventoryItemId,
      sku: shop.lavender.sku,
      productTitle: "Lavender Soap",
      variantTitle: null,
      deletedAt: null,
    });
  });

  it("products/update refreshes the cache, and the older create delivered late does not undo it", async () => {
    const shop = await openShop();
    const [created] = await newWebhooks(shop.domain, ["products/create"]);
    await deliver(created);
    // The merchant renames the SKU and retitles the product in the Shopify admin a moment later.
    const state = store.shops.get(shop.domain)!;
    const product = state.products.get(shop.lavender.productId)!;
    state.variants.get(shop.lavender.id)!.sku = "LAV-RENAMED";
    product.title = "Lavender Soap Bar";
    advanceClock(2_000);
    addTags(state, product, ["renamed"]);
    await deliverAll(await newWebhooks(shop.domain, ["products/update"]));
    await deliver(created, { webhookId: randomUUID() });

    expect(await cached(shop.shopId, shop.lavender.id)).toMatchObject({
      sku: "LAV-RENAMED",
      productTitle: "Lavender Soap Bar",
    });
  });

  it("products/delete marks the variants deleted, and they still resolve for past orders", async () => {
    const shop = await openShop();
    await deliverAll(await newWebhooks(shop.domain, ["products/create"]));
    shopify.deleteProduct(shop.domain, shop.cedar.productId);
    await deliverAll(await newWebhooks(shop.domain, ["products/delete"]));

    const row = await cached(shop.shopId, shop.cedar.id);
    expect(row?.deletedAt).toBeInstanceOf(Date);
    expect(row?.inventoryItemId).toBe(shop.cedar.inventoryItemId);
  });

  it("an order line whose variant is not cached yet is resolved by one Admin API read and cached", async () => {
    const shop = await openShop();
    await newWebhooks(shop.domain, ["products/create"]); // never delivered
    const order = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.cedar.id, quantity: 1 }] });
    await deliverAll(await newWebhooks(shop.domain, ["orders/create"]));

    const line = (await storedOrder(shop.shopId, order.id))?.lines[0];
    expect(line).toMatchObject({ variantId: shop.cedar.id, inventoryItemId: shop.cedar.inventoryItemId });
    expect(await cached(shop.shopId, shop.cedar.id)).toMatchObject({ inventoryItemId: shop.cedar.inventoryItemId });
  });

  it("a products body that is not a product is refused with the field named, and nothing is cached", async () => {
    const shop = await openShop();
    const [created] = await newWebhooks(shop.domain, ["products/create"]);
    const broken = { ...created, body: JSON.stringify({ id: 1, variants: [] }) };
    const { createHmac } = await import("node:crypto");
    const { TEST_API_SECRET } = await import("../support/test-env");
    broken.headers = {
      ...created.headers,
      "x-shopify-hmac-sha256": createHmac("sha256", TEST_API_SECRET).update(broken.body, "utf8").digest("base64"),
      "x-shopify-webhook-id": randomUUID(),
    };
    await expect(deliver(broken)).rejects.toThrow(/product webhook body.*title/);
    expect(await db().variantRef.count({ where: { shopId: shop.shopId } })).toBe(0);
  });
});
