// Tracing a lot from the ledger: forward to every shipment (order, customer or company, units,
// date, destination) and what the lot still holds; backward to the receipts it came from and the
// lot of each serial; the timeline; and finding the lot by code, supplier lot, serial or a scan.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { lotTimeline, traceLotBackward, traceLotForward } from "../../app/trace/lot-trace.server";
import { searchTrace } from "../../app/trace/trace-search.server";
import { createShop } from "../support/factories";
import { holdForOrder, receiveLot, shipOrder } from "../support/trace-factories";

// GTIN-13 9506000134352 (GS1's example) -> AI (01) 09506000134352.
const GTIN = "9506000134352";

let shopId: string;
let lavender: Awaited<ReturnType<typeof receiveLot>>;
let rose: Awaited<ReturnType<typeof receiveLot>>;

beforeAll(async () => {
  const shop = await createShop(db());
  shopId = shop.id;
  lavender = await receiveLot(db(), shopId, {
    code: "LAV-2610-01",
    quantity: 40,
    gtin: GTIN,
    supplierLotCode: "ML-8841",
    supplierName: "Meadow Oils Ltd",
    referenceType: "invoice",
    referenceNumber: "INV-2291",
  });
  rose = await receiveLot(db(), shopId, {
    code: "ROSE-2610-01",
    quantity: 10,
    supplierName: "Rose Farm",
    referenceType: "delivery_note",
    referenceNumber: "DN-77",
    serials: ["RS-0001", "RS-0002", "RS-0003"],
  });
  await shipOrder(db(), shopId, {
    name: "#1001",
    customerId: "gid://shopify/Customer/1",
    email: "ada@example.com",
    customerName: "Ada Almeida",
    shippedAt: new Date("2026-11-02T10:00:00Z"),
    lines: [{ lotId: lavender.lot.id, quantity: 3 }],
  });
  await shipOrder(db(), shopId, {
    name: "#1002",
    customerName: "Buyer at Corner Deli",
    email: "buyer@cornerdeli.example",
    companyName: "Corner Deli Ltd",
    customerTags: ["wholesale"],
    shippedAt: new Date("2026-11-03T10:00:00Z"),
    lines: [
      { lotId: lavender.lot.id, quantity: 12 },
      { lotId: rose.lot.id, quantity: 2, shelfSerials: ["RS-0001", "RS-0002"] },
    ],
  });
  await holdForOrder(db(), shopId, { lotId: lavender.lot.id, quantity: 5, name: "#1003", customerName: "Bo Berg" });
  // Two returned units wait in quarantine.
  await db().lot.update({ where: { id: lavender.lot.id }, data: { quarantinedQuantity: 2 } });
});

describe("forward trace", () => {
  it("lists every shipment of the lot with its customer or company, and the units add up to the ledger", async () => {
    const trace = await traceLotForward(db(), shopId, lavender.lot.id);
    expect(
      trace.shipments.map((s) => ({
        order: s.orderName,
        units: s.quantity,
        customer: s.customerName,
        company: s.companyName,
      })),
    ).toEqual([
      { order: "#1001", units: 3, customer: "Ada Almeida", company: null },
      { order: "#1002", units: 12, customer: "Buyer at Corner Deli", company: "Corner Deli Ltd" },
    ]);
    expect(trace.shipments[0].destination).toBe("Leeds");
    expect(trace.shipments[1].shippedAt.toISOString()).toBe("2026-11-03T10:00:00.000Z");

    const ledger = await db().lotEvent.aggregate({
      where: { shopId, lotId: lavender.lot.id, type: "shipped" },
      _sum: { quantity: true },
    });
    expect(trace.totals.shipped).toBe(-(ledger._sum.quantity ?? 0));
    expect(trace.totals).toMatchObject({ shipped: 15, orders: 2, customers: 2 });
  });

  it("says what the lot still holds: in stock, allocated to unshipped orders, quarantined", async () => {
    const trace = await traceLotForward(db(), shopId, lavender.lot.id);
    expect(trace.stock).toEqual({ received: 40, onHand: 25, allocated: 5, quarantined: 2, available: 18 });
    expect(trace.allocatedTo).toEqual([
      expect.objectContaining({ orderName: "#1003", customerName: "Bo Berg", quantity: 5 }),
    ]);
  });

  it("names the serial numbers each shipment carried", async () => {
    const trace = await traceLotForward(db(), shopId, rose.lot.id);
    expect(trace.shipments).toEqual([
      expect.objectContaining({ orderName: "#1002", quantity: 2, serials: ["RS-0001", "RS-0002"] }),
    ]);
  });
});

