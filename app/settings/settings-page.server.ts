// What the Settings page renders with: the saved settings, the shop's locations (each with the
// code `{LOCATION}` uses now) and today's date in the shop's zone for the code preview.
import type { Db } from "../db.server";
import { calendarDay } from "../domain/receiving";
import { locationCode } from "../receiving/receive-form";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchLocations, fetchShopTimeZoneOrUtc } from "../shopify/catalog.server";
import { retrieveShopSettings } from "./shop-settings.server";

export async function loadSettingsPage(db: Db, input: { shopId: string; graphql: AdminGraphql; now?: Date }) {
  const [settings, locations, timeZone] = await Promise.all([
    retrieveShopSettings(db, input.shopId),
    fetchLocations(input.graphql),
    fetchShopTimeZoneOrUtc(input.graphql),
  ]);
  return {
    settings,
    locations: locations.map((location) => ({
      id: location.id,
      name: location.name,
      defaultCode: locationCode(location.name),
    })),
    today: calendarDay(input.now ?? new Date(), timeZone),
  };
}
