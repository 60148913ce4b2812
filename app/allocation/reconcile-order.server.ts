// Brings one order's allocations, lot quantities, ledger, serials and statuses in line with its
// lines as order sync last stored them. Idempotent: it compares what the lines say (quantity,
// fulfilled, returned, cancelled) with what the allocations already record and applies only the
// difference, so a second call changes nothing.
import type { Prisma } from "../db.server";
import { type AllocationPlan, compareLotsFefo, planAllocation } from "../domain/allocation-planner";
import { needsAttention, queueOrderNeedsAttention } from "../flow/order-needs-attention.server";
import type { EnqueueFlowTrigger } from "../flow/trigger-handles";
import type { LineAllocationStatus, OrderAllocationStatus } from "../generated/prisma/client.ts";
import { enqueue } from "../jobs/queues.server";
import type { ShopSettings } from "../settings/shop-settings";
import { AppError } from "../utils/errors";
import { logger } from "../utils/logger.server";
import {
  loadShopSettings,
  locationLabel,
  minShelfLifeByProduct,
  shopToday,
  toCandidateLot,
} from "./allocation-rules.server";
import { type LedgerLine, type LotState, recordLotEvent } from "./lot-ledger.server";
import { lockAndReadLots } from "./lot-locks.server";
import { type AllocationState, PendingOrderWrites } from "./order-writes.server";
import { releaseExcessEnteredSerials, returnSerials, shipSerials } from "./serial-moves.server";

export const RETURN_QUARANTINE = "return-quarantine";

export type EnqueueReturnQuarantine = (payload: { shopId: string; lotEventId: string }) => Promise<unknown>;

export interface ReconcileOrderInput {
  shopId: string;
  orderRefId: string;
  /** Who caused it, as the ledger records actors: "webhook:orders/updated", "job:orders.sync", … */
  actor: string;
  now?: Date;
  /** The shop's IANA time zone, for "today" in expiry rules; UTC when the caller does not know it. */
  timeZone?: string | null;
  /** The shop's settings when the caller has read them already; read here otherwise. */
  settings?: ShopSettings;
  /** Queues the Shopify move of returned units to quality control; the job queue by default. */
  enqueueReturnQuarantine?: EnqueueReturnQuarantine;
  /**
   * Also raise the order's write-back version when anything changed, in the same UPDATE as its
   * status (see write-back-queue.server.ts); the new version is returned.
   */
  bumpWriteBackVersion?: boolean;
  /** Queues the "Order needs lot attention" Flow trigger; the job queue (delayed) by default. */
  enqueueFlowTrigger?: EnqueueFlowTrigger;
}

// Queued from inside the caller's transaction, so the job waits a little and treats a ledger row
// it cannot see yet as "try again" (see quarantine-returned.server.ts).
const RETURN_QUARANTINE_DELAY_MS = 2_000;

async function queueReturnQuarantine(payload: { shopId: string; lotEventId: string }): Promise<void> {
  try {
    await enqueue("lots.quarantine-returned", payload, { delayMs: RETURN_QUARANTINE_DELAY_MS });
  } catch (error) {
    logger.warn({ err: error, ...payload }, "return quarantine not queued; the units stay quarantined in Lotline");
  }
}

interface OrderContext {
  tx: Prisma.TransactionClient;
  shopId: string;
  actor: string;
  now: Date;
  order: { id: string; shopifyOrderId: string; name: string; cancelledAt: Date | null };
  settings: ShopSettings;
  lots: Map<string, LotState>;
  today: ReturnType<typeof shopToday>;
  minShelfLife: Map<string, number>;
  /** Product and variant ids with at least one lot in this shop. */
  tracked: Set<string>;
  locationNames: Map<string, string | null>;
  quarantineEvents: string[];
  writes: PendingOrderWrites;
  changed: boolean;
}

/** An order line as reconcile reads it: its fields and its allocations. */
interface LineRow extends LedgerLine {
  productId: string | null;
  variantId: string | null;
  locationId: string | null;
  quantity: number;
  fulfilledQuantity: number;
  returnedQuantity: number;
  status: LineAllocationStatus;
  attentionReason: string | null;
  allocations: AllocationState[];
}

