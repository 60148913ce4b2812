// What each Lotline Flow trigger sends to flowTriggerReceive. The keys are the field keys of the
// trigger extension's TOML (extensions/<handle>/shopify.extension.toml); a reference field
// (order_reference, product_reference) is sent as `<object>_id` with Shopify's numeric id.
// Flow triggers accept numbers only as number_decimal and text only as single_line_text_field.
import type { OrderAllocationStatus } from "../generated/prisma/client.ts";
import { numericShopifyId } from "./shopify-ids";

export type TriggerPayload = Record<string, string | number>;

/** Text for a single-line field: line breaks and runs of spaces become one space. */
function singleLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export interface LotRecalledPayload extends TriggerPayload {
  "Recall id": string;
  "Recall number": number;
  "Lot codes": string;
  "Affected order count": number;
  Reason: string;
}

export function lotRecalledPayload(recall: {
  id: string;
  number: number;
  lotCodes: readonly string[];
  affectedOrderCount: number;
  reason: string;
}): LotRecalledPayload {
  return {
    "Recall id": recall.id,
    "Recall number": recall.number,
    "Lot codes": [...recall.lotCodes].sort().join(", "),
    "Affected order count": recall.affectedOrderCount,
    Reason: singleLine(recall.reason),
  };
}

export function lotExpiringSoonPayload(lot: {
  id: string;
  code: string;
  productId: string;
  productTitle: string;
  sku: string | null;
  variantId: string;
  expiresAt: Date;
  daysLeft: number;
}): TriggerPayload {
  return {
    product_id: numericShopifyId(lot.productId),
    "Lot id": lot.id,
    "Lot code": lot.code,
    Product: lot.productTitle,
    SKU: lot.sku ?? "",
    "Variant id": lot.variantId,
    "Expiry date": lot.expiresAt.toISOString().slice(0, 10),
    "Days left": lot.daysLeft,
  };
}

export function orderNeedsAttentionPayload(order: {
  shopifyOrderId: string;
  name: string;
  allocationStatus: OrderAllocationStatus;
  attentionReason: string | null;
}): TriggerPayload {
  return {
    order_id: numericShopifyId(order.shopifyOrderId),
    "Order name": order.name,
    Status: order.allocationStatus,
    Reason: singleLine(order.attentionReason ?? ""),
  };
}
