// The FDA FSMA 204 sortable spreadsheet: one row per critical tracking event with the key data
// elements of 21 CFR 1.1345 (receiving) and 1.1340 (shipping). FDA's own template headers were
// not available offline, so the columns follow the regulation's wording; swap the headers here
// if FDA's template differs.
//
// Traceability lot code (TLC) decision: the TLC is Lotline's lot code (Lot.code). The merchant
// assigns it when the food is received at their location, so the TLC source is that receiving
// location (1.1345(b)); the supplier's own lot code is kept in its own column so an inspector
// can link back to the supplier's records. Returns from customers are receiving rows of their
// own ("Receiving (return)"), so every shipped unit appears exactly once, as a shipping row.

import type { CellValue, ColumnSpec } from "./table-file.server";
import type { PartyDescription } from "./trace-details";
import { supplierKey } from "./trace-details";

export const FSMA204_COLUMNS: ColumnSpec[] = [
  { header: "Critical tracking event", type: "string", width: 20 },
  { header: "Event date", type: "date", width: 12 },
  { header: "Traceability lot code", type: "string", width: 22 },
  { header: "Quantity", type: "number", width: 10 },
  { header: "Unit of measure", type: "string", width: 10 },
  { header: "Product description", type: "string", width: 36 },
  { header: "GTIN", type: "string", width: 16 },
  { header: "Previous source / subsequent recipient: business name", type: "string", width: 30 },
  { header: "Previous source / subsequent recipient: phone", type: "string", width: 18 },
  { header: "Previous source / subsequent recipient: address", type: "string", width: 40 },
  { header: "Event location (received at / shipped from): business name", type: "string", width: 30 },
  { header: "Event location: phone", type: "string", width: 18 },
  { header: "Event location: address", type: "string", width: 40 },
  { header: "Traceability lot code source", type: "string", width: 40 },
  { header: "Reference document type", type: "string", width: 18 },
  { header: "Reference document number", type: "string", width: 20 },
  { header: "Supplier lot code", type: "string", width: 18 },
  { header: "Ledger event id", type: "string", width: 38 },
];

/** One ledger row joined to its lot, receipt and order, as the FSMA query returns it. */
export interface Fsma204LedgerRow {
  id: string;
  type: "received" | "shipped" | "returned";
  quantity: number;
  occurredAt: Date;
  lotCode: string;
  productTitle: string;
  sku: string | null;
  gtin: string | null;
  supplierLotCode: string | null;
  lotLocationId: string;
  receiptId: string | null;
  receiptSupplierName: string | null;
  receiptReferenceType: string | null;
  receiptReferenceNumber: string | null;
  receiptLocationId: string | null;
  /** The ledger row's reference JSON (imports carry their supplier and import id here). */
  reference: unknown;
  orderName: string | null;
  customerName: string | null;
  companyName: string | null;
  /** The shipping address in one line (street, city, region, postcode, country), null if none. */
  recipientAddress: string | null;
  recipientPhone: string | null;
  redactedAt: Date | null;
}

export const MISSING = "MISSING";

/** What the merchant is told once per export, with counts, instead of once per row. */
export class Fsma204Gaps {
  private readonly counts = new Map<string, { message: (count: number) => string; count: number }>();

  note(code: string, message: (count: number) => string): void {
    const entry = this.counts.get(code);
    if (entry) entry.count++;
    else this.counts.set(code, { message, count: 1 });
  }

  warnings(): { code: string; message: string }[] {
    // Keys may name the place ("LOCATION_PHONE_MISSING:<gid>"); the code stays stable.
    return [...this.counts.entries()].map(([key, entry]) => ({
      code: key.split(":")[0],
      message: entry.message(entry.count),
    }));
  }
}

const DETAILS_PAGE = "Exports › Business details";

