// The dry run of a lot import through the Import lots page, against the simulated store and a
// real database: every problem is named by spreadsheet line and column, nothing but the check
// is stored, a file that cannot be read is refused outright, the template's example row passes,
// and no shop can see or run another shop's import.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { importLots } from "../../app/imports/import-lots.server";
import { TEMPLATE_EXAMPLE_SKU } from "../../app/imports/lot-import-template";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import {
  downloadTemplate,
  existingLot,
  importedRows,
  importPage,
  lotsCsv,
  shopWithLotline,
  startImport,
  uploadCsv,
} from "../support/import-factories";
import { setUpInProcessShopify } from "../support/in-process-shopify";

setUpInProcessShopify();

describe("checking a file of lots (dry run)", () => {
  it("lists every bad value by line and column, counts the valid rows, and writes no lots", async () => {
    const shop = await shopWithLotline(db());
    await existingLot(db(), shop, { code: "TAKEN-1", serials: ["SN-OLD"] });
    const before = await importedRows(db(), shop.shopId);
    const good = { sku: shop.soapSku, location: "Workshop", quantity: 1 };

    const { response, importId } = await uploadCsv(
      shop.domain,
      lotsCsv([
        { ...good, sku: "NO-SUCH-SKU" }, // 2
        { ...good, location: "Attic" }, // 3
        { ...good, expires_on: "2027-13-01" }, // 4
        { ...good, produced_on: "2026-10-01", expires_on: "2026-09-30" }, // 5
        { ...good, quantity: 0 }, // 6
        { ...good, quantity: -5 }, // 7
        { ...good, lot_code: "DUP-1" }, // 8
        { ...good, lot_code: "DUP-1" }, // 9
        { ...good, lot_code: "TAKEN-1" }, // 10
        { ...good, gtin: "4006381333932" }, // 11: the last digit should be 1
        { ...good, quantity: 3, serials: "SN-1|SN-2" }, // 12
        { ...good, serials: "SN-OLD" }, // 13
        { ...good, serials: "SN-9" }, // 14
        { ...good, serials: "SN-9" }, // 15
        { ...good, sku: shop.candleSku, location: "Market Stall", lot_code: "CAN-OK" }, // 16
      ]),
    );

    expect(response.status).toBe(302);
    const page = await importPage(shop.domain, importId!);
    expect(page.data?.lotImport).toMatchObject({
      status: "validated",
      totalRows: 15,
      validRows: 3,
      invalidRows: 12,
      processedRows: 0,
    });
    expect(page.data?.lotImport.errors.map((error) => [error.line, error.column])).toEqual([
      [2, "sku"],
      [3, "location"],
      [4, "expires_on"],
      [5, "expires_on"],
      [6, "quantity"],
      [7, "quantity"],
      [9, "lot_code"],
      [10, "lot_code"],
      [11, "gtin"],
      [12, "serials"],
      [13, "serials"],
      [15, "serials"],
    ]);
    const message = (line: number) => page.data?.lotImport.errors.find((error) => error.line === line)?.message;
    expect(message(2)).toBe('No product variant in your shop has the SKU "NO-SUCH-SKU"');
    expect(message(3)).toContain("use one of: Market Stall, Workshop");
    expect(message(9)).toContain("also on line 8");
    expect(message(10)).toBe('Lot code "TAKEN-1" already exists in your shop; use another code');
    expect(message(12)).toContain("3 units but 2 serial numbers");
    expect(message(13)).toContain('"SN-OLD" already exists for this product (lot TAKEN-1)');
    expect(message(15)).toContain("also on line 14");

    // A dry run is only a check: no lot, serial, ledger row, receipt or sequence number.
    expect(await importedRows(db(), shop.shopId)).toEqual(before);
  });

  it("refuses a file it cannot read with a message naming the fix, and stores nothing", async () => {
    const shop = await shopWithLotline(db());

    const unknownColumn = await uploadCsv(shop.domain, "sku,location,qty\nSOAP,Workshop,1\n");
    expect(unknownColumn.response.status).toBe(422);
    const body = (await unknownColumn.response.json()) as { message: string };
    expect(body.message).toContain('"qty"');
    expect(body.message).toContain("Nothing was imported");

    const tooLarge = await uploadCsv(shop.domain, new Uint8Array(5 * 1024 * 1024 + 10).fill(0x41));
    expect(tooLarge.response.status).toBe(413);
    expect(((await tooLarge.response.json()) as { message: string }).message).toContain("larger than 5 MB");

    const empty = await uploadCsv(shop.domain, "");
    expect(empty.response.status).toBe(400);

    expect(await db().lotImport.count({ where: { shopId: shop.shopId } })).toBe(0);
  });

  it("reads a semicolon file from European Excel with a BOM, CRLF and day-first dotted dates", async () => {
    const shop = await shopWithLotline(db());
    const content = `\uFEFF${lotsCsv(
      [
        {
          sku: shop.soapSku,
          location: "workshop",
          quantity: 4,
          expires_on: "31.12.2027",
          supplier: "Öl & Söhne; GmbH",
        },
      ],
      ";",
    )}\r\n\r\n`;

    const { importId } = await uploadCsv(shop.domain, content);

    const page = await importPage(shop.domain, importId!);
    expect(page.data?.lotImport).toMatchObject({ status: "validated", totalRows: 1, validRows: 1, errorCount: 0 });
  });

  it("gives a template whose example row imports cleanly for a shop with that SKU", async () => {
    const shop = await shopWithLotline(db(), { extraSkus: [TEMPLATE_EXAMPLE_SKU] });

    const template = await downloadTemplate(shop.domain);
    expect(template.status).toBe(200);
    expect(template.headers.get("Content-Type")).toContain("text/csv");
    expect(template.headers.get("Content-Disposition")).toMatch(/^attachment; filename="[^"]+\.csv"$/);

    const { importId } = await uploadCsv(shop.domain, await template.text(), "lotline-lots-template.csv");
    const checked = await importPage(shop.domain, importId!);
    expect(checked.data?.lotImport).toMatchObject({ totalRows: 1, validRows: 1, errorCount: 0 });

    expect((await startImport(shop.domain, importId!)).status).toBe(302);
    await importLots(db(), { shopId: shop.shopId, importId: importId! }, { adminGraphql: offlineAdminGraphql });

    const lot = await db().lot.findFirstOrThrow({ where: { shopId: shop.shopId }, include: { serialNumbers: true } });
    expect(lot).toMatchObject({
      code: "LAV-2610-01",
      sku: TEMPLATE_EXAMPLE_SKU,
      receivedQuantity: 3,
      onHandQuantity: 3,
    });
    expect(lot.serialNumbers.map((serial) => serial.serial).sort()).toEqual(["LAV-0001", "LAV-0002", "LAV-0003"]);
  });

  it("lets no other shop see or run an import", async () => {
    const owner = await shopWithLotline(db());
    const other = await shopWithLotline(db());
    const { importId } = await uploadCsv(
      owner.domain,
      lotsCsv([{ sku: owner.soapSku, location: "Workshop", quantity: 2 }]),
    );

    expect((await importPage(other.domain, importId!)).status).toBe(404);
    const start = await startImport(other.domain, importId!);
    expect(start.status).toBe(404);
    await expect(
      importLots(db(), { shopId: other.shopId, importId: importId! }, { adminGraphql: offlineAdminGraphql }),
    ).rejects.toThrow(/does not exist/);

    expect((await importPage(owner.domain, importId!)).data?.lotImport.status).toBe("validated");
    expect(await db().lot.count({ where: { shopId: { in: [owner.shopId, other.shopId] } } })).toBe(0);
  });
});
