// What the simulated admin's order and product pages show of the store's records (as the
// control API's `GET /control/shops/<shop>` describes them): a title, a few facts, the lines.
import type { CustomerRecord, LocationRecord, OrderRecord, ProductRecord, VariantRecord } from "../../store/types";

/** The parts of the control API's shop description the pages read. */
export interface ShopDescription {
  customers: CustomerRecord[];
  orders: OrderRecord[];
  products: Array<ProductRecord & { variants: VariantRecord[] }>;
  locations: LocationRecord[];
}

export interface ResourceSummary {
  title: string;
  facts: Array<{ label: string; value: string }>;
  itemsHeading: string;
  items: Array<{ title: string; detail: string; quantity: string }>;
}

export function customerLabel(customer: CustomerRecord | undefined, email: string | null): string {
  const name = [customer?.firstName, customer?.lastName].filter(Boolean).join(" ");
  const contact = customer?.email ?? email;
  if (name && contact) return `${name} (${contact})`;
  return name || contact || "No customer";
}

export function orderSummary(shop: ShopDescription, orderId: string): ResourceSummary | null {
  const order = shop.orders.find((candidate) => candidate.id === orderId);
  if (!order) return null;
  const customer = shop.customers.find((candidate) => candidate.id === order.customerId);
  const facts = [
    { label: "Customer", value: customerLabel(customer, order.email) },
    { label: "Payment", value: order.financialStatus.toLowerCase().replace(/_/g, " ") },
  ];
  if (order.cancelledAt) facts.push({ label: "Cancelled", value: order.cancelledAt.slice(0, 10) });
  return {
    title: `Order ${order.name}`,
    facts,
    itemsHeading: "Items",
    items: order.lineItems.map((line) => ({
      title: line.variantTitle ? `${line.title} · ${line.variantTitle}` : line.title,
      detail: line.sku ? `SKU ${line.sku}` : "No SKU",
      quantity:
        line.currentQuantity === line.quantity
          ? `× ${line.quantity}`
          : `× ${line.currentQuantity} (of ${line.quantity})`,
    })),
  };
}

export function productSummary(shop: ShopDescription, productId: string): ResourceSummary | null {
  const product = shop.products.find((candidate) => candidate.id === productId);
  if (!product) return null;
  const facts = [{ label: "Status", value: product.status.toLowerCase() }];
  if (product.vendor) facts.push({ label: "Vendor", value: product.vendor });
  return {
    title: product.title,
    facts,
    itemsHeading: "Variants",
    items: product.variants.map((variant) => ({
      title: variant.title,
      detail: variant.sku ? `SKU ${variant.sku}` : "No SKU",
      quantity: variant.price,
    })),
  };
}
