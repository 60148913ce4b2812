// Order, line item, fulfilment, refund and order-edit bodies, in the shape of Shopify's
// sample payloads (shared/shopify/webhook-samples): numeric ids, exact gids, REST money.
import { createHash } from "node:crypto";
import { displayFulfillmentStatus, fulfilledQuantity } from "../../store/fulfillment";
import type { ShopState } from "../../store/store";
import type { FulfillmentRecord, LineItemRecord, OrderRecord, RefundRecord } from "../../store/types";
import { customerPayload } from "./customers";
import { cents, money, moneySet, restAddress, restEnum, restId, restIdOrNull, restTags, restTime } from "./rest-format";

const ORDER_FULFILLMENT_STATUS: Record<string, string | null> = {
  FULFILLED: "fulfilled",
  PARTIALLY_FULFILLED: "partial",
};

export function orderPayload(state: ShopState, order: OrderRecord) {
  const zone = state.shop.ianaTimezone;
  const currency = order.currencyCode;
  const zero = moneySet(0, currency);
  const original = order.lineItems.reduce((sum, line) => sum + cents(line.price) * line.quantity, 0);
  const current = order.lineItems.reduce((sum, line) => sum + cents(line.price) * line.currentQuantity, 0);
  const customer = order.customerId ? state.customers.get(order.customerId) : undefined;
  const address = restAddress(order.shippingAddress);
  // The checkout token; derived from the id so the same order always shows the same one.
  const token = createHash("md5").update(order.id).digest("hex");
  return {
    id: restId(order.id),
    admin_graphql_api_id: order.id,
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: false,
    cancel_reason: restEnum(order.cancelReason),
    cancelled_at: restTime(order.cancelledAt, zone),
    cart_token: null,
    checkout_id: null,
    checkout_token: null,
    client_details: null,
    closed_at: restTime(order.closedAt, zone),
    confirmation_number: null,
    confirmed: true,
    contact_email: order.email,
    created_at: restTime(order.createdAt, zone),
    currency,
    current_subtotal_price: money(current),
    current_subtotal_price_set: moneySet(current, currency),
    current_total_additional_fees_set: null,
    current_total_discounts: "0.00",
    current_total_discounts_set: zero,
    current_total_duties_set: null,
    current_total_price: money(current),
    current_total_price_set: moneySet(current, currency),
    current_total_tax: "0.00",
    current_total_tax_set: zero,
    customer_locale: "en",
    device_id: null,
    discount_codes: [],
    email: order.email,
    estimated_taxes: false,
    financial_status: restEnum(order.financialStatus),
    fulfillment_status: ORDER_FULFILLMENT_STATUS[displayFulfillmentStatus(state, order)] ?? null,
    landing_site: null,
    landing_site_ref: null,
    location_id: null,
    merchant_of_record_app_id: null,
    name: order.name,
    note: order.note,
    note_attributes: [],
    number: order.number,
    order_number: 1000 + order.number,
    order_status_url: `https://${state.shop.myshopifyDomain}/${restId(state.shop.id)}/orders/${token}/authenticate?key=${token.slice(0, 16)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: ["manual"],
    phone: order.phone,
    po_number: null,
    presentment_currency: currency,
    processed_at: restTime(order.processedAt, zone),
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: "web",
    source_url: null,
    subtotal_price: money(original),
    subtotal_price_set: moneySet(original, currency),
    tags: restTags(order.tags),
    tax_exempt: false,
    tax_lines: [],
    taxes_included: false,
    test: false,
    token,
    total_discounts: "0.00",
    total_discounts_set: zero,
    total_line_items_price: money(original),
    total_line_items_price_set: moneySet(original, currency),
    total_outstanding: "0.00",
    total_price: money(original),
    total_price_set: moneySet(original, currency),
    total_shipping_price_set: zero,
    total_tax: "0.00",
    total_tax_set: zero,
    total_tip_received: "0.00",
    total_weight: 0,
    updated_at: restTime(order.updatedAt, zone),
    user_id: null,
    billing_address: address,
    customer: customer ? customerPayload(state, customer) : null,
    discount_applications: [],
    fulfillments: order.fulfillmentIds.map((id) => fulfillmentPayload(state, state.fulfillments.get(id)!)),
    line_items: order.lineItems.map((line) => lineItemPayload(state, order, line)),
    payment_terms: null,
    refunds: order.refundIds.map((id) => refundPayload(state, state.refunds.get(id)!)),
    shipping_address: address,
    shipping_lines: [],
  };
}

/** A line item as orders carry it; `quantity` may be overridden (a fulfilment's own quantity). */
export function lineItemPayload(state: ShopState, order: OrderRecord, line: LineItemRecord, quantity?: number) {
  const currency = order.currencyCode;
  const fulfilled = fulfilledQuantity(state, order, line.id);
  const variant = line.variantId ? state.variants.get(line.variantId) : undefined;
  const item = variant ? state.inventoryItems.get(variant.inventoryItemId) : undefined;
  const fulfillmentStatus =
    fulfilled === 0 ? null : fulfilled >= line.currentQuantity && line.currentQuantity > 0 ? "fulfilled" : "partial";
  return {
    id: restId(line.id),
    admin_graphql_api_id: line.id,
    attributed_staffs: [],
    current_quantity: line.currentQuantity,
    fulfillable_quantity: Math.max(0, line.currentQuantity - fulfilled),
    fulfillment_service: "manual",
    fulfillment_status: fulfillmentStatus,
    gift_card: false,
    grams: 0,
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    price: money(cents(line.price)),
    price_set: moneySet(cents(line.price), currency),
    product_exists: line.productId !== null && state.products.has(line.productId),
    product_id: restIdOrNull(line.productId),
    properties: [],
    quantity: quantity ?? line.quantity,
    requires_shipping: true,
    sku: line.sku,
    taxable: true,
    title: line.title,
    total_discount: "0.00",
    total_discount_set: moneySet(0, currency),
    variant_id: restIdOrNull(line.variantId),
    variant_inventory_management: item?.tracked ? "shopify" : null,
    variant_title: line.variantTitle,
    vendor: line.vendor,
    tax_lines: [],
    duties: [],
    discount_allocations: [],
  };
}

export function fulfillmentPayload(state: ShopState, fulfillment: FulfillmentRecord) {
  const zone = state.shop.ianaTimezone;
  const order = state.orders.get(fulfillment.orderId)!;
  return {
    id: restId(fulfillment.id),
    admin_graphql_api_id: fulfillment.id,
    created_at: restTime(fulfillment.createdAt, zone),
    location_id: restId(fulfillment.locationId),
    name: fulfillment.name,
    order_id: restId(order.id),
    origin_address: null,
    receipt: {},
    service: "manual",
    shipment_status: null,
    status: restEnum(fulfillment.status),
    tracking_company: null,
    tracking_number: null,
    tracking_numbers: [],
    tracking_url: null,
    tracking_urls: [],
    updated_at: restTime(fulfillment.updatedAt, zone),
    email: order.email,
    destination: restAddress(order.shippingAddress),
    line_items: fulfillment.lineItems.map((item) =>
      lineItemPayload(state, order, state.lineItems.get(item.lineItemId)!, item.quantity),
    ),
  };
}

export function refundPayload(state: ShopState, refund: RefundRecord) {
  const zone = state.shop.ianaTimezone;
  const order = state.orders.get(refund.orderId)!;
  const currency = order.currencyCode;
  return {
    id: restId(refund.id),
    admin_graphql_api_id: refund.id,
    created_at: restTime(refund.createdAt, zone),
    note: refund.note,
    order_id: restId(order.id),
    processed_at: restTime(refund.processedAt, zone),
    restock: refund.lineItems.some((item) => item.restocked),
    total_duties_set: moneySet(0, currency),
    user_id: null,
    order_adjustments: [],
    transactions: [],
    duties: [],
    return: null,
    refund_line_items: refund.lineItems.map((item) => {
      const line = state.lineItems.get(item.lineItemId)!;
      const subtotal = cents(line.price) * item.quantity;
      return {
        id: restId(item.id),
        line_item_id: restId(line.id),
        location_id: restIdOrNull(item.locationId),
        quantity: item.quantity,
        restock_type: restEnum(item.restockType),
        subtotal: subtotal / 100,
        subtotal_set: moneySet(subtotal, currency),
        total_tax: 0,
        total_tax_set: moneySet(0, currency),
        line_item: lineItemPayload(state, order, line),
      };
    }),
  };
}

/**
 * orders/edited says what an edit changed, line by line. The store keeps only the result, so
 * this remembers each order's line quantities as of its last change and reports the difference.
 */
export class OrderEditTracker {
  private readonly quantities = new Map<string, Map<string, number>>();
  // Its own sequence: taking ids from the store would shift every later record's id.
  private lastEditId = 0;

  /** Records the order's current line quantities (call on every order change). */
  observe(order: OrderRecord): void {
    this.quantities.set(order.id, new Map(order.lineItems.map((line) => [line.id, line.currentQuantity])));
  }

  /** The orders/edited body for an edit just made; then remembers the new quantities. */
  editPayload(state: ShopState, order: OrderRecord) {
    const before = this.quantities.get(order.id) ?? new Map<string, number>();
    const additions: { id: number; delta: number }[] = [];
    const removals: { id: number; delta: number }[] = [];
    for (const line of order.lineItems) {
      const delta = line.currentQuantity - (before.get(line.id) ?? 0);
      if (delta > 0) additions.push({ id: restId(line.id), delta });
      if (delta < 0) removals.push({ id: restId(line.id), delta: -delta });
    }
    this.observe(order);
    return {
      order_edit: {
        id: ++this.lastEditId,
        app_id: null,
        created_at: restTime(order.updatedAt, state.shop.ianaTimezone),
        notify_customer: false,
        order_id: restId(order.id),
        staff_note: "",
        user_id: null,
        line_items: { additions, removals },
        discounts: { line_item: { additions: [], removals: [] } },
        shipping_lines: { additions: [] },
      },
    };
  }
}
