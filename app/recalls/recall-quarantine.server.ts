// Recall quarantine: the recalled lots' units still on the shelf leave Shopify `available` for
// `quality_control` at each lot's location, and Lotline holds them back from allocation too; the
// revert moves back exactly what was moved.
import { lockLots } from "../allocation/lot-locks.server";
import type { Prisma } from "../db.server";
import { lotDocumentUri } from "../expiry/quarantine-lot.server";
import { withAvailable } from "../models/lot.server";
import { type AdminGraphql, adminQuery } from "../shopify/admin-graphql.server";
import { describeUserErrors, moveInventoryQuantities } from "../shopify/inventory.server";
import { type LotEntry, needsWork, plannedQuarantine } from "./stock-action-plan";
import { type RecallLotRow, type RunContext, saveProgress } from "./stock-action-run.server";

/** Ledger references of the recall quarantine and its release. */
export const RECALL_QUARANTINE = "recall-quarantine";
export const RECALL_QUARANTINE_RELEASED = "recall-quarantine-released";

const LEVEL_QUANTITIES = `#graphql
query LotlineRecallLevel($inventoryItemId: ID!, $locationId: ID!) {
  inventoryItem(id: $inventoryItemId) {
    inventoryLevel(locationId: $locationId) {
      quantities(names: ["available", "quality_control"]) { name quantity }
    }
  }
}`;

async function fetchLevel(
  graphql: AdminGraphql,
  lot: { inventoryItemId: string; locationId: string },
): Promise<{ available: number; qualityControl: number }> {
  const data = await adminQuery<{
    inventoryItem: { inventoryLevel: { quantities: { name: string; quantity: number }[] } | null } | null;
  }>(graphql, LEVEL_QUANTITIES, { inventoryItemId: lot.inventoryItemId, locationId: lot.locationId });
  const quantity = (name: string) =>
    data.inventoryItem?.inventoryLevel?.quantities.find((q) => q.name === name)?.quantity ?? 0;
  return { available: quantity("available"), qualityControl: quantity("quality_control") };
}

export async function runQuarantine(context: RunContext, now: () => Date): Promise<void> {
  const { result, direction } = context;
  const generation = context.action.generation;
  // A revert undoes what was recorded, even for a lot taken off the recall since.
  const lots: RecallLotRow[] =
    direction === "apply"
      ? context.recall.lots
      : Object.values(result.lots).map((entry) => ({
          id: entry.lotId,
          code: entry.code,
          inventoryItemId: entry.inventoryItemId,
          locationId: entry.locationId,
          onHandQuantity: 0,
          allocatedQuantity: 0,
          quarantinedQuantity: 0,
        }));
  for (const lot of lots) {
    if (!needsWork(result.lots[lot.id], direction, generation)) continue;
    // A move an earlier job may or may not have made is settled first (replayed under its key).
    if (direction === "apply" || result.lots[lot.id].state === "pending") await quarantineLot(context, lot, now);
    const settled = result.lots[lot.id];
    if (direction === "revert" && (settled.state === "applied" || settled.state === "reverting")) {
      await releaseLot(context, settled, now);
    }
  }
}

async function quarantineLot(context: RunContext, lot: RecallLotRow, now: () => Date): Promise<void> {
  const { result, action } = context;
  let entry = result.lots[lot.id];
  // The quantity and key are decided once and kept, so a retry (even one of a later request, after
  // this job died mid-way) sends Shopify the same input under the same key: replayed, never doubled.
  if (entry?.state !== "pending") {
    const level = await fetchLevel(context.graphql, lot);
    const quantity = plannedQuarantine(withAvailable(lot).availableQuantity, level.available);
    entry = {
      lotId: lot.id,
      code: lot.code,
      inventoryItemId: lot.inventoryItemId,
      locationId: lot.locationId,
      quantity,
      state: quantity > 0 ? "pending" : "skipped",
      generation: action.generation,
      error: quantity > 0 ? null : "No units of this lot are available in Shopify at its location; nothing to move.",
      key: `recall-quarantine-${action.id}-${action.generation}-${lot.id}`,
    };
    result.lots[lot.id] = entry;
    await saveProgress(context);
    if (quantity === 0) return;
  }
  const moved = await moveInventoryQuantities(context.graphql, {
    inventoryItemId: lot.inventoryItemId,
    locationId: lot.locationId,
    quantity: entry.quantity,
    from: "available",
    to: "quality_control",
    reason: "quality_control",
    referenceDocumentUri: recallDocumentUri(action.recallId),
    ledgerDocumentUri: lotDocumentUri(lot.id),
    idempotencyKey: entry.key ?? `recall-quarantine-${action.id}-${entry.generation}-${lot.id}`,
  });
  if (!moved.ok) {
    result.lots[lot.id] = {
      ...entry,
      state: "failed",
      generation: action.generation,
      quantity: 0,
      error: describeUserErrors(moved.userErrors),
    };
    await saveProgress(context);
    return;
  }
  const done: LotEntry = {
    ...entry,
    state: "applied",
    generation: action.generation,
    error: null,
    adjustmentGroupId: moved.adjustmentGroupId,
  };
  result.lots[lot.id] = done;
  await saveProgress(context, async (tx) => {
    done.held = await holdBackInLotline(tx, action.shopId, lot.id, done.quantity);
    await tx.lotEvent.create({
      data: {
        shopId: action.shopId,
        lotId: lot.id,
        type: "quarantined",
        quantity: 0,
        occurredAt: now(),
        actor: action.requestedBy,
        reference: {
          kind: RECALL_QUARANTINE,
          recallId: action.recallId,
          quantity: done.quantity,
          from: "available",
          to: "quality_control",
          shopifyAdjustmentGroupId: moved.adjustmentGroupId,
        },
      },
    });
  });
}

