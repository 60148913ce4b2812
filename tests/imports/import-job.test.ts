// Importing checked files: the `lots.import` job against a real database and the simulated store.
// All rows or none; "Skip invalid rows" imports the rest; Shopify's inventory is left alone and
// unassigned stock shrinks; a retried job imports nothing twice; 10,000 rows go in one job with
// progress the page can show while it runs.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { importLots } from "../../app/imports/import-lots.server";
import { getQueue } from "../../app/jobs/queues.server";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import {
  existingLot,
  type ImportShop,
  importedRows,
  importPage,
  lotsCsv,
  shopifyOnHand,
  shopWithLotline,
  startImport,
  uploadCsv,
} from "../support/import-factories";
import { setUpInProcessShopify } from "../support/in-process-shopify";

setUpInProcessShopify();

afterAll(async () => {
  await getQueue("bulk").obliterate({ force: true });
});

const runJob = (shop: ImportShop, importId: string, chunkSize?: number) =>
  importLots(db(), { shopId: shop.shopId, importId }, { adminGraphql: offlineAdminGraphql, chunkSize });

async function checked(shop: ImportShop, rows: Parameters<typeof lotsCsv>[0]) {
  const { response, importId } = await uploadCsv(shop.domain, lotsCsv(rows));
  expect(response.status).toBe(302);
  return importId!;
}

