// An Admin GraphQL order (app/shopify/orders.server.ts) → OrderSnapshot. Unlike a webhook body it
// is complete: fulfilment orders say where unshipped units wait, refunds say what was restocked.
import type { AdminOrderNode } from "../shopify/orders.server";
import type { OrderLineSnapshot, OrderSnapshot } from "./order-snapshot";

// Fulfilment orders whose remaining units are no longer waiting to ship.
const FINISHED_FULFILLMENT_ORDERS = new Set(["CANCELLED", "CLOSED"]);

function add(map: Map<string, Map<string, number>>, lineItemId: string, locationId: string, quantity: number) {
  const byLocation = map.get(lineItemId) ?? new Map<string, number>();
  byLocation.set(locationId, (byLocation.get(locationId) ?? 0) + quantity);
  map.set(lineItemId, byLocation);
}

function total(byLocation: Map<string, number> | undefined): number {
  let sum = 0;
  for (const quantity of byLocation?.values() ?? []) sum += quantity;
  return sum;
}

function largestShare(byLocation: Map<string, number> | undefined): string | null {
  let best: string | null = null;
  let units = 0;
  for (const [locationId, quantity] of byLocation ?? []) {
    if (quantity > units) [best, units] = [locationId, quantity];
  }
  return best;
}

export function snapshotFromAdminOrder(order: AdminOrderNode): OrderSnapshot {
  const waiting = new Map<string, Map<string, number>>();
  const assigned = new Map<string, string>();
  for (const fulfillmentOrder of order.fulfillmentOrders.nodes) {
    const locationId = fulfillmentOrder.assignedLocation?.location?.id;
    if (!locationId) continue;
    for (const item of fulfillmentOrder.lineItems.nodes) {
      if (!assigned.has(item.lineItem.id)) assigned.set(item.lineItem.id, locationId);
      if (FINISHED_FULFILLMENT_ORDERS.has(fulfillmentOrder.status) || item.remainingQuantity === 0) continue;
      add(waiting, item.lineItem.id, locationId, item.remainingQuantity);
    }
  }
  const shipped = new Map<string, Map<string, number>>();
  const shippedUnits = new Map<string, number>();
  for (const fulfillment of order.fulfillments) {
    if (fulfillment.status !== "SUCCESS") continue;
    for (const item of fulfillment.fulfillmentLineItems.nodes) {
      shippedUnits.set(item.lineItem.id, (shippedUnits.get(item.lineItem.id) ?? 0) + item.quantity);
      if (fulfillment.location) add(shipped, item.lineItem.id, fulfillment.location.id, item.quantity);
    }
  }
  const returned = new Map<string, number>();
  for (const refund of order.refunds) {
    for (const item of refund.refundLineItems.nodes) {
      if (item.restockType !== "RETURN") continue;
      returned.set(item.lineItem.id, (returned.get(item.lineItem.id) ?? 0) + item.quantity);
    }
  }

  const lines: OrderLineSnapshot[] = order.lineItems.nodes.map((line) => {
    const fulfilledQuantity = shippedUnits.get(line.id) ?? 0;
    const unshipped = total(waiting.get(line.id));
    return {
      lineItemId: line.id,
      variantId: line.variant?.id ?? null,
      productId: line.product?.id ?? null,
      sku: line.sku || null,
      title: line.name,
      // Shipped plus still waiting to ship: what edits removed and what was refunded before
      // shipping is in neither, while shipped units refunded later still count as bought.
      quantity: fulfilledQuantity + unshipped,
      fulfilledQuantity,
      returnedQuantity: Math.min(returned.get(line.id) ?? 0, fulfilledQuantity),
      locationId:
        largestShare(waiting.get(line.id)) ?? largestShare(shipped.get(line.id)) ?? assigned.get(line.id) ?? null,
    };
  });

  const address = order.shippingAddress;
  return {
    orderId: order.id,
    name: order.name,
    updatedAt: new Date(order.updatedAt),
    processedAt: new Date(order.processedAt ?? order.createdAt),
    cancelledAt: order.cancelledAt ? new Date(order.cancelledAt) : null,
    closedAt: order.closedAt ? new Date(order.closedAt) : null,
    financialStatus: order.displayFinancialStatus?.toLowerCase() ?? null,
    fulfillmentStatus: order.displayFulfillmentStatus.toLowerCase(),
    customer: {
      id: order.customer?.id ?? null,
      email: order.email ?? order.customer?.defaultEmailAddress?.emailAddress ?? null,
      name: order.customer?.displayName || null,
      ...(order.customer ? { tags: order.customer.tags } : {}),
      // Order.customerLocale is left out of the read (the simulated store lacks it): the
      // locale comes from webhook bodies and is kept as it is.
    },
    // The B2B company gid needs purchasingEntity, which this read leaves out: the id from webhook
    // bodies is kept as it is.
    company: { name: address?.company?.trim() || null },
    shippingAddress: address
      ? {
          name: address.name,
          company: address.company,
          address1: address.address1,
          address2: address.address2,
          city: address.city,
          province: address.province,
          provinceCode: address.provinceCode,
          zip: address.zip,
          country: address.country,
          countryCode: address.countryCodeV2,
          phone: address.phone,
        }
      : null,
    lines,
  };
}
