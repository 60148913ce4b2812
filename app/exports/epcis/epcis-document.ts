// GS1 EPCIS 2.0 JSON-LD, built one event at a time: receipts become receiving (or, for lots made
// in-house, commissioning) ObjectEvents, shipments shipping ObjectEvents, returns receiving events
// with the "returned" disposition. Identifiers follow GS1 where the merchant's data allows —
// LGTIN classes and SGLNs with a company prefix, GS1 Digital Link URIs with a GTIN alone — and
// fall back to URIs under the shop's own domain, each fallback flagged as a warning.

import { isValidGtin, toGtin14 } from "../../domain/gs1";
import { toDigitalLink } from "../../domain/gs1-digital-link";

export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

export interface EpcisWarning {
  code: string;
  message: string;
}

export interface EpcisSettings {
  /** The shop's myshopify domain: the root of its own identifiers. */
  shopDomain: string;
  /** IANA zone the events' eventTimeZoneOffset is given in. */
  timeZone: string;
  /** GS1 company prefix (6–12 digits), if the merchant has one. */
  gs1CompanyPrefix: string | null;
  /** GLN (13 digits) per Shopify location gid. */
  locationGlns: Record<string, string | undefined>;
  /** GLN per supplier name. */
  supplierGlns: Record<string, string | undefined>;
}

export interface EpcisLot {
  code: string;
  gtin: string | null;
  producedAt: string | null;
  bestBefore: string | null;
  expiresAt: string | null;
}

/** One ledger row that becomes one event. */
export interface EpcisLedgerRow {
  id: string;
  type: "received" | "shipped" | "returned";
  quantity: number;
  occurredAt: Date;
  lot: EpcisLot;
  /** Where it happened: the receipt's or the order line's location, else the lot's. */
  locationId: string;
  receipt: { supplierName: string | null; referenceType: string | null; referenceNumber: string | null } | null;
  order: { shopifyOrderId: string; name: string } | null;
}

export type EpcisEvent = Record<string, unknown>;

