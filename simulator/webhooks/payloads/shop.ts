// The shop body of app/uninstalled and the three mandatory privacy (compliance) bodies.
import type { ShopState } from "../../store/store";
import type { CustomerRecord, Plan } from "../../store/types";
import { customerReference } from "./customers";
import { restId, restTime } from "./rest-format";

// biome-ignore lint/suspicious/noTemplateCurlyInString: Shopify's Liquid money format, not a JS template.
const MONEY_FORMAT = "${{amount}}";

const PLAN_NAMES: Record<Plan, { plan_name: string; plan_display_name: string }> = {
  standard: { plan_name: "basic", plan_display_name: "Basic" },
  advanced: { plan_name: "advanced", plan_display_name: "Advanced" },
  plus: { plan_name: "shopify_plus", plan_display_name: "Shopify Plus" },
  enterprise: { plan_name: "enterprise", plan_display_name: "Shopify Plus" },
};

export function shopPayload(state: ShopState) {
  const { shop } = state;
  const zone = shop.ianaTimezone;
  const primary = [...state.locations.values()].find((location) => location.isActive);
  const address = primary?.address;
  return {
    id: restId(shop.id),
    name: shop.name,
    email: shop.email,
    domain: shop.myshopifyDomain,
    province: address?.province ?? null,
    country: address?.countryCode ?? null,
    address1: address?.address1 ?? null,
    zip: address?.zip ?? null,
    city: address?.city ?? null,
    source: null,
    phone: address?.phone ?? null,
    latitude: null,
    longitude: null,
    primary_locale: "en",
    address2: address?.address2 ?? null,
    created_at: restTime(shop.createdAt, zone),
    updated_at: restTime(shop.updatedAt, zone),
    country_code: address?.countryCode ?? null,
    country_name: address?.country ?? null,
    currency: shop.currencyCode,
    customer_email: shop.contactEmail,
    timezone: `(GMT${restTime(shop.updatedAt, zone).slice(-6)}) ${zone}`,
    iana_timezone: zone,
    shop_owner: shop.name,
    money_format: MONEY_FORMAT,
    money_with_currency_format: `${MONEY_FORMAT} ${shop.currencyCode}`,
    weight_unit: "kg",
    province_code: address?.provinceCode ?? null,
    taxes_included: false,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: true,
    ...PLAN_NAMES[shop.plan],
    has_discounts: false,
    has_gift_cards: false,
    myshopify_domain: shop.myshopifyDomain,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: MONEY_FORMAT,
    money_with_currency_in_emails_format: `${MONEY_FORMAT} ${shop.currencyCode}`,
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: false,
    has_storefront: true,
    finances: true,
    primary_location_id: primary ? restId(primary.id) : null,
    checkout_api_supported: true,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: [shop.currencyCode],
    transactional_sms_disabled: false,
    marketing_sms_consent_enabled_at_checkout: false,
  };
}

function ordersOf(state: ShopState, customer: CustomerRecord): number[] {
  return [...state.orders.values()].filter((order) => order.customerId === customer.id).map((o) => restId(o.id));
}

export function customersDataRequestPayload(state: ShopState, customer: CustomerRecord, requestId: number) {
  return {
    shop_id: restId(state.shop.id),
    shop_domain: state.shop.myshopifyDomain,
    orders_requested: ordersOf(state, customer),
    customer: customerReference(customer),
    data_request: { id: requestId },
  };
}

export function customersRedactPayload(state: ShopState, customer: CustomerRecord) {
  return {
    shop_id: restId(state.shop.id),
    shop_domain: state.shop.myshopifyDomain,
    customer: customerReference(customer),
    orders_to_redact: ordersOf(state, customer),
  };
}

export function shopRedactPayload(state: ShopState) {
  return { shop_id: restId(state.shop.id), shop_domain: state.shop.myshopifyDomain };
}