interface OrderRow {
  id: string;
  shopifyOrderId: string;
  name: string;
  cancelledAt: Date | null;
  allocationStatus: OrderAllocationStatus;
  attentionReason: string | null;
  lines: LineRow[];
}

/** A lot of one of the order's products or variants, or one its lines hold. */
interface RelatedLot {
  id: string;
  productId: string;
  variantId: string;
}

interface OrdersReading {
  /** In the order the ids were given; an id Lotline does not have is missing. */
  orders: OrderRow[];
  /** For all the orders together. */
  related: RelatedLot[];
  rules: { productId: string; minShelfLifeDays: number | null }[];
}

/**
 * The orders, their lines (oldest first) and allocations, the lots related to their lines and
 * their products' shelf-life rules, in one round trip: every order webhook runs this.
 */
async function readOrders(tx: Prisma.TransactionClient, shopId: string, orderRefIds: string[]): Promise<OrdersReading> {
  const [row] = await tx.$queryRaw<[{ orders: OrderRow[] } & Pick<OrdersReading, "related" | "rules">]>`
    WITH o AS (
      SELECT o.*, ids.ordinal FROM unnest(${orderRefIds}::uuid[]) WITH ORDINALITY AS ids(id, ordinal)
      JOIN "OrderRef" o ON o.id = ids.id AND o."shopId" = ${shopId}::uuid
    ), l AS (
      SELECT l.* FROM "OrderLineRef" l JOIN o ON l."orderRefId" = o.id WHERE l."shopId" = ${shopId}::uuid
    ), a AS (
      SELECT a.* FROM "Allocation" a JOIN l ON a."orderLineId" = l.id WHERE a."shopId" = ${shopId}::uuid
    )
    SELECT
      COALESCE((
        SELECT json_agg(json_build_object(
          'id', o.id, 'shopifyOrderId', o."shopifyOrderId", 'name', o.name, 'cancelledAt', o."cancelledAt",
          'allocationStatus', o."allocationStatus", 'attentionReason', o."attentionReason",
          'lines', COALESCE((
            SELECT json_agg(json_build_object(
              'id', l.id, 'shopifyLineItemId', l."shopifyLineItemId", 'title', l.title, 'sku', l.sku,
              'productId', l."productId", 'variantId', l."variantId", 'locationId', l."locationId",
              'quantity', l.quantity, 'fulfilledQuantity', l."fulfilledQuantity",
              'returnedQuantity', l."returnedQuantity", 'status', l.status, 'attentionReason', l."attentionReason",
              'allocations', COALESCE((
                SELECT json_agg(json_build_object(
                  'id', a.id, 'lotId', a."lotId", 'quantity', a.quantity, 'shippedQuantity', a."shippedQuantity",
                  'returnedQuantity', a."returnedQuantity", 'pinned', a.pinned
                ) ORDER BY a.id)
                FROM a WHERE a."orderLineId" = l.id
              ), '[]'::json)
            ) ORDER BY l."createdAt", l.id)
            FROM l WHERE l."orderRefId" = o.id
          ), '[]'::json)
        ) ORDER BY o.ordinal)
        FROM o
      ), '[]'::json) AS orders,
      -- Any lot of a line's product makes the product tracked; the line's variant's lots (and any
      -- lot it already holds) are the ones allocation may move.
      COALESCE((
        SELECT json_agg(json_build_object('id', x.id, 'productId', x."productId", 'variantId', x."variantId"))
        FROM "Lot" x
        WHERE x."shopId" = ${shopId}::uuid
          AND (x."productId" = ANY(ARRAY(SELECT "productId" FROM l WHERE "productId" IS NOT NULL))
               OR x."variantId" = ANY(ARRAY(SELECT "variantId" FROM l WHERE "variantId" IS NOT NULL))
               OR x.id = ANY(ARRAY(SELECT "lotId" FROM a)))
      ), '[]'::json) AS related,
      COALESCE((
        SELECT json_agg(json_build_object('productId', r."productId", 'minShelfLifeDays', r."minShelfLifeDays"))
        FROM "ProductRule" r
        WHERE r."shopId" = ${shopId}::uuid AND r."productId" = ANY(ARRAY(SELECT "productId" FROM l))
      ), '[]'::json) AS rules`;
  // json_build_object writes timestamps without zone; the columns hold UTC.
  const orders = row.orders.map((order) => ({
    ...order,
    cancelledAt: order.cancelledAt === null ? null : new Date(`${order.cancelledAt as unknown as string}Z`),
  }));
  return { orders, related: row.related, rules: row.rules };
}

