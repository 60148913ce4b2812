// What a lot's page shows: its stock, where it went (forward), where it came from (backward)
// and its ledger as a timeline, with dates in the shop's time zone and location names from
// Shopify, formatted on the server so the browser renders exactly this text.
import { retrieveCachedShopTimeZone } from "../catalog/shop-locations.server";
import type { Db } from "../db.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchLocationNames } from "../shopify/catalog.server";
import { formatInstant } from "../utils/dates";
import { describeReferenceDocument } from "./lot-timeline";
import { lotTimeline, traceLotBackward, traceLotForward } from "./lot-trace.server";

/** A page lists this many rows per section; the export files hold them all. */
export const PAGE_ROWS = 200;

export async function loadLotTracePage(db: Db, input: { shopId: string; lotId: string; graphql: AdminGraphql }) {
  const { shopId, lotId } = input;
  // Each throws NOT_FOUND for another shop's lot before anything is read from Shopify.
  const [forward, backward, timeline] = await Promise.all([
    traceLotForward(db, shopId, lotId),
    traceLotBackward(db, shopId, lotId),
    lotTimeline(db, shopId, lotId),
  ]);
  const [names, timeZone] = await Promise.all([
    fetchLocationNames(input.graphql),
    retrieveCachedShopTimeZone(db, shopId, async () => input.graphql),
  ]);
  const place = (id: string | null) => (id ? (names.get(id) ?? `Location ${id.split("/").pop()}`) : null);
  const at = (date: Date) => formatInstant(date, timeZone);
  const { lot } = forward;

  return {
    lot: { ...lot, receivedAt: at(lot.receivedAt), location: place(lot.locationId) },
    stock: forward.stock,
    forward: {
      totals: forward.totals,
      shipments: forward.shipments.slice(0, PAGE_ROWS).map((s) => ({
        id: s.eventId,
        at: at(s.shippedAt),
        quantity: s.quantity,
        orderId: s.orderId,
        orderName: s.orderName,
        customer: s.customerName ?? s.customerEmail ?? "No customer details",
        company: s.companyName,
        destination: s.destination,
        from: place(s.fromLocationId),
        serials: s.serials,
      })),
      moreShipments: Math.max(forward.shipments.length - PAGE_ROWS, 0),
      returns: forward.returns.map((r) => ({
        id: r.eventId,
        at: at(r.returnedAt),
        quantity: r.quantity,
        orderId: r.orderId,
        orderName: r.orderName,
      })),
      allocatedTo: forward.allocatedTo,
    },
    backward: {
      totals: backward.totals,
      receipts: backward.receipts.map((r) => ({
        id: r.eventId,
        at: at(r.receivedAt),
        quantity: r.quantity,
        receiptId: r.receiptId,
        supplier: r.producedInHouse ? "Made in-house" : (r.supplierName ?? "No supplier recorded"),
        document:
          describeReferenceDocument(r.referenceType, r.referenceNumber) ?? (r.source ? `via ${r.source}` : null),
        location: place(r.locationId),
      })),
      serials: backward.serials.slice(0, PAGE_ROWS),
      moreSerials: Math.max(backward.serials.length - PAGE_ROWS, 0),
    },
    timeline: timeline
      .slice(-PAGE_ROWS)
      .reverse()
      .map((entry) => ({
        id: entry.id,
        at: at(entry.at),
        type: entry.type,
        title: entry.title,
        detail: entry.detail,
        onHandAfter: entry.onHandAfter,
        orderId: entry.orderId,
        receiptId: entry.receiptId,
      })),
    olderTimelineRows: Math.max(timeline.length - PAGE_ROWS, 0),
  };
}
