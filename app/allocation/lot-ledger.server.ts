// Moves a lot's quantities and writes the ledger row that explains the move, for allocation
// changes. Ledger signs: allocated −n / released +n move the lot's free stock; shipped −n /
// returned +n move its on-hand; quarantined is 0 (the units stay in the lot) with the count in
// the reference, as the expiry quarantine writes it.
import type { Prisma } from "../db.server";
import type { LotEventType, LotStatus } from "../generated/prisma/client.ts";
import { newRowId } from "./row-ids";

/** A locked lot as the transaction has left it so far. */
export interface LotState {
  id: string;
  code: string;
  variantId: string;
  productId: string;
  inventoryItemId: string;
  locationId: string;
  expiresAt: Date | null;
  receivedAt: Date;
  status: LotStatus;
  onHandQuantity: number;
  allocatedQuantity: number;
  quarantinedQuantity: number;
}

export interface LotDelta {
  allocated?: number;
  onHand?: number;
  quarantined?: number;
}

/**
 * Applies the deltas to the row (and the in-memory state). An active lot left with nothing on
 * hand becomes depleted; a depleted lot that regains stock (a return) becomes active again.
 */
export async function moveLotQuantities(
  tx: Prisma.TransactionClient,
  shopId: string,
  lot: LotState,
  delta: LotDelta,
): Promise<void> {
  applyLotDelta(lot, delta);
  await tx.lot.update({
    where: { id: lot.id, shopId },
    data: {
      allocatedQuantity: { increment: delta.allocated ?? 0 },
      onHandQuantity: { increment: delta.onHand ?? 0 },
      quarantinedQuantity: { increment: delta.quarantined ?? 0 },
      status: lot.status,
    },
  });
}

/** The in-memory half of moveLotQuantities, for callers that write several lots in one statement. */
export function applyLotDelta(lot: LotState, delta: LotDelta): void {
  lot.allocatedQuantity += delta.allocated ?? 0;
  lot.onHandQuantity += delta.onHand ?? 0;
  lot.quarantinedQuantity += delta.quarantined ?? 0;
  if (lot.status === "active" && lot.onHandQuantity === 0) lot.status = "depleted";
  else if (lot.status === "depleted" && lot.onHandQuantity > 0) lot.status = "active";
}

export interface LedgerLine {
  id: string;
  shopifyLineItemId: string;
  title: string;
  sku: string | null;
}

export interface LedgerOrder {
  shopifyOrderId: string;
  name: string;
}

/** The reference every order-driven ledger row carries, so traces name the order and line. */
export function orderReference(order: LedgerOrder, line: LedgerLine): Record<string, string | null> {
  return {
    orderId: order.shopifyOrderId,
    orderName: order.name,
    lineItemId: line.shopifyLineItemId,
    lineTitle: line.title,
    sku: line.sku,
  };
}

export interface OrderLotEvent {
  shopId: string;
  lotId: string;
  type: LotEventType;
  quantity: number;
  occurredAt: Date;
  actor: string;
  order: LedgerOrder;
  line: LedgerLine;
  details?: Record<string, Prisma.InputJsonValue | null>;
}

/** The ledger row for an event; its id comes from newRowId so rows written in one statement keep their order. */
export function lotEventRow(event: OrderLotEvent) {
  return {
    id: newRowId(),
    shopId: event.shopId,
    lotId: event.lotId,
    type: event.type,
    quantity: event.quantity,
    occurredAt: event.occurredAt,
    orderLineId: event.line.id,
    actor: event.actor,
    reference: { ...orderReference(event.order, event.line), ...event.details },
  };
}

export async function recordLotEvent(tx: Prisma.TransactionClient, event: OrderLotEvent) {
  return tx.lotEvent.create({ data: lotEventRow(event) });
}
