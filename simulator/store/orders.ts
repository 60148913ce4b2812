// Orders and what Shopify does to inventory and fulfilment orders when they are placed,
// edited, refunded or cancelled: unfulfilled units are `committed` at the assigned location.
import { applyQuantityDeltas, type QuantityDelta } from "./inventory";
import { type Changed, ChangeSet, newGid, nowIso, type ShopState } from "./store";
import { normalizeTags } from "./tags";
import type {
  FinancialStatus,
  FulfillmentOrderRecord,
  LineItemRecord,
  OrderRecord,
  RefundLineItemRecord,
  RefundRecord,
  RestockType,
} from "./types";

export interface OrderLineInput {
  variantId: string;
  quantity: number;
  /** Unit price; the variant's price when omitted. */
  price?: string;
}

export interface CreateOrderInput {
  customerId?: string | null;
  /** The customer's email when omitted. */
  email?: string | null;
  lines: OrderLineInput[];
  /** Where the fulfilment order is assigned; the first active location when omitted. */
  locationId?: string;
  tags?: string[];
  note?: string | null;
  financialStatus?: FinancialStatus;
}

export function createOrder(state: ShopState, input: CreateOrderInput): Changed<OrderRecord> {
  if (input.lines.length === 0) throw new Error("An order needs at least one line");
  const customer = input.customerId ? state.customers.get(input.customerId) : undefined;
  if (input.customerId && !customer) throw new Error(`Unknown customer ${input.customerId}`);
  const locationId = input.locationId ?? [...state.locations.values()].find((l) => l.isActive)?.id;
  const location = locationId ? state.locations.get(locationId) : undefined;
  if (!location?.isActive) throw new Error(`Unknown or inactive location ${locationId}`);

  const now = nowIso(state);
  state.orderSequence += 1;
  const order: OrderRecord = {
    __typename: "Order",
    id: newGid(state, "Order"),
    number: state.orderSequence,
    name: `#${1000 + state.orderSequence}`,
    email: input.email ?? customer?.email ?? null,
    phone: customer?.phone ?? null,
    customerId: customer?.id ?? null,
    tags: normalizeTags(input.tags ?? []),
    note: input.note ?? null,
    currencyCode: state.shop.currencyCode,
    financialStatus: input.financialStatus ?? "PAID",
    processedAt: now,
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    shippingAddress: customer?.addresses[0] ?? null,
    lineItems: [],
    fulfillmentOrderIds: [],
    fulfillmentIds: [],
    refundIds: [],
    createdAt: now,
    updatedAt: now,
  };
  const lines = input.lines.map((line) => newLineItem(state, order, line));
  order.lineItems.push(...lines);
  state.orders.set(order.id, order);

  const changes = new ChangeSet(state);
  changes.add("orders/create", order.id);
  const fulfillmentOrder = newFulfillmentOrder(state, order, location.id);
  for (const line of lines) addToFulfillmentOrder(state, fulfillmentOrder, line, line.quantity);
  commitStock(
    state,
    lines.map((line) => ({ line, quantity: line.quantity, locationId: location.id })),
    changes,
  );
  return changes.commit(order);
}

function newLineItem(state: ShopState, order: OrderRecord, input: OrderLineInput): LineItemRecord {
  if (!Number.isInteger(input.quantity) || input.quantity < 1) {
    throw new Error(`Line quantity must be a positive integer, got ${input.quantity}`);
  }
  const variant = state.variants.get(input.variantId);
  if (!variant) throw new Error(`Unknown variant ${input.variantId}`);
  const product = state.products.get(variant.productId)!;
  const line: LineItemRecord = {
    __typename: "LineItem",
    id: newGid(state, "LineItem"),
    orderId: order.id,
    variantId: variant.id,
    productId: product.id,
    title: product.title,
    variantTitle: variant.title === "Default Title" ? null : variant.title,
    sku: variant.sku,
    vendor: product.vendor,
    quantity: input.quantity,
    currentQuantity: input.quantity,
    price: input.price ?? variant.price,
  };
  state.lineItems.set(line.id, line);
  return line;
}

function newFulfillmentOrder(state: ShopState, order: OrderRecord, locationId: string): FulfillmentOrderRecord {
  const now = nowIso(state);
  const fulfillmentOrder: FulfillmentOrderRecord = {
    __typename: "FulfillmentOrder",
    id: newGid(state, "FulfillmentOrder"),
    orderId: order.id,
    locationId,
    status: "OPEN",
    lineItems: [],
    holds: [],
    createdAt: now,
    updatedAt: now,
  };
  state.fulfillmentOrders.set(fulfillmentOrder.id, fulfillmentOrder);
  order.fulfillmentOrderIds.push(fulfillmentOrder.id);
  return fulfillmentOrder;
}