interface LineOutcome {
  status: LineAllocationStatus;
  reason: string | null;
  /** Units held or shipped vs. units the customer buys (for the order's status). */
  allocated: number;
  needed: number;
  /** Something only the merchant can sort out (units shipped or returned that no allocation explains). */
  attention: boolean;
}

export async function reconcileOrderAllocations(
  tx: Prisma.TransactionClient,
  input: ReconcileOrderInput,
): Promise<OrderReconciled> {
  const { orderRefId, ...rest } = input;
  const result = (await reconcileOrdersAllocations(tx, { ...rest, orderRefIds: [orderRefId] })).get(orderRefId);
  if (!result) throw new AppError("NOT_FOUND", "This order is not in Lotline (yet): sync it from Shopify first.");
  return result;
}

export interface OrderReconciled {
  changed: boolean;
  /** With `bumpWriteBackVersion`, the order's new version when anything changed. */
  writeBackVersion?: number;
}

/**
 * Reconciles several orders of one shop in one pass (new orders that arrived together): one read,
 * one lock of every lot they may touch (id order, so batches never deadlock), the plans made in
 * the given order against the same in-memory stock, one write. Orders Lotline does not have are
 * left out of the answer.
 */
export async function reconcileOrdersAllocations(
  tx: Prisma.TransactionClient,
  input: Omit<ReconcileOrderInput, "orderRefId"> & { orderRefIds: string[] },
): Promise<Map<string, OrderReconciled>> {
  const { shopId } = input;
  const reading = await readOrders(tx, shopId, input.orderRefIds);
  const { orders, related } = reading;
  if (orders.length === 0) return new Map();

  const lines = orders.flatMap((order) => order.lines);
  const variantSet = new Set(unique(lines.map((line) => line.variantId)));
  const heldSet = new Set(lines.flatMap((line) => line.allocations.map((allocation) => allocation.lotId)));
  const lotIds = related.filter((lot) => variantSet.has(lot.variantId) || heldSet.has(lot.id)).map((lot) => lot.id);
  // Read before the locks: the shorter the locks are held, the less competing orders wait.
  const settings = input.settings ?? (await loadShopSettings(tx, shopId));
  const minShelfLife = minShelfLifeByProduct(unique(lines.map((line) => line.productId)), reading.rules, settings);
  // Stock is read only with the locks held: what we read is what no one else can take.
  const lotRows = await lockAndReadLots(tx, shopId, lotIds);

  const now = input.now ?? new Date();
  const shared = {
    tx,
    shopId,
    actor: input.actor,
    now,
    settings,
    lots: new Map(lotRows.map((lot) => [lot.id, { ...lot }])),
    today: shopToday(now, input.timeZone),
    minShelfLife,
    // A line's product or variant with any lot in the shop is tracked.
    tracked: new Set(related.flatMap((lot) => [lot.productId, lot.variantId])),
    locationNames: new Map<string, string | null>(),
    quarantineEvents: [] as string[],
    writes: new PendingOrderWrites(tx, shopId),
  };

  const reconciled: { order: OrderRow; ctx: OrderContext; status: OrderStatus; statusChanged: boolean }[] = [];
  for (const order of orders) {
    const ctx: OrderContext = { ...shared, order, changed: false };
    const outcomes: { line: LineRow; outcome: LineOutcome }[] = [];
    for (const line of order.lines) {
      const outcome = await reconcileLine(ctx, line);
      if (line.status !== outcome.status || line.attentionReason !== outcome.reason) {
        ctx.writes.setLineStatus(line.id, outcome.status, outcome.reason);
        ctx.changed = true;
      }
      outcomes.push({ line, outcome });
    }
    const status = orderStatusOf(order.cancelledAt !== null, outcomes);
    const statusChanged = order.allocationStatus !== status.status || order.attentionReason !== status.reason;
    if (statusChanged) ctx.changed = true;
    reconciled.push({ order, ctx, status, statusChanged });
  }

  const bump = (ctx: OrderContext) => input.bumpWriteBackVersion === true && ctx.changed;
  const versions = await shared.writes.flush(
    reconciled.map(({ order, ctx, status, statusChanged }) => ({
      orderRefId: order.id,
      status: statusChanged ? status : null,
      bumpWriteBackVersion: bump(ctx),
    })),
  );

  const results = new Map<string, OrderReconciled>();
  for (const { order, ctx, status, statusChanged } of reconciled) {
    const version = versions.get(order.id);
    // Only an order that has just started to need attention costs anything more here.
    if (
      version !== undefined &&
      statusChanged &&
      needsAttention(status.status) &&
      !needsAttention(order.allocationStatus)
    ) {
      await queueOrderNeedsAttention(tx, { shopId, orderRefId: order.id, version }, input.enqueueFlowTrigger);
    }
    results.set(
      order.id,
      bump(ctx) && version !== undefined
        ? { changed: ctx.changed, writeBackVersion: version }
        : { changed: ctx.changed },
    );
  }

  const enqueueQuarantine = input.enqueueReturnQuarantine ?? queueReturnQuarantine;
  for (const lotEventId of shared.quarantineEvents) await enqueueQuarantine({ shopId, lotEventId });
  return results;
}

