import { describe, expect, it } from "vitest";
import { describeLedgerRow, describeReferenceDocument } from "./lot-timeline";

const base = { reference: null, orderName: null, receipt: null };

describe("describeLedgerRow", () => {
  it("names the supplier and document a lot was received on", () => {
    const text = describeLedgerRow({
      ...base,
      type: "received",
      quantity: 40,
      receipt: { supplierName: "Meadow Oils Ltd", referenceType: "invoice", referenceNumber: "INV-7" },
    });
    expect(text).toEqual({
      title: "Received 40 units",
      detail: "from Meadow Oils Ltd · invoice INV-7",
      onHandChange: 40,
    });
  });

  it("shows a shipment as units out of on-hand stock on its order", () => {
    expect(describeLedgerRow({ ...base, type: "shipped", quantity: -3, orderName: "#1001" })).toEqual({
      title: "Shipped 3 units",
      detail: "on order #1001",
      onHandChange: -3,
    });
  });

  it("does not count a reservation as stock leaving the lot", () => {
    const text = describeLedgerRow({ ...base, type: "allocated", quantity: -2, orderName: "#1002" });
    expect(text.onHandChange).toBe(0);
    expect(text.title).toBe("Reserved 2 units");
  });

  it("takes the order name from the ledger reference when the line is gone", () => {
    const text = describeLedgerRow({ ...base, type: "returned", quantity: 1, reference: { orderName: "#1003" } });
    expect(text).toEqual({ title: "Returned 1 unit", detail: "from order #1003", onHandChange: 1 });
  });

  it("names the recall a lot was recalled under", () => {
    expect(describeLedgerRow({ ...base, type: "recalled", quantity: 0, reference: { number: 4 } }).detail).toBe(
      "recall #4",
    );
  });
});

describe("describeReferenceDocument", () => {
  it("reads a production run reference", () => {
    expect(describeReferenceDocument("production_run", "PR-3")).toBe("production run PR-3");
  });
  it("is empty without a type or number", () => {
    expect(describeReferenceDocument(null, null)).toBeNull();
  });
});
