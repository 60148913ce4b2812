// The FSMA 204 export: ledger rows (received, shipped, returned) of one shop, filtered by date,
// lot code range and product, streamed through COPY from a PostgreSQL server (keyset batches on
// embedded PGlite) and written as CSV or XLSX.
import type { Db } from "../db.server";
import { env } from "../env.server";
import { Prisma } from "../generated/prisma/client.ts";
import { AppError } from "../utils/errors";
import { copyRows, eachRow, mapRows, readInBatches } from "./db-batches.server";
import { type Fsma204Parameters, fsma204Parameters } from "./export-request";
import type { ExportWriter } from "./export-writer";
import { FSMA204_COLUMNS, type Fsma204LedgerRow, Fsma204RowBuilder } from "./fsma204-rows";
import { writeTableFile } from "./table-file.server";
import { describeLocations } from "./trace-details.server";

const DAY_MS = 24 * 60 * 60 * 1000;

function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/** The WHERE clause every FSMA query shares: the shop first, always. */
export function fsma204Where(shopId: string, filters: Partial<Fsma204Parameters>): Prisma.Sql {
  const conditions = [
    Prisma.sql`e."shopId" = ${shopId}::uuid`,
    Prisma.sql`e.type IN ('received', 'shipped', 'returned')`,
  ];
  if (filters.from) conditions.push(Prisma.sql`e."occurredAt" >= ${dayStart(filters.from)}`);
  if (filters.to) conditions.push(Prisma.sql`e."occurredAt" < ${new Date(dayStart(filters.to).getTime() + DAY_MS)}`);
  // Byte order, so "the lot codes between A and B" means the same thing in every database locale.
  if (filters.lotFrom) conditions.push(Prisma.sql`l.code COLLATE "C" >= ${filters.lotFrom}`);
  if (filters.lotTo) conditions.push(Prisma.sql`l.code COLLATE "C" <= ${filters.lotTo}`);
  if (filters.productId) conditions.push(Prisma.sql`l."productId" = ${filters.productId}`);
  return Prisma.join(conditions, " AND ");
}

/**
 * The rows' SELECT list, shared with the benchmark's COPY floor so both read the same data. The
 * shipping address is flattened here, not in JavaScript: one string per row instead of a parsed
 * JSON object, and the ledger's reference JSON is only read where it names the supplier.
 */
export const FSMA204_SELECT = Prisma.sql`
  e.id, e.type::text AS type, e.quantity, e."occurredAt",
  CASE WHEN e.type = 'received' AND e."receiptId" IS NULL THEN e.reference END AS reference,
  l.code AS "lotCode", l."productTitle", l.sku, l.gtin, l."supplierLotCode", l."locationId" AS "lotLocationId",
  e."receiptId", r."supplierName" AS "receiptSupplierName", r."referenceType" AS "receiptReferenceType",
  r."referenceNumber" AS "receiptReferenceNumber", r."locationId" AS "receiptLocationId",
  o.name AS "orderName", o."customerName", o."companyName",
  NULLIF(concat_ws(', ',
    NULLIF(o."shippingAddress"->>'address1', ''), NULLIF(o."shippingAddress"->>'address2', ''),
    NULLIF(o."shippingAddress"->>'city', ''),
    COALESCE(NULLIF(o."shippingAddress"->>'provinceCode', ''), NULLIF(o."shippingAddress"->>'province', '')),
    NULLIF(o."shippingAddress"->>'zip', ''),
    COALESCE(NULLIF(o."shippingAddress"->>'countryCodeV2', ''), NULLIF(o."shippingAddress"->>'countryCode', ''),
             NULLIF(o."shippingAddress"->>'country', ''))
  ), '') AS "recipientAddress",
  NULLIF(o."shippingAddress"->>'phone', '') AS "recipientPhone",
  o."redactedAt"`;

export const FSMA204_FROM = Prisma.sql`
  FROM "LotEvent" e
  JOIN "Lot" l ON l.id = e."lotId" AND l."shopId" = e."shopId"
  LEFT JOIN "Receipt" r ON r.id = e."receiptId" AND r."shopId" = e."shopId"
  LEFT JOIN "OrderLineRef" ol ON ol.id = e."orderLineId" AND ol."shopId" = e."shopId"
  LEFT JOIN "OrderRef" o ON o.id = ol."orderRefId" AND o."shopId" = e."shopId"`;

