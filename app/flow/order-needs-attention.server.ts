// The "Order needs lot attention" Flow trigger: queued by allocation when an order newly becomes
// partial or needs_attention (only for shops with an enabled workflow using it); the job re-reads
// the order and fires it once per such change.
import type { Db, Prisma } from "../db.server";
import type { OrderAllocationStatus } from "../generated/prisma/client.ts";
import type { JobPayload } from "../jobs/contract";
import { enqueue } from "../jobs/queues.server";
import { logger } from "../utils/logger.server";
import type { PreparedFiring } from "./fire-trigger.server";
import { isTriggerEnabled } from "./subscriptions.server";
import { type EnqueueFlowTrigger, TRIGGER_HANDLES } from "./trigger-handles";
import { orderNeedsAttentionPayload } from "./trigger-payloads";

const ATTENTION: ReadonlySet<OrderAllocationStatus> = new Set(["partial", "needs_attention"]);

export function needsAttention(status: OrderAllocationStatus): boolean {
  return ATTENTION.has(status);
}

// Queued from inside the allocation transaction: the job waits a little, and treats an order
// version it cannot see yet as "try again" (see orderNeedsAttentionFiring).
const QUEUE_DELAY_MS = 2_000;

/**
 * How long after its first look the job keeps waiting for the order version to appear. Well past
 * the allocation transaction's timeout (15 s): by then that transaction rolled back, and the order
 * never reached the state the job was queued for.
 */
export const VERSION_WAIT_LIMIT_MS = 60_000;

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

/**
 * What Flow receives about the order, or "no_longer_applies" once it is allocated (or the shop
 * left), or "not_committed" when the change that queued the job was rolled back.
 */
export async function orderNeedsAttentionFiring(
  db: Db,
  input: JobPayload<"flow.fire-trigger">,
  now: Date = new Date(),
): Promise<PreparedFiring | "no_longer_applies" | "not_committed"> {
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
  if (!order || order.writeBackVersion < version) return waitForVersion(db, input, version, now);
  if (order.shop.uninstalledAt || !needsAttention(order.allocationStatus)) return "no_longer_applies";
  return {
    shopId: input.shopId,
    shopDomain: order.shop.domain,
    handle: TRIGGER_HANDLES.orderNeedsAttention,
    subjectId: order.id,
    occasion: input.occasion,
    payload: orderNeedsAttentionPayload(order),
  };
}

/**
 * The transaction that queued the job may not have committed yet: throw so a retry looks again,
 * until VERSION_WAIT_LIMIT_MS after the first look. The job itself only knows its payload, so
 * the first look is kept as the (not yet fired) FlowTriggerFiring row's createdAt; firing later
 * uses that row, giving up deletes it.
 */
async function waitForVersion(
  db: Db,
  input: JobPayload<"flow.fire-trigger">,
  version: number,
  now: Date,
): Promise<"not_committed"> {
  const key = {
    shopId: input.shopId,
    handle: TRIGGER_HANDLES.orderNeedsAttention,
    subjectId: input.subjectId,
    occasion: input.occasion,
  };
  await db.flowTriggerFiring.createMany({ data: [{ ...key, payload: {}, createdAt: now }], skipDuplicates: true });
  const waiting = await db.flowTriggerFiring.findUniqueOrThrow({
    where: { shopId_handle_subjectId_occasion: key },
    select: { id: true, createdAt: true },
  });
  if (now.getTime() - waiting.createdAt.getTime() < VERSION_WAIT_LIMIT_MS) {
    throw new Error(`Order ${input.subjectId} at version ${version} is not visible yet; retrying.`);
  }
  await db.flowTriggerFiring.deleteMany({ where: { id: waiting.id, shopId: input.shopId, firedAt: null } });
  logger.info(
    { ...key, version, waitedMs: now.getTime() - waiting.createdAt.getTime() },
    "Order needs lot attention Flow trigger not fired: the allocation that queued it never committed",
  );
  return "not_committed";
}
