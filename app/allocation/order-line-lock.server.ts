// Merchant actions on a line take the same lock order sync takes (the order row), so a sync and
// a manual change to the same order never interleave.
import type { Prisma } from "../db.server";
import { AppError } from "../utils/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from forms: anything that is not one of ours is "not found", never a database error. */
export function isRowId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

async function lockOrder(tx: Prisma.TransactionClient, shopId: string, orderRefId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "OrderRef" WHERE id = ${orderRefId}::uuid AND "shopId" = ${shopId}::uuid FOR UPDATE`;
}

/** The line with its order and allocations, read after locking the order (as order sync does). */
export async function lockedLine(tx: Prisma.TransactionClient, shopId: string, orderLineId: string) {
  if (!isRowId(orderLineId) || !isRowId(shopId)) {
    throw new AppError("NOT_FOUND", "This order line is not in your shop. Reload the order and try again.");
  }
  const found = await tx.orderLineRef.findFirst({ where: { id: orderLineId, shopId }, select: { orderRefId: true } });
  if (!found) throw new AppError("NOT_FOUND", "This order line is not in your shop. Reload the order and try again.");
  await lockOrder(tx, shopId, found.orderRefId);
  return tx.orderLineRef.findFirstOrThrow({
    where: { id: orderLineId, shopId },
    include: { order: true, allocations: { include: { lot: { select: { code: true } } } } },
  });
}