/**
 * Lotline holds the same units back (the lot's quarantined count, under its row lock), so the
 * allocation planner stops choosing them even while the recall is a draft and the lot still active.
 * Never more than the lot has free now; answers what was held, which is what a revert gives back.
 */
async function holdBackInLotline(
  tx: Prisma.TransactionClient,
  shopId: string,
  lotId: string,
  quantity: number,
): Promise<number> {
  await lockLots(tx, shopId, [lotId]);
  const lot = await tx.lot.findFirst({ where: { id: lotId, shopId } });
  if (!lot) return 0;
  const held = Math.max(0, Math.min(quantity, withAvailable(lot).availableQuantity));
  if (held > 0) await tx.lot.update({ where: { id: lotId }, data: { quarantinedQuantity: { increment: held } } });
  return held;
}

/** Gives back what `holdBackInLotline` held (less, if the merchant released some of it since). */
async function giveBackInLotline(
  tx: Prisma.TransactionClient,
  shopId: string,
  lotId: string,
  held: number,
): Promise<void> {
  if (held <= 0) return;
  await lockLots(tx, shopId, [lotId]);
  const lot = await tx.lot.findFirst({ where: { id: lotId, shopId }, select: { quarantinedQuantity: true } });
  const quantity = Math.min(held, lot?.quarantinedQuantity ?? 0);
  if (quantity > 0)
    await tx.lot.update({ where: { id: lotId }, data: { quarantinedQuantity: { decrement: quantity } } });
}

async function releaseLot(context: RunContext, entry: LotEntry, now: () => Date): Promise<void> {
  const { result, action } = context;
  let releasing = entry;
  if (entry.state !== "reverting") {
    // Units the merchant already took out of quality control by hand are not moved back twice.
    const level = await fetchLevel(context.graphql, entry);
    releasing = {
      ...entry,
      state: "reverting",
      generation: action.generation,
      error: null,
      releaseQuantity: Math.max(0, Math.min(entry.quantity, level.qualityControl)),
      key: `recall-quarantine-release-${action.id}-${action.generation}-${entry.lotId}`,
    };
    result.lots[entry.lotId] = releasing;
    await saveProgress(context);
  }
  const quantity = releasing.releaseQuantity ?? 0;
  let adjustmentGroupId: string | null = null;
  if (quantity > 0) {
    const moved = await moveInventoryQuantities(context.graphql, {
      inventoryItemId: entry.inventoryItemId,
      locationId: entry.locationId,
      quantity,
      from: "quality_control",
      to: "available",
      reason: "quality_control",
      referenceDocumentUri: recallDocumentUri(action.recallId),
      ledgerDocumentUri: lotDocumentUri(entry.lotId),
      idempotencyKey: releasing.key ?? `recall-quarantine-release-${action.id}-${releasing.generation}-${entry.lotId}`,
    });
    if (!moved.ok) {
      // Still in quality control: the lot stays listed as quarantined, with Shopify's reason.
      result.lots[entry.lotId] = {
        ...releasing,
        state: "applied",
        generation: action.generation,
        error: describeUserErrors(moved.userErrors),
      };
      await saveProgress(context);
      return;
    }
    adjustmentGroupId = moved.adjustmentGroupId;
  }
  result.lots[entry.lotId] = {
    ...releasing,
    state: "reverted",
    generation: action.generation,
    quantity: 0,
    held: 0,
    error: null,
  };
  await saveProgress(context, async (tx) => {
    await giveBackInLotline(tx, action.shopId, entry.lotId, releasing.held ?? 0);
    await tx.lotEvent.create({
      data: {
        shopId: action.shopId,
        lotId: entry.lotId,
        type: "adjusted",
        quantity: 0,
        occurredAt: now(),
        actor: action.requestedBy,
        reference: {
          kind: RECALL_QUARANTINE_RELEASED,
          recallId: action.recallId,
          quantity,
          from: "quality_control",
          to: "available",
          shopifyAdjustmentGroupId: adjustmentGroupId,
        },
      },
    });
  });
}

function recallDocumentUri(recallId: string): string {
  return `gid://lotline/Recall/${recallId}`;
}
