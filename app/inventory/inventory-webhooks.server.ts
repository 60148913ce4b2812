// Handlers for inventory_levels/update (stock that arrived without Lotline). The payload carries
// only Shopify's absolute `available`, which orders move too, so nothing is computed from it:
// the level is queued for reconciliation, debounced, and the job reads Shopify's counts itself.
import { env } from "../env.server";
import { enqueue } from "../jobs/queues.server";
import type { TopicHandlers } from "../webhooks/topic-handler";
import { levelOfPayload, reconcileKey } from "./level-payload";

/**
 * How long a level settles before it is reconciled; a burst of updates within it becomes one job.
 * Long enough for the order and fulfilment webhooks of the same change to be processed first.
 */
export function reconcileDelayMs(): number {
  return env().INVENTORY_RECONCILE_DELAY_MS;
}

export const INVENTORY_TOPIC_HANDLERS: TopicHandlers = {
  "inventory_levels/update": async ({ shopId, payload }) => {
    const level = { shopId, ...levelOfPayload(payload) };
    const delayMs = reconcileDelayMs();
    await enqueue("inventory.reconcile-level", level, {
      delayMs,
      deduplication: { id: reconcileKey(level), ttlMs: Math.max(delayMs, 1) },
    });
  },
};
