// The way back from return quarantine: the merchant releases units of a lot they have checked, so
// Lotline may allocate them again, and a job moves the same units from Shopify `quality_control`
// back to `available`. Expiry quarantine is not released here: an expired lot never sells anyway.
import { moveLotQuantities } from "../allocation/lot-ledger.server";
import { lockLots } from "../allocation/lot-locks.server";
import { isRowId } from "../allocation/order-line-lock.server";
import { withRetriedTransaction } from "../allocation/transaction.server";
import type { Db } from "../db.server";
import { lotDocumentUri } from "../expiry/quarantine-lot.server";
import { enqueue } from "../jobs/queues.server";
import { ledgerRowsAwaitingShopifyMove } from "../models/ledger-moves.server";
import { type AdminGraphql, adminQuery } from "../shopify/admin-graphql.server";
import { describeUserErrors, moveInventoryQuantities } from "../shopify/inventory.server";
import { AppError } from "../utils/errors";
import { logger } from "../utils/logger.server";

export const QUARANTINE_RELEASE = "quarantine-release";
export const QUARANTINE_RELEASED = "lot.quarantine-released";
export const QUARANTINE_RELEASE_MOVED = "inventory.quarantine_released";
const QUARANTINE_RELEASE_PLANNED = "inventory.quarantine_release_planned";

const MAX_REASON_LENGTH = 500;
const LOT_NOT_FOUND = "This lot does not exist in your shop.";

export type EnqueueQuarantineRelease = (payload: { shopId: string; lotEventId: string }) => Promise<unknown>;

export interface ReleaseQuarantineInput {
  shopId: string;
  lotId: string;
  quantity: number;
  reason: string;
  /** "user:<id>", as authenticateAdmin names the merchant. */
  actor: string;
  now?: Date;
}

export interface ReleasedUnits {
  lotId: string;
  lotCode: string;
  released: number;
  /** Units of the lot still quarantined after this release. */
  stillQuarantined: number;
  lotEventId: string;
}

async function queueShopifyMove(payload: { shopId: string; lotEventId: string }): Promise<void> {
  try {
    await enqueue("lots.release-quarantine", payload);
  } catch (error) {
    // The release stands; the write-back sweep finds the ledger row without a Shopify move.
    logger.warn({ err: error, ...payload }, "quarantine release not queued; the sweep will queue it");
  }
}

function checkReleaseInput(input: ReleaseQuarantineInput): string {
  if (!isRowId(input.lotId)) throw new AppError("NOT_FOUND", LOT_NOT_FOUND);
  const fields: Record<string, string> = {};
  if (!Number.isInteger(input.quantity) || input.quantity < 1) {
    fields.quantity = "Enter a whole number of units to release, 1 or more.";
  }
  const reason = (input.reason ?? "").trim();
  if (reason === "") fields.reason = "Say why the units may sell again, e.g. “checked, packaging intact”.";
  else if (reason.length > MAX_REASON_LENGTH)
    fields.reason = `Keep the reason to ${MAX_REASON_LENGTH} characters or fewer.`;
  const count = Object.keys(fields).length;
  if (count > 0) {
    throw new AppError(
      "INVALID_DATA",
      count === 1
        ? `${Object.values(fields)[0]} Nothing was released.`
        : `${count} things need fixing; nothing was released.`,
      fields,
    );
  }
  return reason;
}

/**
 * Releases `quantity` quarantined units of one lot: lowers its quarantined count under the lot's
 * row lock, writes the ledger row and the audit entry in the same transaction, then queues the
 * Shopify move. Bad input or another shop's lot changes nothing.
 */