describe("backward trace", () => {
  it("lists the receipt the lot came from with supplier, supplier lot and reference document", async () => {
    const trace = await traceLotBackward(db(), shopId, lavender.lot.id);
    expect(trace.lot).toMatchObject({ code: "LAV-2610-01", supplierLotCode: "ML-8841" });
    expect(trace.receipts).toEqual([
      expect.objectContaining({
        quantity: 40,
        supplierName: "Meadow Oils Ltd",
        referenceType: "invoice",
        referenceNumber: "INV-2291",
        receiptId: lavender.receipt.id,
        producedInHouse: false,
      }),
    ]);
    expect(trace.receipts[0].receivedAt.toISOString()).toBe("2026-10-02T09:00:00.000Z");
  });

  it("gives the lot of each serial and the order it went to", async () => {
    const trace = await traceLotBackward(db(), shopId, rose.lot.id);
    expect(trace.serials).toEqual([
      {
        serial: "RS-0001",
        status: "shipped",
        lotCode: "ROSE-2610-01",
        orderId: expect.any(String),
        orderName: "#1002",
      },
      {
        serial: "RS-0002",
        status: "shipped",
        lotCode: "ROSE-2610-01",
        orderId: expect.any(String),
        orderName: "#1002",
      },
      { serial: "RS-0003", status: "in_stock", lotCode: "ROSE-2610-01", orderId: null, orderName: null },
    ]);
  });
});

describe("timeline", () => {
  it("reads the ledger oldest first with on-hand stock after each row", async () => {
    const timeline = await lotTimeline(db(), shopId, lavender.lot.id);
    expect(timeline.map((entry) => [entry.title, entry.detail, entry.onHandAfter])).toEqual([
      ["Received 40 units", "from Meadow Oils Ltd · invoice INV-2291", 40],
      ["Reserved 0 units", "for order #1001", 40],
      ["Shipped 3 units", "on order #1001", 37],
      ["Reserved 0 units", "for order #1002", 37],
      ["Shipped 12 units", "on order #1002", 25],
      ["Reserved 5 units", "for order #1003", 25],
    ]);
  });
});

describe("search", () => {
  it("finds a lot by its code, any case, as the one exact hit", async () => {
    const found = await searchTrace(db(), shopId, "lav-2610-01");
    expect(found.exactLotId).toBe(lavender.lot.id);
  });

  it("finds a lot by the supplier's lot code", async () => {
    const found = await searchTrace(db(), shopId, "ML-8841");
    expect(found.exactLotId).toBe(lavender.lot.id);
    expect(found.lots[0]).toMatchObject({ code: "LAV-2610-01", matchedBy: "supplier-lot" });
  });

  it("finds the lot of a serial number", async () => {
    const found = await searchTrace(db(), shopId, "RS-0002");
    expect(found.serials).toEqual([expect.objectContaining({ lotCode: "ROSE-2610-01", orderName: "#1002" })]);
    expect(found.exactLotId).toBe(rose.lot.id);
  });

  it("finds the lot from a scanned GS1 element string", async () => {
    const found = await searchTrace(db(), shopId, "(01)09506000134352(10)LAV-2610-01");
    expect(found.exactLotId).toBe(lavender.lot.id);
  });

  it("finds the lot from a GS1 Digital Link carrying the supplier's lot", async () => {
    const found = await searchTrace(db(), shopId, "https://id.gs1.org/01/09506000134352/10/ML-8841");
    expect(found.exactLotId).toBe(lavender.lot.id);
  });

  it("lists partial matches without picking one", async () => {
    const found = await searchTrace(db(), shopId, "2610");
    expect(found.lots.map((lot) => lot.code).sort()).toEqual(["LAV-2610-01", "ROSE-2610-01"]);
    expect(found.exactLotId).toBeNull();
  });

  it("explains a scan it cannot read", async () => {
    const found = await searchTrace(db(), shopId, "(01)09506000134353(10)LAV-2610-01");
    expect(found.scanError).toMatch(/check digit/);
    expect(found.lots).toEqual([]);
  });
});

describe("another shop", () => {
  it("cannot trace, timeline or find this shop's lot", async () => {
    const other = await createShop(db());
    await expect(traceLotForward(db(), other.id, lavender.lot.id)).rejects.toMatchObject({ kind: "NOT_FOUND" });
    await expect(traceLotBackward(db(), other.id, lavender.lot.id)).rejects.toMatchObject({ kind: "NOT_FOUND" });
    await expect(lotTimeline(db(), other.id, lavender.lot.id)).rejects.toMatchObject({ kind: "NOT_FOUND" });
    const found = await searchTrace(db(), other.id, "LAV-2610-01");
    expect(found).toMatchObject({ lots: [], serials: [], exactLotId: null });
  });
});
