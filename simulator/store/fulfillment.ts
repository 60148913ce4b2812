// Fulfilling orders (committed stock leaves the shelf) and holding fulfilment orders.
import { applyQuantityDeltas } from "./inventory";
import { closeIfDone, fulfillmentOrdersOf, inventoryItemOf, requireOrder } from "./orders";
import { type Changed, ChangeSet, newGid, nowIso, type ShopState } from "./store";
import type {
  FulfillmentHoldRecord,
  FulfillmentLineItemRecord,
  FulfillmentOrderRecord,
  FulfillmentRecord,
  OrderRecord,
} from "./types";

export interface FulfillOrderInput {
  /** Which fulfilment order to fulfil; the first one with units left when omitted. */
  fulfillmentOrderId?: string;
  /** Lines and quantities to ship; everything left on the fulfilment order when omitted. */
  lines?: { lineItemId: string; quantity: number }[];
}

export function fulfillOrder(
  state: ShopState,
  orderId: string,
  input: FulfillOrderInput = {},
): Changed<FulfillmentRecord> {
  const order = requireOrder(state, orderId);
  if (order.cancelledAt) throw new Error(`Order ${order.name} is cancelled`);
  const fulfillmentOrder = input.fulfillmentOrderId
    ? fulfillmentOrdersOf(state, order).find((fo) => fo.id === input.fulfillmentOrderId)
    : fulfillmentOrdersOf(state, order).find((fo) => fo.lineItems.some((item) => item.remainingQuantity > 0));
  if (!fulfillmentOrder) throw new Error(`Order ${order.name} has nothing left to fulfil`);
  if (fulfillmentOrder.status === "ON_HOLD") throw new Error(`Fulfilment order ${fulfillmentOrder.id} is on hold`);
  if (fulfillmentOrder.status === "CLOSED" || fulfillmentOrder.status === "CANCELLED") {
    throw new Error(`Fulfilment order ${fulfillmentOrder.id} is ${fulfillmentOrder.status.toLowerCase()}`);
  }

  const wanted =
    input.lines ??
    fulfillmentOrder.lineItems
      .filter((item) => item.remainingQuantity > 0)
      .map((item) => ({ lineItemId: item.lineItemId, quantity: item.remainingQuantity }));
  const changes = new ChangeSet(state);
  const fulfilledLines: FulfillmentLineItemRecord[] = wanted.map(({ lineItemId, quantity }) => {
    const item = fulfillmentOrder.lineItems.find((i) => i.lineItemId === lineItemId);
    if (!item || !Number.isInteger(quantity) || quantity < 1 || quantity > item.remainingQuantity) {
      throw new Error(`Cannot fulfil ${quantity} of line item ${lineItemId} from ${fulfillmentOrder.id}`);
    }
    item.remainingQuantity -= quantity;
    const line = state.lineItems.get(lineItemId)!;
    const inventoryItemId = inventoryItemOf(state, line);
    if (inventoryItemId) {
      // Shipped units stop being committed and leave on-hand stock.
      const delta = { inventoryItemId, locationId: fulfillmentOrder.locationId, name: "committed" as const };
      applyQuantityDeltas(state, [{ ...delta, delta: -quantity }], changes);
    }
    return { __typename: "FulfillmentLineItem", id: newGid(state, "FulfillmentLineItem"), lineItemId, quantity };
  });
  if (fulfillmentOrder.status === "OPEN") fulfillmentOrder.status = "IN_PROGRESS";
  closeIfDone(state, fulfillmentOrder);

  const now = nowIso(state);
  const fulfillment: FulfillmentRecord = {
    __typename: "Fulfillment",
    id: newGid(state, "Fulfillment"),
    orderId: order.id,
    name: `${order.name}.${order.fulfillmentIds.length + 1}`,
    status: "SUCCESS",
    locationId: fulfillmentOrder.locationId,
    fulfillmentOrderIds: [fulfillmentOrder.id],
    lineItems: fulfilledLines,
    createdAt: now,
    updatedAt: now,
  };
  state.fulfillments.set(fulfillment.id, fulfillment);
  order.fulfillmentIds.push(fulfillment.id);
  order.updatedAt = now;
  changes.add("fulfillments/create", fulfillment.id);
  const status = displayFulfillmentStatus(state, order);
  changes.add(status === "FULFILLED" ? "orders/fulfilled" : "orders/partially_fulfilled", order.id);
  changes.add("orders/updated", order.id);
  return changes.commit(fulfillment);
}

