// The per-shop inputs of allocation: the shop's calendar day, its settings read inside a
// transaction, and the minimum shelf life each product asks for.
import type { Db, Prisma } from "../db.server";
import type { CalendarDay, CandidateLot } from "../domain/allocation-planner";
import { availableQuantity, calendarDay } from "../domain/receiving";
import type { ShopSettings } from "../settings/shop-settings";
import { retrieveShopSettings } from "../settings/shop-settings.server";

export type Reader = Db | Prisma.TransactionClient;

/** The shop's "today" for expiry rules; an unknown zone falls back to UTC rather than failing. */
export function shopToday(now: Date, timeZone: string | null | undefined): CalendarDay {
  try {
    return calendarDay(now, timeZone || "UTC");
  } catch {
    return calendarDay(now, "UTC");
  }
}

/** Shop settings from a client or a transaction (the settings module reads one row either way). */
export function loadShopSettings(reader: Reader, shopId: string): Promise<ShopSettings> {
  return retrieveShopSettings(reader as Db, shopId);
}

/** A product's minimum shelf life: its own rule when it has one, else the shop setting. */
export function minShelfLifeDays(
  rule: { minShelfLifeDays: number | null } | null | undefined,
  settings: Pick<ShopSettings, "minShelfLifeDays">,
): number {
  return rule?.minShelfLifeDays ?? settings.minShelfLifeDays;
}

/** Minimum shelf life per product id, for the products given (absent rule = shop setting). */
export function minShelfLifeByProduct(
  productIds: string[],
  rules: { productId: string; minShelfLifeDays: number | null }[],
  settings: Pick<ShopSettings, "minShelfLifeDays">,
): Map<string, number> {
  const byProduct = new Map(rules.map((rule) => [rule.productId, rule]));
  return new Map(productIds.map((id) => [id, minShelfLifeDays(byProduct.get(id), settings)]));
}

/** Lots as the planner sees them, with their stock derived from the stored quantities. */
export function toCandidateLot(lot: {
  id: string;
  expiresAt: Date | null;
  receivedAt: Date;
  status: "active" | "quarantined" | "recalled" | "expired" | "depleted";
  locationId: string;
  onHandQuantity: number;
  allocatedQuantity: number;
  quarantinedQuantity: number;
}): CandidateLot {
  return {
    id: lot.id,
    expiresAt: lot.expiresAt,
    receivedAt: lot.receivedAt,
    status: lot.status,
    locationId: lot.locationId,
    available: availableQuantity(lot),
  };
}

/**
 * What the merchant calls a location in allocation reasons: its code from the settings, else the
 * code its latest receipt used; Shopify's location names are not stored in Lotline.
 */
export async function locationLabel(
  reader: Reader,
  shopId: string,
  locationId: string | null,
  settings: Pick<ShopSettings, "locationCodes">,
): Promise<string | null> {
  if (!locationId) return null;
  const code = settings.locationCodes[locationId];
  if (code) return code;
  const receipt = await reader.receipt.findFirst({
    where: { shopId, locationId },
    orderBy: { receivedAt: "desc" },
    select: { locationCode: true },
  });
  return receipt?.locationCode ?? `location ${locationId.split("/").pop()}`;
}
