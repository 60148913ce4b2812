// Retailer and wholesale files: for one customer, B2B company or customer tag, every lot (and
// serial) shipped to them in a date range, with order number, date and quantity — what a
// retailer's quality team asks a maker for. One row per shipment of a lot on an order line; a
// line's serial numbers are listed once, on its first shipment from that lot.
import type { Db } from "../db.server";
import { Prisma } from "../generated/prisma/client.ts";
import { AppError } from "../utils/errors";
import { eachRow, mapRows, readInBatches } from "./db-batches.server";
import { EXPORT_KINDS } from "./export-request";
import type { ExportWriter } from "./export-writer";
import { type CellValue, type ColumnSpec, writeTableFile } from "./table-file.server";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetailerFilters {
  from?: string;
  to?: string;
  customerTag?: string;
  companyName?: string;
  /** A customer's email or name (exact, any case). */
  customer?: string;
}

export const RETAILER_COLUMNS: ColumnSpec[] = [
  { header: "Order", type: "string" },
  { header: "Order date", type: "date" },
  { header: "Shipped", type: "datetime", width: 20 },
  { header: "Customer", type: "string", width: 24 },
  { header: "Company", type: "string", width: 24 },
  { header: "Customer tags", type: "string" },
  { header: "Product", type: "string", width: 30 },
  { header: "SKU", type: "string" },
  { header: "GTIN", type: "string", width: 16 },
  { header: "Lot code", type: "string", width: 18 },
  { header: "Supplier lot code", type: "string", width: 18 },
  { header: "Expiry date", type: "date" },
  { header: "Quantity", type: "number" },
  { header: "Serial numbers", type: "string", width: 30 },
];

export interface RetailerRow {
  id: string;
  occurredAt: Date;
  quantity: number;
  orderName: string;
  processedAt: Date;
  customerName: string | null;
  customerEmail: string | null;
  companyName: string | null;
  customerTags: string[];
  productTitle: string;
  sku: string | null;
  gtin: string | null;
  lotCode: string;
  supplierLotCode: string | null;
  expiresAt: Date | null;
  serials: string | null;
}

export function retailerWhere(shopId: string, filters: RetailerFilters): Prisma.Sql {
  const conditions = [Prisma.sql`e."shopId" = ${shopId}::uuid`, Prisma.sql`e.type = 'shipped'`];
  if (filters.from) conditions.push(Prisma.sql`e."occurredAt" >= ${new Date(`${filters.from}T00:00:00.000Z`)}`);
  if (filters.to) {
    conditions.push(Prisma.sql`e."occurredAt" < ${new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + DAY_MS)}`);
  }
  if (filters.customerTag) conditions.push(Prisma.sql`${filters.customerTag} = ANY(o."customerTags")`);
  if (filters.companyName) conditions.push(Prisma.sql`lower(o."companyName") = lower(${filters.companyName})`);
  if (filters.customer) {
    conditions.push(
      Prisma.sql`(lower(o."customerEmail") = lower(${filters.customer}) OR lower(o."customerName") = lower(${filters.customer}))`,
    );
  }
  return Prisma.join(conditions, " AND ");
}

export function readRetailerRows(db: Db, shopId: string, filters: RetailerFilters, batchSize?: number) {
  const where = retailerWhere(shopId, filters);
  return readInBatches<RetailerRow, { occurredAt: Date; id: string }>(
    (after, limit) =>
      db.$queryRaw<RetailerRow[]>`
        SELECT e.id, e."occurredAt", -e.quantity AS quantity,
          o.name AS "orderName", o."processedAt", o."customerName", o."customerEmail", o."companyName", o."customerTags",
          l."productTitle", COALESCE(ol.sku, l.sku) AS sku, l.gtin, l.code AS "lotCode", l."supplierLotCode", l."expiresAt",
          CASE WHEN NOT EXISTS (
            SELECT 1 FROM "LotEvent" p
            WHERE p."shopId" = e."shopId" AND p."orderLineId" = e."orderLineId" AND p."lotId" = e."lotId"
              AND p.type = 'shipped' AND (p."occurredAt", p.id) < (e."occurredAt", e.id)
          ) THEN (
            SELECT string_agg(s.serial, '; ' ORDER BY s.serial) FROM "SerialNumber" s
            WHERE s."shopId" = e."shopId" AND s."orderLineId" = e."orderLineId" AND s."lotId" = e."lotId"
          ) END AS serials
        FROM "LotEvent" e
        JOIN "Lot" l ON l.id = e."lotId" AND l."shopId" = e."shopId"
        JOIN "OrderLineRef" ol ON ol.id = e."orderLineId" AND ol."shopId" = e."shopId"
        JOIN "OrderRef" o ON o.id = ol."orderRefId" AND o."shopId" = e."shopId"
        WHERE ${where} ${after ? Prisma.sql`AND (e."occurredAt", e.id) > (${after.occurredAt}, ${after.id}::uuid)` : Prisma.empty}
        ORDER BY e."occurredAt", e.id
        LIMIT ${limit}`,
    (row) => ({ occurredAt: row.occurredAt, id: row.id }),
    batchSize,
  );
}

export function retailerCells(row: RetailerRow): CellValue[] {
  return [
    row.orderName,
    row.processedAt,
    row.occurredAt,
    row.customerName ?? row.customerEmail,
    row.companyName,
    row.customerTags.join(", ") || null,
    row.productTitle,
    row.sku,
    row.gtin,
    row.lotCode,
    row.supplierLotCode,
    row.expiresAt,
    row.quantity,
    row.serials,
  ];
}

export const writeRetailerExport: ExportWriter = async (run) => {
  if (run.format !== "csv" && run.format !== "xlsx") {
    throw new AppError("INVALID_DATA", "The retailer file is made as CSV or XLSX");
  }
  const filters = EXPORT_KINDS.retailer.parameters.parse(run.parameters) as RetailerFilters;
  const [{ count: total }] = await run.db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "LotEvent" e
    JOIN "OrderLineRef" ol ON ol.id = e."orderLineId" AND ol."shopId" = e."shopId"
    JOIN "OrderRef" o ON o.id = ol."orderRefId" AND o."shopId" = e."shopId"
    WHERE ${retailerWhere(run.shopId, filters)}`;
  await run.progress(0, total);
  if (total === 0) {
    run.warn({
      code: "NO_SHIPMENTS",
      message:
        "Nothing matching this customer, company or tag shipped in these dates; check the spelling of the tag or company.",
    });
  }
  const rows = mapRows(eachRow(readRetailerRows(run.db, run.shopId, filters)), retailerCells);
  return writeTableFile(run.format, run.out, RETAILER_COLUMNS, rows, {
    sheetName: "Shipments",
    onRow: (n) => run.progress(n, total),
  });
};
