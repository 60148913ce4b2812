// The EPCIS export: the shop's receiving, shipping and return ledger rows (filtered like the FSMA
// file, so both files describe the same events) streamed into one EPCIS 2.0 document. Events are
// written as they are read, so memory stays flat whatever the ledger's size.
import { once } from "node:events";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import type { Db } from "../../db.server";
import { Prisma } from "../../generated/prisma/client.ts";
import { calendarDate } from "../../utils/dates";
import { AppError } from "../../utils/errors";
import { readInBatches } from "../db-batches.server";
import { type LedgerFilters, ledgerFilters } from "../export-request";
import type { ExportWriter } from "../export-writer";
import { fsma204Where } from "../fsma204.server";
import { retrieveTraceDetails } from "../trace-details.server";
import {
  buildEpcisEvent,
  type EpcisLedgerRow,
  type EpcisSettings,
  EpcisWarnings,
  epcisDocumentFrame,
} from "./epcis-document";

const PROGRESS_EVERY = 1000;
// Events are gathered into chunks this big before a write: one write per event is slow.
const CHUNK_CHARS = 64 * 1024;

interface EpcisSqlRow {
  id: string;
  type: "received" | "shipped" | "returned";
  quantity: number;
  occurredAt: Date;
  lotCode: string;
  gtin: string | null;
  producedAt: Date | null;
  bestBefore: Date | null;
  expiresAt: Date | null;
  lotLocationId: string;
  supplierName: string | null;
  referenceType: string | null;
  referenceNumber: string | null;
  receiptLocationId: string | null;
  hasReceipt: boolean;
  reference: unknown;
  shopifyOrderId: string | null;
  orderName: string | null;
  lineLocationId: string | null;
}

function readEpcisRows(db: Db, shopId: string, filters: LedgerFilters) {
  const where = fsma204Where(shopId, { ...filters, bom: false });
  return readInBatches<EpcisSqlRow, { occurredAt: Date; id: string }>(
    (after, limit) =>
      db.$queryRaw<EpcisSqlRow[]>`
        SELECT e.id, e.type::text AS type, e.quantity, e."occurredAt", e.reference,
          l.code AS "lotCode", l.gtin, l."producedAt", l."bestBefore", l."expiresAt", l."locationId" AS "lotLocationId",
          r.id IS NOT NULL AS "hasReceipt", r."supplierName", r."referenceType", r."referenceNumber",
          r."locationId" AS "receiptLocationId",
          o."shopifyOrderId", o.name AS "orderName", ol."locationId" AS "lineLocationId"
        FROM "LotEvent" e
        JOIN "Lot" l ON l.id = e."lotId" AND l."shopId" = e."shopId"
        LEFT JOIN "Receipt" r ON r.id = e."receiptId" AND r."shopId" = e."shopId"
        LEFT JOIN "OrderLineRef" ol ON ol.id = e."orderLineId" AND ol."shopId" = e."shopId"
        LEFT JOIN "OrderRef" o ON o.id = ol."orderRefId" AND o."shopId" = e."shopId"
        WHERE ${where} ${after ? Prisma.sql`AND (e."occurredAt", e.id) > (${after.occurredAt}, ${after.id}::uuid)` : Prisma.empty}
        ORDER BY e."occurredAt", e.id
        LIMIT ${limit}`,
    (row) => ({ occurredAt: row.occurredAt, id: row.id }),
  );
}

function referenceText(reference: unknown, key: string): string | null {
  if (reference && typeof reference === "object" && key in reference) {
    const value = (reference as Record<string, unknown>)[key];
    return typeof value === "string" && value !== "" ? value : null;
  }
  return null;
}

export function toLedgerRow(row: EpcisSqlRow): EpcisLedgerRow {
  // Imported lots carry their supplier and document on the ledger row instead of a receipt.
  const receipt =
    row.type !== "received"
      ? null
      : row.hasReceipt
        ? { supplierName: row.supplierName, referenceType: row.referenceType, referenceNumber: row.referenceNumber }
        : {
            supplierName: referenceText(row.reference, "supplierName"),
            referenceType: referenceText(row.reference, "referenceType"),
            referenceNumber: referenceText(row.reference, "referenceNumber"),
          };
  return {
    id: row.id,
    type: row.type,
    quantity: row.quantity,
    occurredAt: row.occurredAt,
    lot: {
      code: row.lotCode,
      gtin: row.gtin,
      producedAt: calendarDate(row.producedAt),
      bestBefore: calendarDate(row.bestBefore),
      expiresAt: calendarDate(row.expiresAt),
    },
    locationId: row.receiptLocationId ?? row.lineLocationId ?? row.lotLocationId,
    receipt,
    order: row.shopifyOrderId && row.orderName ? { shopifyOrderId: row.shopifyOrderId, name: row.orderName } : null,
  };
}

