// What the home page's dashboard cards show: expiry counts for the shop's own warning windows on
// the shop's calendar day, and unassigned stock (always 0 until outside stock is tracked).
import type { Db } from "../db.server";
import { calendarDay } from "../domain/receiving";
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
  const expiry = await summarizeLotExpiry(db, input.shopId, { today, windows: settings.expiryWarningDays });
  // Stock that arrived without Lotline is not tracked yet; the card says so rather than guess.
  return { ...expiry, unassignedUnits: 0, unassignedTracked: false };
}
