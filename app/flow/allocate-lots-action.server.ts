// The "Allocate lots for order" Flow action: Flow names an order, Lotline re-reads it from Shopify
// and runs allocation again in the `orders.sync` job (reason "flow"), e.g. once stock arrived.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import { AppError } from "../utils/errors";

export type EnqueueOrderSync = (
  payload: JobPayload<"orders.sync">,
  options: { deduplication: { id: string; ttlMs: number } },
) => Promise<unknown>;

// Flow resends a run it did not see answered; the same run id within this window queues once.
const RUN_DEDUPLICATION_MS = 60 * 60 * 1000;

export async function requestOrderAllocation(
  db: Db,
  input: { shopDomain: string; orderId: number; runId: string | null },
  enqueueOrderSync: EnqueueOrderSync,
): Promise<{ orderId: string }> {
  const shop = await db.shop.findUnique({
    where: { domain: input.shopDomain },
    select: { id: true, uninstalledAt: true },
  });
  if (!shop || shop.uninstalledAt) {
    throw new AppError("NOT_FOUND", `Lotline is not installed on ${input.shopDomain}: install it to allocate lots.`);
  }
  const orderId = `gid://shopify/Order/${input.orderId}`;
  await enqueueOrderSync(
    { shopId: shop.id, orderId, reason: "flow" },
    {
      deduplication: {
        id: `flow-allocate-${input.runId ?? `${shop.id}-${input.orderId}`}`,
        ttlMs: RUN_DEDUPLICATION_MS,
      },
    },
  );
  return { orderId };
}