function addToFulfillmentOrder(
  state: ShopState,
  fulfillmentOrder: FulfillmentOrderRecord,
  line: LineItemRecord,
  quantity: number,
) {
  const existing = fulfillmentOrder.lineItems.find((item) => item.lineItemId === line.id);
  if (existing) {
    existing.totalQuantity += quantity;
    existing.remainingQuantity += quantity;
    return;
  }
  fulfillmentOrder.lineItems.push({
    __typename: "FulfillmentOrderLineItem",
    id: newGid(state, "FulfillmentOrderLineItem"),
    fulfillmentOrderId: fulfillmentOrder.id,
    lineItemId: line.id,
    totalQuantity: quantity,
    remainingQuantity: quantity,
  });
}

interface StockMovement {
  line: LineItemRecord;
  quantity: number;
  locationId: string;
}

/** Placing units on an order moves them from `available` to `committed` (tracked items only). */
function commitStock(state: ShopState, movements: StockMovement[], changes: ChangeSet) {
  applyQuantityDeltas(
    state,
    movements.flatMap((m) => committedToward(state, m, "available", -1)),
    changes,
  );
}

/** Units leaving an order unfulfilled: back to `available` when restocked, written off otherwise. */
function releaseStock(state: ShopState, movements: StockMovement[], restock: boolean, changes: ChangeSet) {
  applyQuantityDeltas(
    state,
    movements.flatMap((m) => committedToward(state, m, restock ? "available" : null, 1)),
    changes,
  );
}

/** Deltas that move `quantity` between `committed` and `other` (sign -1 commits, +1 releases). */
function committedToward(
  state: ShopState,
  movement: StockMovement,
  other: "available" | null,
  sign: 1 | -1,
): QuantityDelta[] {
  const inventoryItemId = inventoryItemOf(state, movement.line);
  if (!inventoryItemId || movement.quantity === 0) return [];
  const { locationId, quantity } = movement;
  const deltas: QuantityDelta[] = [{ inventoryItemId, locationId, name: "committed", delta: -sign * quantity }];
  if (other) deltas.push({ inventoryItemId, locationId, name: other, delta: sign * quantity });
  return deltas;
}

export function inventoryItemOf(state: ShopState, line: LineItemRecord): string | null {
  const variant = line.variantId ? state.variants.get(line.variantId) : undefined;
  const item = variant ? state.inventoryItems.get(variant.inventoryItemId) : undefined;
  return item?.tracked ? item.id : null;
}

export function requireOrder(state: ShopState, orderId: string): OrderRecord {
  const order = state.orders.get(orderId);
  if (!order) throw new Error(`Unknown order ${orderId} in ${state.shop.myshopifyDomain}`);
  return order;
}

export function fulfillmentOrdersOf(state: ShopState, order: OrderRecord): FulfillmentOrderRecord[] {
  return order.fulfillmentOrderIds.map((id) => state.fulfillmentOrders.get(id)!);
}

/** Units of a line still waiting to be fulfilled, with the fulfilment-order line holding them. */
function unfulfilledParts(state: ShopState, order: OrderRecord, lineItemId: string) {
  return fulfillmentOrdersOf(state, order).flatMap((fo) =>
    fo.lineItems
      .filter((item) => item.lineItemId === lineItemId && item.remainingQuantity > 0)
      .map((item) => ({ fulfillmentOrder: fo, item })),
  );
}

export function unfulfilledQuantity(state: ShopState, order: OrderRecord, lineItemId: string): number {
  return unfulfilledParts(state, order, lineItemId).reduce((sum, part) => sum + part.item.remainingQuantity, 0);
}

/** Takes up to `quantity` unfulfilled units off fulfilment orders; returns where they were. */
function removeUnfulfilled(state: ShopState, order: OrderRecord, line: LineItemRecord, quantity: number) {
  const removed: StockMovement[] = [];
  let left = quantity;
  for (const { fulfillmentOrder, item } of unfulfilledParts(state, order, line.id)) {
    if (left === 0) break;
    const take = Math.min(left, item.remainingQuantity);
    item.remainingQuantity -= take;
    left -= take;
    removed.push({ line, quantity: take, locationId: fulfillmentOrder.locationId });
    closeIfDone(state, fulfillmentOrder);
  }
  return removed;
}