export function fulfilledQuantity(state: ShopState, order: OrderRecord, lineItemId: string): number {
  let total = 0;
  for (const id of order.fulfillmentIds) {
    const fulfillment = state.fulfillments.get(id)!;
    if (fulfillment.status !== "SUCCESS") continue;
    for (const item of fulfillment.lineItems) if (item.lineItemId === lineItemId) total += item.quantity;
  }
  return total;
}

/** Shopify's order-level fulfilment status, derived from fulfilments and holds. */
export function displayFulfillmentStatus(state: ShopState, order: OrderRecord): string {
  const lines = order.lineItems.filter((line) => line.currentQuantity > 0);
  const fulfilled = lines.map((line) => fulfilledQuantity(state, order, line.id));
  if (lines.length > 0 && lines.every((line, i) => fulfilled[i] >= line.currentQuantity)) return "FULFILLED";
  if (fulfilled.some((quantity) => quantity > 0)) return "PARTIALLY_FULFILLED";
  if (fulfillmentOrdersOf(state, order).some((fo) => fo.status === "ON_HOLD")) return "ON_HOLD";
  return "UNFULFILLED";
}

export interface HoldInput {
  reason: string;
  reasonNotes?: string | null;
  /** Unique per app and fulfilment order; Shopify's default is the empty string. */
  handle?: string;
  /** The app placing the hold; null for the merchant. */
  appId?: number | null;
}

export function holdFulfillmentOrder(
  state: ShopState,
  fulfillmentOrderId: string,
  input: HoldInput,
): Changed<{ fulfillmentOrder: FulfillmentOrderRecord; hold: FulfillmentHoldRecord }> {
  const fulfillmentOrder = requireFulfillmentOrder(state, fulfillmentOrderId);
  const hold: FulfillmentHoldRecord = {
    __typename: "FulfillmentHold",
    id: newGid(state, "FulfillmentHold"),
    reason: input.reason,
    reasonNotes: input.reasonNotes ?? null,
    handle: input.handle ?? "",
    heldByAppId: input.appId ?? null,
    createdAt: nowIso(state),
  };
  fulfillmentOrder.holds.push(hold);
  fulfillmentOrder.status = "ON_HOLD";
  const changes = touchOrder(state, fulfillmentOrder, "fulfillment_orders/placed_on_hold");
  return changes.commit({ fulfillmentOrder, hold });
}

/** Releases the given holds (all of them when `holdIds` is omitted); open again once none is left. */
export function releaseFulfillmentOrderHolds(
  state: ShopState,
  fulfillmentOrderId: string,
  holdIds?: readonly string[],
): Changed<FulfillmentOrderRecord> {
  const fulfillmentOrder = requireFulfillmentOrder(state, fulfillmentOrderId);
  const releasing = new Set(holdIds ?? fulfillmentOrder.holds.map((hold) => hold.id));
  fulfillmentOrder.holds = fulfillmentOrder.holds.filter((hold) => !releasing.has(hold.id));
  if (fulfillmentOrder.holds.length === 0 && fulfillmentOrder.status === "ON_HOLD") {
    const started = fulfillmentOrder.lineItems.some((item) => item.remainingQuantity < item.totalQuantity);
    fulfillmentOrder.status = started ? "IN_PROGRESS" : "OPEN";
  }
  const changes = touchOrder(state, fulfillmentOrder, "fulfillment_orders/hold_released");
  return changes.commit(fulfillmentOrder);
}

export function requireFulfillmentOrder(state: ShopState, id: string): FulfillmentOrderRecord {
  const fulfillmentOrder = state.fulfillmentOrders.get(id);
  if (!fulfillmentOrder) throw new Error(`Unknown fulfilment order ${id} in ${state.shop.myshopifyDomain}`);
  return fulfillmentOrder;
}

function touchOrder(
  state: ShopState,
  fulfillmentOrder: FulfillmentOrderRecord,
  topic: "fulfillment_orders/placed_on_hold" | "fulfillment_orders/hold_released",
) {
  const now = nowIso(state);
  fulfillmentOrder.updatedAt = now;
  const order = state.orders.get(fulfillmentOrder.orderId)!;
  order.updatedAt = now;
  const changes = new ChangeSet(state);
  changes.add(topic, fulfillmentOrder.id);
  changes.add("orders/updated", order.id);
  return changes;
}