describe("importing a checked file of lots", () => {
  it("imports nothing while one row is bad and skipping was not chosen, and says why", async () => {
    const shop = await shopWithLotline(db());
    const importId = await checked(shop, [
      { sku: shop.soapSku, location: "Workshop", quantity: 5, lot_code: "A-1" },
      { sku: shop.soapSku, location: "Workshop", quantity: 5, expires_on: "soon" },
      { sku: shop.candleSku, location: "Workshop", quantity: 5, lot_code: "A-3" },
    ]);

    const response = await startImport(shop.domain, importId);

    expect(response.status).toBe(422);
    const body = (await response.json()) as { message: string };
    expect(body.message).toBe(
      '1 row has problems, so nothing was imported. Fix it and upload the file again, or tick "Skip invalid rows" to import the other 2.',
    );
    expect((await importPage(shop.domain, importId)).data?.lotImport.status).toBe("validated");
    expect(await getQueue("bulk").getJob(`lot-import-${importId}`)).toBeUndefined();
    expect((await importedRows(db(), shop.shopId)).lots).toBe(0);
  });

  it("writes nothing when a row went bad after the dry run, and shows which", async () => {
    const shop = await shopWithLotline(db());
    const importId = await checked(shop, [
      { sku: shop.soapSku, location: "Workshop", quantity: 5, lot_code: "B-1" },
      { sku: shop.soapSku, location: "Workshop", quantity: 5 },
      { sku: shop.candleSku, location: "Workshop", quantity: 5, lot_code: "B-3" },
    ]);
    expect((await startImport(shop.domain, importId)).status).toBe(302);
    // Someone receives a lot with the same code before the job runs.
    await existingLot(db(), shop, { code: "B-3" });
    const before = await importedRows(db(), shop.shopId);

    const result = await runJob(shop, importId);

    expect(result.status).toBe("failed");
    const page = await importPage(shop.domain, importId);
    expect(page.data?.lotImport).toMatchObject({ status: "failed", processedRows: 0 });
    expect(page.data?.lotImport.error).toContain("1 row has problems now, so nothing was imported");
    expect(page.data?.lotImport.errors).toEqual([
      { line: 4, column: "lot_code", message: 'Lot code "B-3" already exists in your shop; use another code' },
    ]);
    // Not even the template's sequence number for line 3 was used up.
    expect(await importedRows(db(), shop.shopId)).toEqual(before);
  });

  it("imports only the valid rows when told to skip, leaving Shopify's inventory alone", async () => {
    const shop = await shopWithLotline(db());
    await db().unassignedStock.createMany({
      data: [
        { shopId: shop.shopId, inventoryItemId: shop.soap.inventoryItemId, locationId: shop.workshop.id, quantity: 2 },
        { shopId: shop.shopId, inventoryItemId: shop.candle.inventoryItemId, locationId: shop.stall.id, quantity: 10 },
      ],
    });
    const importId = await checked(shop, [
      {
        sku: shop.soapSku,
        location: "Workshop",
        quantity: 3,
        serials: "S-1|S-2|S-3",
        expires_on: "2027-06-30",
        received_on: "2026-10-05",
      },
      { sku: "GONE", location: "Workshop", quantity: 4 },
      { sku: shop.candleSku, location: "Market Stall", quantity: 7, lot_code: "CAN-1", supplier: "Meadow Wax" },
    ]);

    expect((await startImport(shop.domain, importId, true)).status).toBe(302);
    expect(await getQueue("bulk").getJob(`lot-import-${importId}`)).toBeDefined();
    const result = await runJob(shop, importId);

    expect(result).toMatchObject({ status: "completed", imported: 2, skipped: 1 });
    const page = await importPage(shop.domain, importId);
    expect(page.data?.lotImport).toMatchObject({ status: "completed", processedRows: 2, validRows: 2, invalidRows: 1 });
    expect(page.data?.lotImport.errors.map((error) => [error.line, error.column])).toEqual([[3, "sku"]]);

    const lots = await db().lot.findMany({
      where: { shopId: shop.shopId },
      orderBy: { sku: "asc" },
      include: { serialNumbers: true, events: true },
    });
    expect(lots.map((lot) => [lot.sku, lot.locationId, lot.receivedQuantity, lot.onHandQuantity])).toEqual([
      [shop.candleSku, shop.stall.id, 7, 7],
      [shop.soapSku, shop.workshop.id, 3, 3],
    ]);
    const [candleLot, soapLot] = lots;
    expect(candleLot.code).toBe("CAN-1");
    expect(soapLot.code).toMatch(new RegExp(`^${shop.soapSku}-261005-\\d{2}$`));
    expect(soapLot.expiresAt?.toISOString().slice(0, 10)).toBe("2027-06-30");
    expect(soapLot.serialNumbers.map((serial) => serial.serial).sort()).toEqual(["S-1", "S-2", "S-3"]);
    expect(soapLot.events).toMatchObject([{ type: "received", quantity: 3, reference: { importId, line: 2 } }]);
    expect(candleLot.events[0].reference).toMatchObject({ importId, line: 4, supplierName: "Meadow Wax" });

    // Opening balances are stock Shopify already counts: no receipt, no inventory change.
    expect(await db().receipt.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect(shopifyOnHand(shop.domain, shop.soap.inventoryItemId, shop.workshop.id)).toBe(40);
    expect(shopifyOnHand(shop.domain, shop.candle.inventoryItemId, shop.workshop.id)).toBe(5);
    // The lots now explain stock that was unassigned (never below zero).
    const unassigned = await db().unassignedStock.findMany({
      where: { shopId: shop.shopId },
      orderBy: { quantity: "asc" },
    });
    expect(unassigned.map((row) => row.quantity)).toEqual([0, 3]);
  });

  it("imports nothing twice when the job runs again, even at the same time", async () => {
    const shop = await shopWithLotline(db());
    const importId = await checked(shop, [
      { sku: shop.soapSku, location: "Workshop", quantity: 2 },
      { sku: shop.candleSku, location: "Workshop", quantity: 2, serials: "C-1|C-2" },
    ]);
    await startImport(shop.domain, importId);

    const [first, second] = await Promise.all([runJob(shop, importId), runJob(shop, importId)]);
    const again = await runJob(shop, importId);

    expect([first.status, second.status, again.status]).toEqual(["completed", "completed", "completed"]);
    expect([first, second].filter((result) => "alreadyDone" in result && result.alreadyDone)).toHaveLength(1);
    expect(again).toMatchObject({ alreadyDone: true });
    expect(await importedRows(db(), shop.shopId)).toMatchObject({ lots: 2, serialNumbers: 2, lotEvents: 2 });
  });

  it("imports 10,000 rows in one job, with progress visible while it runs", async () => {
    const skus = Array.from({ length: 8 }, (_, i) => `BULK-${i}`);
    const shop = await shopWithLotline(db(), { extraSkus: skus });
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      sku: skus[i % skus.length],
      location: i % 2 ? "Workshop" : "Market Stall",
      lot_code: `OB-${String(i).padStart(5, "0")}`,
      supplier_lot: `SUP-${i}`,
      quantity: 2,
      expires_on: "2027-12-31",
      received_on: "2026-09-01",
      serials: i % 10 === 0 ? `SN-${i}-A|SN-${i}-B` : "",
    }));
    const importId = await checked(shop, rows);
    expect((await importPage(shop.domain, importId)).data?.lotImport).toMatchObject({
      totalRows: 10_000,
      validRows: 10_000,
      errorCount: 0,
    });
    await startImport(shop.domain, importId);

    // The page polls the import while the job runs; so does this test.
    const seen: number[] = [];
    let running = true;
    const job = runJob(shop, importId, 250).finally(() => {
      running = false;
    });
    while (running) {
      const row = await db().lotImport.findUniqueOrThrow({
        where: { id: importId },
        select: { processedRows: true, status: true },
      });
      if (row.status === "importing") seen.push(row.processedRows);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const result = await job;

    expect(result).toMatchObject({ status: "completed", imported: 10_000, skipped: 0 });
    expect(seen.some((processed) => processed > 0 && processed < 10_000)).toBe(true);
    // Progress only moves forward.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect((await importPage(shop.domain, importId)).data?.lotImport).toMatchObject({
      status: "completed",
      processedRows: 10_000,
    });
    expect(await importedRows(db(), shop.shopId)).toMatchObject({
      lots: 10_000,
      lotEvents: 10_000,
      serialNumbers: 2_000,
    });
    const totals = await db().lot.aggregate({ where: { shopId: shop.shopId }, _sum: { onHandQuantity: true } });
    expect(totals._sum.onHandQuantity).toBe(20_000);
  }, 180_000);
});
