// Records of the simulated Shopify store. Field names follow the Admin GraphQL schema where
// the meaning is the same, so resolvers can read them directly; references end in `Id`.

export type Plan = "standard" | "advanced" | "plus" | "enterprise";

/** Quantity names Shopify keeps per inventory level; `on_hand` is derived from the others. */
export const STORED_QUANTITY_NAMES = [
  "available",
  "committed",
  "damaged",
  "incoming",
  "quality_control",
  "reserved",
  "safety_stock",
] as const;
export type StoredQuantityName = (typeof STORED_QUANTITY_NAMES)[number];
export const QUANTITY_NAMES = [...STORED_QUANTITY_NAMES, "on_hand"] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];

/** The states that make up on-hand stock, as Shopify defines it (incoming is not on hand). */
export const ON_HAND_COMPONENTS: readonly StoredQuantityName[] = [
  "available",
  "committed",
  "reserved",
  "quality_control",
  "damaged",
  "safety_stock",
];

interface Timestamps {
  createdAt: string;
  updatedAt: string;
}

export interface ShopRecord extends Timestamps {
  __typename: "Shop";
  id: string;
  name: string;
  email: string;
  contactEmail: string;
  myshopifyDomain: string;
  currencyCode: string;
  ianaTimezone: string;
  plan: Plan;
}

export interface AddressFields {
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCode: string | null;
  zip: string | null;
  phone: string | null;
}

export interface LocationRecord extends Timestamps {
  __typename: "Location";
  id: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  address: AddressFields;
}

export type ProductStatus = "ACTIVE" | "DRAFT" | "ARCHIVED" | "UNLISTED";

export interface ProductRecord extends Timestamps {
  __typename: "Product";
  id: string;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  status: ProductStatus;
  tags: string[];
  variantIds: string[];
}

export interface VariantRecord extends Timestamps {
  __typename: "ProductVariant";
  id: string;
  productId: string;
  title: string;
  sku: string | null;
  barcode: string | null;
  /** Decimal string in the shop currency, as Shopify's `Money` scalar. */
  price: string;
  position: number;
  inventoryItemId: string;
}

export interface InventoryItemRecord extends Timestamps {
  __typename: "InventoryItem";
  id: string;
  variantId: string;
  tracked: boolean;
  requiresShipping: boolean;
}

export interface InventoryLevelRecord extends Timestamps {
  __typename: "InventoryLevel";
  id: string;
  inventoryItemId: string;
  locationId: string;
  quantities: Record<StoredQuantityName, number>;
}

export interface MailingAddressRecord {
  __typename: "MailingAddress";
  id: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCodeV2: string | null;
  zip: string | null;
  phone: string | null;
}

export interface CustomerRecord extends Timestamps {
  __typename: "Customer";
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  tags: string[];
  addresses: MailingAddressRecord[];
}

export type FinancialStatus =
  | "AUTHORIZED"
  | "PAID"
  | "PARTIALLY_PAID"
  | "PARTIALLY_REFUNDED"
  | "PENDING"
  | "REFUNDED"
  | "VOIDED";

export interface LineItemRecord {
  __typename: "LineItem";
  id: string;
  orderId: string;
  variantId: string | null;
  productId: string | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  /** Units originally ordered; never changes. */
  quantity: number;
  /** Units still on the order after refunds and edits. */
  currentQuantity: number;
  price: string;
}

export interface OrderRecord extends Timestamps {
  __typename: "Order";
  id: string;
  /** Sequence within the shop (1, 2, ...); the name is "#" + (1000 + number). */
  number: number;
  name: string;
  email: string | null;
  phone: string | null;
  customerId: string | null;
  tags: string[];
  note: string | null;
  currencyCode: string;
  financialStatus: FinancialStatus;
  processedAt: string;
  cancelledAt: string | null;
  cancelReason: "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | "STAFF" | null;
  closedAt: string | null;
  shippingAddress: MailingAddressRecord | null;
  lineItems: LineItemRecord[];
  fulfillmentOrderIds: string[];
  fulfillmentIds: string[];
  refundIds: string[];
}

export type FulfillmentOrderStatus =
  | "CANCELLED"
  | "CLOSED"
  | "INCOMPLETE"
  | "IN_PROGRESS"
  | "ON_HOLD"
  | "OPEN"
  | "SCHEDULED";

