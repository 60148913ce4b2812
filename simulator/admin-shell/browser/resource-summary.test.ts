// The order and product pages' contents, from the shop as the control API describes it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimulatedShopify, startSimulatedShopify } from "../../server/index";
import { orderSummary, productSummary, type ShopDescription } from "./resource-summary";

let shopify: SimulatedShopify;
let domain: string;
beforeAll(async () => {
  shopify = await startSimulatedShopify({ apiKey: "key-1", apiSecret: "secret-1", scopes: "", webhookTopics: [] });
  const { shop, locations } = shopify.createShop({ name: "Soap Co" });
  domain = shop.myshopifyDomain;
  shopify.createProduct(domain, {
    title: "Lavender soap",
    variants: [
      { sku: "LAV-1", price: "6.50", inventory: { [locations[0].id]: 10 } },
      { sku: "LAV-3", price: "17.00", inventory: { [locations[0].id]: 10 } },
    ],
  });
});
afterAll(() => shopify.close());

// Exactly what the page's script receives over HTTP.
const describeShop = () => JSON.parse(JSON.stringify(shopify.describeShop(domain))) as ShopDescription;

describe("the order page", () => {
  it("shows the order's name, its customer and each line with SKU and quantity", () => {
    const customer = shopify.createCustomer(domain, { firstName: "Ada", lastName: "Byron", email: "ada@example.com" });
    const order = shopify.placeOrder(domain, {
      customerId: customer.id,
      lines: [
        { sku: "LAV-1", quantity: 2 },
        { sku: "LAV-3", quantity: 1 },
      ],
    });
    const summary = orderSummary(describeShop(), order.id);
    expect(summary?.title).toBe(`Order ${order.name}`);
    expect(summary?.facts).toContainEqual({ label: "Customer", value: "Ada Byron (ada@example.com)" });
    expect(summary?.items.map((item) => [item.detail, item.quantity])).toEqual([
      ["SKU LAV-1", "× 2"],
      ["SKU LAV-3", "× 1"],
    ]);
  });

  it("names a guest checkout by its email", () => {
    const order = shopify.placeOrder(domain, { email: "guest@example.com", lines: [{ sku: "LAV-1", quantity: 1 }] });
    expect(orderSummary(describeShop(), order.id)?.facts[0]).toEqual({ label: "Customer", value: "guest@example.com" });
  });

  it("has nothing to show for an order the store does not have", () => {
    expect(orderSummary(describeShop(), "gid://shopify/Order/999999")).toBeNull();
  });
});

describe("the product page", () => {
  it("shows the product's title and its variants by SKU", () => {
    const shop = describeShop();
    const product = shop.products.find((candidate) => candidate.title === "Lavender soap");
    const summary = productSummary(shop, product?.id ?? "");
    expect(summary?.title).toBe("Lavender soap");
    expect(summary?.items.map((item) => item.detail)).toEqual(["SKU LAV-1", "SKU LAV-3"]);
    expect(productSummary(shop, "gid://shopify/Product/999999")).toBeNull();
  });
});
