import { describe, expect, it } from "vitest";
import { createStore } from "../store";
import { gtin13, placeRandomOrder, seededRandom, seedMakerShop } from "./maker-shop";

function checkDigitOk(gtin: string): boolean {
  const digits = [...gtin].map(Number);
  const sum = digits.slice(0, -1).reduce((total, digit, index) => total + digit * (index % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === digits[digits.length - 1];
}

describe("the demo maker's shop", () => {
  it("has 20+ products across soaps, candles and food, two locations and 50 reachable customers", () => {
    const seeded = seedMakerShop(createStore());
    const products = [...seeded.shop.products.values()];
    expect(products.length).toBeGreaterThanOrEqual(20);
    expect(new Set(products.map((product) => product.productType))).toEqual(
      new Set(["Soap & bath", "Candles", "Pantry"]),
    );
    expect(seeded.locationIds).toHaveLength(2);
    const emails = [...seeded.shop.customers.values()].map((customer) => customer.email);
    expect(new Set(emails).size).toBe(50);
  });

  it("gives every variant a unique SKU and a valid GTIN-13", () => {
    const seeded = seedMakerShop(createStore());
    const variants = [...seeded.shop.variants.values()];
    expect(new Set(variants.map((variant) => variant.sku)).size).toBe(variants.length);
    for (const variant of variants) expect(checkDigitOk(variant.barcode ?? "")).toBe(true);
    expect(gtin13(101)).toBe("0614141001019");
  });

  it("builds the same shop and the same orders from the same seed", () => {
    const first = seedMakerShop(createStore());
    const second = seedMakerShop(createStore());
    const orderOf = (seeded: typeof first) =>
      placeRandomOrder(seeded, seededRandom(7)).value.lineItems.map((line) => [line.sku, line.quantity]);
    expect(orderOf(first)).toEqual(orderOf(second));
  });
});
