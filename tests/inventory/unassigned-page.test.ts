// The Unassigned stock page and the dashboard card as the embedded admin calls them: stock
// Shopify gained outside Lotline is listed, assigned to a new lot (code from the shop's
// template) or an existing one without touching Shopify, and every mistake is named on its
// field with nothing changed. Two assignments at once never take more than there is.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { reconcileInventoryLevel } from "../../app/inventory/reconcile-level.server";
import { loadAssignContext } from "../../app/inventory/unassigned-page.server";
import { assignUnassignedStock } from "../../app/inventory/unassigned-stock.server";
import { getQueue } from "../../app/jobs/queues.server";
import { loader as homeLoader } from "../../app/routes/app._index";
import { action as assignAction, loader as unassignedLoader } from "../../app/routes/app.unassigned";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { setUpInProcessShopify, shopify } from "../support/in-process-shopify";
import {
  adminRequest,
  inventoryRows,
  openShopWithSoap,
  type SoapShop,
  shopifyQuantities,
  soapLot,
} from "../support/inventory-factories";

setUpInProcessShopify();

beforeEach(async () => {
  await getQueue("maintenance").obliterate({ force: true });
});

/** A shop whose Shopify count of the soap has `outside` units more than its lots hold, reconciled. */
async function shopWithUnassignedSoap(outside = 12, lotOnHand = 0) {
  const shop = await openShopWithSoap();
  const lot = lotOnHand > 0 ? await soapLot(shop, { onHand: lotOnHand, expiresAt: "2027-05-01" }) : null;
  shopify.adjustInventory(shop.domain, {
    inventoryItemId: shop.soap.inventoryItemId,
    locationId: shop.location.id,
    delta: lotOnHand + outside,
  });
  await reconcileInventoryLevel(db(), shop.level);
  const row = await db().unassignedStock.findFirstOrThrow({ where: { shopId: shop.shopId } });
  return { shop, row, lot };
}

async function page(shop: SoapShop) {
  const response = (await unassignedLoader({
    request: adminRequest(shop.domain, "/app/unassigned"),
    params: {},
    context: {},
  })) as unknown as Response;
  return response.json();
}

async function assign(shop: SoapShop, form: Record<string, string>) {
  const response = (await assignAction({
    request: adminRequest(shop.domain, "/app/unassigned", { method: "POST", body: new URLSearchParams(form) }),
    params: {},
    context: {},
  })) as unknown as Response;
  return { status: response.status, body: await response.json() };
}

function today(): string {
  return new Date().toISOString().slice(2, 10).replaceAll("-", "");
}