export async function releaseQuarantinedUnits(
  db: Db,
  input: ReleaseQuarantineInput,
  collaborators: { enqueueShopifyMove?: EnqueueQuarantineRelease } = {},
): Promise<ReleasedUnits> {
  const reason = checkReleaseInput(input);
  const { shopId } = input;
  const now = input.now ?? new Date();
  const released = await withRetriedTransaction(db, async (tx) => {
    await lockLots(tx, shopId, [input.lotId]);
    // Read only after the lock: a return or another release cannot change the count under us.
    const lot = await tx.lot.findFirst({ where: { id: input.lotId, shopId } });
    if (!lot) throw new AppError("NOT_FOUND", LOT_NOT_FOUND);
    // Units of an expired, recalled or quarantined lot must not sell, so they stay where they are.
    if (lot.status !== "active" && lot.status !== "depleted") {
      throw new AppError(
        "NOT_ALLOWED",
        `Lot ${lot.code} is ${lot.status}: its units may not be sold, so they stay in quarantine. Nothing was released.`,
      );
    }
    if (input.quantity > lot.quarantinedQuantity) {
      const held = lot.quarantinedQuantity;
      throw new AppError(
        "INVALID_DATA",
        held === 0
          ? `Lot ${lot.code} has no returned units in quarantine; nothing was released.`
          : `Lot ${lot.code} holds ${held} quarantined ${held === 1 ? "unit" : "units"}; nothing was released.`,
        { quantity: held === 0 ? "There is nothing to release." : `Release ${held} or fewer units.` },
      );
    }
    await moveLotQuantities(tx, shopId, lot, { quarantined: -input.quantity });
    const event = await tx.lotEvent.create({
      data: {
        shopId,
        lotId: lot.id,
        type: "released",
        quantity: input.quantity,
        occurredAt: now,
        actor: input.actor,
        reference: {
          kind: QUARANTINE_RELEASE,
          reason,
          quantity: input.quantity,
          from: "quality_control",
          to: "available",
        },
      },
    });
    await tx.auditEntry.create({
      data: {
        shopId,
        actor: input.actor,
        action: QUARANTINE_RELEASED,
        subjectType: "lot",
        subjectId: lot.id,
        details: { lotCode: lot.code, quantity: input.quantity, reason, lotEventId: event.id },
      },
    });
    return {
      lotId: lot.id,
      lotCode: lot.code,
      released: input.quantity,
      stillQuarantined: lot.quarantinedQuantity,
      lotEventId: event.id,
    };
  });
  // Queued after the commit, so the job always finds its ledger row.
  await (collaborators.enqueueShopifyMove ?? queueShopifyMove)({ shopId, lotEventId: released.lotEventId });
  return released;
}

const QUALITY_CONTROL_QUANTITY = `#graphql
query LotlineQualityControlQuantity($inventoryItemId: ID!, $locationId: ID!) {
  inventoryItem(id: $inventoryItemId) {
    inventoryLevel(locationId: $locationId) {
      quantities(names: ["quality_control"]) { name quantity }
    }
  }
}`;

/** Units Shopify holds in quality control for the item at the location (0 when not stocked there). */
async function fetchQualityControlQuantity(
  graphql: AdminGraphql,
  level: { inventoryItemId: string; locationId: string },
): Promise<number> {
  const data = await adminQuery<{
    inventoryItem: { inventoryLevel: { quantities: { name: string; quantity: number }[] } | null } | null;
  }>(graphql, QUALITY_CONTROL_QUANTITY, level);
  return data.inventoryItem?.inventoryLevel?.quantities.find((q) => q.name === "quality_control")?.quantity ?? 0;
}

/**
 * How many units the move takes, decided once and kept: Shopify lets quality_control go below 0,
 * so units the merchant already moved back by hand are not moved a second time, and every retry
 * sends Shopify the same input under the same idempotency key.
 */
async function plannedMove(
  db: Db,
  graphql: AdminGraphql,
  event: {
    id: string;
    shopId: string;
    released: number;
    lot: { id: string; inventoryItemId: string; locationId: string };
  },
): Promise<number> {
  const planned = await db.auditEntry.findFirst({
    where: { shopId: event.shopId, action: QUARANTINE_RELEASE_PLANNED, subjectType: "lot_event", subjectId: event.id },
    select: { details: true },
  });
  const kept = (planned?.details ?? null) as { quantity?: number } | null;
  if (typeof kept?.quantity === "number") return kept.quantity;
  const inQualityControl = await fetchQualityControlQuantity(graphql, event.lot);
  const quantity = Math.max(0, Math.min(event.released, inQualityControl));
  await db.auditEntry.create({
    data: {
      shopId: event.shopId,
      actor: "job:lots.release-quarantine",
      action: QUARANTINE_RELEASE_PLANNED,
      subjectType: "lot_event",
      subjectId: event.id,
      details: { lotId: event.lot.id, released: event.released, inQualityControl, quantity },
    },
  });
  return quantity;
}

