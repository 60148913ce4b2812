import { describe, expect, it } from "vitest";
import { epcisSchemaErrors } from "../../../tests/support/epcis-schema";
import {
  buildEpcisEvent,
  type EpcisLedgerRow,
  type EpcisSettings,
  EpcisWarnings,
  epcisDocumentFrame,
  lotClassId,
  sglnOf,
  timeZoneOffset,
} from "./epcis-document";

const WAREHOUSE = "gid://shopify/Location/77";

const settings: EpcisSettings = {
  shopDomain: "soap-co.myshopify.com",
  timeZone: "Europe/Berlin",
  gs1CompanyPrefix: null,
  locationGlns: {},
  supplierGlns: {},
};

const lot = {
  code: "LAV-7",
  gtin: "9506000134352",
  producedAt: "2026-10-01",
  bestBefore: null,
  expiresAt: "2027-10-01",
};

function row(overrides: Partial<EpcisLedgerRow> = {}): EpcisLedgerRow {
  return {
    id: "0190c0de-0000-7000-8000-000000000001",
    type: "received",
    quantity: 40,
    occurredAt: new Date("2026-10-02T09:00:00Z"),
    lot,
    locationId: WAREHOUSE,
    receipt: { supplierName: "Meadow Oils Ltd", referenceType: "invoice", referenceNumber: "INV-7" },
    order: null,
    ...overrides,
  };
}

function document(events: object[]) {
  const frame = epcisDocumentFrame({
    documentId: "job-1",
    creationDate: new Date("2026-11-21T10:00:00Z"),
    shopDomain: settings.shopDomain,
  });
  return JSON.parse(`${frame.opening}${events.map((event) => JSON.stringify(event)).join(",")}${frame.closing}`);
}

describe("EPCIS events", () => {
  it("a receipt becomes a receiving event with the lot's dates that the GS1 schema accepts", () => {
    const warnings = new EpcisWarnings();
    const event = buildEpcisEvent(row(), settings, warnings);
    expect(event).toMatchObject({
      type: "ObjectEvent",
      bizStep: "receiving",
      action: "ADD",
      eventTimeZoneOffset: "+02:00",
      quantityList: [{ epcClass: "https://id.gs1.org/01/09506000134352/10/LAV-7", quantity: 40 }],
      ilmd: {
        "cbvmda:lotNumber": "LAV-7",
        "cbvmda:itemExpirationDate": "2027-10-01",
        "cbvmda:productionDate": "2026-10-01",
      },
      bizTransactionList: [{ type: "inv" }],
    });
    expect(epcisSchemaErrors(document([event]))).toEqual([]);
  });

  it("a shipment becomes a shipping event counting the units that left", () => {
    const event = buildEpcisEvent(
      row({
        type: "shipped",
        quantity: -3,
        receipt: null,
        order: { shopifyOrderId: "gid://shopify/Order/5", name: "#1001" },
      }),
      settings,
      new EpcisWarnings(),
    );
    expect(event).toMatchObject({ bizStep: "shipping", disposition: "in_transit", quantityList: [{ quantity: 3 }] });
    expect(event).not.toHaveProperty("ilmd");
    expect(epcisSchemaErrors(document([event]))).toEqual([]);
  });

  it("a production run becomes a commissioning event", () => {
    const event = buildEpcisEvent(
      row({ receipt: { supplierName: null, referenceType: "production_run", referenceNumber: "PR-3" } }),
      settings,
      new EpcisWarnings(),
    );
    expect(event).toMatchObject({
      bizStep: "commissioning",
      action: "ADD",
      bizTransactionList: [{ type: "prodorder" }],
    });
    expect(epcisSchemaErrors(document([event]))).toEqual([]);
  });

  it("uses LGTIN and SGLN identifiers when the merchant has a company prefix and GLNs", () => {
    const withPrefix = { ...settings, gs1CompanyPrefix: "9506000", locationGlns: { [WAREHOUSE]: "9506000000019" } };
    const event = buildEpcisEvent(row(), withPrefix, new EpcisWarnings());
    expect(event).toMatchObject({
      quantityList: [{ epcClass: "urn:epc:class:lgtin:9506000.013435.LAV-7" }],
      readPoint: { id: "urn:epc:id:sgln:9506000.00001.0" },
      bizLocation: { id: "urn:epc:id:sgln:9506000.00001.0" },
    });
    expect(epcisSchemaErrors(document([event]))).toEqual([]);
  });

  it("names a lot without a GTIN under the shop's domain and warns once", () => {
    const warnings = new EpcisWarnings();
    const noGtin = { ...lot, gtin: null };
    expect(lotClassId(noGtin, settings, warnings)).toBe("https://soap-co.myshopify.com/lotline/lot/LAV-7");
    lotClassId(noGtin, settings, warnings);
    expect(warnings.list().map((w) => w.code)).toEqual(["LOT_WITHOUT_GTIN"]);
  });

  it("flags a location without a GLN when the shop has a company prefix", () => {
    const warnings = new EpcisWarnings();
    buildEpcisEvent(row(), { ...settings, gs1CompanyPrefix: "9506000" }, warnings);
    expect(warnings.list().map((w) => w.code)).toContain("LOCATION_GLN_MISSING");
  });

  it("names a supplier with a GLN outside the merchant's prefix by its GS1 Digital Link", () => {
    const event = buildEpcisEvent(
      row(),
      { ...settings, gs1CompanyPrefix: "9506000", supplierGlns: { "Meadow Oils Ltd": "4012345000009" } },
      new EpcisWarnings(),
    );
    expect(event.sourceList).toEqual([{ type: "possessing_party", source: "https://id.gs1.org/414/4012345000009" }]);
    expect(epcisSchemaErrors(document([event]))).toEqual([]);
  });

  it("refuses an SGLN for a GLN outside the company prefix", () => {
    expect(sglnOf("4012345000009", "9506000")).toBeNull();
  });

  it("gives the shop's offset for winter and summer", () => {
    expect(timeZoneOffset(new Date("2026-01-15T12:00:00Z"), "America/New_York")).toBe("-05:00");
    expect(timeZoneOffset(new Date("2026-07-15T12:00:00Z"), "America/New_York")).toBe("-04:00");
    expect(timeZoneOffset(new Date("2026-07-15T12:00:00Z"), "Not/AZone")).toBe("+00:00");
  });

  it("an empty document still validates", () => {
    expect(epcisSchemaErrors(document([]))).toEqual([]);
  });
});
