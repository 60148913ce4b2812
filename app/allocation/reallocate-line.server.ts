// The merchant's choice of lots for one line: replaces its unshipped allocation, pins it so
// automatic allocation leaves it, audits it and sends it to Shopify through the write-back.
import type { Db } from "../db.server";
import { availableQuantity } from "../domain/receiving";
import { bumpWriteBackVersion, enqueueOrderWriteBack, type PendingWriteBack } from "../orders/write-back-queue.server";
import { AppError } from "../utils/errors";
import { moveLotQuantities, recordLotEvent } from "./lot-ledger.server";
import { lockLots } from "./lot-locks.server";
import { isRowId, lockedLine } from "./order-line-lock.server";
import { reconcileOrderAllocations } from "./reconcile-order.server";
import { releaseExcessEnteredSerials } from "./serial-moves.server";
import { withRetriedTransaction } from "./transaction.server";

export interface ReallocateLineInput {
  shopId: string;
  orderLineId: string;
  lots: { lotId: string; quantity: number }[];
  reason: string;
  actor: string;
  /** The shop's IANA zone: the top-up allocation counts shelf life in the shop's days (UTC if absent). */
  timeZone?: string | null;
}

function checkReallocationInput(input: ReallocateLineInput): void {
  const fields: Record<string, string> = {};
  if (!input.reason?.trim()) fields.reason = "Say why you are changing the lots (it is kept in the order's history)";
  if (!Array.isArray(input.lots) || input.lots.length === 0) fields.lots = "Choose at least one lot and a quantity";
  const seen = new Set<string>();
  for (const [index, choice] of (input.lots ?? []).entries()) {
    if (!Number.isInteger(choice.quantity) || choice.quantity <= 0) {
      fields[`lots.${index}.quantity`] = "Give a whole number of units, 1 or more";
    }
    if (!isRowId(choice.lotId)) fields[`lots.${index}.lotId`] = "Choose a lot from the list";
    else if (seen.has(choice.lotId))
      fields[`lots.${index}.lotId`] = "This lot is chosen twice; give it once with the total";
    seen.add(choice.lotId);
  }
  const count = Object.keys(fields).length;
  if (count > 0) {
    throw new AppError(
      "INVALID_DATA",
      count === 1 ? Object.values(fields)[0] : `${count} things need fixing; nothing was changed.`,
      fields,
    );
  }
}

/**
 * Replaces the line's unshipped allocation with the merchant's lots and pins them. Units already
 * shipped stay where they are. If the chosen lots cover less than the line needs, automatic
 * allocation tops the rest up from other lots (FEFO), leaving the pinned ones alone.
 */
