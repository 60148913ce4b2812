// Row locks on lots. Every transaction that moves lot quantities locks the lots it may touch
// before reading their stock, always in id order, so two orders competing for the same lots
// queue behind each other instead of deadlocking or reading stock the other is taking.
import type { Prisma } from "../db.server";
import type { LotState } from "./lot-ledger.server";

export async function lockLots(tx: Prisma.TransactionClient, shopId: string, lotIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(lotIds)].sort();
  if (ids.length === 0) return;
  await tx.$queryRaw`SELECT id FROM "Lot" WHERE "shopId" = ${shopId}::uuid AND id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
}

/**
 * Locks the lots (id order) and returns them as the lock found them: FOR UPDATE waits for a
 * competing transaction and then reads its committed quantities, so one round trip does both.
 */
export async function lockAndReadLots(
  tx: Prisma.TransactionClient,
  shopId: string,
  lotIds: Iterable<string>,
): Promise<LotState[]> {
  const ids = [...new Set(lotIds)].sort();
  if (ids.length === 0) return [];
  return tx.$queryRaw<LotState[]>`
    SELECT id, code, "variantId", "productId", "inventoryItemId", "locationId", "expiresAt", "receivedAt",
           status::text AS status, "onHandQuantity", "allocatedQuantity", "quarantinedQuantity"
    FROM "Lot" WHERE "shopId" = ${shopId}::uuid AND id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
}
