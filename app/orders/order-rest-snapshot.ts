// Shopify's REST webhook bodies (orders/*, refunds/create, fulfillments/*) → OrderSnapshot, and
// what in a body keeps it from being applied on its own.
import { z } from "zod";
import { AppError } from "../utils/errors";
import { gidFor, type OrderLineSnapshot, type OrderSnapshot, type ShippingAddress } from "./order-snapshot";

const nullableString = z.string().nullish();
const time = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO 8601 time");
const numericId = z.union([z.number(), z.string()]).nullish();

const restLineItem = z.object({
  id: numericId,
  admin_graphql_api_id: z.string().optional(),
  variant_id: numericId,
  product_id: numericId,
  sku: nullableString,
  name: nullableString,
  title: nullableString,
  quantity: z.number().int().min(0),
  current_quantity: z.number().int().min(0).optional(),
});

const restAddress = z
  .object({
    name: nullableString,
    first_name: nullableString,
    last_name: nullableString,
    company: nullableString,
    address1: nullableString,
    address2: nullableString,
    city: nullableString,
    province: nullableString,
    province_code: nullableString,
    zip: nullableString,
    country: nullableString,
    country_code: nullableString,
    phone: nullableString,
  })
  .nullish();

export const restFulfillment = z.object({
  id: numericId,
  admin_graphql_api_id: z.string().optional(),
  order_id: numericId,
  status: nullableString,
  location_id: numericId,
  created_at: time.nullish(),
  updated_at: time.nullish(),
  line_items: z.array(restLineItem.pick({ id: true, admin_graphql_api_id: true, quantity: true })).default([]),
});

export const restRefund = z.object({
  id: numericId,
  order_id: numericId,
  created_at: time.nullish(),
  processed_at: time.nullish(),
  refund_line_items: z
    .array(
      z.object({
        line_item_id: numericId,
        quantity: z.number().int().min(0),
        restock_type: nullableString,
        line_item: z.object({ admin_graphql_api_id: z.string().optional() }).nullish(),
      }),
    )
    .default([]),
});

const restOrder = z.object({
  id: numericId,
  admin_graphql_api_id: z.string().optional(),
  name: z.string(),
  updated_at: time,
  created_at: time.nullish(),
  processed_at: time.nullish(),
  cancelled_at: time.nullish(),
  closed_at: time.nullish(),
  financial_status: nullableString,
  fulfillment_status: nullableString,
  email: nullableString,
  contact_email: nullableString,
  customer_locale: nullableString,
  customer: z
    .object({
      id: numericId,
      admin_graphql_api_id: z.string().optional(),
      email: nullableString,
      first_name: nullableString,
      last_name: nullableString,
      tags: nullableString,
    })
    .nullish(),
  company: z.object({ id: numericId }).nullish(),
  shipping_address: restAddress,
  line_items: z.array(restLineItem),
  fulfillments: z.array(restFulfillment).default([]),
  refunds: z.array(restRefund).default([]),
});

export interface RestOrderReading {
  snapshot: OrderSnapshot;
  /** Why the body cannot be applied on its own (then the order is read from the Admin API). Empty = it can. */
  gaps: string[];
}

/** REST's order-level fulfilment status in Admin GraphQL's words (REST says null for "unfulfilled"). */
const FULFILLMENT_STATUS: Record<string, string> = { partial: "partially_fulfilled", fulfilled: "fulfilled" };

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"} ${issue.message}`).join("; ");
}

function invalid(what: string, detail: string): AppError {
  return new AppError("INVALID_DATA", `The ${what} webhook body is not one Lotline can read (${detail}).`);
}

const date = (value: string | null | undefined) => (value ? new Date(value) : null);

function restGid(type: string, body: { admin_graphql_api_id?: string; id?: unknown }): string | null {
  return body.admin_graphql_api_id ?? gidFor(type, body.id);
}

function addressOf(address: z.infer<typeof restAddress>): ShippingAddress | null {
  if (!address) return null;
  const name = address.name || [address.first_name, address.last_name].filter(Boolean).join(" ") || null;
  return {
    name,
    company: address.company ?? null,
    address1: address.address1 ?? null,
    address2: address.address2 ?? null,
    city: address.city ?? null,
    province: address.province ?? null,
    provinceCode: address.province_code ?? null,
    zip: address.zip ?? null,
    country: address.country ?? null,
    countryCode: address.country_code ?? null,
    phone: address.phone ?? null,
  };
}

/**
 * Reads a full order body (orders/create, updated, cancelled, fulfilled, partially_fulfilled).
 * Throws INVALID_DATA naming the field when it is not an order.
 */
