// Retailer and wholesale files: for a B2B company, a customer tag or one customer, every lot and
// serial shipped to them in a date range with order number, date and quantity — each shipment
// once, nothing of other customers or other shops.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { requestExport } from "../../app/exports/exports.server";
import { RETAILER_COLUMNS } from "../../app/exports/retailer-export.server";
import { runExport } from "../../app/exports/run-export.server";
import { parseCsv } from "../support/csv-rows";
import { seedExportShop } from "../support/export-factories";
import { createShop } from "../support/factories";
import { receiveLot, shipOrder } from "../support/trace-factories";

let dataDir: string;
const noQueue = { enqueue: async () => undefined };
const col = (header: string) => RETAILER_COLUMNS.findIndex((c) => c.header === header);
const ORDER = col("Order");
const LOT = col("Lot code");
const QTY = col("Quantity");
const SERIALS = col("Serial numbers");
const COMPANY = col("Company");

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "lotline-retailer-"));
});

beforeEach(async () => {
  await db().shop.deleteMany();
});

async function exportRetailer(shopId: string, parameters: Record<string, unknown>, format: "csv" | "xlsx" = "csv") {
  const job = await requestExport(db(), { shopId, kind: "retailer", format, parameters, actor: "user:1" }, noQueue);
  await runExport(db(), { shopId, exportJobId: job.id }, { dataDir });
  const done = await db().exportJob.findUniqueOrThrow({ where: { id: job.id } });
  expect(done.status).toBe("completed");
  return { job: done, file: path.join(dataDir, "exports", done.storagePath!) };
}

async function csvRows(file: string) {
  const [header, ...rows] = parseCsv(await readFile(file, "utf8"));
  return { header, rows };
}

async function shippedUnitsByOrder(shopId: string, orderNames: string[]) {
  const events = await db().lotEvent.findMany({
    where: { shopId, type: "shipped", orderLine: { order: { name: { in: orderNames } } } },
    include: { orderLine: { select: { order: { select: { name: true } } } } },
  });
  const totals = new Map<string, number>();
  for (const e of events) totals.set(e.orderLine!.order.name, (totals.get(e.orderLine!.order.name) ?? 0) + -e.quantity);
  return { events, totals };
}

describe("the retailer file", () => {
  it("lists each shipment to a customer tag once with order number and the ledger's quantities", async () => {
    const seeded = await seedExportShop(db());
    await db().orderRef.updateMany({
      where: { shopId: seeded.shop.id, name: { in: ["#E1", "#E3"] } },
      data: { customerTags: ["wholesale", "north"] },
    });
    const { file } = await exportRetailer(seeded.shop.id, { customerTag: "wholesale" });
    const { header, rows } = await csvRows(file);

    expect(header).toEqual(RETAILER_COLUMNS.map((c) => c.header));
    const { events, totals } = await shippedUnitsByOrder(seeded.shop.id, ["#E1", "#E3"]);
    expect(rows).toHaveLength(events.length);
    expect(new Set(rows.map((row) => row[ORDER]))).toEqual(new Set(["#E1", "#E3"]));
    const fileTotals = new Map<string, number>();
    for (const row of rows) fileTotals.set(row[ORDER], (fileTotals.get(row[ORDER]) ?? 0) + Number(row[QTY]));
    expect(fileTotals).toEqual(totals);
  });

  it("finds a B2B company's shipments whatever the case typed, as a spreadsheet", async () => {
    const seeded = await seedExportShop(db());
    const { file } = await exportRetailer(seeded.shop.id, { companyName: "corner deli ltd" }, "xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe("Order");
    expect(sheet.rowCount).toBe(2);
    const row = sheet.getRow(2);
    expect(row.getCell(ORDER + 1).value).toBe("#E4");
    expect(row.getCell(COMPANY + 1).value).toBe("Corner Deli Ltd");
    expect(row.getCell(LOT + 1).value).toBe(seeded.candle.lotCodes[0]);
    expect(row.getCell(QTY + 1).value).toBe(1);
    expect(row.getCell(col("Shipped") + 1).value).toBeInstanceOf(Date);
  });

  it("lists a line's serial numbers once, even when it shipped in two parts", async () => {
    const shop = await createShop(db());
    const { lot } = await receiveLot(db(), shop.id, {
      code: "ROSE-01",
      quantity: 5,
      serials: ["RS-1", "RS-2", "RS-3"],
    });
    const { lines } = await shipOrder(db(), shop.id, {
      name: "#2001",
      customerName: "Shop Buyer",
      email: "buyer@retailer.example",
      customerTags: ["retail-partner"],
      shippedAt: new Date("2026-11-04T10:00:00Z"),
      lines: [{ lotId: lot.id, quantity: 2, shelfSerials: ["RS-1", "RS-2"] }],
    });
    // A second fulfilment of the same line a day later.
    await db().lotEvent.create({
      data: {
        shopId: shop.id,
        lotId: lot.id,
        type: "shipped",
        quantity: -1,
        occurredAt: new Date("2026-11-05T10:00:00Z"),
        orderLineId: lines[0].id,
      },
    });
    await db().serialNumber.updateMany({
      where: { shopId: shop.id, serial: "RS-3" },
      data: { orderLineId: lines[0].id, status: "shipped" },
    });

    const { rows } = await csvRows((await exportRetailer(shop.id, { customer: "BUYER@retailer.example" })).file);
    expect(rows.map((row) => [row[ORDER], row[LOT], row[QTY], row[SERIALS]])).toEqual([
      ["#2001", "ROSE-01", "2", "RS-1; RS-2; RS-3"],
      ["#2001", "ROSE-01", "1", ""],
    ]);
  });

  it("keeps to the date range and to the shop asking", async () => {
    const seeded = await seedExportShop(db());
    const other = await seedExportShop(db());
    for (const shopId of [seeded.shop.id, other.shop.id]) {
      await db().orderRef.updateMany({ where: { shopId }, data: { customerTags: ["wholesale"] } });
    }
    const { file, job } = await exportRetailer(seeded.shop.id, {
      customerTag: "wholesale",
      from: "2026-11-10",
      to: "2026-11-30",
    });
    const { rows } = await csvRows(file);
    // #E2 and #E3 on 12 November, #E4 on 20 November; #E1 shipped on 5 November.
    const { events } = await shippedUnitsByOrder(seeded.shop.id, ["#E2", "#E3", "#E4"]);
    expect(rows).toHaveLength(events.length);
    expect(new Set(rows.map((row) => row[ORDER]))).toEqual(new Set(["#E2", "#E3", "#E4"]));
    expect(job.processedRows).toBe(events.length);
  });

  it("says so when nothing shipped to that tag", async () => {
    const seeded = await seedExportShop(db());
    const { job, file } = await exportRetailer(seeded.shop.id, { customerTag: "no-such-tag" });
    expect((await csvRows(file)).rows).toEqual([]);
    expect((job.warnings as { code: string }[]).map((w) => w.code)).toEqual(["NO_SHIPMENTS"]);
  });
});
