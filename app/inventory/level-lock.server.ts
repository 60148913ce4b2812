// One inventory level (shop × item × location) changes under one transaction-scoped lock, so a
// reconciliation and an assignment never interleave on its unassigned count.
import type { Prisma } from "../db.server";

export async function lockInventoryLevel(
  tx: Prisma.TransactionClient,
  level: { shopId: string; inventoryItemId: string; locationId: string },
): Promise<void> {
  const key = `${level.shopId}|${level.inventoryItemId}|${level.locationId}`;
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${key}))`;
}
