// Customer bodies: customers/create|update, the `customer` inside order bodies, and the
// reference the privacy topics carry.
import type { ShopState } from "../../store/store";
import type { CustomerRecord } from "../../store/types";
import { cents, money, restAddress, restId, restTags, restTime } from "./rest-format";

export function customerPayload(state: ShopState, customer: CustomerRecord) {
  const zone = state.shop.ianaTimezone;
  const [first] = customer.addresses;
  return {
    id: restId(customer.id),
    email: customer.email,
    created_at: restTime(customer.createdAt, zone),
    updated_at: restTime(customer.updatedAt, zone),
    first_name: customer.firstName,
    last_name: customer.lastName,
    state: "disabled",
    accepts_marketing: false,
    accepts_marketing_updated_at: null,
    marketing_opt_in_level: null,
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    phone: customer.phone,
    email_marketing_consent: customer.email
      ? { state: "not_subscribed", opt_in_level: "single_opt_in", consent_updated_at: null }
      : null,
    sms_marketing_consent: null,
    tags: restTags(customer.tags),
    currency: state.shop.currencyCode,
    tax_exemptions: [],
    admin_graphql_api_id: customer.id,
    default_address: first
      ? {
          ...restAddress(first),
          id: restId(first.id),
          customer_id: restId(customer.id),
          country_name: first.country,
          default: true,
        }
      : null,
  };
}

/** customers/create|update: the customer with its order totals and every address. */
export function customerWebhookPayload(state: ShopState, customer: CustomerRecord) {
  const orders = [...state.orders.values()].filter((order) => order.customerId === customer.id);
  const last = orders.at(-1);
  const spent = orders.reduce(
    (sum, order) => sum + order.lineItems.reduce((total, line) => total + cents(line.price) * line.currentQuantity, 0),
    0,
  );
  const payload = customerPayload(state, customer);
  return {
    ...payload,
    orders_count: orders.length,
    total_spent: money(spent),
    last_order_id: last ? restId(last.id) : null,
    last_order_name: last?.name ?? null,
    addresses: customer.addresses.map((address, index) => ({
      ...restAddress(address),
      id: restId(address.id),
      customer_id: restId(customer.id),
      country_name: address.country,
      default: index === 0,
    })),
  };
}

/** The customer reference compliance bodies carry: id, email and phone only. */
export function customerReference(customer: CustomerRecord) {
  return { id: restId(customer.id), email: customer.email, phone: customer.phone };
}