type Key = { occurredAt: Date; id: string };

export function readFsma204Rows(
  db: Db,
  shopId: string,
  filters: Partial<Fsma204Parameters>,
  batchSize?: number,
): AsyncGenerator<Fsma204LedgerRow[]> {
  const where = fsma204Where(shopId, filters);
  return readInBatches<Fsma204LedgerRow, Key>(
    (after, limit) =>
      db.$queryRaw<Fsma204LedgerRow[]>`
        SELECT ${FSMA204_SELECT} ${FSMA204_FROM}
        WHERE ${where} ${after ? Prisma.sql`AND (e."occurredAt", e.id) > (${after.occurredAt}, ${after.id}::uuid)` : Prisma.empty}
        ORDER BY e."occurredAt", e.id
        LIMIT ${limit}`,
    (row) => ({ occurredAt: row.occurredAt, id: row.id }),
    batchSize,
  );
}

function timestamp(text: string): Date {
  return new Date(`${text.replace(" ", "T")}Z`);
}

/** COPY text fields, in FSMA204_SELECT's order, as the row the builder takes. */
function ledgerRowFromText(f: (string | null)[]): Fsma204LedgerRow {
  return {
    id: f[0] as string,
    type: f[1] as Fsma204LedgerRow["type"],
    quantity: Number(f[2]),
    occurredAt: timestamp(f[3] as string),
    reference: f[4] === null ? null : JSON.parse(f[4]),
    lotCode: f[5] as string,
    productTitle: f[6] as string,
    sku: f[7],
    gtin: f[8],
    supplierLotCode: f[9],
    lotLocationId: f[10] as string,
    receiptId: f[11],
    receiptSupplierName: f[12],
    receiptReferenceType: f[13],
    receiptReferenceNumber: f[14],
    receiptLocationId: f[15],
    orderName: f[16],
    customerName: f[17],
    companyName: f[18],
    recipientAddress: f[19],
    recipientPhone: f[20],
    redactedAt: f[21] === null ? null : timestamp(f[21]),
  };
}

/** The same rows through one COPY on a connection of its own (a PostgreSQL server only). */
export async function* copyFsma204Rows(
  databaseUrl: string,
  shopId: string,
  filters: Partial<Fsma204Parameters>,
): AsyncGenerator<Fsma204LedgerRow[]> {
  const query = Prisma.sql`SELECT ${FSMA204_SELECT} ${FSMA204_FROM} WHERE ${fsma204Where(shopId, filters)}
    ORDER BY e."occurredAt", e.id`;
  for await (const batch of copyRows(databaseUrl, query)) yield batch.map(ledgerRowFromText);
}

export async function countFsma204Rows(db: Db, shopId: string, filters: Partial<Fsma204Parameters>): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count
    FROM "LotEvent" e JOIN "Lot" l ON l.id = e."lotId" AND l."shopId" = e."shopId"
    WHERE ${fsma204Where(shopId, filters)}`;
  return row.count;
}

export const writeFsma204: ExportWriter = async (run) => {
  if (run.format !== "csv" && run.format !== "xlsx") {
    throw new AppError("INVALID_DATA", "The FSMA 204 spreadsheet is made as CSV or XLSX");
  }
  const filters = fsma204Parameters.parse(run.parameters);
  // The count runs beside the export: the progress bar gets its total a moment later, and a
  // large export does not wait for a second pass over its rows before it starts.
  let total: number | undefined;
  const counting = countFsma204Rows(run.db, run.shopId, filters).then((count) => {
    total = count;
  });
  counting.catch(() => undefined);
  const described = await describeLocations(run.db, run.shopId);
  const builder = new Fsma204RowBuilder(described);
  // With a PostgreSQL server, COPY (several times faster); on embedded PGlite, keyset batches.
  const databaseUrl = env().DATABASE_URL;
  const batches = databaseUrl
    ? copyFsma204Rows(databaseUrl, run.shopId, filters)
    : readFsma204Rows(run.db, run.shopId, filters);
  const rows = mapRows(eachRow(batches), (row) => builder.build(row));
  const result = await writeTableFile(run.format, run.out, FSMA204_COLUMNS, rows, {
    bom: run.format === "csv" && filters.bom,
    sheetName: "FSMA 204",
    onRow: (n) => run.progress(n, total),
  });
  await counting;
  for (const warning of builder.gaps.warnings()) run.warn(warning);
  return result;
};
