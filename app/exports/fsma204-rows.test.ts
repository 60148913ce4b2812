import { describe, expect, it } from "vitest";
import { FSMA204_COLUMNS, type Fsma204LedgerRow, Fsma204RowBuilder } from "./fsma204-rows";
import { describeParty, supplierKey } from "./trace-details";

const LOCATION = "gid://shopify/Location/1";

function row(overrides: Partial<Fsma204LedgerRow>): Fsma204LedgerRow {
  return {
    id: "0199-event",
    type: "shipped",
    quantity: -3,
    occurredAt: new Date("2026-11-05T10:00:00Z"),
    lotCode: "LAV-100-261001-001",
    productTitle: "Lavender Soap",
    sku: "LAV-100",
    gtin: null,
    supplierLotCode: "ML-88",
    lotLocationId: LOCATION,
    receiptId: null,
    receiptSupplierName: null,
    receiptReferenceType: null,
    receiptReferenceNumber: null,
    receiptLocationId: null,
    reference: null,
    orderName: "#1001",
    customerName: "Ada Baker",
    companyName: null,
    recipientAddress: "1 Mill Lane, Leeds, LS1 4AB, GB",
    recipientPhone: "+44 1",
    redactedAt: null,
    ...overrides,
  };
}

const cell = (values: unknown[], header: string) => values[FSMA204_COLUMNS.findIndex((c) => c.header === header)];

describe("FSMA 204 rows", () => {
  const described = new Map([
    [LOCATION, describeParty({ businessName: "Soap Co", phone: "+44 2", address: "2 Dock St" }, null)],
    [supplierKey("Meadow Oils"), describeParty({ phone: "+44 3" }, "Meadow Oils")],
  ]);

  it("writes a shipment with positive units, the customer as subsequent recipient and the order as reference", () => {
    const builder = new Fsma204RowBuilder(described);
    const values = builder.build(row({}));
    expect(values).toHaveLength(FSMA204_COLUMNS.length);
    expect(cell(values, "Critical tracking event")).toBe("Shipping");
    expect(cell(values, "Quantity")).toBe(3);
    expect(cell(values, "Product description")).toBe("Lavender Soap (SKU LAV-100)");
    expect(cell(values, "Previous source / subsequent recipient: address")).toBe("1 Mill Lane, Leeds, LS1 4AB, GB");
    expect(cell(values, "Event location (received at / shipped from): business name")).toBe("Soap Co");
    expect(cell(values, "Traceability lot code source")).toBe("Soap Co, 2 Dock St, +44 2");
    expect(cell(values, "Reference document number")).toBe("#1001");
    expect(builder.gaps.warnings()).toEqual([]);
  });

  it("describes a receipt's supplier and says MISSING for what the merchant has not filled in", () => {
    const builder = new Fsma204RowBuilder(described);
    const values = builder.build(
      row({
        type: "received",
        quantity: 12,
        receiptId: "r1",
        receiptSupplierName: "Meadow Oils",
        receiptReferenceType: "invoice",
        receiptReferenceNumber: "INV-1",
        receiptLocationId: LOCATION,
      }),
    );
    expect(cell(values, "Critical tracking event")).toBe("Receiving");
    expect(cell(values, "Previous source / subsequent recipient: business name")).toBe("Meadow Oils");
    expect(cell(values, "Previous source / subsequent recipient: address")).toBe("MISSING: address");
    expect(cell(values, "Reference document type")).toBe("invoice");
    builder.build(
      row({ id: "second", type: "received", quantity: 1, receiptId: "r2", receiptSupplierName: "Meadow Oils" }),
    );
    expect(builder.gaps.warnings()).toEqual([
      {
        code: "SUPPLIER_ADDRESS_MISSING",
        message: 'Supplier "Meadow Oils" has no address; add it in Exports › Business details.',
      },
    ]);
  });

  it("counts shipments without an address once per export, with an example order", () => {
    const builder = new Fsma204RowBuilder(described);
    builder.build(row({ recipientAddress: null, orderName: "#1" }));
    builder.build(row({ recipientAddress: null, orderName: "#2", redactedAt: new Date(), customerName: null }));
    expect(builder.gaps.warnings().map((w) => w.code)).toEqual(["RECIPIENT_ADDRESS_MISSING", "RECIPIENT_NAME_MISSING"]);
    expect(builder.gaps.warnings()[0].message).toMatch(/^2 shipments have no shipping address/);
  });
});
