// What order sync reads from the Admin API: one order with everything allocation needs (lines,
// fulfilment orders and their locations, fulfilments, refunds), and pages of orders changed since
// a time, with only the fields that tell whether Lotline's copy is behind.
import { AppError } from "../utils/errors";
import { type AdminGraphql, adminQuery } from "./admin-graphql.server";

// Page sizes keep one order read under Shopify's 1,000-point cap per query; an order with more
// lines is paged on (`LINE_PAGE`), which a maker's order almost never needs.
const LINE_PAGE = 25;

const LINE_FIELDS = "id name sku quantity currentQuantity variant { id } product { id }";

const ORDER = `#graphql
query LotlineOrder($id: ID!) {
  order(id: $id) {
    id name updatedAt processedAt createdAt cancelledAt closedAt
    displayFinancialStatus displayFulfillmentStatus email
    customer { id displayName tags defaultEmailAddress { emailAddress } }
    shippingAddress { name company address1 address2 city province provinceCode zip country countryCodeV2 phone }
    lineItems(first: ${LINE_PAGE}) { nodes { ${LINE_FIELDS} } pageInfo { hasNextPage endCursor } }
    fulfillmentOrders(first: 5) {
      nodes {
        status
        assignedLocation { location { id } }
        lineItems(first: ${LINE_PAGE}) { nodes { remainingQuantity lineItem { id } } }
      }
    }
    fulfillments(first: 5) {
      status
      location { id }
      fulfillmentLineItems(first: ${LINE_PAGE}) { nodes { quantity lineItem { id } } }
    }
    refunds(first: 5) {
      refundLineItems(first: ${LINE_PAGE}) { nodes { quantity restockType lineItem { id } } }
    }
  }
}`;

const MORE_LINES = `#graphql
query LotlineOrderLines($id: ID!, $after: String) {
  order(id: $id) {
    lineItems(first: 100, after: $after) { nodes { ${LINE_FIELDS} } pageInfo { hasNextPage endCursor } }
  }
}`;

export interface AdminLineItemNode {
  id: string;
  name: string;
  sku: string | null;
  quantity: number;
  currentQuantity: number;
  variant: { id: string } | null;
  product: { id: string } | null;
}

export interface AdminOrderNode {
  id: string;
  name: string;
  updatedAt: string;
  processedAt: string | null;
  createdAt: string;
  cancelledAt: string | null;
  closedAt: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  email: string | null;
  customer: {
    id: string;
    displayName: string;
    tags: string[];
    defaultEmailAddress: { emailAddress: string | null } | null;
  } | null;
  shippingAddress: {
    name: string | null;
    company: string | null;
    address1: string | null;
    address2: string | null;
    city: string | null;
    province: string | null;
    provinceCode: string | null;
    zip: string | null;
    country: string | null;
    countryCodeV2: string | null;
    phone: string | null;
  } | null;
  lineItems: { nodes: AdminLineItemNode[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } };
  fulfillmentOrders: {
    nodes: {
      status: string;
      assignedLocation: { location: { id: string } | null } | null;
      lineItems: { nodes: { remainingQuantity: number; lineItem: { id: string } }[] };
    }[];
  };
  fulfillments: {
    status: string;
    location: { id: string } | null;
    fulfillmentLineItems: { nodes: { quantity: number; lineItem: { id: string } }[] };
  }[];
  refunds: { refundLineItems: { nodes: { quantity: number; restockType: string; lineItem: { id: string } }[] } }[];
}

/** The order as Shopify has it now; null when Shopify has no such order (deleted, or another shop's). */
export async function fetchOrder(graphql: AdminGraphql, orderId: string): Promise<AdminOrderNode | null> {
  const data = await adminQuery<{ order: AdminOrderNode | null }>(graphql, ORDER, { id: orderId });
  const order = data.order;
  if (!order) return null;
  let page = order.lineItems.pageInfo;
  while (page?.hasNextPage) {
    const more = await adminQuery<{ order: { lineItems: AdminOrderNode["lineItems"] } | null }>(graphql, MORE_LINES, {
      id: orderId,
      after: page.endCursor,
    });
    if (!more.order) return null;
    order.lineItems.nodes.push(...more.order.lineItems.nodes);
    page = more.order.lineItems.pageInfo;
  }
  const truncated =
    order.fulfillmentOrders.nodes.length >= 5 ||
    order.fulfillments.length >= 5 ||
    order.refunds.length >= 5 ||
    order.fulfillmentOrders.nodes.some((fo) => fo.lineItems.nodes.length >= LINE_PAGE) ||
    order.fulfillments.some((f) => f.fulfillmentLineItems.nodes.length >= LINE_PAGE) ||
    order.refunds.some((r) => r.refundLineItems.nodes.length >= LINE_PAGE);
  if (truncated) {
    // Counting a partial list would under-count shipped or returned units; say so instead.
    throw new AppError(
      "INVALID_DATA",
      `Order ${order.name} has more fulfilment orders, fulfilments, refunds or lines than Lotline reads in one go (${LINE_PAGE} lines, 4 of each); its allocation needs checking by hand.`,
    );
  }
  return order;
}

const ORDERS_UPDATED_SINCE = `#graphql
query LotlineOrdersUpdatedSince($query: String!, $after: String) {
  orders(first: 50, after: $after, query: $query, sortKey: UPDATED_AT) {
    nodes {
      id updatedAt cancelledAt closedAt displayFinancialStatus displayFulfillmentStatus
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** What one sweep page says about each order: enough to tell whether Lotline's copy is behind. */
export interface OrderChangeSummary {
  id: string;
  updatedAt: string;
  cancelledAt: string | null;
  closedAt: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
}

export interface OrderChangesPage {
  orders: OrderChangeSummary[];
  nextCursor: string | null;
}

/** Orders updated after `since`, oldest change first, 50 a page (about 52 query points). */
export async function listOrdersUpdatedSince(
  graphql: AdminGraphql,
  since: Date,
  after: string | null,
): Promise<OrderChangesPage> {
  const query = `updated_at:>'${since.toISOString().replace(/\.\d{3}Z$/, "Z")}'`;
  const data = await adminQuery<{
    orders: { nodes: OrderChangeSummary[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  }>(graphql, ORDERS_UPDATED_SINCE, { query, after });
  return {
    orders: data.orders.nodes,
    nextCursor: data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null,
  };
}
