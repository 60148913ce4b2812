// What the Unassigned stock page shows and what assigning needs from the shop: rows with
// location names and detection times in the shop's time zone, the lots each can join, and the
// lot template, time zone and location codes a new lot's code is issued with.
import type { Db } from "../db.server";
import { retrieveCodeTemplates } from "../receiving/code-templates.server";
import { locationCode } from "../receiving/receive-form";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchLocationNames, fetchShopTimeZoneOrUtc } from "../shopify/catalog.server";
import { calendarDate, formatInstant } from "../utils/dates";
import { type AssignContext, listInventoryShortfalls, listUnassignedStock } from "./unassigned-stock.server";

export async function loadUnassignedPage(db: Db, input: { shopId: string; graphql: AdminGraphql }) {
  const [rows, shortfalls, names, timeZone] = await Promise.all([
    listUnassignedStock(db, input.shopId),
    listInventoryShortfalls(db, input.shopId),
    fetchLocationNames(input.graphql),
    fetchShopTimeZoneOrUtc(input.graphql),
  ]);
  return {
    rows: rows.map((row) => ({
      id: row.id,
      productTitle: row.productTitle ?? `Inventory item ${row.inventoryItemId.split("/").pop()}`,
      sku: row.sku,
      location: locationName(names, row.locationId),
      quantity: row.quantity,
      detected: formatInstant(row.detectedAt, timeZone),
      productKnown: Boolean(row.variantId && row.productId),
      lots: row.lots.map((lot) => ({
        id: lot.id,
        label: [
          lot.code,
          lot.expiresAt ? `expires ${calendarDate(lot.expiresAt)}` : "no expiry",
          `${lot.onHandQuantity} on hand`,
        ].join(" · "),
      })),
    })),
    shortfalls: shortfalls.map((row) => ({
      id: row.id,
      productTitle: row.productTitle ?? `Inventory item ${row.inventoryItemId.split("/").pop()}`,
      sku: row.sku,
      location: locationName(names, row.locationId),
      shopifyOnHand: row.shopifyOnHand,
      lotsOnHand: row.lotsOnHand,
      checkedAt: formatInstant(row.updatedAt, timeZone),
    })),
  };
}

/** The shop's lot template and naming, for codes issued to new lots. */
export async function loadAssignContext(
  db: Db,
  input: { shopId: string; graphql: AdminGraphql },
): Promise<AssignContext> {
  const [templates, names, timeZone] = await Promise.all([
    retrieveCodeTemplates(db, input.shopId),
    fetchLocationNames(input.graphql),
    fetchShopTimeZoneOrUtc(input.graphql),
  ]);
  return {
    lotTemplate: templates.lotTemplate,
    timeZone,
    locationCode: (locationId) => templates.locationCodes[locationId] ?? locationCode(locationName(names, locationId)),
  };
}

function locationName(names: Map<string, string>, locationId: string): string {
  return names.get(locationId) ?? `Location ${locationId.split("/").pop()}`;
}
