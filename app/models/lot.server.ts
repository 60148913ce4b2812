// Lots, read side: every query is scoped by shop; available stock is derived, never stored.

import type { Db, Prisma } from "../db.server";
import { availableQuantity } from "../domain/receiving";
import type { LotStatus } from "../generated/prisma/client.ts";
import { AppError } from "../utils/errors";

type Reader = Db | Prisma.TransactionClient;

export function withAvailable<
  L extends { onHandQuantity: number; allocatedQuantity: number; quarantinedQuantity?: number },
>(lot: L) {
  return { ...lot, availableQuantity: availableQuantity(lot) };
}

export async function listLots(
  db: Reader,
  shopId: string,
  filter: { status?: LotStatus; variantId?: string; locationId?: string; take?: number } = {},
) {
  const lots = await db.lot.findMany({
    where: { shopId, status: filter.status, variantId: filter.variantId, locationId: filter.locationId },
    orderBy: [{ receivedAt: "desc" }, { code: "asc" }],
    take: Math.min(filter.take ?? 100, 500),
  });
  return lots.map(withAvailable);
}

export interface LotSearch {
  /** Part of a lot code or supplier lot code, or the start of a serial number (any case). */
  text?: string | null;
  /** What a scanned label identifies: all given parts must match. */
  scan?: { lot?: string; serial?: string; gtins?: string[] } | null;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export const LOT_PAGE_SIZE = 25;

/** One page of the shop's lots, newest first, optionally narrowed by a search or a scanned label. */
export async function searchLots(db: Reader, shopId: string, search: LotSearch = {}) {
  const pageSize = Math.min(Math.max(search.pageSize ?? LOT_PAGE_SIZE, 1), 100);
  const page = Math.max(Math.floor(search.page ?? 1), 1);
  const conditions: Prisma.LotWhereInput[] = [];
  const text = search.text?.trim();
  if (text) {
    conditions.push({
      OR: [
        { code: { contains: text, mode: "insensitive" } },
        { supplierLotCode: { contains: text, mode: "insensitive" } },
        { serialNumbers: { some: { serial: { startsWith: text, mode: "insensitive" } } } },
      ],
    });
  }
  const scan = search.scan;
  if (scan?.lot) conditions.push({ OR: [{ code: scan.lot }, { supplierLotCode: scan.lot }] });
  if (scan?.serial) conditions.push({ serialNumbers: { some: { serial: scan.serial } } });
  if (scan?.gtins?.length) {
    // With a lot or serial, the GTIN only rules out other products' lots; a lot without a GTIN stays in.
    const byGtin: Prisma.LotWhereInput = { gtin: { in: scan.gtins } };
    conditions.push(scan.lot || scan.serial ? { OR: [byGtin, { gtin: null }] } : byGtin);
  }
  const rows = await db.lot.findMany({
    where: { shopId, AND: conditions },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize + 1,
  });
  return { lots: rows.slice(0, pageSize).map(withAvailable), page, hasNextPage: rows.length > pageSize };
}

/** One lot of the shop, with its serial numbers and ledger; NOT_FOUND for another shop's lot. */
export async function retrieveLot(db: Reader, shopId: string, lotId: string) {
  const lot = await db.lot.findFirst({
    where: { id: lotId, shopId },
    include: {
      serialNumbers: { orderBy: { serial: "asc" } },
      events: { orderBy: [{ occurredAt: "asc" }, { id: "asc" }] },
    },
  });
  if (!lot) throw new AppError("NOT_FOUND", "This lot does not exist in your shop.");
  return withAvailable(lot);
}

export async function retrieveLotByCode(db: Reader, shopId: string, code: string) {
  const lot = await db.lot.findUnique({ where: { shopId_code: { shopId, code } } });
  if (!lot) throw new AppError("NOT_FOUND", `There is no lot ${code} in your shop.`);
  return withAvailable(lot);
}

/** The ledger of one lot, oldest first. */
export async function listLotEvents(db: Reader, shopId: string, lotId: string) {
  return db.lotEvent.findMany({
    where: { shopId, lotId },
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
  });
}