describe("the Unassigned stock page", () => {
  it("lists stock that arrived without Lotline with its product, SKU, location, units and the lots it can join", async () => {
    const { shop, row, lot } = await shopWithUnassignedSoap(12, 4);

    const { rows } = await page(shop);

    expect(rows).toEqual([
      {
        id: row.id,
        productTitle: "Lavender Soap",
        sku: shop.soap.sku,
        location: shop.location.name,
        quantity: 12,
        detected: expect.any(String),
        productKnown: true,
        lots: [{ id: lot?.id, label: `${lot?.code} · expires 2027-05-01 · 4 on hand` }],
      },
    ]);
  });

  it("assigns units to a new lot coded from the shop's template, leaving Shopify as it is", async () => {
    const { shop, row } = await shopWithUnassignedSoap(12);
    const before = shopifyQuantities(shop);

    const { status, body } = await assign(shop, {
      unassignedId: row.id,
      quantity: "5",
      target: "new",
      supplierLotCode: "MEADOW-88",
      expiresAt: "2027-03-01",
    });

    expect(status).toBe(200);
    const code = `${shop.soap.sku}-${today()}-01`;
    expect(body).toMatchObject({ ok: true, lotCode: code, message: `5 units assigned to lot ${code}.` });
    const lot = await db().lot.findUniqueOrThrow({
      where: { shopId_code: { shopId: shop.shopId, code } },
      include: { events: true },
    });
    expect(lot).toMatchObject({
      variantId: shop.soap.id,
      locationId: shop.location.id,
      supplierLotCode: "MEADOW-88",
      expiresAt: new Date("2027-03-01T00:00:00Z"),
      receivedQuantity: 5,
      onHandQuantity: 5,
    });
    expect(lot.events.map((event) => [event.type, event.quantity, event.reference])).toEqual([
      ["received", 5, { source: "unassigned", unassignedStockId: row.id }],
    ]);
    expect((await page(shop)).rows[0].quantity).toBe(7);
    expect(shopifyQuantities(shop)).toEqual(before);
    expect(await db().auditEntry.count({ where: { shopId: shop.shopId, action: "unassigned-stock.assigned" } })).toBe(
      1,
    );

    // Lots and unassigned stock still add up to Shopify's count: the next reconciliation has nothing to do.
    const rows = await inventoryRows(shop.shopId);
    await reconcileInventoryLevel(db(), shop.level);
    expect(await inventoryRows(shop.shopId)).toEqual(rows);
  });

  it("takes a lot code typed in instead of the template's", async () => {
    const { shop, row } = await shopWithUnassignedSoap(3);
    const { body } = await assign(shop, { unassignedId: row.id, quantity: "3", target: "new", lotCode: "PO-2231" });
    expect(body).toMatchObject({ ok: true, lotCode: "PO-2231" });
    expect((await page(shop)).rows).toEqual([]);
  });

  it("adds units to an existing lot of the same variant and location", async () => {
    const { shop, row, lot } = await shopWithUnassignedSoap(12, 4);

    const { status, body } = await assign(shop, {
      unassignedId: row.id,
      quantity: "12",
      target: "existing",
      lotId: lot?.id ?? "",
    });

    expect(status).toBe(200);
    expect(body.lotCode).toBe(lot?.code);
    expect(await db().lot.findUniqueOrThrow({ where: { id: lot?.id } })).toMatchObject({
      receivedQuantity: 16,
      onHandQuantity: 16,
    });
    expect((await page(shop)).rows).toEqual([]);
  });

  it("names the field and changes nothing for bad input", async () => {
    const { shop, row } = await shopWithUnassignedSoap(12);
    const other = await shopWithUnassignedSoap(5);
    const otherLot = await soapLot(other.shop, { onHand: 1 });
    const before = await inventoryRows(shop.shopId);
    const otherBefore = await inventoryRows(other.shop.shopId);

    const cases: [Record<string, string>, number, Record<string, string>][] = [
      [{ quantity: "13" }, 422, { quantity: "Only 12 units are unassigned; enter at most 12" }],
      [{ quantity: "0" }, 422, { quantity: "Enter a whole number of units, at least 1" }],
      [{ quantity: "two" }, 422, { quantity: "Enter a whole number of units, at least 1" }],
      [{ expiresAt: "2027-02-30" }, 422, { expiresAt: "Enter a date as YYYY-MM-DD" }],
      [{ lotCode: "HAS SPACE" }, 422, { lotCode: "Lot codes use letters, digits and punctuation, without spaces" }],
      [{ target: "existing" }, 422, { lotId: "Choose the lot to add these units to" }],
      [
        { target: "existing", lotId: otherLot.id },
        422,
        { lotId: "Choose an active lot of this product at this location, or create a new lot" },
      ],
      [{ unassignedId: other.row.id }, 404, {}],
      [{ unassignedId: "not-an-id" }, 404, {}],
    ];
    for (const [change, status, fields] of cases) {
      const result = await assign(shop, { unassignedId: row.id, quantity: "5", target: "new", ...change });
      expect({ change, status: result.status, fields: result.body.fields }).toEqual({ change, status, fields });
    }
    expect(await inventoryRows(shop.shopId)).toEqual(before);
    expect(await inventoryRows(other.shop.shopId)).toEqual(otherBefore);
  });

  it("lets two assignments at once take no more than is unassigned", async () => {
    const { shop, row } = await shopWithUnassignedSoap(12);
    const context = await loadAssignContext(db(), {
      shopId: shop.shopId,
      graphql: await offlineAdminGraphql(shop.domain),
    });
    const attempt = (lotCode: string) =>
      assignUnassignedStock(
        db(),
        { shopId: shop.shopId, unassignedId: row.id, actor: "user:1", quantity: 8, target: { kind: "new", lotCode } },
        context,
      );

    const results = await Promise.allSettled([attempt("RACE-A"), attempt("RACE-B")]);

    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason.fields).toEqual({ quantity: "Only 4 units are unassigned; enter at most 4" });
    expect((await db().unassignedStock.findUniqueOrThrow({ where: { id: row.id } })).quantity).toBe(4);
    expect(await db().lot.count({ where: { shopId: shop.shopId } })).toBe(1);
  });
});

describe("the dashboard's unassigned stock card", () => {
  it("shows this shop's unassigned units and items, and none of another shop's", async () => {
    const { shop } = await shopWithUnassignedSoap(12);
    await shopWithUnassignedSoap(30);
    const empty = await openShopWithSoap();

    const home = async (domain: string) =>
      (
        (await homeLoader({ request: adminRequest(domain, "/app"), params: {}, context: {} })) as unknown as {
          dashboard: { unassigned: { units: number; items: number } };
        }
      ).dashboard.unassigned;

    expect(await home(shop.domain)).toEqual({ units: 12, items: 1 });
    expect(await home(empty.domain)).toEqual({ units: 0, items: 0 });
  });
});
