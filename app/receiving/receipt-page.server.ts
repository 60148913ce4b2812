// What a receipt's page shows: the receipt with its lots and serial numbers, the name of the
// location it was received at, and where its Shopify write-back stands.
import type { Db } from "../db.server";
import { retrieveReceiptDetail } from "../models/receipt.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchLocationNames, fetchShopTimeZoneOrUtc } from "../shopify/catalog.server";
import { formatInstant } from "../utils/dates";

export async function loadReceiptPage(db: Db, input: { shopId: string; receiptId: string; graphql: AdminGraphql }) {
  const receipt = await retrieveReceiptDetail(db, input.shopId, input.receiptId);
  const [names, timeZone] = await Promise.all([
    fetchLocationNames(input.graphql),
    fetchShopTimeZoneOrUtc(input.graphql),
  ]);
  return {
    receipt,
    locationName: names.get(receipt.locationId) ?? null,
    receivedAtText: formatInstant(receipt.receivedAt, timeZone),
    writeBackDoneAtText: receipt.writeBackDoneAt ? formatInstant(receipt.writeBackDoneAt, timeZone) : null,
  };
}
