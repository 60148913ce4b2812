// What the admin product block shows: the product's variants Lotline knows, per location, with
// the lots on hand there (FEFO), what each can still sell, how long until it expires and whether
// that is within the shop's "expiring soon" window.
import { shopToday, toCandidateLot } from "../allocation/allocation-rules.server";
import { retrieveCachedShopTimeZone } from "../catalog/shop-locations.server";
import type { Db } from "../db.server";
import { compareLotsFefo } from "../domain/allocation-planner";
import { availableQuantity } from "../domain/receiving";
import { daysUntil } from "../flow/expiry-windows";
import { retrieveShopSettings } from "../settings/shop-settings.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchLocationNames } from "../shopify/catalog.server";
import { calendarDate } from "../utils/dates";
import { AppError } from "../utils/errors";
import { shopifyGid } from "../utils/shopify-gid";
import type { ProductLotsResponse } from "./types";

type ProductVariant = ProductLotsResponse["variants"][number];
type ProductLot = ProductVariant["locations"][number]["lots"][number];

const PRODUCT_NOT_IN_SHOP = "This product is not in your shop.";
// The Receive page takes no query parameters: the merchant picks the variant there.
const RECEIVE_PATH = "/app/receive";

/** The product's gid from the numeric id in the path; anything else cannot name one of the shop's products. */
export function productGid(numericId: string | undefined): string {
  const gid = shopifyGid("Product", numericId);
  if (!gid) throw new AppError("NOT_FOUND", PRODUCT_NOT_IN_SHOP);
  return gid;
}

/**
 * The product block's data. A product Lotline knows nothing of in this shop is answered with
 * `tracked: false` (nothing received yet), unless another shop holds it: then 404, no data.
 */
export async function loadProductLots(
  db: Db,
  input: { shopId: string; productId: string; graphql: AdminGraphql; now?: Date },
): Promise<ProductLotsResponse> {
  const { shopId, productId } = input;
  const [variantRefs, allLots, rule, settings] = await Promise.all([
    db.variantRef.findMany({ where: { shopId, productId, deletedAt: null } }),
    db.lot.findMany({ where: { shopId, productId } }),
    db.productRule.findUnique({ where: { shopId_productId: { shopId, productId } } }),
    retrieveShopSettings(db, shopId),
  ]);
  const tracked = variantRefs.length > 0 || allLots.length > 0 || rule !== null;
  if (!tracked) await refuseOtherShopsProduct(db, shopId, productId);

  // Depleted lots have nothing left to show.
  const lots = allLots.filter((lot) => lot.status !== "depleted");
  const expiringSoonDays = Math.max(...settings.expiryWarningDays);
  const [timeZone, names] = await Promise.all([
    retrieveCachedShopTimeZone(db, shopId, async () => input.graphql),
    lots.length > 0 ? fetchLocationNames(input.graphql) : new Map<string, string>(),
  ]);
  const today = shopToday(input.now ?? new Date(), timeZone);
  const todayStart = new Date(Date.UTC(today.year, today.month - 1, today.day));

  const variants = new Map<string, ProductVariant>();
  const variantOfItem = new Map<string, ProductVariant>();
  for (const ref of variantRefs) {
    const variant = {
      shopifyVariantId: ref.variantId,
      title: ref.variantTitle ?? ref.productTitle,
      sku: ref.sku,
      locations: [],
    };
    variants.set(ref.variantId, variant);
    variantOfItem.set(ref.inventoryItemId, variant);
  }
  const sorted = [...lots].sort((a, b) => compareLotsFefo(toCandidateLot(a), toCandidateLot(b)));
  for (const lot of sorted) {
    // Lots belong to a variant by inventory item; a variant the cache lacks is named from its lots.
    let variant = variantOfItem.get(lot.inventoryItemId) ?? variants.get(lot.variantId);
    if (!variant) {
      variant = { shopifyVariantId: lot.variantId, title: lot.productTitle, sku: lot.sku, locations: [] };
      variants.set(lot.variantId, variant);
    }
    let location = variant.locations.find((entry) => entry.locationId === lot.locationId);
    if (!location) {
      const locationName = names.get(lot.locationId) ?? `Location ${lot.locationId.split("/").pop()}`;
      location = { locationId: lot.locationId, locationName, lots: [] };
      variant.locations.push(location);
    }
    const daysLeft = lot.expiresAt ? daysUntil(lot.expiresAt, todayStart) : null;
    const shown: ProductLot = {
      lotId: lot.id,
      code: lot.code,
      expiresAt: calendarDate(lot.expiresAt),
      daysLeft,
      // As the home page counts them: active stock expiring from today up to today + the window.
      expiringSoon: lot.status === "active" && daysLeft !== null && daysLeft >= 0 && daysLeft <= expiringSoonDays,
      status: lot.status,
      onHand: lot.onHandQuantity,
      available: availableQuantity(lot),
    };
    location.lots.push(shown);
  }
  for (const variant of variants.values()) {
    variant.locations.sort((a, b) => a.locationName.localeCompare(b.locationName));
  }

  const newestLot = [...allLots].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime())[0];
  return {
    product: {
      shopifyProductId: productId,
      title: variantRefs[0]?.productTitle ?? newestLot?.productTitle ?? rule?.productTitle ?? null,
      tracked,
      serialTracked: rule?.serialTracked ?? false,
    },
    expiringSoonDays,
    receivePath: RECEIVE_PATH,
    variants: [...variants.values()].sort((a, b) => a.title.localeCompare(b.title)),
  };
}

async function refuseOtherShopsProduct(db: Db, shopId: string, productId: string): Promise<void> {
  const elsewhere = { productId, shopId: { not: shopId } };
  const [lot, ref] = await Promise.all([
    db.lot.findFirst({ where: elsewhere, select: { id: true } }),
    db.variantRef.findFirst({ where: elsewhere, select: { variantId: true } }),
  ]);
  if (lot || ref) throw new AppError("NOT_FOUND", PRODUCT_NOT_IN_SHOP);
}