async function reconcileLine(ctx: OrderContext, line: LineRow): Promise<LineOutcome> {
  const cancelled = ctx.order.cancelledAt !== null;
  const tracked =
    (line.productId !== null && ctx.tracked.has(line.productId)) ||
    (line.variantId !== null && ctx.tracked.has(line.variantId)) ||
    line.allocations.length > 0;
  if (!tracked) return { status: "untracked", reason: null, allocated: 0, needed: 0, attention: false };

  const allocations: AllocationState[] = line.allocations.map((allocation) => ({ ...allocation }));
  // A cancelled order keeps only what already left; otherwise the line holds every unit it buys
  // (and at least what Shopify says shipped, so shipments can be traced to a lot).
  const target = cancelled ? line.fulfilledQuantity : Math.max(line.quantity, line.fulfilledQuantity);
  const plan = await planLine(ctx, line, allocations, target);
  await applyPlan(ctx, line, allocations, plan, cancelled ? "order cancelled" : null);

  const unallocatedShipped = await shipUnits(ctx, line, allocations);
  const unmatchedReturns = await returnUnits(ctx, line, allocations);
  // Serials the merchant entered can only outnumber the unshipped units after a release.
  if (plan.changes.some((change) => change.delta < 0)) {
    const unshippedByLot = new Map(allocations.map((a) => [a.lotId, a.quantity - a.shippedQuantity]));
    const orderLineId = line.id;
    if ((await releaseExcessEnteredSerials(ctx.tx, { shopId: ctx.shopId, orderLineId, unshippedByLot })) > 0) {
      ctx.changed = true;
    }
  }

  const problems: string[] = [];
  if (unallocatedShipped > 0) {
    problems.push(
      `${units(unallocatedShipped)} shipped without a lot allocated (no stock was free when it shipped): the trace for ${unallocatedShipped === 1 ? "it" : "them"} is incomplete`,
    );
  }
  if (unmatchedReturns > 0) {
    problems.push(`${units(unmatchedReturns)} returned that Lotline never saw ship from a lot`);
  }
  const needed = cancelled ? 0 : line.quantity;
  if (problems.length > 0) {
    return {
      status: "needs_attention",
      reason: problems.join("; "),
      allocated: plan.allocated,
      needed,
      attention: true,
    };
  }
  if (needed === 0) return { status: "released", reason: null, allocated: plan.allocated, needed, attention: false };
  if (plan.allocated >= needed) {
    return { status: "allocated", reason: null, allocated: plan.allocated, needed, attention: false };
  }
  const status = plan.allocated > 0 ? "partial" : "needs_attention";
  return { status, reason: plan.reason, allocated: plan.allocated, needed, attention: false };
}

