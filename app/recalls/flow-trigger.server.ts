// The "Lot recalled" Shopify Flow trigger: fired once per sent recall, so merchants can build
// their own workflows on it (notify the warehouse, pause ads, open a ticket). Fired like every
// Lotline trigger: only while a workflow uses it, once per recall (app/flow/fire-trigger.server.ts).
import type { Db } from "../db.server";
import { type FiringOutcome, type FlowDeps, fireTriggerOnce } from "../flow/fire-trigger.server";
import { TRIGGER_HANDLES } from "../flow/trigger-handles";
import { lotRecalledPayload } from "../flow/trigger-payloads";
import type { JobPayload } from "../jobs/contract";
import { AppError } from "../utils/errors";
import { listAffectedOrderIds } from "./recall-trace.server";

/** A recall is announced once, when it is sent. */
const SENT_OCCASION = "sent";

export async function fireLotRecalledTrigger(
  db: Db,
  input: JobPayload<"recalls.flow-trigger">,
  deps: FlowDeps,
): Promise<FiringOutcome> {
  const recall = await db.recall.findFirst({
    where: { id: input.recallId, shopId: input.shopId },
    include: {
      shop: { select: { domain: true, uninstalledAt: true } },
      lots: { select: { lot: { select: { code: true } } } },
    },
  });
  if (!recall) throw new AppError("NOT_FOUND", "The recall this Flow trigger was queued for no longer exists.");
  // Only a recall that went out is news for Flow; an uninstalled shop has no Flow to tell.
  if (recall.status === "draft" || recall.shop.uninstalledAt) return { fired: false, reason: "no_longer_applies" };

  const orders = await listAffectedOrderIds(db, input.shopId, recall.id);
  const payload = lotRecalledPayload({
    id: recall.id,
    number: recall.number,
    lotCodes: recall.lots.map(({ lot }) => lot.code),
    affectedOrderCount: orders.length,
    reason: recall.reason,
  });
  return fireTriggerOnce(
    db,
    {
      shopId: input.shopId,
      shopDomain: recall.shop.domain,
      handle: TRIGGER_HANDLES.lotRecalled,
      subjectId: recall.id,
      occasion: SENT_OCCASION,
      payload,
    },
    deps,
  );
}
