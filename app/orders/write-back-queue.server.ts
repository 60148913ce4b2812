// The one way an allocation change reaches Shopify: bump the order's write-back version inside
// the transaction that changed it, then enqueue that version's job after the commit. A job for
// an older version still writes the current state, so a lost enqueue is healed by the next one
// (or by the write-back sweep, which finds versions not yet written).
import type { Prisma } from "../db.server";
import { enqueueMany } from "../jobs/queues.server";
import { logger } from "../utils/logger.server";

export interface PendingWriteBack {
  shopId: string;
  orderRefId: string;
  version: number;
}

/** Call inside the transaction that changed the order's allocations. */
export async function bumpWriteBackVersion(
  tx: Prisma.TransactionClient,
  shopId: string,
  orderRefId: string,
): Promise<PendingWriteBack> {
  const order = await tx.orderRef.update({
    where: { id: orderRefId, shopId },
    data: { writeBackVersion: { increment: 1 } },
    select: { writeBackVersion: true },
  });
  return { shopId, orderRefId, version: order.writeBackVersion };
}

/** Call after the commit. Never throws: if Redis is down, the write-back sweep enqueues it later. */
export async function enqueueOrderWriteBack(pending: PendingWriteBack): Promise<void> {
  await enqueueOrderWriteBacks([pending]);
}

/** Several orders' write-backs (a batch of new orders) in one round trip; never throws either. */
export async function enqueueOrderWriteBacks(pending: PendingWriteBack[]): Promise<void> {
  try {
    await enqueueMany("orders.write-back", pending);
  } catch (error) {
    logger.warn(
      { err: error, orderRefIds: pending.map((p) => p.orderRefId) },
      "order write-backs not queued; the sweep will queue them",
    );
  }
}