/** Collects each distinct warning once, however many events hit it. */
export class EpcisWarnings {
  readonly #seen = new Map<string, EpcisWarning>();
  add(key: string, warning: EpcisWarning): void {
    if (!this.#seen.has(key)) this.#seen.set(key, warning);
  }
  list(): EpcisWarning[] {
    return [...this.#seen.values()];
  }
}

function shopUri(settings: EpcisSettings, kind: string, key: string): string {
  return `https://${settings.shopDomain}/lotline/${kind}/${encodeURIComponent(key)}`;
}

/** The numeric tail of a Shopify gid (gid://shopify/Location/77 -> "77"). */
function gidTail(gid: string): string {
  return gid.split("/").pop() || gid;
}

// EPC URIs (TDS 2.x) percent-encode these characters in a lot or serial; GS1 AI 82 allows the rest.
const EPC_ESCAPES: Record<string, string> = {
  '"': "%22",
  "%": "%25",
  "&": "%26",
  "/": "%2F",
  "<": "%3C",
  ">": "%3E",
  "?": "%3F",
  "#": "%23",
};

function escapeEpcComponent(text: string): string {
  return [...text].map((char) => EPC_ESCAPES[char] ?? char).join("");
}

function isCompanyPrefix(prefix: string | null): prefix is string {
  return prefix !== null && /^\d{6,12}$/.test(prefix);
}

/**
 * The class identifier of a lot: LGTIN with a company prefix that the GTIN carries, else a GS1
 * Digital Link (GTIN + lot), else a URI under the shop's domain.
 */
export function lotClassId(lot: EpcisLot, settings: EpcisSettings, warnings: EpcisWarnings): string {
  const gtin = lot.gtin && /^\d{8,14}$/.test(lot.gtin) && isValidGtin(lot.gtin) ? toGtin14(lot.gtin) : null;
  if (!gtin) {
    warnings.add(`lot-gtin:${lot.code}`, {
      code: "LOT_WITHOUT_GTIN",
      message: `Lot ${lot.code} has no valid GTIN, so the EPCIS file names it with a Lotline URI; add the product's barcode (GTIN) in Shopify and receive new lots with it.`,
    });
    return shopUri(settings, "lot", lot.code);
  }
  const prefix = settings.gs1CompanyPrefix;
  const lotIsGs1 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/.test(lot.code);
  if (isCompanyPrefix(prefix) && gtin.slice(1, 1 + prefix.length) === prefix && lotIsGs1) {
    const itemReference = `${gtin[0]}${gtin.slice(1 + prefix.length, 13)}`;
    return `urn:epc:class:lgtin:${prefix}.${itemReference}.${escapeEpcComponent(lot.code)}`;
  }
  const link = toDigitalLink([
    { ai: "01", value: gtin },
    { ai: "10", value: lot.code },
  ]);
  if (link.ok) return link.uri;
  warnings.add(`lot-code:${lot.code}`, {
    code: "LOT_CODE_NOT_GS1",
    message: `Lot code ${lot.code} cannot be carried in a GS1 identifier (${link.error}), so the EPCIS file names it with a Lotline URI.`,
  });
  return shopUri(settings, "lot", lot.code);
}

/** SGLN of a GLN under the company prefix (extension 0), or null when they do not fit together. */
export function sglnOf(gln: string | undefined, prefix: string | null): string | null {
  if (!gln || !/^\d{13}$/.test(gln) || !isCompanyPrefix(prefix) || !gln.startsWith(prefix)) return null;
  return `urn:epc:id:sgln:${prefix}.${gln.slice(prefix.length, 12)}.0`;
}

/**
 * A GLN that is not under the merchant's own prefix (a supplier's, say) cannot be split into an
 * SGLN without knowing its prefix length; GS1 Digital Link names it whole.
 */
function glnLink(gln: string | undefined): string | null {
  return gln && /^\d{13}$/.test(gln) ? `https://id.gs1.org/414/${gln}` : null;
}

export function locationId(locationGid: string, settings: EpcisSettings, warnings: EpcisWarnings): string {
  const gln = settings.locationGlns[locationGid];
  const sgln = sglnOf(gln, settings.gs1CompanyPrefix) ?? glnLink(gln);
  if (sgln) return sgln;
  if (isCompanyPrefix(settings.gs1CompanyPrefix)) {
    warnings.add(`location:${locationGid}`, {
      code: "LOCATION_GLN_MISSING",
      message: `Location ${gidTail(locationGid)} has no GLN under your GS1 company prefix, so the EPCIS file names it with a Lotline URI; add its GLN in Exports › Business details.`,
    });
  }
  return shopUri(settings, "location", gidTail(locationGid));
}

function supplierId(name: string, settings: EpcisSettings): string {
  const gln = settings.supplierGlns[name];
  return sglnOf(gln, settings.gs1CompanyPrefix) ?? glnLink(gln) ?? shopUri(settings, "supplier", name);
}

/** "+02:00" for an instant in a zone (UTC when the zone is unknown). */
export function timeZoneOffset(at: Date, timeZone: string): string {
  let name = "GMT";
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName");
    name = part?.value ?? "GMT";
  } catch {
    name = "GMT";
  }
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? `${match[1]}${match[2]}:${match[3]}` : "+00:00";
}

// CBV business transaction types for the documents receipts name.
const BIZ_TRANSACTION_TYPES: Record<string, string> = {
  invoice: "inv",
  delivery_note: "desadv",
  purchase_order: "po",
  production_run: "prodorder",
  production: "prodorder",
  bill_of_lading: "bol",
};

export function isMadeInHouse(row: EpcisLedgerRow): boolean {
  const type = row.receipt?.referenceType;
  return row.type === "received" && (type === "production_run" || type === "production");
}

function ilmd(lot: EpcisLot): Record<string, string> {
  const fields: Record<string, string> = { "cbvmda:lotNumber": lot.code };
  if (lot.producedAt) fields["cbvmda:productionDate"] = lot.producedAt;
  if (lot.bestBefore) fields["cbvmda:bestBeforeDate"] = lot.bestBefore;
  if (lot.expiresAt) fields["cbvmda:itemExpirationDate"] = lot.expiresAt;
  return fields;
}

/** The ObjectEvent for one ledger row. */
export function buildEpcisEvent(row: EpcisLedgerRow, settings: EpcisSettings, warnings: EpcisWarnings): EpcisEvent {
  const where = locationId(row.locationId, settings, warnings);
  const base: EpcisEvent = {
    type: "ObjectEvent",
    eventTime: row.occurredAt.toISOString(),
    eventTimeZoneOffset: timeZoneOffset(row.occurredAt, settings.timeZone),
    eventID: `urn:uuid:${row.id}`,
  };
  const quantityList = [{ epcClass: lotClassId(row.lot, settings, warnings), quantity: Math.abs(row.quantity) }];

  if (row.type === "shipped") {
    return {
      ...base,
      action: "OBSERVE",
      bizStep: "shipping",
      disposition: "in_transit",
      quantityList,
      readPoint: { id: where },
      ...(row.order
        ? {
            bizTransactionList: [
              { type: "po", bizTransaction: shopUri(settings, "order", gidTail(row.order.shopifyOrderId)) },
            ],
            sourceList: [{ type: "location", source: where }],
            destinationList: [
              {
                type: "owning_party",
                destination: shopUri(settings, "customer-of-order", gidTail(row.order.shopifyOrderId)),
              },
            ],
          }
        : {}),
    };
  }

  if (row.type === "returned") {
    return {
      ...base,
      action: "OBSERVE",
      bizStep: "receiving",
      disposition: "returned",
      quantityList,
      readPoint: { id: where },
      bizLocation: { id: where },
      ...(row.order
        ? {
            bizTransactionList: [
              { type: "rma", bizTransaction: shopUri(settings, "order", gidTail(row.order.shopifyOrderId)) },
            ],
          }
        : {}),
    };
  }

  const receipt = row.receipt;
  const transactionType = receipt?.referenceType ? BIZ_TRANSACTION_TYPES[receipt.referenceType] : undefined;
  const bizTransactionList =
    receipt?.referenceNumber && transactionType
      ? [
          {
            type: transactionType,
            bizTransaction: shopUri(settings, `document/${transactionType}`, receipt.referenceNumber),
          },
        ]
      : receipt?.referenceNumber
        ? [{ bizTransaction: shopUri(settings, "document", receipt.referenceNumber) }]
        : null;
  if (isMadeInHouse(row)) {
    return {
      ...base,
      action: "ADD",
      bizStep: "commissioning",
      disposition: "active",
      quantityList,
      readPoint: { id: where },
      bizLocation: { id: where },
      ...(bizTransactionList ? { bizTransactionList } : {}),
      ilmd: ilmd(row.lot),
    };
  }
  // EPCIS carries ILMD (the lot's number and dates) only on ADD events; a receipt is where the lot
  // enters this shop's records, so its receiving event adds the lot rather than observing it.
  return {
    ...base,
    action: "ADD",
    bizStep: "receiving",
    disposition: "in_progress",
    quantityList,
    readPoint: { id: where },
    bizLocation: { id: where },
    ...(bizTransactionList ? { bizTransactionList } : {}),
    ...(receipt?.supplierName
      ? { sourceList: [{ type: "possessing_party", source: supplierId(receipt.supplierName, settings) }] }
      : {}),
    destinationList: [{ type: "location", destination: where }],
    ilmd: ilmd(row.lot),
  };
}

/**
 * The document around the events, split where the events go so a writer can stream them:
 * `opening`, then the events joined by ",", then `closing`.
 */
export function epcisDocumentFrame(input: { documentId: string; creationDate: Date; shopDomain: string }): {
  opening: string;
  closing: string;
} {
  const head = {
    "@context": [EPCIS_CONTEXT],
    id: `https://${input.shopDomain}/lotline/epcis/${encodeURIComponent(input.documentId)}`,
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate: input.creationDate.toISOString(),
  };
  const opening = `${JSON.stringify(head).slice(0, -1)},"epcisBody":{"eventList":[`;
  return { opening, closing: "]}}\n" };
}