async function planLine(
  ctx: OrderContext,
  line: LineRow,
  allocations: AllocationState[],
  target: number,
): Promise<AllocationPlan> {
  const held = new Set(allocations.map((allocation) => allocation.lotId));
  const lots = [...ctx.lots.values()].filter((lot) => lot.variantId === line.variantId || held.has(lot.id));
  const input = {
    needed: target,
    locationId: line.locationId,
    allocations,
    lots: lots.map(toCandidateLot),
    today: ctx.today,
    minShelfLifeDays: (line.productId && ctx.minShelfLife.get(line.productId)) || 0,
  };
  const plan = planAllocation(input);
  // The location's name only matters for a shortfall's reason: look it up then, not for every order.
  if (plan.shortfall === 0 || !line.locationId) return plan;
  return planAllocation({ ...input, locationName: await locationName(ctx, line.locationId) });
}

async function locationName(ctx: OrderContext, locationId: string | null): Promise<string | null> {
  if (!locationId) return null;
  if (!ctx.locationNames.has(locationId)) {
    ctx.locationNames.set(locationId, await locationLabel(ctx.tx, ctx.shopId, locationId, ctx.settings));
  }
  return ctx.locationNames.get(locationId) ?? null;
}

async function applyPlan(
  ctx: OrderContext,
  line: LedgerLine,
  allocations: AllocationState[],
  plan: AllocationPlan,
  cause: string | null,
): Promise<void> {
  for (const change of plan.changes) {
    const lot = ctx.lots.get(change.lotId);
    if (!lot) continue;
    let allocation = allocations.find((a) => a.lotId === change.lotId);
    if (!allocation) {
      allocation = { id: null, lotId: lot.id, quantity: 0, shippedQuantity: 0, returnedQuantity: 0, pinned: false };
      allocations.push(allocation);
    }
    allocation.quantity += change.delta;
    ctx.writes.saveAllocation(line.id, allocation);
    ctx.writes.moveLot(lot, { allocated: change.delta });
    ctx.writes.recordEvent({
      shopId: ctx.shopId,
      lotId: lot.id,
      type: change.delta > 0 ? "allocated" : "released",
      quantity: -change.delta,
      occurredAt: ctx.now,
      actor: ctx.actor,
      order: ctx.order,
      line,
      details: change.delta < 0 ? { cause: cause ?? "fewer units on the line" } : {},
    });
    ctx.changed = true;
  }
}

function fefoAllocations(ctx: OrderContext, allocations: AllocationState[]): AllocationState[] {
  return allocations
    .filter((allocation) => ctx.lots.has(allocation.lotId))
    .sort((a, b) => compareLotsFefo(toCandidateLot(ctx.lots.get(a.lotId)!), toCandidateLot(ctx.lots.get(b.lotId)!)));
}