function plural(count: number, one: string, many: string): string {
  return count === 1 ? `1 ${one}` : `${count} ${many}`;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function referenceField(reference: unknown, key: string): string | null {
  if (!reference || typeof reference !== "object") return null;
  const value = (reference as Record<string, unknown>)[key];
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}

interface Party {
  name: string;
  phone: string;
  address: string;
}

/**
 * Turns ledger rows into spreadsheet rows. Locations and suppliers are described from the
 * merchant's business details; anything missing becomes "MISSING: <what>" in the cell and a
 * warning, never a blank a regulator would have to ask about.
 */
export class Fsma204RowBuilder {
  readonly gaps = new Fsma204Gaps();
  // Each location or supplier is described once per export, however many rows name it.
  private readonly parties = new Map<string, Party>();

  constructor(private readonly described: Map<string, PartyDescription>) {}

  private location(locationId: string): Party {
    const cached = this.parties.get(locationId);
    if (cached) return cached;
    const description = this.described.get(locationId);
    const label = description?.name ?? locationId;
    const party: Party = {
      name: description?.name ?? `${MISSING}: business name of location ${locationId}`,
      phone: description?.phone ?? `${MISSING}: phone`,
      address: description?.address ?? `${MISSING}: address`,
    };
    for (const what of description?.missing ?? ["business name", "phone", "address"]) {
      this.gaps.note(
        `LOCATION_${what.toUpperCase().replace(/ /g, "_")}_MISSING:${locationId}`,
        () => `Location "${label}" has no ${what}; add it in ${DETAILS_PAGE}.`,
      );
    }
    this.parties.set(locationId, party);
    return party;
  }

  private supplier(name: string | null): Party {
    if (!name) {
      this.gaps.note(
        "SUPPLIER_MISSING",
        (count) =>
          `${plural(count, "receiving event has", "receiving events have")} no supplier; the supplier was not recorded when the stock was received.`,
      );
      return { name: `${MISSING}: supplier`, phone: `${MISSING}: supplier`, address: `${MISSING}: supplier` };
    }
    const key = supplierKey(name);
    const cached = this.parties.get(key);
    if (cached) return cached;
    const description = this.described.get(key);
    const party: Party = {
      name: description?.name ?? name,
      phone: description?.phone ?? `${MISSING}: phone`,
      address: description?.address ?? `${MISSING}: address`,
    };
    for (const what of description?.missing ?? ["phone", "address"]) {
      this.gaps.note(
        `SUPPLIER_${what.toUpperCase().replace(/ /g, "_")}_MISSING:${name}`,
        () => `Supplier "${name}" has no ${what}; add it in ${DETAILS_PAGE}.`,
      );
    }
    this.parties.set(key, party);
    return party;
  }

  private customer(row: Fsma204LedgerRow): Party {
    const name = text(row.companyName) ?? text(row.customerName);
    const address = text(row.recipientAddress);
    const phone = text(row.recipientPhone);
    const order = row.orderName ?? "an order";
    const why = row.redactedAt ? " (removed at the customer's request)" : "";
    if (!name) {
      this.gaps.note(
        "RECIPIENT_NAME_MISSING",
        (count) =>
          `${plural(count, "shipment has", "shipments have")} no customer or company name${why}, e.g. order ${order}.`,
      );
    }
    if (!address) {
      this.gaps.note(
        "RECIPIENT_ADDRESS_MISSING",
        (count) =>
          `${plural(count, "shipment has", "shipments have")} no shipping address${why}, e.g. order ${order} (local pickup or a redacted customer).`,
      );
    }
    return {
      name: name ?? `${MISSING}: customer name${why}`,
      phone: phone ?? `${MISSING}: phone`,
      address: address ?? `${MISSING}: shipping address${why}`,
    };
  }

  private receivingReference(row: Fsma204LedgerRow): [string, string] {
    if (row.receiptId) {
      return [row.receiptReferenceType ?? "Lotline receipt", row.receiptReferenceNumber ?? row.receiptId];
    }
    const importId = referenceField(row.reference, "importId");
    if (importId) return ["Lot import", `${importId} line ${referenceField(row.reference, "line") ?? "?"}`];
    const unassigned = referenceField(row.reference, "unassignedStockId");
    if (unassigned) return ["Stock count (unassigned stock)", unassigned];
    return ["Lotline ledger", row.id];
  }

  build(row: Fsma204LedgerRow): CellValue[] {
    const eventLocationId = row.type === "received" ? (row.receiptLocationId ?? row.lotLocationId) : row.lotLocationId;
    const here = this.location(eventLocationId);
    const source = this.location(row.lotLocationId);
    let other: Party;
    let cte: string;
    let documentType: string;
    let documentNumber: string;
    if (row.type === "received") {
      cte = "Receiving";
      other = this.supplier(row.receiptSupplierName ?? text(referenceField(row.reference, "supplierName")));
      [documentType, documentNumber] = this.receivingReference(row);
    } else {
      cte = row.type === "shipped" ? "Shipping" : "Receiving (return)";
      other = this.customer(row);
      documentType = "Order";
      documentNumber = row.orderName ?? `${MISSING}: order`;
    }
    const product = row.sku ? `${row.productTitle} (SKU ${row.sku})` : row.productTitle;
    return [
      cte,
      row.occurredAt,
      row.lotCode,
      Math.abs(row.quantity),
      "each",
      product,
      row.gtin ?? "",
      other.name,
      other.phone,
      other.address,
      here.name,
      here.phone,
      here.address,
      `${source.name}, ${source.address}, ${source.phone}`,
      documentType,
      documentNumber,
      row.supplierLotCode ?? "",
      row.id,
    ];
  }
}