/** A fulfilment order with nothing left to fulfil is closed, as Shopify does. */
export function closeIfDone(state: ShopState, fulfillmentOrder: FulfillmentOrderRecord) {
  fulfillmentOrder.updatedAt = nowIso(state);
  if (fulfillmentOrder.lineItems.every((item) => item.remainingQuantity === 0)) fulfillmentOrder.status = "CLOSED";
}

export interface RefundLineInput {
  lineItemId: string;
  quantity: number;
  /** Shopify's refundCreate default is NO_RESTOCK. */
  restockType?: RestockType;
  /** Where returned units go back to stock; the line's fulfilment location when omitted. */
  locationId?: string;
}

export interface RefundOrderInput {
  lines: RefundLineInput[];
  note?: string | null;
}

export function refundOrder(state: ShopState, orderId: string, input: RefundOrderInput): Changed<RefundRecord> {
  const order = requireOrder(state, orderId);
  const changes = new ChangeSet(state);
  const refund = applyRefund(state, order, input, changes);
  return changes.commit(refund);
}

function applyRefund(state: ShopState, order: OrderRecord, input: RefundOrderInput, changes: ChangeSet): RefundRecord {
  const now = nowIso(state);
  const refundLines: RefundLineItemRecord[] = input.lines.map((lineInput) => {
    const line = order.lineItems.find((l) => l.id === lineInput.lineItemId);
    if (!line) throw new Error(`Line item ${lineInput.lineItemId} is not on order ${order.name}`);
    if (!Number.isInteger(lineInput.quantity) || lineInput.quantity < 1 || lineInput.quantity > line.currentQuantity) {
      throw new Error(`Cannot refund ${lineInput.quantity} of ${line.currentQuantity} units of ${line.title}`);
    }
    const restockType = lineInput.restockType ?? "NO_RESTOCK";
    let locationId = lineInput.locationId ?? null;
    if (restockType === "CANCEL") {
      const unfulfilled = unfulfilledQuantity(state, order, line.id);
      if (lineInput.quantity > unfulfilled) {
        throw new Error(`Only ${unfulfilled} unfulfilled units of ${line.title} can be cancelled`);
      }
      const removed = removeUnfulfilled(state, order, line, lineInput.quantity);
      releaseStock(state, removed, true, changes);
      locationId = removed[0]?.locationId ?? locationId;
    } else if (restockType === "RETURN") {
      locationId ??= fulfillmentOrdersOf(state, order)[0]?.locationId ?? null;
      const inventoryItemId = inventoryItemOf(state, line);
      if (inventoryItemId && locationId) {
        const delta = { inventoryItemId, locationId, name: "available" as const, delta: lineInput.quantity };
        applyQuantityDeltas(state, [delta], changes);
      }
    } else {
      // Unfulfilled units refunded without restock leave the order and the shelf count.
      const unfulfilled = Math.min(lineInput.quantity, unfulfilledQuantity(state, order, line.id));
      releaseStock(state, removeUnfulfilled(state, order, line, unfulfilled), false, changes);
    }
    line.currentQuantity -= lineInput.quantity;
    return {
      __typename: "RefundLineItem",
      id: newGid(state, "RefundLineItem"),
      lineItemId: line.id,
      quantity: lineInput.quantity,
      restockType,
      restocked: restockType !== "NO_RESTOCK",
      locationId,
    };
  });
  const refund: RefundRecord = {
    __typename: "Refund",
    id: newGid(state, "Refund"),
    orderId: order.id,
    note: input.note ?? null,
    processedAt: now,
    lineItems: refundLines,
    createdAt: now,
    updatedAt: now,
  };
  state.refunds.set(refund.id, refund);
  order.refundIds.push(refund.id);
  order.financialStatus = order.lineItems.every((l) => l.currentQuantity === 0) ? "REFUNDED" : "PARTIALLY_REFUNDED";
  order.updatedAt = now;
  changes.add("refunds/create", refund.id);
  changes.add("orders/updated", order.id);
  return refund;
}

export interface CancelOrderInput {
  reason?: NonNullable<OrderRecord["cancelReason"]>;
  /** Put unfulfilled units back to `available` (Shopify's default). */
  restock?: boolean;
  /** Refund the unfulfilled units (creates a refund, as Shopify does). */
  refund?: boolean;
}