export interface FulfillmentOrderLineItemRecord {
  __typename: "FulfillmentOrderLineItem";
  id: string;
  fulfillmentOrderId: string;
  lineItemId: string;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface FulfillmentHoldRecord {
  __typename: "FulfillmentHold";
  id: string;
  reason: string;
  reasonNotes: string | null;
  handle: string;
  heldByAppId: number | null;
  createdAt: string;
}

export interface FulfillmentOrderRecord extends Timestamps {
  __typename: "FulfillmentOrder";
  id: string;
  orderId: string;
  locationId: string;
  status: FulfillmentOrderStatus;
  lineItems: FulfillmentOrderLineItemRecord[];
  holds: FulfillmentHoldRecord[];
}

export interface FulfillmentLineItemRecord {
  __typename: "FulfillmentLineItem";
  id: string;
  lineItemId: string;
  quantity: number;
}

export interface FulfillmentRecord extends Timestamps {
  __typename: "Fulfillment";
  id: string;
  orderId: string;
  name: string;
  status: "SUCCESS" | "CANCELLED";
  locationId: string;
  fulfillmentOrderIds: string[];
  lineItems: FulfillmentLineItemRecord[];
}

export type RestockType = "CANCEL" | "RETURN" | "NO_RESTOCK";

export interface RefundLineItemRecord {
  __typename: "RefundLineItem";
  id: string;
  lineItemId: string;
  quantity: number;
  restockType: RestockType;
  restocked: boolean;
  locationId: string | null;
}

export interface RefundRecord extends Timestamps {
  __typename: "Refund";
  id: string;
  orderId: string;
  note: string | null;
  processedAt: string;
  lineItems: RefundLineItemRecord[];
}

export type MetafieldOwnerType = "CUSTOMER" | "LOCATION" | "ORDER" | "PRODUCT" | "PRODUCTVARIANT" | "SHOP";

export interface MetafieldRecord extends Timestamps {
  __typename: "Metafield";
  id: string;
  ownerId: string;
  ownerType: MetafieldOwnerType;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface MetafieldDefinitionRecord {
  __typename: "MetafieldDefinition";
  id: string;
  ownerType: MetafieldOwnerType;
  namespace: string;
  key: string;
  name: string;
  description: string | null;
  type: string;
  pinnedPosition: number | null;
  access: { admin: string | null; storefront: string | null; customerAccount: string | null };
}

export interface InventoryChangeRecord {
  name: string;
  delta: number;
  quantityAfterChange: number;
  inventoryItemId: string;
  locationId: string;
  ledgerDocumentUri: string | null;
}

export interface InventoryAdjustmentGroupRecord {
  __typename: "InventoryAdjustmentGroup";
  id: string;
  reason: string;
  referenceDocumentUri: string | null;
  createdAt: string;
  changes: InventoryChangeRecord[];
}

/** One `flowTriggerReceive` call, kept so tests can see what Lotline told Shopify Flow. */
export interface FlowTriggerRecord {
  handle: string | null;
  payload: unknown;
  body: string | null;
  receivedAt: string;
}

/** Shopify webhook topics a change corresponds to; a later layer delivers them. */
export type WebhookTopic =
  | "customers/create"
  | "customers/update"
  | "fulfillment_orders/hold_released"
  | "fulfillment_orders/placed_on_hold"
  | "fulfillments/create"
  | "inventory_levels/update"
  | "locations/create"
  | "orders/cancelled"
  | "orders/create"
  | "orders/edited"
  | "orders/fulfilled"
  | "orders/partially_fulfilled"
  | "orders/updated"
  | "products/create"
  | "products/delete"
  | "products/update"
  | "refunds/create";

export interface StoreChange {
  /** The shop's myshopify domain. */
  shop: string;
  topic: WebhookTopic;
  /** Global id of the resource the webhook is about (order, refund, inventory level...). */
  subjectId: string;
  occurredAt: string;
}

export type StoreRecord =
  | CustomerRecord
  | FulfillmentOrderRecord
  | FulfillmentRecord
  | InventoryAdjustmentGroupRecord
  | InventoryItemRecord
  | InventoryLevelRecord
  | LineItemRecord
  | LocationRecord
  | MetafieldDefinitionRecord
  | MetafieldRecord
  | OrderRecord
  | ProductRecord
  | RefundRecord
  | ShopRecord
  | VariantRecord;
