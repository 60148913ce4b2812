// What one order's reconcile changes, gathered in memory and written in a few set-based
// statements instead of one round trip per allocation, lot, ledger row and status: at allocation
// volume the round trips, not the SQL, are what costs. Callers hold the order's and
// the lots' row locks, so writing at the end is the same as writing as they go.
import type { Prisma } from "../db.server";
import type { LineAllocationStatus, OrderAllocationStatus } from "../generated/prisma/client.ts";
import { applyLotDelta, type LotDelta, type LotState, lotEventRow, type OrderLotEvent } from "./lot-ledger.server";
import { newRowId } from "./row-ids";

/** An allocation as reconcile tracks it: `id` is null until the row exists. */
export interface AllocationState {
  id: string | null;
  lotId: string;
  quantity: number;
  shippedQuantity: number;
  returnedQuantity: number;
  pinned: boolean;
}

/** An order row's part of the last flush: its new status, if it changed, and the write-back bump. */
export interface OrderUpdate {
  orderRefId: string;
  status: { status: OrderAllocationStatus; reason: string | null } | null;
  bumpWriteBackVersion: boolean;
}

export class PendingOrderWrites {
  private readonly allocations = new Map<AllocationState, string>();
  private readonly lotMoves = new Map<string, { lot: LotState; delta: Required<LotDelta> }>();
  private events: OrderLotEvent[] = [];
  private readonly lineStatuses = new Map<string, { status: LineAllocationStatus; reason: string | null }>();

  constructor(
    private readonly tx: Prisma.TransactionClient,
    private readonly shopId: string,
  ) {}

  /** The allocation's numbers are written (or the row removed) at flush. */
  saveAllocation(orderLineId: string, allocation: AllocationState): void {
    this.allocations.set(allocation, orderLineId);
  }

  /** Moves the lot's in-memory quantities now; the row gets the summed delta at flush. */
  moveLot(lot: LotState, delta: LotDelta): void {
    applyLotDelta(lot, delta);
    const move = this.lotMoves.get(lot.id) ?? { lot, delta: { allocated: 0, onHand: 0, quarantined: 0 } };
    move.delta.allocated += delta.allocated ?? 0;
    move.delta.onHand += delta.onHand ?? 0;
    move.delta.quarantined += delta.quarantined ?? 0;
    this.lotMoves.set(lot.id, move);
  }

  recordEvent(event: OrderLotEvent): void {
    this.events.push(event);
  }

  setLineStatus(orderLineId: string, status: LineAllocationStatus, reason: string | null): void {
    this.lineStatuses.set(orderLineId, { status, reason });
  }