/** Ships what Shopify fulfilled since the last call, earliest expiry first; returns the units no allocation covered. */
async function shipUnits(ctx: OrderContext, line: LineRow, allocations: AllocationState[]): Promise<number> {
  const shipped = allocations.reduce((sum, allocation) => sum + allocation.shippedQuantity, 0);
  let toShip = line.fulfilledQuantity - shipped;
  if (toShip <= 0) return 0;
  const shippedOn = isoDay(ctx.today);
  for (const allocation of fefoAllocations(ctx, allocations)) {
    if (toShip === 0) break;
    const count = Math.min(toShip, allocation.quantity - allocation.shippedQuantity);
    if (count <= 0) continue;
    const lot = ctx.lots.get(allocation.lotId)!;
    allocation.shippedQuantity += count;
    ctx.writes.saveAllocation(line.id, allocation);
    ctx.writes.moveLot(lot, { onHand: -count, allocated: -count });
    const serials = await shipSerials(ctx.tx, { shopId: ctx.shopId, lotId: lot.id, orderLineId: line.id, count });
    ctx.writes.recordEvent({
      shopId: ctx.shopId,
      lotId: lot.id,
      type: "shipped",
      quantity: -count,
      occurredAt: ctx.now,
      actor: ctx.actor,
      order: ctx.order,
      line,
      details: { shippedOn, locationId: lot.locationId, serialNumbers: serials },
    });
    toShip -= count;
    ctx.changed = true;
  }
  return toShip;
}

/** Takes back what Shopify restocked since the last call; returns the units no shipment explains. */
async function returnUnits(ctx: OrderContext, line: LineRow, allocations: AllocationState[]): Promise<number> {
  const returned = allocations.reduce((sum, allocation) => sum + allocation.returnedQuantity, 0);
  let toReturn = line.returnedQuantity - returned;
  if (toReturn <= 0) return 0;
  const quarantine = ctx.settings.returnsToQuarantine;
  for (const allocation of fefoAllocations(ctx, allocations)) {
    if (toReturn === 0) break;
    const count = Math.min(toReturn, allocation.shippedQuantity - allocation.returnedQuantity);
    if (count <= 0) continue;
    const lot = ctx.lots.get(allocation.lotId)!;
    allocation.returnedQuantity += count;
    ctx.writes.saveAllocation(line.id, allocation);
    ctx.writes.moveLot(lot, { onHand: count, quarantined: quarantine ? count : 0 });
    const serials = await returnSerials(ctx.tx, { shopId: ctx.shopId, lotId: lot.id, orderLineId: line.id, count });
    const ledger = { shopId: ctx.shopId, lotId: lot.id, occurredAt: ctx.now, actor: ctx.actor, order: ctx.order, line };
    ctx.writes.recordEvent({
      ...ledger,
      type: "returned",
      quantity: count,
      details: { locationId: lot.locationId, serialNumbers: serials },
    });
    if (quarantine) {
      // Its id is queued for the Shopify move, so it is written now, after the rows before it.
      await ctx.writes.flush();
      const event = await recordLotEvent(ctx.tx, {
        ...ledger,
        type: "quarantined",
        quantity: 0,
        details: { kind: RETURN_QUARANTINE, quantity: count, from: "available", to: "quality_control" },
      });
      ctx.quarantineEvents.push(event.id);
    }
    toReturn -= count;
    ctx.changed = true;
  }
  return toReturn;
}

type OrderStatus = { status: OrderAllocationStatus; reason: string | null };

function orderStatusOf(cancelled: boolean, lines: { line: { title: string }; outcome: LineOutcome }[]): OrderStatus {
  if (cancelled) return { status: "cancelled", reason: null };
  const relevant = lines.filter(({ outcome }) => outcome.status !== "untracked" && outcome.status !== "released");
  const reasons = relevant
    .filter(({ outcome }) => outcome.reason)
    .map(({ line, outcome }) => `${line.title}: ${outcome.reason}`);
  const reason = reasons.length > 0 ? reasons.join("; ") : null;
  if (relevant.some(({ outcome }) => outcome.attention)) return { status: "needs_attention", reason };
  const short = relevant.filter(({ outcome }) => outcome.allocated < outcome.needed);
  if (short.length === 0) return { status: "allocated", reason: null };
  const anyAllocated = relevant.some(({ outcome }) => outcome.allocated > 0);
  return { status: anyAllocated ? "partial" : "needs_attention", reason };
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

function units(count: number): string {
  return count === 1 ? "1 unit" : `${count} units`;
}

function isoDay(day: { year: number; month: number; day: number }): string {
  return new Date(Date.UTC(day.year, day.month - 1, day.day)).toISOString().slice(0, 10);
}