export async function reallocateLine(
  db: Db,
  input: ReallocateLineInput,
): Promise<{ changed: boolean; pending: PendingWriteBack | null }> {
  checkReallocationInput(input);
  const { shopId } = input;
  const result = await withRetriedTransaction(db, async (tx) => {
    const line = await lockedLine(tx, shopId, input.orderLineId);
    if (line.order.cancelledAt) {
      throw new AppError("NOT_ALLOWED", `Order ${line.order.name} is cancelled: there is nothing to re-allocate.`);
    }
    const shipped = line.allocations.reduce((sum, a) => sum + a.shippedQuantity, 0);
    const unshippedNeed = Math.max(0, line.quantity - Math.max(shipped, line.fulfilledQuantity));
    const chosenTotal = input.lots.reduce((sum, choice) => sum + choice.quantity, 0);
    if (chosenTotal > unshippedNeed) {
      throw new AppError(
        "INVALID_DATA",
        unshippedNeed === 0
          ? `${line.title} has no unshipped units left to allocate.`
          : `${line.title} needs ${unshippedNeed} unshipped units; the lots you chose add up to ${chosenTotal}.`,
        { lots: `Choose at most ${unshippedNeed} units in all` },
      );
    }

    const chosenIds = input.lots.map((choice) => choice.lotId);
    const found = await tx.lot.findMany({ where: { shopId, id: { in: chosenIds } }, select: { id: true } });
    if (found.length !== new Set(chosenIds).size) {
      throw new AppError(
        "NOT_FOUND",
        "One of the chosen lots is not in your shop. Reload the order and choose again.",
        {
          lots: "Choose lots from the list",
        },
      );
    }
    // Every lot the top-up below may touch too, in one id-ordered pass (see lot-locks.server.ts).
    const variantLots = await tx.lot.findMany({
      where: { shopId, variantId: line.variantId ?? "" },
      select: { id: true },
    });
    const lockIds = [...chosenIds, ...line.allocations.map((a) => a.lotId), ...variantLots.map((lot) => lot.id)];
    await lockLots(tx, shopId, lockIds);
    const lots = new Map(
      (await tx.lot.findMany({ where: { shopId, id: { in: lockIds } } })).map((lot) => [lot.id, lot]),
    );

    const heldByLine = (lotId: string) => {
      const allocation = line.allocations.find((a) => a.lotId === lotId);
      return allocation ? allocation.quantity - allocation.shippedQuantity : 0;
    };
    for (const [index, choice] of input.lots.entries()) {
      const lot = lots.get(choice.lotId)!;
      const lotField = `lots.${index}.lotId`;
      if (lot.variantId !== line.variantId) {
        throw new AppError("INVALID_DATA", `Lot ${lot.code} is ${lot.productTitle}, not ${line.title}.`, {
          [lotField]: "Choose a lot of this line's product",
        });
      }
      if (lot.status !== "active") {
        throw new AppError("INVALID_DATA", `Lot ${lot.code} is ${lot.status} and cannot be allocated.`, {
          [lotField]: "Choose an active lot",
        });
      }
      const free = availableQuantity(lot) + heldByLine(lot.id);
      if (choice.quantity > free) {
        throw new AppError(
          "INVALID_DATA",
          `Lot ${lot.code} has ${free} units available for this line; you asked for ${choice.quantity}.`,
          { [`lots.${index}.quantity`]: `At most ${free}` },
        );
      }
    }

    const before = line.allocations.map((a) => ({
      lotId: a.lotId,
      lotCode: a.lot.code,
      quantity: a.quantity,
      shipped: a.shippedQuantity,
      pinned: a.pinned,
    }));
    let changed = false;
    const now = new Date();
    const targets = new Map(input.lots.map((choice) => [choice.lotId, choice.quantity]));
    for (const lotId of new Set([...line.allocations.map((a) => a.lotId), ...chosenIds])) {
      const existing = line.allocations.find((a) => a.lotId === lotId);
      const shippedHere = existing?.shippedQuantity ?? 0;
      const quantity = shippedHere + (targets.get(lotId) ?? 0);
      const pinned = targets.has(lotId) || (existing?.pinned ?? false);
      const delta = quantity - (existing?.quantity ?? 0);
      if (delta === 0 && pinned === (existing?.pinned ?? false)) continue;
      changed = true;
      if (existing && quantity === 0) await tx.allocation.delete({ where: { id: existing.id, shopId } });
      else if (existing) await tx.allocation.update({ where: { id: existing.id, shopId }, data: { quantity, pinned } });
      else await tx.allocation.create({ data: { shopId, orderLineId: line.id, lotId, quantity, pinned } });
      if (delta === 0) continue;
      const lot = lots.get(lotId)!;
      await moveLotQuantities(tx, shopId, lot, { allocated: delta });
      await recordLotEvent(tx, {
        shopId,
        lotId,
        type: delta > 0 ? "allocated" : "released",
        quantity: -delta,
        occurredAt: now,
        actor: input.actor,
        order: line.order,
        line,
        details: { cause: "re-allocated by hand", reason: input.reason.trim() },
      });
    }
    if (!changed) return { changed: false, pending: null };
    // Serials entered for units the line no longer holds in their lot go back in stock.
    await releaseExcessEnteredSerials(tx, { shopId, orderLineId: line.id, unshippedByLot: targets });

    // Statuses, reasons and any top-up follow from the same rules as automatic allocation.
    await reconcileOrderAllocations(tx, {
      shopId,
      orderRefId: line.orderRefId,
      actor: input.actor,
      now,
      timeZone: input.timeZone,
    });
    const after = await tx.allocation.findMany({
      where: { shopId, orderLineId: line.id },
      include: { lot: { select: { code: true } } },
      orderBy: { lotId: "asc" },
    });
    await tx.auditEntry.create({
      data: {
        shopId,
        actor: input.actor,
        action: "allocation.reallocated",
        subjectType: "order_line",
        subjectId: line.id,
        details: {
          orderId: line.order.shopifyOrderId,
          orderName: line.order.name,
          lineTitle: line.title,
          reason: input.reason.trim(),
          before,
          after: after.map((a) => ({
            lotId: a.lotId,
            lotCode: a.lot.code,
            quantity: a.quantity,
            shipped: a.shippedQuantity,
            pinned: a.pinned,
          })),
        },
      },
    });
    return { changed: true, pending: await bumpWriteBackVersion(tx, shopId, line.orderRefId) };
  });
  if (result.pending) await enqueueOrderWriteBack(result.pending);
  return result;
}