  /**
   * Writes everything gathered; with `orders`, also those order rows, returning each one's
   * write-back version (by order id).
   */
  async flush(orders: OrderUpdate[] = []): Promise<Map<string, number>> {
    const created = await this.flushChangedAllocations();
    const events = this.events.map(lotEventRow);
    const moves = [...this.lotMoves.values()];
    const lines = [...this.lineStatuses];
    this.events = [];
    this.lotMoves.clear();
    this.lineStatuses.clear();
    const changedOrders = orders.filter((order) => order.status !== null || order.bumpWriteBackVersion);
    if (
      created.length === 0 &&
      events.length === 0 &&
      moves.length === 0 &&
      lines.length === 0 &&
      changedOrders.length === 0
    ) {
      return new Map();
    }
    const { shopId } = this;
    const now = new Date();
    // Data-modifying CTEs always run to completion, whatever the outer statement reads.
    const updated = await this.tx.$queryRaw<{ id: string; writeBackVersion: number }[]>`
      WITH allocations AS (
        INSERT INTO "Allocation" ("id", "shopId", "orderLineId", "lotId", "quantity", "shippedQuantity",
                                  "returnedQuantity", "pinned", "createdAt", "updatedAt")
        SELECT d.id, ${shopId}::uuid, d.line, d.lot, d.quantity, d.shipped, d.returned, d.pinned,
               ${now}::timestamp(3), ${now}::timestamp(3)
        FROM unnest(
          ${created.map((row) => row.id)}::uuid[],
          ${created.map((row) => row.orderLineId)}::uuid[],
          ${created.map((row) => row.lotId)}::uuid[],
          ${created.map((row) => row.quantity)}::int[],
          ${created.map((row) => row.shippedQuantity)}::int[],
          ${created.map((row) => row.returnedQuantity)}::int[],
          ${created.map((row) => row.pinned)}::boolean[]
        ) AS d(id, line, lot, quantity, shipped, returned, pinned)
        RETURNING 1
      ), events AS (
        INSERT INTO "LotEvent" ("id", "shopId", "lotId", "type", "quantity", "occurredAt", "orderLineId", "actor",
                                "reference", "createdAt")
        SELECT d.id, ${shopId}::uuid, d.lot, d.type::"LotEventType", d.quantity, d.occurred, d.line, d.actor,
               d.reference::jsonb, ${now}::timestamp(3)
        FROM unnest(
          ${events.map((row) => row.id)}::uuid[],
          ${events.map((row) => row.lotId)}::uuid[],
          ${events.map((row) => row.type)}::text[],
          ${events.map((row) => row.quantity)}::int[],
          ${events.map((row) => row.occurredAt)}::timestamp(3)[],
          ${events.map((row) => row.orderLineId)}::uuid[],
          ${events.map((row) => row.actor)}::text[],
          ${events.map((row) => JSON.stringify(row.reference))}::text[]
        ) AS d(id, lot, type, quantity, occurred, line, actor, reference)
        RETURNING 1
      ), lots AS (
        UPDATE "Lot" AS l SET
          "allocatedQuantity" = l."allocatedQuantity" + d.allocated,
          "onHandQuantity" = l."onHandQuantity" + d.on_hand,
          "quarantinedQuantity" = l."quarantinedQuantity" + d.quarantined,
          "status" = d.status::"LotStatus",
          "updatedAt" = ${now}::timestamp(3)
        FROM unnest(
          ${moves.map((move) => move.lot.id)}::uuid[],
          ${moves.map((move) => move.delta.allocated)}::int[],
          ${moves.map((move) => move.delta.onHand)}::int[],
          ${moves.map((move) => move.delta.quarantined)}::int[],
          ${moves.map((move) => move.lot.status)}::text[]
        ) AS d(id, allocated, on_hand, quarantined, status)
        WHERE l.id = d.id AND l."shopId" = ${shopId}::uuid
        RETURNING l.id
      ), lines AS (
        UPDATE "OrderLineRef" AS r SET
          "status" = d.status::"LineAllocationStatus",
          "attentionReason" = d.reason,
          "updatedAt" = ${now}::timestamp(3)
        FROM unnest(
          ${lines.map(([id]) => id)}::uuid[],
          ${lines.map(([, line]) => line.status)}::text[],
          ${lines.map(([, line]) => line.reason)}::text[]
        ) AS d(id, status, reason)
        WHERE r.id = d.id AND r."shopId" = ${shopId}::uuid
        RETURNING r.id
      )
      UPDATE "OrderRef" AS o SET
        "allocationStatus" = COALESCE(d.status::"OrderAllocationStatus", o."allocationStatus"),
        "attentionReason" = CASE WHEN d.status IS NOT NULL THEN d.reason ELSE o."attentionReason" END,
        "writeBackVersion" = o."writeBackVersion" + d.bump,
        "updatedAt" = ${now}::timestamp(3)
      FROM unnest(
        ${changedOrders.map((order) => order.orderRefId)}::uuid[],
        ${changedOrders.map((order) => order.status?.status ?? null)}::text[],
        ${changedOrders.map((order) => order.status?.reason ?? null)}::text[],
        ${changedOrders.map((order) => (order.bumpWriteBackVersion ? 1 : 0))}::int[]
      ) AS d(id, status, reason, bump)
      WHERE o.id = d.id AND o."shopId" = ${shopId}::uuid
      RETURNING o.id, o."writeBackVersion"`;
    return new Map(updated.map((row) => [row.id, row.writeBackVersion]));
  }

  /**
   * Writes changed and removed allocations (rare: releases, shipments, returns) and returns the
   * new ones, with their ids, for the flush statement. An allocation that no longer holds or
   * shipped anything is removed; a new one is created only if it holds units.
   */
  private async flushChangedAllocations() {
    const { tx, shopId } = this;
    const removed: string[] = [];
    const created = [];
    for (const [allocation, orderLineId] of this.allocations) {
      if (allocation.id && allocation.quantity === 0 && allocation.shippedQuantity === 0) {
        removed.push(allocation.id);
        allocation.id = null;
      } else if (allocation.id) {
        await tx.allocation.update({
          where: { id: allocation.id, shopId },
          data: {
            quantity: allocation.quantity,
            shippedQuantity: allocation.shippedQuantity,
            returnedQuantity: allocation.returnedQuantity,
          },
        });
      } else if (allocation.quantity > 0) {
        allocation.id = newRowId();
        created.push({ ...allocation, id: allocation.id, orderLineId });
      }
    }
    this.allocations.clear();
    if (removed.length > 0) await tx.allocation.deleteMany({ where: { shopId, id: { in: removed } } });
    return created;
  }
}
