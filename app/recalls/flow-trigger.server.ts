// The "Lot recalled" Shopify Flow trigger: fired once per sent recall, so merchants can build
// their own workflows on it (notify the warehouse, pause ads, open a ticket). Once: the job id is
// the recall's, and an audit entry records the firing, re-read before firing again.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import { type AdminGraphql, adminQuery } from "../shopify/admin-graphql.server";
import { AppError } from "../utils/errors";
import { listAffectedOrderIds } from "./recall-trace.server";

/** The trigger extension's handle (extensions/lot-recalled). */
export const LOT_RECALLED_TRIGGER = "lot-recalled";
export const FLOW_TRIGGERED = "recall.flow_triggered";

const FLOW_TRIGGER_RECEIVE = `#graphql
mutation LotlineLotRecalled($handle: String!, $payload: JSON!) {
  flowTriggerReceive(handle: $handle, payload: $payload) {
    userErrors { field message }
  }
}`;

/** The fields the trigger extension declares; Flow matches them by name. */
export interface LotRecalledPayload {
  "Recall id": string;
  "Recall number": number;
  "Lot codes": string;
  "Affected order count": number;
  Reason: string;
}

export async function fireLotRecalledTrigger(
  db: Db,
  input: JobPayload<"recalls.flow-trigger">,
  deps: { adminGraphql: (shopDomain: string) => Promise<AdminGraphql> },
): Promise<{ fired: boolean }> {
  const recall = await db.recall.findFirst({
    where: { id: input.recallId, shopId: input.shopId },
    include: {
      shop: { select: { domain: true, uninstalledAt: true } },
      lots: { select: { lot: { select: { code: true } } } },
    },
  });
  if (!recall) throw new AppError("NOT_FOUND", "The recall this Flow trigger was queued for no longer exists.");
  // Only a recall that went out is news for Flow; an uninstalled shop has no Flow to tell.
  if (recall.status === "draft" || recall.shop.uninstalledAt) return { fired: false };
  const fired = await db.auditEntry.findFirst({
    where: { shopId: input.shopId, action: FLOW_TRIGGERED, subjectType: "recall", subjectId: recall.id },
    select: { id: true },
  });
  if (fired) return { fired: false };

  const orders = await listAffectedOrderIds(db, input.shopId, recall.id);
  const payload: LotRecalledPayload = {
    "Recall id": recall.id,
    "Recall number": recall.number,
    "Lot codes": recall.lots
      .map(({ lot }) => lot.code)
      .sort()
      .join(", "),
    "Affected order count": orders.length,
    Reason: recall.reason,
  };
  const graphql = await deps.adminGraphql(recall.shop.domain);
  const data = await adminQuery<{ flowTriggerReceive: { userErrors: { message: string }[] } | null }>(
    graphql,
    FLOW_TRIGGER_RECEIVE,
    { handle: LOT_RECALLED_TRIGGER, payload },
  );
  const userErrors = data.flowTriggerReceive?.userErrors ?? [];
  if (userErrors.length > 0) {
    throw new AppError(
      "INVALID_DATA",
      `Shopify Flow refused the "Lot recalled" trigger for recall #${recall.number}: ${userErrors.map((e) => e.message).join("; ")}`,
    );
  }
  await db.auditEntry.create({
    data: {
      shopId: input.shopId,
      actor: "job:recalls.flow-trigger",
      action: FLOW_TRIGGERED,
      subjectType: "recall",
      subjectId: recall.id,
      details: { handle: LOT_RECALLED_TRIGGER, payload: { ...payload } },
    },
  });
  return { fired: true };
}