export function snapshotFromRestOrder(body: unknown): RestOrderReading {
  const parsed = restOrder.safeParse(body);
  if (!parsed.success) throw invalid("order", describeIssues(parsed.error));
  const order = parsed.data;
  const orderId = restGid("Order", order);
  if (!orderId) throw invalid("order", "admin_graphql_api_id or id is missing");

  const gaps: string[] = [];
  const fulfilled = new Map<string, number>();
  // Where each line's shipped units left from, by units: the line's location once nothing is left to ship.
  const shippedFrom = new Map<string, Map<string, number>>();
  for (const fulfillment of order.fulfillments) {
    if (fulfillment.status !== "success") continue;
    const locationId = gidFor("Location", fulfillment.location_id);
    for (const item of fulfillment.line_items) {
      const lineItemId = restGid("LineItem", item);
      if (!lineItemId) continue;
      fulfilled.set(lineItemId, (fulfilled.get(lineItemId) ?? 0) + item.quantity);
      if (locationId) {
        const byLocation = shippedFrom.get(lineItemId) ?? new Map<string, number>();
        byLocation.set(locationId, (byLocation.get(locationId) ?? 0) + item.quantity);
        shippedFrom.set(lineItemId, byLocation);
      }
    }
  }
  const refunds = new Map<string, { quantity: number; restockType: string }[]>();
  for (const refund of order.refunds) {
    for (const item of refund.refund_line_items) {
      const lineItemId = item.line_item?.admin_graphql_api_id ?? gidFor("LineItem", item.line_item_id);
      if (!lineItemId) continue;
      const list = refunds.get(lineItemId) ?? [];
      list.push({ quantity: item.quantity, restockType: item.restock_type ?? "no_restock" });
      refunds.set(lineItemId, list);
    }
  }

  const lines: OrderLineSnapshot[] = [];
  for (const line of order.line_items) {
    const lineItemId = restGid("LineItem", line);
    if (!lineItemId) throw invalid("order", "a line item has neither admin_graphql_api_id nor id");
    const shipped = fulfilled.get(lineItemId) ?? 0;
    const lineRefunds = refunds.get(lineItemId) ?? [];
    const returned = lineRefunds.filter((r) => r.restockType === "return").reduce((sum, r) => sum + r.quantity, 0);
    let current = line.current_quantity;
    if (current === undefined) {
      // Bodies of old API versions: what edits removed cannot be known.
      gaps.push(`line ${lineItemId} has no current_quantity`);
      current = Math.max(0, line.quantity - lineRefunds.reduce((sum, r) => sum + r.quantity, 0));
    }
    if (shipped > 0 && lineRefunds.some((r) => r.restockType !== "return" && r.restockType !== "cancel")) {
      // A refund without restock may be of shipped or of unshipped units; the body does not say which.
      gaps.push(`line ${lineItemId} has a refund without restock after shipping began`);
    }
    // Returned units were shipped and bought; current_quantity no longer counts them.
    const quantity = current + returned;
    lines.push({
      lineItemId,
      variantId: gidFor("ProductVariant", line.variant_id),
      productId: gidFor("Product", line.product_id),
      sku: line.sku || null,
      title: line.name || line.title || "Untitled item",
      quantity,
      fulfilledQuantity: shipped,
      returnedQuantity: Math.min(returned, shipped),
      locationId: shipped >= quantity ? largestShare(shippedFrom.get(lineItemId)) : null,
    });
  }

  const customer = order.customer;
  const customerName = [customer?.first_name, customer?.last_name].filter(Boolean).join(" ") || null;
  const updatedAt = new Date(order.updated_at);
  return {
    gaps,
    snapshot: {
      orderId,
      name: order.name,
      updatedAt,
      processedAt: date(order.processed_at) ?? date(order.created_at) ?? updatedAt,
      cancelledAt: date(order.cancelled_at),
      closedAt: date(order.closed_at),
      financialStatus: order.financial_status?.toLowerCase() ?? null,
      fulfillmentStatus: order.fulfillment_status
        ? (FULFILLMENT_STATUS[order.fulfillment_status] ?? order.fulfillment_status.toLowerCase())
        : "unfulfilled",
      customer: {
        id: customer ? restGid("Customer", customer) : null,
        email: order.email || order.contact_email || customer?.email || null,
        name: customerName,
        locale: order.customer_locale ?? null,
        ...(customer ? { tags: splitTags(customer.tags) } : {}),
      },
      company: {
        id: order.company ? gidFor("Company", order.company.id) : null,
        name: order.shipping_address?.company?.trim() || null,
      },
      shippingAddress: addressOf(order.shipping_address),
      lines,
    },
  };
}

/** REST bodies carry tags as one comma-separated string. */
function splitTags(tags: string | null | undefined): string[] {
  return (tags ?? "")
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
}

function largestShare(byLocation: Map<string, number> | undefined): string | null {
  if (!byLocation) return null;
  let best: string | null = null;
  let units = 0;
  for (const [locationId, quantity] of byLocation) {
    if (quantity > units) [best, units] = [locationId, quantity];
  }
  return best;
}

/** A refunds/create or fulfillments/* body: which order, and as of when it describes it. */
export interface PartialOrderEvent {
  orderId: string;
  /** The event's own time (Lotline's copy updated after it already includes it); null when the body has none. */
  occurredAt: Date | null;
}

export function readRefundEvent(body: unknown): PartialOrderEvent {
  const parsed = restRefund.safeParse(body);
  if (!parsed.success) throw invalid("refund", describeIssues(parsed.error));
  const orderId = gidFor("Order", parsed.data.order_id);
  const at = parsed.data.processed_at ?? parsed.data.created_at;
  if (!orderId) throw invalid("refund", "order_id is missing or not a Shopify id");
  return { orderId, occurredAt: at ? new Date(at) : null };
}

export function readFulfillmentEvent(body: unknown): PartialOrderEvent {
  const parsed = restFulfillment.safeParse(body);
  if (!parsed.success) throw invalid("fulfillment", describeIssues(parsed.error));
  const orderId = gidFor("Order", parsed.data.order_id);
  const at = parsed.data.updated_at ?? parsed.data.created_at;
  if (!orderId) throw invalid("fulfillment", "order_id is missing or not a Shopify id");
  return { orderId, occurredAt: at ? new Date(at) : null };
}

const restOrderEdit = z.object({
  order_edit: z.object({ order_id: numericId, created_at: time }),
});

export function readOrderEditEvent(body: unknown): PartialOrderEvent {
  const parsed = restOrderEdit.safeParse(body);
  if (!parsed.success) throw invalid("order edit", describeIssues(parsed.error));
  const orderId = gidFor("Order", parsed.data.order_edit.order_id);
  if (!orderId) throw invalid("order edit", "order_edit.order_id is missing or not a Shopify id");
  return { orderId, occurredAt: new Date(parsed.data.order_edit.created_at) };
}