export function cancelOrder(state: ShopState, orderId: string, input: CancelOrderInput = {}): Changed<OrderRecord> {
  const order = requireOrder(state, orderId);
  if (order.cancelledAt) throw new Error(`Order ${order.name} is already cancelled`);
  const restock = input.restock ?? true;
  const changes = new ChangeSet(state);
  const unfulfilled = order.lineItems
    .map((line) => ({ line, quantity: unfulfilledQuantity(state, order, line.id) }))
    .filter((part) => part.quantity > 0);
  if (input.refund ?? true) {
    if (unfulfilled.length > 0) {
      const lines = unfulfilled.map(({ line, quantity }) => ({
        lineItemId: line.id,
        quantity,
        restockType: (restock ? "CANCEL" : "NO_RESTOCK") as RestockType,
      }));
      applyRefund(state, order, { lines, note: "Order cancelled" }, changes);
    }
    order.financialStatus = order.financialStatus === "AUTHORIZED" ? "VOIDED" : "REFUNDED";
  } else {
    for (const { line, quantity } of unfulfilled) {
      releaseStock(state, removeUnfulfilled(state, order, line, quantity), restock, changes);
    }
  }
  for (const fulfillmentOrder of fulfillmentOrdersOf(state, order)) {
    if (fulfillmentOrder.status !== "CLOSED") fulfillmentOrder.status = "CANCELLED";
    fulfillmentOrder.updatedAt = nowIso(state);
  }
  const now = nowIso(state);
  order.cancelledAt = now;
  order.closedAt = now;
  order.cancelReason = input.reason ?? "CUSTOMER";
  order.updatedAt = now;
  changes.add("orders/cancelled", order.id);
  changes.add("orders/updated", order.id);
  return changes.commit(order);
}

export interface EditOrderInput {
  /** New current quantities for existing lines (lower removes unfulfilled units, higher adds units). */
  setQuantities?: { lineItemId: string; quantity: number }[];
  /** New lines, assigned to the order's first open fulfilment order. */
  addVariants?: OrderLineInput[];
  /** Put removed units back to `available` (Shopify's default for order edits). */
  restock?: boolean;
}

export function editOrder(state: ShopState, orderId: string, input: EditOrderInput): Changed<OrderRecord> {
  const order = requireOrder(state, orderId);
  if (order.cancelledAt) throw new Error(`Order ${order.name} is cancelled and cannot be edited`);
  const changes = new ChangeSet(state);
  for (const { lineItemId, quantity } of input.setQuantities ?? []) {
    const line = order.lineItems.find((l) => l.id === lineItemId);
    if (!line) throw new Error(`Line item ${lineItemId} is not on order ${order.name}`);
    const delta = quantity - line.currentQuantity;
    if (delta < 0) {
      const unfulfilled = unfulfilledQuantity(state, order, line.id);
      if (-delta > unfulfilled)
        throw new Error(`Only ${unfulfilled} unfulfilled units of ${line.title} can be removed`);
      releaseStock(state, removeUnfulfilled(state, order, line, -delta), input.restock ?? true, changes);
    } else if (delta > 0) {
      const fulfillmentOrder = openFulfillmentOrder(state, order);
      addToFulfillmentOrder(state, fulfillmentOrder, line, delta);
      line.quantity += delta;
      commitStock(state, [{ line, quantity: delta, locationId: fulfillmentOrder.locationId }], changes);
    }
    line.currentQuantity = quantity;
  }
  for (const lineInput of input.addVariants ?? []) {
    const line = newLineItem(state, order, lineInput);
    order.lineItems.push(line);
    const fulfillmentOrder = openFulfillmentOrder(state, order);
    addToFulfillmentOrder(state, fulfillmentOrder, line, line.quantity);
    commitStock(state, [{ line, quantity: line.quantity, locationId: fulfillmentOrder.locationId }], changes);
  }
  order.updatedAt = nowIso(state);
  changes.add("orders/edited", order.id);
  changes.add("orders/updated", order.id);
  return changes.commit(order);
}

/** The fulfilment order new units join: the first one still open, or a new one at the same location. */
function openFulfillmentOrder(state: ShopState, order: OrderRecord): FulfillmentOrderRecord {
  const all = fulfillmentOrdersOf(state, order);
  const open = all.find((fo) => fo.status === "OPEN" || fo.status === "ON_HOLD" || fo.status === "IN_PROGRESS");
  if (open) return open;
  return newFulfillmentOrder(state, order, all[0].locationId);
}
