// What the home page's dashboard cards show: expiry counts for the shop's own warning windows on
// the shop's calendar day, and unassigned stock (units Shopify counts that no lot explains).
import type { Db } from "../db.server";
import { calendarDay } from "../domain/receiving";
import { summarizeUnassignedStock } from "../inventory/unassigned-stock.server";
import { summarizeLotExpiry } from "../models/lot-dashboard.server";
import { retrieveShopSettings } from "../settings/shop-settings.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchShopTimeZoneOrUtc } from "../shopify/catalog.server";

export async function loadHomeDashboard(db: Db, input: { shopId: string; graphql: AdminGraphql; now?: Date }) {
  const [settings, timeZone] = await Promise.all([
    retrieveShopSettings(db, input.shopId),
    fetchShopTimeZoneOrUtc(input.graphql),
  ]);
  const today = calendarDay(input.now ?? new Date(), timeZone);
  const [expiry, unassigned] = await Promise.all([
    summarizeLotExpiry(db, input.shopId, { today, windows: settings.expiryWarningDays }),
    summarizeUnassignedStock(db, input.shopId),
  ]);
  return { ...expiry, unassigned };
}
