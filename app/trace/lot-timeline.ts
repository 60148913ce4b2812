// How one ledger row reads on a lot's timeline: a short sentence a merchant (or an inspector
// looking over their shoulder) understands without knowing the ledger's sign conventions.
import type { LotEventType } from "../generated/prisma/client.ts";

export interface LedgerRowForTimeline {
  type: LotEventType;
  quantity: number;
  reference: unknown;
  orderName: string | null;
  receipt: { supplierName: string | null; referenceType: string | null; referenceNumber: string | null } | null;
}

export interface TimelineText {
  title: string;
  detail: string | null;
  /** Units into (+) or out of (−) the lot's on-hand stock; 0 when only the status or reservation moved. */
  onHandChange: number;
}

const plural = (n: number, word: string) => `${n} ${n === 1 ? word : `${word}s`}`;

function referenceField(reference: unknown, key: string): string | null {
  if (reference && typeof reference === "object" && key in reference) {
    const value = (reference as Record<string, unknown>)[key];
    if (typeof value === "string" && value !== "") return value;
    if (typeof value === "number") return String(value);
  }
  return null;
}

/** "invoice INV-7" / "production run PR-3": the document a receipt names, or null. */
export function describeReferenceDocument(type: string | null, number: string | null): string | null {
  if (!type && !number) return null;
  const kind = type ? type.replaceAll("_", " ") : "document";
  return number ? `${kind} ${number}` : kind;
}

export function describeLedgerRow(row: LedgerRowForTimeline): TimelineText {
  const units = Math.abs(row.quantity);
  const order = row.orderName ?? referenceField(row.reference, "orderName");
  switch (row.type) {
    case "received": {
      const supplier = row.receipt?.supplierName ?? referenceField(row.reference, "supplierName");
      const document = row.receipt
        ? describeReferenceDocument(row.receipt.referenceType, row.receipt.referenceNumber)
        : describeReferenceDocument(
            referenceField(row.reference, "referenceType"),
            referenceField(row.reference, "referenceNumber"),
          );
      const source = referenceField(row.reference, "source");
      const detail = [supplier ? `from ${supplier}` : null, document, !row.receipt && source ? `via ${source}` : null]
        .filter(Boolean)
        .join(" · ");
      return { title: `Received ${plural(units, "unit")}`, detail: detail || null, onHandChange: row.quantity };
    }
    case "allocated":
      return {
        title: `Reserved ${plural(units, "unit")}`,
        detail: order ? `for order ${order}` : null,
        onHandChange: 0,
      };
    case "released":
      return {
        title: `Released ${plural(units, "reserved unit")}`,
        detail: order ? `from order ${order}` : null,
        onHandChange: 0,
      };
    case "shipped":
      return {
        title: `Shipped ${plural(units, "unit")}`,
        detail: order ? `on order ${order}` : null,
        onHandChange: row.quantity,
      };
    case "returned":
      return {
        title: `Returned ${plural(units, "unit")}`,
        detail: order ? `from order ${order}` : null,
        onHandChange: row.quantity,
      };
    case "adjusted":
      return {
        title: `Adjusted by ${row.quantity > 0 ? "+" : "−"}${units}`,
        detail: referenceField(row.reference, "reason"),
        onHandChange: row.quantity,
      };
    case "quarantined": {
      const count = referenceField(row.reference, "quantity") ?? referenceField(row.reference, "units");
      return {
        title: count ? `Quarantined ${plural(Number(count), "unit")}` : "Quarantined",
        detail: referenceField(row.reference, "reason"),
        onHandChange: row.quantity,
      };
    }
    case "recalled": {
      const number = referenceField(row.reference, "number");
      return { title: "Recalled", detail: number ? `recall #${number}` : null, onHandChange: row.quantity };
    }
    case "expired":
      return { title: "Expired", detail: null, onHandChange: row.quantity };
  }
}
