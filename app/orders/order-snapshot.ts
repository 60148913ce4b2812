// One shape for "the order as Shopify has it", whichever way it reached Lotline (a webhook
// body or an Admin API read), and the rules that decide whether it may replace Lotline's copy.

export interface ShippingAddress {
  name: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  zip: string | null;
  country: string | null;
  countryCode: string | null;
  phone: string | null;
}

export interface OrderLineSnapshot {
  /** gid://shopify/LineItem/… */
  lineItemId: string;
  variantId: string | null;
  productId: string | null;
  sku: string | null;
  title: string;
  /** Units still bought: ordered − removed by edits − refunded or cancelled before shipping. */
  quantity: number;
  fulfilledQuantity: number;
  /** Shipped units that came back and were restocked. */
  returnedQuantity: number;
  /** The fulfilment order's location; null when the source did not say. */
  locationId: string | null;
}

export interface OrderSnapshot {
  /** gid://shopify/Order/… */
  orderId: string;
  name: string;
  /** Shopify's updatedAt: the version. Shopify keeps it to the second. */
  updatedAt: Date;
  processedAt: Date;
  cancelledAt: Date | null;
  closedAt: Date | null;
  /** Lower case, as Shopify's REST bodies spell it: "paid", "partially_refunded". */
  financialStatus: string | null;
  /** Lower case of Admin GraphQL's display status: "unfulfilled", "partially_fulfilled", "fulfilled". */
  fulfillmentStatus: string | null;
  /** `locale` undefined: the source does not carry it, and Lotline keeps what it has. */
  customer: {
    id: string | null;
    email: string | null;
    name: string | null;
    locale?: string | null;
    /** The customer's Shopify tags (e.g. "wholesale"); undefined when the source does not carry them. */
    tags?: string[];
  };
  /**
   * Who the order was for, for per-retailer exports: the B2B company's gid when Shopify names one,
   * and the company on the shipping address (wholesale buyers put it there on every plan). `id`
   * undefined: the source does not carry it, and Lotline keeps what it has.
   */
  company: { id?: string | null; name: string | null };
  shippingAddress: ShippingAddress | null;
  lines: OrderLineSnapshot[];
}

/** What Lotline holds of an order, in the fields a snapshot can be compared with. */
export interface StoredOrderState {
  shopifyUpdatedAt: Date;
  cancelledAt: Date | null;
  closedAt: Date | null;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  lines: Pick<
    OrderLineSnapshot,
    "lineItemId" | "variantId" | "quantity" | "fulfilledQuantity" | "returnedQuantity" | "locationId"
  >[];
}

export type VersionVerdict =
  /** Newer than Lotline's copy: replace it. */
  | "newer"
  /** Older than Lotline's copy: Shopify has moved on, ignore it. */
  | "older"
  /** Same version, same content: a repeat of what Lotline already applied. */
  | "same"
  /**
   * Same second, different content: two changes landed in one second (Shopify's updatedAt has no
   * finer grain), so which of them is the later cannot be told from the timestamps.
   */
  | "ambiguous";

export function compareWithStored(snapshot: OrderSnapshot, stored: StoredOrderState | null): VersionVerdict {
  if (!stored) return "newer";
  const difference = snapshot.updatedAt.getTime() - stored.shopifyUpdatedAt.getTime();
  if (difference > 0) return "newer";
  if (difference < 0) return "older";
  return sameContent(snapshot, stored) ? "same" : "ambiguous";
}

function sameTime(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}

/** Equal in everything allocation works from; a location the snapshot does not know is not a difference. */
export function sameContent(snapshot: OrderSnapshot, stored: StoredOrderState): boolean {
  if (!sameTime(snapshot.cancelledAt, stored.cancelledAt) || !sameTime(snapshot.closedAt, stored.closedAt)) {
    return false;
  }
  if (snapshot.financialStatus !== stored.financialStatus) return false;
  const storedLines = new Map(stored.lines.map((line) => [line.lineItemId, line]));
  if (storedLines.size !== snapshot.lines.length) return false;
  return snapshot.lines.every((line) => {
    const known = storedLines.get(line.lineItemId);
    return (
      known !== undefined &&
      known.variantId === line.variantId &&
      known.quantity === line.quantity &&
      known.fulfilledQuantity === line.fulfilledQuantity &&
      known.returnedQuantity === line.returnedQuantity &&
      (line.locationId === null || known.locationId === line.locationId)
    );
  });
}

/** Lines whose location the snapshot leaves open. */
export function linesWithoutLocation(snapshot: OrderSnapshot): OrderLineSnapshot[] {
  return snapshot.lines.filter((line) => line.locationId === null && line.quantity > line.fulfilledQuantity);
}

/**
 * Fills in line locations the snapshot does not carry: a line Lotline already placed keeps its
 * location, and in a shop with exactly one location every line is there (no Admin API read).
 * Lines still open after that need the fulfilment orders from the Admin API.
 */
export function fillLineLocations(
  snapshot: OrderSnapshot,
  known: { storedLocations: Map<string, string | null>; shopLocationIds: string[] | null },
): OrderSnapshot {
  const onlyLocation = known.shopLocationIds?.length === 1 ? known.shopLocationIds[0] : null;
  return {
    ...snapshot,
    lines: snapshot.lines.map((line) =>
      line.locationId !== null
        ? line
        : { ...line, locationId: known.storedLocations.get(line.lineItemId) ?? onlyLocation ?? null },
    ),
  };
}

/** A gid from a numeric REST id; unsafe integers are refused (JSON.parse has already rounded them). */
export function gidFor(type: string, id: unknown): string | null {
  if (typeof id === "string" && id.startsWith("gid://")) return id;
  if (typeof id === "number" && Number.isSafeInteger(id) && id > 0) return `gid://shopify/${type}/${id}`;
  if (typeof id === "string" && /^\d+$/.test(id)) return `gid://shopify/${type}/${id}`;
  return null;
}
