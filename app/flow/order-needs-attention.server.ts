// The "Order needs lot attention" Flow trigger: queued by allocation when an order newly becomes
// partial or needs_attention (only for shops with an enabled workflow using it); the job re-reads
// the order and fires it once per such change.
import type { Db, Prisma } from "../db.server";
import type { OrderAllocationStatus } from "../generated/prisma/client.ts";
import type { JobPayload } from "../jobs/contract";
import { enqueue } from "../jobs/queues.server";
import { logger } from "../utils/logger.server";
import type { PreparedFiring } from "./fire-trigger.server";
import { numericShopifyId } from "./shopify-ids";
import { isTriggerEnabled } from "./subscriptions.server";
import { type EnqueueFlowTrigger, TRIGGER_HANDLES } from "./trigger-handles";

const ATTENTION: ReadonlySet<OrderAllocationStatus> = new Set(["partial", "needs_attention"]);

export function needsAttention(status: OrderAllocationStatus): boolean {
  return ATTENTION.has(status);
}

// Queued from inside the allocation transaction: the job waits a little, and treats an order
// version it cannot see yet as "try again" (see orderNeedsAttentionFiring).
const QUEUE_DELAY_MS = 2_000;

/** The occasion: the order's write-back version, which rises with every allocation change. */
function occasionOf(version: number): string {
  return `v${version}`;
}

/**
 * Called with the order's new write-back version when it has just become partial/needs_attention.
 * One subscription read, only for such orders; a queue outage is logged, never fails allocation.
 */
export async function queueOrderNeedsAttention(
  tx: Prisma.TransactionClient,
  input: { shopId: string; orderRefId: string; version: number },
  enqueueFlowTrigger: EnqueueFlowTrigger = queueWithDelay,
): Promise<void> {
  if ((await isTriggerEnabled(tx, input.shopId, TRIGGER_HANDLES.orderNeedsAttention)) !== true) return;
  const payload = {
    shopId: input.shopId,
    trigger: "order-needs-attention" as const,
    subjectId: input.orderRefId,
    occasion: occasionOf(input.version),
  };
  try {
    await enqueueFlowTrigger(payload);
  } catch (error) {
    logger.warn({ err: error, ...payload }, "Order needs lot attention Flow trigger not queued");
  }
}

function queueWithDelay(payload: JobPayload<"flow.fire-trigger">): Promise<unknown> {
  return enqueue("flow.fire-trigger", payload, { delayMs: QUEUE_DELAY_MS });
}

/** What Flow receives about the order, or "no_longer_applies" once it is allocated (or the shop left). */
export async function orderNeedsAttentionFiring(
  db: Db,
  input: JobPayload<"flow.fire-trigger">,
): Promise<PreparedFiring | "no_longer_applies"> {
  const order = await db.orderRef.findFirst({
    where: { id: input.subjectId, shopId: input.shopId },
    select: {
      id: true,
      shopifyOrderId: true,
      name: true,
      allocationStatus: true,
      attentionReason: true,
      writeBackVersion: true,
      shop: { select: { domain: true, uninstalledAt: true } },
    },
  });
  const version = Number(input.occasion.slice(1));
  // The transaction that queued this job may not have committed yet: a retry will see it.
  if (!order || order.writeBackVersion < version) {
    throw new Error(`Order ${input.subjectId} at version ${version} is not visible yet; retrying.`);
  }
  if (order.shop.uninstalledAt || !needsAttention(order.allocationStatus)) return "no_longer_applies";
  return {
    shopId: input.shopId,
    shopDomain: order.shop.domain,
    handle: TRIGGER_HANDLES.orderNeedsAttention,
    subjectId: order.id,
    occasion: input.occasion,
    payload: {
      order_id: numericShopifyId(order.shopifyOrderId),
      "Order name": order.name,
      Status: order.allocationStatus,
      Reason: order.attentionReason ?? "",
    },
  };
}
