// Lots, read side: every query is scoped by shop; available stock is derived, never stored.

import type { Db, Prisma } from "../db.server";
import { availableQuantity } from "../domain/receiving";
import type { LotStatus } from "../generated/prisma/client.ts";
import { AppError } from "../utils/errors";

type Reader = Db | Prisma.TransactionClient;

export function withAvailable<L extends { onHandQuantity: number; allocatedQuantity: number }>(lot: L) {
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
