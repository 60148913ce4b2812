import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readDeletedProductId, readProductPayload } from "./product-payload";

const SAMPLES = new URL("../../tests/fixtures/shopify-webhook-samples/trigger.dev/", import.meta.url);
const sample = (name: string) => JSON.parse(readFileSync(new URL(name, SAMPLES), "utf8"));

describe("product webhook bodies as cached variants", () => {
  it("reads each variant's ids, SKU, titles and barcode, versioned by the product's updated_at", () => {
    const reading = readProductPayload({
      id: 11,
      admin_graphql_api_id: "gid://shopify/Product/11",
      title: "Lavender Soap",
      updated_at: "2026-11-21T10:00:00+13:00",
      variants: [
        {
          id: 21,
          admin_graphql_api_id: "gid://shopify/ProductVariant/21",
          inventory_item_id: 31,
          sku: "LAV",
          title: "Default Title",
          barcode: "",
        },
        { id: 22, inventory_item_id: 32, sku: "", title: "Large", barcode: "09506000134352" },
      ],
    });
    expect(reading.updatedAt).toEqual(new Date("2026-11-20T21:00:00Z"));
    expect(reading.variants).toEqual([
      {
        variantId: "gid://shopify/ProductVariant/21",
        productId: "gid://shopify/Product/11",
        inventoryItemId: "gid://shopify/InventoryItem/31",
        sku: "LAV",
        productTitle: "Lavender Soap",
        variantTitle: null,
        barcode: null,
      },
      {
        variantId: "gid://shopify/ProductVariant/22",
        productId: "gid://shopify/Product/11",
        inventoryItemId: "gid://shopify/InventoryItem/32",
        sku: null,
        productTitle: "Lavender Soap",
        variantTitle: "Large",
        barcode: "09506000134352",
      },
    ]);
  });

  it("skips Shopify's sample variants, which carry no inventory item, instead of refusing the product", () => {
    const reading = readProductPayload(sample("Product.json"));
    expect(reading.productId).toBe("gid://shopify/Product/788032119674292922");
    expect(reading.variants).toEqual([]);
  });

  it("refuses a body that is not a product, naming the field", () => {
    expect(() => readProductPayload({ id: 1, variants: [] })).toThrow(/title/);
  });

  it("products/delete gives the product's gid", () => {
    expect(readDeletedProductId({ id: 11 })).toBe("gid://shopify/Product/11");
    expect(() => readDeletedProductId({})).toThrow(/no product id/);
  });
});
