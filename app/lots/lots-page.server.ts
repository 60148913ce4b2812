// What the Lots page shows: a page of the shop's lots (searched, found by a scanned label, or
// narrowed by a dashboard filter) with the names of the locations they are at and the days they
// arrived, in the shop's time zone.
import type { Db } from "../db.server";
import { calendarDay } from "../domain/receiving";
import { searchLots } from "../models/lot.server";
import { listFilteredLots } from "../models/lot-dashboard.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchLocationNames, fetchShopTimeZoneOrUtc } from "../shopify/catalog.server";
import { calendarDate, formatDay } from "../utils/dates";
import { describeLotFilter, type LotFilter } from "./lot-filters";
import { lotFilterFromScan } from "./lot-scan";

export async function loadLotsPage(
  db: Db,
  input: {
    shopId: string;
    graphql: AdminGraphql;
    text: string;
    scan: string;
    page: number;
    /** A dashboard filter; it replaces the search (the dashboard's links carry no search). */
    filter?: LotFilter | null;
    now?: Date;
  },
) {
  const scanned = input.scan ? lotFilterFromScan(input.scan) : null;
  const [names, timeZone] = await Promise.all([
    fetchLocationNames(input.graphql),
    fetchShopTimeZoneOrUtc(input.graphql),
  ]);
  const found = input.filter
    ? await listFilteredLots(db, input.shopId, {
        filter: input.filter,
        today: calendarDay(input.now ?? new Date(), timeZone),
        page: input.page,
      })
    : await searchLots(db, input.shopId, {
        text: input.text,
        scan: scanned?.ok ? scanned.filter : null,
        page: input.page,
      });
  return {
    lots: found.lots.map((lot) => ({
      id: lot.id,
      code: lot.code,
      productTitle: lot.productTitle,
      sku: lot.sku,
      supplierLotCode: lot.supplierLotCode,
      location: names.get(lot.locationId) ?? `Location ${lot.locationId.split("/").pop()}`,
      receivedOn: formatDay(lot.receivedAt, timeZone),
      expiresAt: calendarDate(lot.expiresAt),
      onHand: lot.onHandQuantity,
      allocated: lot.allocatedQuantity,
      available: lot.availableQuantity,
      /** Returned units held back from sale; the merchant may release them. */
      quarantined: lot.quarantinedQuantity,
      status: lot.status,
    })),
    page: found.page,
    hasNextPage: found.hasNextPage,
    scanError: scanned && !scanned.ok ? scanned.error : null,
    filterLabel: input.filter ? describeLotFilter(input.filter) : null,
  };
}
