// When the shop sends returns to quarantine, the units a return brought back leave Shopify
// `available` for `quality_control` at the lot's location, so they cannot sell again until the
// merchant checks them. Idempotent three ways: the job id and the Shopify key are the ledger
// row's, and an audit entry records a move already made.
import type { Db } from "../db.server";
import { lotDocumentUri } from "../expiry/quarantine-lot.server";
import { ledgerRowsAwaitingShopifyMove } from "../models/ledger-moves.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { describeUserErrors, moveInventoryQuantities } from "../shopify/inventory.server";
import { AppError } from "../utils/errors";
import { RETURN_QUARANTINE } from "./reconcile-order.server";

export const RETURN_QUARANTINE_MOVED = "inventory.return_quarantined";

export async function quarantineReturnedUnits(
  db: Db,
  input: { shopId: string; lotEventId: string },
  collaborators: { adminGraphql: (shopDomain: string) => Promise<AdminGraphql> },
): Promise<{ moved: number }> {
  const event = await db.lotEvent.findFirst({
    where: { id: input.lotEventId, shopId: input.shopId, type: "quarantined" },
    include: { lot: { include: { shop: { select: { domain: true, uninstalledAt: true } } } } },
  });
  // Queued from inside the transaction that writes the row: not visible yet means "not committed
  // yet" (a retry sees it) or "rolled back" (the retries run out and the job shows as failed).
  if (!event) throw new AppError("CONFLICT", "The return's quarantine record is not committed yet.");
  const reference = (event.reference ?? {}) as { kind?: string; quantity?: number };
  if (reference.kind !== RETURN_QUARANTINE || !reference.quantity || reference.quantity <= 0) return { moved: 0 };
  const { lot } = event;
  if (lot.shop.uninstalledAt) return { moved: 0 };
  const done = await db.auditEntry.findFirst({
    where: { shopId: input.shopId, action: RETURN_QUARANTINE_MOVED, subjectType: "lot_event", subjectId: event.id },
    select: { id: true },
  });
  if (done) return { moved: 0 };

  const graphql = await collaborators.adminGraphql(lot.shop.domain);
  const result = await moveInventoryQuantities(graphql, {
    inventoryItemId: lot.inventoryItemId,
    locationId: lot.locationId,
    quantity: reference.quantity,
    from: "available",
    to: "quality_control",
    reason: "quality_control",
    referenceDocumentUri: lotDocumentUri(lot.id),
    ledgerDocumentUri: lotDocumentUri(lot.id),
    idempotencyKey: `quarantine-returned-${event.id}`,
  });
  if (!result.ok) {
    throw new AppError(
      "INVALID_DATA",
      `Shopify refused to move ${reference.quantity} returned units of lot ${lot.code} to quality control: ${describeUserErrors(result.userErrors)}`,
    );
  }
  await db.auditEntry.create({
    data: {
      shopId: input.shopId,
      actor: "job:lots.quarantine-returned",
      action: RETURN_QUARANTINE_MOVED,
      subjectType: "lot_event",
      subjectId: event.id,
      details: {
        lotId: lot.id,
        lotCode: lot.code,
        quantity: reference.quantity,
        shopifyAdjustmentGroupId: result.adjustmentGroupId,
      },
    },
  });
  return { moved: reference.quantity };
}

/**
 * Queues again the moves whose job was lost (Redis down when the return was recorded): return
 * quarantine rows older than `before` with no record of the Shopify move. Meant for a periodic sweep.
 */
export async function requeueStrandedReturnQuarantines(
  db: Db,
  enqueue: (payload: { shopId: string; lotEventId: string }) => Promise<unknown>,
  before: Date,
  options: { since?: Date; limit?: number } = {},
): Promise<number> {
  const stranded = await ledgerRowsAwaitingShopifyMove(db, {
    type: "quarantined",
    kind: RETURN_QUARANTINE,
    movedAction: RETURN_QUARANTINE_MOVED,
    before,
    ...options,
  });
  for (const event of stranded) await enqueue({ shopId: event.shopId, lotEventId: event.id });
  return stranded.length;
}
