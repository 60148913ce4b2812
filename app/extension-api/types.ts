// The JSON the app's extension API routes answer and accept. Shared, type-only, by the routes
// (app/routes/api.*) and the UI extensions (extensions/*), so both sides change together.
// Dates are calendar dates "YYYY-MM-DD" in the shop's time zone; ids are Lotline's unless named.

/** Where an order stands; "not_processed" = Lotline has not seen the order yet. */
export type OrderAllocationState =
  | "not_processed"
  | "pending"
  | "allocated"
  | "partial"
  | "needs_attention"
  | "cancelled";

export type LineAllocationState = "pending" | "untracked" | "allocated" | "partial" | "needs_attention" | "released";

/** GET /api/admin/orders/:orderId — orderId is the numeric Shopify order id. */
export interface OrderLotsResponse {
  order: {
    /** Lotline's order id; null when not processed yet. */
    id: string | null;
    shopifyOrderId: string; // gid://shopify/Order/<n>
    name: string | null;
    status: OrderAllocationState;
    attentionReason: string | null;
    /** The order's page in Lotline, as an app path ("/app/orders/<id>"); null when not processed. */
    appPath: string | null;
  };
  lines: OrderLotsLine[];
}

export interface OrderLotsLine {
  id: string;
  shopifyLineItemId: string; // gid://shopify/LineItem/<n>
  title: string;
  sku: string | null;
  quantity: number;
  shipped: number;
  status: LineAllocationState;
  attentionReason: string | null;
  serialTracked: boolean;
  /** Units of a serial-tracked line that still have no serial number. */
  serialsMissing: number;
  canReallocate: boolean;
  lots: Array<{
    lotId: string;
    code: string;
    expiresAt: string | null;
    quantity: number;
    shipped: number;
    lotStatus: "active" | "quarantined" | "recalled" | "expired" | "depleted";
  }>;
  serials: Array<{ serial: string; lotCode: string; status: string }>;
}

/** GET /api/admin/orders/:orderId/lines/:lineId/lots — the lots a line could take instead. */
export interface LineLotOptionsResponse {
  lineId: string;
  options: Array<{
    lotId: string;
    code: string;
    expiresAt: string | null;
    status: string;
    available: number;
    allocatedToLine: number;
    /** Why the lot cannot be chosen (expired, too short shelf life, another location...); null = choosable. */
    excludedReason: string | null;
  }>;
}

/** POST /api/admin/orders/:orderId/reallocate */
export interface ReallocateRequest {
  lineId: string;
  lots: Array<{ lotId: string; quantity: number }>;
  reason: string;
}

/** POST /api/admin/orders/:orderId/serials */
export interface SerialsRequest {
  lineId: string;
  serials: string[];
}

/** Every write answers this; 4xx answers carry the message and per-field messages too. */
export interface ActionResult {
  ok: boolean;
  message: string;
  /** Field name → message ("reason", "serials", "lots.<lotId>"). */
  fields: Record<string, string>;
}

/** GET /api/admin/products/:productId — productId is the numeric Shopify product id. */
export interface ProductLotsResponse {
  product: { shopifyProductId: string; title: string | null; tracked: boolean; serialTracked: boolean };
  /** The shop's "expiring soon" window in days (lots expiring within it are highlighted). */
  expiringSoonDays: number;
  /** Receive stock into a new lot for this product: an app path. */
  receivePath: string;
  variants: Array<{
    shopifyVariantId: string;
    title: string;
    sku: string | null;
    locations: Array<{
      locationId: string;
      locationName: string;
      lots: Array<{
        lotId: string;
        code: string;
        expiresAt: string | null;
        /** Days until expiry in the shop's time zone; negative once expired; null without expiry. */
        daysLeft: number | null;
        expiringSoon: boolean;
        status: "active" | "quarantined" | "recalled" | "expired" | "depleted";
        onHand: number;
        available: number;
      }>;
    }>;
  }>;
}

/** GET /api/customer/orders/:orderId — the customer's own order; recalls touching its lots. */
export interface CustomerOrderRecallsResponse {
  recalls: Array<{
    recallId: string;
    number: number;
    title: string;
    /** The notice as the customer got it by email, as plain text paragraphs. */
    notice: string[];
    lotCodes: string[];
    acknowledgedAt: string | null; // ISO instant
    /** False when the recall is closed or the customer has no notice to acknowledge. */
    canAcknowledge: boolean;
  }>;
}

/** POST /api/customer/orders/:orderId/recalls/:recallId/acknowledge */
export interface CustomerAcknowledgeResponse {
  ok: boolean;
  acknowledgedAt: string | null;
  message: string;
}