/**
 * The job: moves the released units from `quality_control` to `available` at the lot's location.
 * Idempotent three ways: the job id and Shopify's key are the ledger row's, and an audit entry
 * records a move already made.
 */
export async function moveReleasedUnitsInShopify(
  db: Db,
  input: { shopId: string; lotEventId: string },
  collaborators: { adminGraphql: (shopDomain: string) => Promise<AdminGraphql> },
): Promise<{ moved: number }> {
  const event = await db.lotEvent.findFirst({
    where: { id: input.lotEventId, shopId: input.shopId, type: "released" },
    include: { lot: { include: { shop: { select: { domain: true, uninstalledAt: true } } } } },
  });
  if (!event) throw new AppError("NOT_FOUND", "The quarantine release this move was queued for does not exist.");
  const reference = (event.reference ?? {}) as { kind?: string; quantity?: number };
  if (reference.kind !== QUARANTINE_RELEASE || !reference.quantity || reference.quantity <= 0) return { moved: 0 };
  const { lot } = event;
  if (lot.shop.uninstalledAt) return { moved: 0 };
  const done = await db.auditEntry.findFirst({
    where: { shopId: input.shopId, action: QUARANTINE_RELEASE_MOVED, subjectType: "lot_event", subjectId: event.id },
    select: { id: true },
  });
  if (done) return { moved: 0 };

  const graphql = await collaborators.adminGraphql(lot.shop.domain);
  const quantity = await plannedMove(db, graphql, { ...event, released: reference.quantity });
  let adjustmentGroupId: string | null = null;
  if (quantity > 0) {
    const result = await moveInventoryQuantities(graphql, {
      inventoryItemId: lot.inventoryItemId,
      locationId: lot.locationId,
      quantity,
      from: "quality_control",
      to: "available",
      reason: "quality_control",
      referenceDocumentUri: lotDocumentUri(lot.id),
      ledgerDocumentUri: lotDocumentUri(lot.id),
      idempotencyKey: `release-quarantine-${event.id}`,
    });
    if (!result.ok) {
      throw new AppError(
        "INVALID_DATA",
        `Shopify refused to move ${quantity} released units of lot ${lot.code} back to available: ${describeUserErrors(result.userErrors)}`,
      );
    }
    adjustmentGroupId = result.adjustmentGroupId;
  }
  await db.auditEntry.create({
    data: {
      shopId: input.shopId,
      actor: "job:lots.release-quarantine",
      action: QUARANTINE_RELEASE_MOVED,
      subjectType: "lot_event",
      subjectId: event.id,
      details: {
        lotId: lot.id,
        lotCode: lot.code,
        quantity,
        // Units Shopify already had back in available (moved by hand) are not moved again.
        alreadyAvailable: reference.quantity - quantity,
        shopifyAdjustmentGroupId: adjustmentGroupId,
      },
    },
  });
  return { moved: quantity };
}

/**
 * Queues again the moves whose job was lost (Redis down at the release): release rows older than
 * `before` with no record of the Shopify move. Meant for the periodic write-back sweep.
 */
export async function requeueStrandedQuarantineReleases(
  db: Db,
  enqueue: EnqueueQuarantineRelease,
  before: Date,
  options: { since?: Date; limit?: number } = {},
): Promise<number> {
  const stranded = await ledgerRowsAwaitingShopifyMove(db, {
    type: "released",
    kind: QUARANTINE_RELEASE,
    movedAction: QUARANTINE_RELEASE_MOVED,
    before,
    ...options,
  });
  for (const event of stranded) await enqueue({ shopId: event.shopId, lotEventId: event.id });
  return stranded.length;
}