/** The zone order sync cached for the shop (any age: a stale zone beats a call to Shopify here). */
async function cachedTimeZone(db: Db, shopId: string): Promise<string | null> {
  const row = await db.setting.findUnique({ where: { shopId_key: { shopId, key: "shopify.time-zone" } } });
  const value = (row?.value as { value?: unknown } | null)?.value;
  return typeof value === "string" && value !== "" ? value : null;
}

export async function loadEpcisSettings(
  db: Db,
  shopId: string,
): Promise<{ settings: EpcisSettings; zoneKnown: boolean }> {
  const [shop, details, timeZone] = await Promise.all([
    db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { domain: true } }),
    retrieveTraceDetails(db, shopId),
    cachedTimeZone(db, shopId),
  ]);
  const glns = (parties: Record<string, { gln?: string }>) =>
    Object.fromEntries(Object.entries(parties).map(([key, party]) => [key, party.gln]));
  return {
    settings: {
      shopDomain: shop.domain,
      timeZone: timeZone ?? "UTC",
      gs1CompanyPrefix: details.gs1CompanyPrefix,
      locationGlns: glns(details.locations),
      supplierGlns: glns(details.suppliers),
    },
    zoneKnown: timeZone !== null,
  };
}

async function write(out: Writable, chunk: string): Promise<void> {
  // Backpressure: wait for the file to catch up before producing more.
  if (!out.write(chunk)) await Promise.race([once(out, "drain"), once(out, "close")]);
}

/** Streams the EPCIS document for the shop's ledger rows that match `filters` into `out`, and ends it. */
export async function writeEpcisDocument(
  db: Db,
  input: { shopId: string; documentId: string; filters: LedgerFilters; out: Writable; now?: Date },
  hooks: {
    onRow?: (n: number) => Promise<void> | void;
    warn?: (warning: { code: string; message: string }) => void;
  } = {},
): Promise<{ rows: number }> {
  const { settings, zoneKnown } = await loadEpcisSettings(db, input.shopId);
  const warnings = new EpcisWarnings();
  if (!zoneKnown) {
    warnings.add("time-zone", {
      code: "TIME_ZONE_UNKNOWN",
      message:
        "Your shop's time zone is not known yet, so event time zone offsets are given as UTC; open Lotline once from the Shopify admin and export again.",
    });
  }
  const frame = epcisDocumentFrame({
    documentId: input.documentId,
    creationDate: input.now ?? new Date(),
    shopDomain: settings.shopDomain,
  });
  let chunk = frame.opening;
  let count = 0;
  for await (const batch of readEpcisRows(db, input.shopId, input.filters)) {
    for (const row of batch) {
      chunk += `${count > 0 ? "," : ""}${JSON.stringify(buildEpcisEvent(toLedgerRow(row), settings, warnings))}`;
      count++;
      if (chunk.length >= CHUNK_CHARS) {
        await write(input.out, chunk);
        chunk = "";
      }
      if (hooks.onRow && count % PROGRESS_EVERY === 0) await hooks.onRow(count);
    }
  }
  await write(input.out, chunk + frame.closing);
  input.out.end();
  await finished(input.out);
  if (hooks.onRow) await hooks.onRow(count);
  for (const warning of warnings.list()) hooks.warn?.(warning);
  return { rows: count };
}

export const writeEpcisExport: ExportWriter = async (run) => {
  if (run.format !== "json") throw new AppError("INVALID_DATA", "The EPCIS document is made as JSON (JSON-LD)");
  const filters = ledgerFilters.parse(run.parameters);
  await run.progress(0);
  return writeEpcisDocument(
    run.db,
    { shopId: run.shopId, documentId: run.exportJobId, filters, out: run.out },
    { onRow: (n) => run.progress(n), warn: run.warn },
  );
};
