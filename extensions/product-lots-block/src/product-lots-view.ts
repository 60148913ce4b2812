// Turns the product's lots answer into what the block shows: per variant and location the lots
// in stock, soonest expiry first, with lots a merchant must not sell (or sell soon) called out.
import type { ProductLotsResponse } from "../../../app/extension-api/types";
import { appHref } from "../../shared/admin-ids";
import { daysLeftText, expiryText, lotStatusBadge, type Tone, unitsText } from "../../shared/lot-wording";

type ApiLot = ProductLotsResponse["variants"][number]["locations"][number]["lots"][number];

export interface ProductLotView {
  key: string;
  code: string;
  expiry: string;
  quantity: string;
  /** Null for an active lot with time to spare: nothing to call out. */
  badge: { label: string; tone: Tone } | null;
}

export interface ProductLocationView {
  key: string;
  heading: string;
  lots: ProductLotView[];
}

export type ProductLotsView =
  | { kind: "no_lots"; receiveHref: string; message: string }
  | { kind: "lots"; receiveHref: string; locations: ProductLocationView[] };

export function productLotsView(answer: ProductLotsResponse): ProductLotsView {
  const receiveHref = appHref(answer.receivePath);
  const multipleVariants = answer.variants.length > 1;
  const locations: ProductLocationView[] = [];
  for (const variant of answer.variants) {
    for (const location of variant.locations) {
      const lots = location.lots.filter((lot) => lot.onHand > 0);
      if (lots.length === 0) continue;
      locations.push({
        key: `${variant.shopifyVariantId}:${location.locationId}`,
        heading: multipleVariants ? `${variant.title} · ${location.locationName}` : location.locationName,
        lots: [...lots].sort(byExpiry).map(lotView),
      });
    }
  }
  if (locations.length === 0) {
    const message = answer.product.tracked
      ? "No lots of this product yet. Receive stock into a lot to start tracing it."
      : "Lotline does not track this product yet. Receive stock into a lot to start tracing it.";
    return { kind: "no_lots", receiveHref, message };
  }
  return { kind: "lots", receiveHref, locations };
}

/** Soonest expiry first (what ships next under FEFO); lots without expiry last. */
function byExpiry(a: ApiLot, b: ApiLot): number {
  if (a.expiresAt === b.expiresAt) return a.code.localeCompare(b.code);
  if (a.expiresAt === null) return 1;
  if (b.expiresAt === null) return -1;
  return a.expiresAt < b.expiresAt ? -1 : 1;
}

function lotView(lot: ApiLot): ProductLotView {
  return {
    key: lot.lotId,
    code: lot.code,
    expiry: expiryText(lot.expiresAt),
    quantity:
      lot.available === lot.onHand
        ? `${unitsText(lot.onHand)} on hand`
        : `${unitsText(lot.onHand)} on hand, ${lot.available} available`,
    badge: lotBadge(lot),
  };
}

export function lotBadge(lot: Pick<ApiLot, "status" | "expiringSoon" | "daysLeft">): ProductLotView["badge"] {
  if (lot.status !== "active") return lotStatusBadge(lot.status);
  if (lot.daysLeft !== null && lot.daysLeft < 0) return { label: daysLeftText(lot.daysLeft), tone: "critical" };
  if (lot.expiringSoon) {
    return { label: lot.daysLeft === null ? "Expiring soon" : daysLeftText(lot.daysLeft), tone: "warning" };
  }
  return null;
}
