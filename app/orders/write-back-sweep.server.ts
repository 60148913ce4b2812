// The safety net behind `enqueueOrderWriteBack`: orders whose allocations changed more than a
// minute ago but whose newest version is not in Shopify yet (the enqueue was lost while Redis was
// down, say) are queued again. Orders whose write-back failed visibly are left to the merchant.
import type { Db } from "../db.server";
import type { PendingWriteBack } from "./write-back-queue.server";

const BATCH = 1_000;

export async function requeueStaleOrderWriteBacks(
  db: Db,
  enqueue: (pending: PendingWriteBack) => Promise<unknown>,
  olderThan: Date,
): Promise<number> {
  const stale = await db.orderRef.findMany({
    where: {
      writtenBackVersion: { lt: db.orderRef.fields.writeBackVersion },
      writeBackError: null,
      updatedAt: { lt: olderThan },
      shop: { uninstalledAt: null },
    },
    select: { id: true, shopId: true, writeBackVersion: true },
    orderBy: { updatedAt: "asc" },
    take: BATCH,
  });
  for (const order of stale) {
    await enqueue({ shopId: order.shopId, orderRefId: order.id, version: order.writeBackVersion });
  }
  return stale.length;
}
