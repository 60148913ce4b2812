// Orders with their line items, fulfilment orders (and holds), fulfilments and refunds.
import { displayFulfillmentStatus } from "../../store/fulfillment";
import { fulfillmentOrdersOf, unfulfilledQuantity } from "../../store/orders";
import type { ShopState } from "../../store/store";
import type {
  FulfillmentHoldRecord,
  FulfillmentLineItemRecord,
  FulfillmentOrderLineItemRecord,
  FulfillmentOrderRecord,
  FulfillmentRecord,
  LineItemRecord,
  OrderRecord,
  RefundLineItemRecord,
  RefundRecord,
} from "../../store/types";
import type { SearchFields } from "../search-query";
import { byId, connectionArgs, listConnection, moneyBag, type SortValues } from "./common";
import { type Args, type ResolverContext, type ResolverMap, withArgs } from "./framework";

function orderStatus(order: OrderRecord): string {
  if (order.cancelledAt) return "cancelled";
  return order.closedAt ? "closed" : "open";
}

const FULFILLMENT_FILTER_VALUES: Record<string, string[]> = {
  FULFILLED: ["shipped", "fulfilled"],
  PARTIALLY_FULFILLED: ["partial", "partially_fulfilled"],
};

function orderSearch(state: ShopState): SearchFields<OrderRecord> {
  return {
    created_at: { kind: "time", read: (o) => o.createdAt },
    updated_at: { kind: "time", read: (o) => o.updatedAt },
    processed_at: { kind: "time", read: (o) => o.processedAt },
    name: { kind: "text", read: (o) => o.name },
    email: { kind: "text", read: (o) => o.email },
    id: { kind: "id", read: (o) => o.id },
    customer_id: { kind: "id", read: (o) => o.customerId },
    tag: { kind: "tags", read: (o) => o.tags },
    tag_not: { kind: "tags", read: (o) => o.tags, negate: true },
    status: { kind: "text", read: orderStatus },
    financial_status: { kind: "text", read: (o) => o.financialStatus.toLowerCase() },
    fulfillment_status: {
      kind: "tags",
      read: (o) => FULFILLMENT_FILTER_VALUES[displayFulfillmentStatus(state, o)] ?? ["unshipped", "unfulfilled"],
    },
  };
}

const ORDER_SORT_KEYS: SortValues<OrderRecord> = {
  CREATED_AT: (o) => o.createdAt,
  UPDATED_AT: (o) => o.updatedAt,
  PROCESSED_AT: (o) => o.processedAt,
  ORDER_NUMBER: (o) => o.number,
  TOTAL_PRICE: (o) => orderTotal(o, "quantity"),
};

export function orderConnection(orders: OrderRecord[], args: Args, context: ResolverContext) {
  return listConnection(orders, args, context, {
    resource: "orders",
    sortKeys: ORDER_SORT_KEYS,
    search: orderSearch(context.state),
  });
}

function orderTotal(order: OrderRecord, quantity: "quantity" | "currentQuantity"): number {
  return order.lineItems.reduce((sum, line) => sum + Number(line.price) * line[quantity], 0);
}

function lineName(line: LineItemRecord): string {
  return line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title;
}

function refundedAmount(state: ShopState, refund: RefundRecord): number {
  return refund.lineItems.reduce(
    (sum, item) => sum + Number(state.lineItems.get(item.lineItemId)?.price ?? 0) * item.quantity,
    0,
  );
}

const upTo = <T>(items: T[], first: number | null | undefined) => (first == null ? items : items.slice(0, first));

