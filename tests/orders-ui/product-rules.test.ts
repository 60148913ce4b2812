// The Products page: every product Lotline holds lots of, its minimum shelf life (empty = the
// shop's, shown) and serial numbers at fulfilment; saves are checked, audited and kept per shop.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { action, loader } from "../../app/routes/app.products";
import { action as settingsAction } from "../../app/routes/app.settings";
import { setUpInProcessShopify } from "../support/in-process-shopify";
import { createLot } from "../support/orders-ui-factories";
import { routeArgs, shopWithLotline, type TestShop } from "./harness";

setUpInProcessShopify();

const SOAP = "gid://shopify/Product/71";
const CANDLE = "gid://shopify/Product/72";

async function productsPage(shop: TestShop) {
  const response = (await loader(routeArgs(shop.domain, "/app/products"))) as unknown as Response;
  return response.json();
}

async function saveRule(shop: TestShop, form: Record<string, string>) {
  return (await action(routeArgs(shop.domain, "/app/products", new URLSearchParams(form)))) as Response;
}

async function shopWithProducts() {
  const shop = await shopWithLotline("Rules Soap");
  await createLot(db(), shop.shopId, {
    productId: SOAP,
    productTitle: "Lavender Soap",
    receivedAt: new Date("2026-10-01"),
  });
  await createLot(db(), shop.shopId, {
    productId: SOAP,
    productTitle: "Lavender Oat Soap",
    receivedAt: new Date("2026-11-01"),
  });
  await createLot(db(), shop.shopId, { productId: CANDLE, productTitle: "Beeswax Candle" });
  return shop;
}

describe("product rules", () => {
  it("lists each product with lots once, by its newest name, with the shop's minimum as the default", async () => {
    const shop = await shopWithProducts();
    await settingsAction(
      routeArgs(
        shop.domain,
        "/app/settings",
        new URLSearchParams({
          lotTemplate: "{SKU}-{YY}{MM}{DD}-{SEQ:2}",
          serialTemplate: "{YY}{JJJ}-{SEQ:5}",
          requireGs1: "true",
          quarantineExpired: "false",
          expiryWarningDays: "30, 60, 90",
          orderTagPrefix: "lot:",
          minShelfLifeDays: "45",
          returnsToQuarantine: "false",
        }),
      ),
    );

    const page = await productsPage(shop);

    expect(page.shopMinShelfLifeDays).toBe(45);
    expect(page.products).toEqual([
      { productId: CANDLE, productTitle: "Beeswax Candle", lotCount: 1, minShelfLifeDays: null, serialTracked: false },
      { productId: SOAP, productTitle: "Lavender Oat Soap", lotCount: 2, minShelfLifeDays: null, serialTracked: false },
    ]);
  });

  it("saves a product's own minimum shelf life and serial tracking, audited with before and after", async () => {
    const shop = await shopWithProducts();

    const response = await saveRule(shop, { productId: SOAP, minShelfLifeDays: "120", serialTracked: "true" });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ saved: true, message: "Rules for Lavender Oat Soap saved." });
    const soap = (await productsPage(shop)).products.find((p: { productId: string }) => p.productId === SOAP);
    expect(soap).toMatchObject({ minShelfLifeDays: 120, serialTracked: true });
    const audit = await db().auditEntry.findMany({ where: { shopId: shop.shopId, action: "product-rule.updated" } });
    expect(audit).toEqual([
      expect.objectContaining({
        subjectId: SOAP,
        actor: expect.stringMatching(/^user:/),
        details: {
          productTitle: "Lavender Oat Soap",
          before: { minShelfLifeDays: null, serialTracked: false },
          after: { minShelfLifeDays: 120, serialTracked: true },
        },
      }),
    ]);

    // Emptied again, the product follows the shop's minimum.
    await saveRule(shop, { productId: SOAP, minShelfLifeDays: "", serialTracked: "true" });
    const again = (await productsPage(shop)).products.find((p: { productId: string }) => p.productId === SOAP);
    expect(again.minShelfLifeDays).toBeNull();
    expect(await db().auditEntry.count({ where: { shopId: shop.shopId, action: "product-rule.updated" } })).toBe(2);
  });

  it("saving the same values again changes nothing and adds no audit entry", async () => {
    const shop = await shopWithProducts();
    await saveRule(shop, { productId: CANDLE, minShelfLifeDays: "30", serialTracked: "false" });
    const response = await saveRule(shop, { productId: CANDLE, minShelfLifeDays: "30", serialTracked: "false" });
    expect(await response.json()).toMatchObject({ saved: true, message: "Nothing changed for Beeswax Candle." });
    expect(await db().auditEntry.count({ where: { shopId: shop.shopId } })).toBe(1);
  });

  it.each([
    ["a word", "ninety"],
    ["a negative number", "-5"],
    ["more than ten years", "3651"],
    ["a fraction", "1.5"],
  ])("refuses %s as the minimum shelf life on its field and saves nothing", async (_, value) => {
    const shop = await shopWithProducts();

    const response = await saveRule(shop, { productId: SOAP, minShelfLifeDays: value, serialTracked: "true" });

    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.productId).toBe(SOAP);
    expect(Object.keys(body.fields)).toEqual(["minShelfLifeDays"]);
    expect(body.fields.minShelfLifeDays).toMatch(/whole number of days from 0 to 3650/);
    expect(await db().productRule.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect(await db().auditEntry.count({ where: { shopId: shop.shopId } })).toBe(0);
  });

  it("refuses a product the shop holds no lots of, and another shop's product", async () => {
    const mine = await shopWithProducts();
    const theirs = await shopWithLotline("Other Soap");
    await createLot(db(), theirs.shopId, { productId: "gid://shopify/Product/99", productTitle: "Their Soap" });

    const response = await saveRule(mine, {
      productId: "gid://shopify/Product/99",
      minShelfLifeDays: "10",
      serialTracked: "false",
    });

    expect(response.status).toBe(404);
    expect((await response.json()).message).toMatch(/no lots of this product/);
    expect(await db().productRule.count({ where: { productId: "gid://shopify/Product/99" } })).toBe(0);
    expect((await productsPage(mine)).products.map((p: { productTitle: string }) => p.productTitle)).not.toContain(
      "Their Soap",
    );
  });

  it("answers 400 to a post that is not the rules form", async () => {
    const shop = await shopWithProducts();
    expect((await saveRule(shop, { productId: "soap" })).status).toBe(400);
  });
});
