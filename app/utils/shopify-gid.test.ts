import { describe, expect, it } from "vitest";
import { numericIdOfGid, numericShopifyId, shopifyGid } from "./shopify-gid";

describe("Shopify ids as gid and as number", () => {
  it("turns the number in an admin URL into the order's or product's gid", () => {
    expect(shopifyGid("Order", "450789469")).toBe("gid://shopify/Order/450789469");
    expect(shopifyGid("Product", "18446744073709551615")).toBe("gid://shopify/Product/18446744073709551615");
  });

  it("refuses what cannot be one of Shopify's ids, so no lookup is made with it", () => {
    for (const text of [undefined, "", "0", "007", "12a", "-5", "1.5", "123456789012345678901", " 12"]) {
      expect(shopifyGid("Order", text)).toBeNull();
    }
  });

  it("reads the number back from a gid, only of the resource asked for", () => {
    expect(numericIdOfGid("gid://shopify/Order/450789469")).toBe("450789469");
    expect(numericIdOfGid("gid://shopify/Order/450789469", "Order")).toBe("450789469");
    expect(numericIdOfGid("gid://shopify/Product/1", "Order")).toBeNull();
    expect(numericIdOfGid("gid://shopify/Order/0")).toBeNull();
    expect(numericIdOfGid("gid://shopify/Order/12?x=1")).toBeNull();
    expect(numericIdOfGid("450789469")).toBeNull();
    expect(numericIdOfGid(undefined)).toBeNull();
  });

  it("round-trips: the gid made from a number reads back as that number", () => {
    const gid = shopifyGid("Customer", "7001") as string;
    expect(numericIdOfGid(gid, "Customer")).toBe("7001");
  });

  it("gives the number Flow's reference fields carry, and a clear error for anything else", () => {
    expect(numericShopifyId("gid://shopify/Order/12345")).toBe(12345);
    expect(() => numericShopifyId("order-12345")).toThrow('"order-12345" is not a Shopify gid with a numeric id');
  });
});