export const orderResolvers: ResolverMap = {
  QueryRoot: {
    orders: withArgs(connectionArgs("query", "sortKey"), (_s, args, context) =>
      orderConnection([...context.state.orders.values()], args, context),
    ),
    order: withArgs(["id"], (_s, args, { state }) => byId(state.orders, args.id)),
    fulfillmentOrder: withArgs(["id"], (_s, args, { state }) => byId(state.fulfillmentOrders, args.id)),
  },
  Order: {
    customer: (order: OrderRecord, _args, { state }) =>
      order.customerId ? state.customers.get(order.customerId) : null,
    displayFinancialStatus: (order: OrderRecord) => order.financialStatus,
    displayFulfillmentStatus: (order: OrderRecord, _args, { state }) => displayFulfillmentStatus(state, order),
    lineItems: withArgs(connectionArgs(), (order: OrderRecord, args, context) =>
      listConnection(order.lineItems, args, context, { resource: "line items" }),
    ),
    fulfillmentOrders: withArgs(connectionArgs("displayable"), (order: OrderRecord, args, context) => {
      const all = fulfillmentOrdersOf(context.state, order);
      // `displayable` hides fulfilment orders that are closed or cancelled with nothing fulfilled.
      const shown = args.displayable ? all.filter((fo) => fo.status !== "CANCELLED" && fo.status !== "CLOSED") : all;
      return listConnection(shown, args, context, { resource: "fulfillment orders" });
    }),
    fulfillments: withArgs(["first"], (order: OrderRecord, args, { state }) =>
      upTo(
        order.fulfillmentIds.map((id) => state.fulfillments.get(id)!),
        args.first,
      ),
    ),
    refunds: withArgs(["first"], (order: OrderRecord, args, { state }) =>
      upTo(
        order.refundIds.map((id) => state.refunds.get(id)!),
        args.first,
      ),
    ),
    closed: (order: OrderRecord) => order.closedAt !== null,
    confirmed: () => true,
    test: () => false,
    fullyPaid: (order: OrderRecord) => order.financialStatus !== "PENDING" && order.financialStatus !== "AUTHORIZED",
    unpaid: (order: OrderRecord) => order.financialStatus === "PENDING" || order.financialStatus === "AUTHORIZED",
    refundable: (order: OrderRecord) => order.lineItems.some((line) => line.currentQuantity > 0),
    billingAddress: (order: OrderRecord) => order.shippingAddress,
    subtotalLineItemsQuantity: (order: OrderRecord) => order.lineItems.reduce((sum, l) => sum + l.quantity, 0),
    currentSubtotalLineItemsQuantity: (order: OrderRecord) =>
      order.lineItems.reduce((sum, l) => sum + l.currentQuantity, 0),
    totalPriceSet: (order: OrderRecord) => moneyBag(orderTotal(order, "quantity"), order.currencyCode),
    subtotalPriceSet: (order: OrderRecord) => moneyBag(orderTotal(order, "quantity"), order.currencyCode),
    currentTotalPriceSet: (order: OrderRecord) => moneyBag(orderTotal(order, "currentQuantity"), order.currencyCode),
    currentSubtotalPriceSet: (order: OrderRecord) => moneyBag(orderTotal(order, "currentQuantity"), order.currencyCode),
    totalRefundedSet: (order: OrderRecord, _args, { state }) =>
      moneyBag(
        order.refundIds.reduce((sum, id) => sum + refundedAmount(state, state.refunds.get(id)!), 0),
        order.currencyCode,
      ),
  },
  LineItem: {
    variant: (line: LineItemRecord, _args, { state }) =>
      line.variantId ? (state.variants.get(line.variantId) ?? null) : null,
    product: (line: LineItemRecord, _args, { state }) =>
      line.productId ? (state.products.get(line.productId) ?? null) : null,
    name: (line: LineItemRecord) => lineName(line),
    unfulfilledQuantity: (line: LineItemRecord, _args, { state }) =>
      unfulfilledQuantity(state, state.orders.get(line.orderId)!, line.id),
    refundableQuantity: (line: LineItemRecord) => line.currentQuantity,
    nonFulfillableQuantity: () => 0,
    requiresShipping: () => true,
    isGiftCard: () => false,
    originalUnitPriceSet: (line: LineItemRecord, _args, { state }) => moneyBag(line.price, state.shop.currencyCode),
    discountedUnitPriceSet: (line: LineItemRecord, _args, { state }) => moneyBag(line.price, state.shop.currencyCode),
    originalTotalSet: (line: LineItemRecord, _args, { state }) =>
      moneyBag(Number(line.price) * line.quantity, state.shop.currencyCode),
    discountedTotalSet: (line: LineItemRecord, _args, { state }) =>
      moneyBag(Number(line.price) * line.quantity, state.shop.currencyCode),
  },
  FulfillmentOrder: {
    order: (fo: FulfillmentOrderRecord, _args, { state }) => state.orders.get(fo.orderId),
    orderId: (fo: FulfillmentOrderRecord) => fo.orderId,
    orderName: (fo: FulfillmentOrderRecord, _args, { state }) => state.orders.get(fo.orderId)!.name,
    orderProcessedAt: (fo: FulfillmentOrderRecord, _args, { state }) => state.orders.get(fo.orderId)!.processedAt,
    assignedLocation: (fo: FulfillmentOrderRecord, _args, { state }) => {
      const location = state.locations.get(fo.locationId)!;
      const { address1, address2, city, province, zip, phone, countryCode } = location.address;
      return { name: location.name, address1, address2, city, province, zip, phone, countryCode, location };
    },
    lineItems: withArgs(connectionArgs(), (fo: FulfillmentOrderRecord, args, context) =>
      listConnection(fo.lineItems, args, context, { resource: "fulfillment order line items" }),
    ),
    fulfillmentHolds: (fo: FulfillmentOrderRecord) => fo.holds,
    fulfillments: withArgs(connectionArgs(), (fo: FulfillmentOrderRecord, args, context) => {
      const order = context.state.orders.get(fo.orderId)!;
      const fulfillments = order.fulfillmentIds
        .map((id) => context.state.fulfillments.get(id)!)
        .filter((f) => f.fulfillmentOrderIds.includes(fo.id));
      return listConnection(fulfillments, args, context, { resource: "fulfillments" });
    }),
    requestStatus: () => "UNSUBMITTED",
    supportedActions: (fo: FulfillmentOrderRecord) => {
      const actions: Partial<Record<FulfillmentOrderRecord["status"], string[]>> = {
        OPEN: ["CREATE_FULFILLMENT", "HOLD", "CANCEL_FULFILLMENT_ORDER"],
        IN_PROGRESS: ["CREATE_FULFILLMENT", "HOLD"],
        ON_HOLD: ["RELEASE_HOLD", "HOLD"],
      };
      return (actions[fo.status] ?? []).map((action) => ({ action, externalUrl: null }));
    },
  },
  FulfillmentOrderLineItem: {
    lineItem: (item: FulfillmentOrderLineItemRecord, _args, { state }) => state.lineItems.get(item.lineItemId),
    variant: (item: FulfillmentOrderLineItemRecord, _args, { state }) => {
      const variantId = state.lineItems.get(item.lineItemId)?.variantId;
      return variantId ? (state.variants.get(variantId) ?? null) : null;
    },
    sku: (item: FulfillmentOrderLineItemRecord, _args, { state }) => state.lineItems.get(item.lineItemId)?.sku ?? null,
    variantTitle: (item: FulfillmentOrderLineItemRecord, _args, { state }) =>
      state.lineItems.get(item.lineItemId)?.variantTitle ?? null,
    productTitle: (item: FulfillmentOrderLineItemRecord, _args, { state }) =>
      state.lineItems.get(item.lineItemId)!.title,
    vendor: (item: FulfillmentOrderLineItemRecord, _args, { state }) =>
      state.lineItems.get(item.lineItemId)?.vendor ?? null,
    inventoryItemId: (item: FulfillmentOrderLineItemRecord, _args, { state }) => {
      const variantId = state.lineItems.get(item.lineItemId)?.variantId;
      return variantId ? (state.variants.get(variantId)?.inventoryItemId ?? null) : null;
    },
    requiresShipping: () => true,
  },
  FulfillmentHold: {
    displayReason: (hold: FulfillmentHoldRecord) =>
      hold.reason.charAt(0) + hold.reason.slice(1).toLowerCase().replaceAll("_", " "),
    heldByRequestingApp: (hold: FulfillmentHoldRecord, _args, { appId }) => hold.heldByAppId === appId,
  },
  Fulfillment: {
    order: (fulfillment: FulfillmentRecord, _args, { state }) => state.orders.get(fulfillment.orderId),
    location: (fulfillment: FulfillmentRecord, _args, { state }) => state.locations.get(fulfillment.locationId) ?? null,
    fulfillmentLineItems: withArgs(connectionArgs(), (fulfillment: FulfillmentRecord, args, context) =>
      listConnection(fulfillment.lineItems, args, context, { resource: "fulfillment line items" }),
    ),
    fulfillmentOrders: withArgs(connectionArgs(), (fulfillment: FulfillmentRecord, args, context) =>
      listConnection(
        fulfillment.fulfillmentOrderIds.map((id) => context.state.fulfillmentOrders.get(id)!),
        args,
        context,
        { resource: "fulfillment orders" },
      ),
    ),
    displayStatus: (fulfillment: FulfillmentRecord) => (fulfillment.status === "SUCCESS" ? "FULFILLED" : "CANCELED"),
    totalQuantity: (fulfillment: FulfillmentRecord) => fulfillment.lineItems.reduce((sum, i) => sum + i.quantity, 0),
    trackingInfo: withArgs(["first"], () => []),
    deliveredAt: () => null,
    inTransitAt: () => null,
    requiresShipping: () => true,
  },
  FulfillmentLineItem: {
    lineItem: (item: FulfillmentLineItemRecord, _args, { state }) => state.lineItems.get(item.lineItemId),
  },
  Refund: {
    order: (refund: RefundRecord, _args, { state }) => state.orders.get(refund.orderId),
    refundLineItems: withArgs(connectionArgs(), (refund: RefundRecord, args, context) =>
      listConnection(refund.lineItems, args, context, { resource: "refund line items" }),
    ),
    totalRefundedSet: (refund: RefundRecord, _args, { state }) =>
      moneyBag(refundedAmount(state, refund), state.shop.currencyCode),
  },
  RefundLineItem: {
    lineItem: (item: RefundLineItemRecord, _args, { state }) => state.lineItems.get(item.lineItemId),
    location: (item: RefundLineItemRecord, _args, { state }) =>
      item.locationId ? (state.locations.get(item.locationId) ?? null) : null,
    priceSet: (item: RefundLineItemRecord, _args, { state }) =>
      moneyBag(state.lineItems.get(item.lineItemId)!.price, state.shop.currencyCode),
    subtotalSet: (item: RefundLineItemRecord, _args, { state }) =>
      moneyBag(Number(state.lineItems.get(item.lineItemId)!.price) * item.quantity, state.shop.currencyCode),
  },
};
