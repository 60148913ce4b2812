import { describe, expect, it } from "vitest";
import { planReconciliation, type ReconcileLot } from "./reconcile-plan";

function lot(id: string, overrides: Partial<ReconcileLot> = {}): ReconcileLot {
  return {
    id,
    expiresAt: null,
    receivedAt: new Date("2026-01-01T00:00:00Z"),
    status: "active",
    onHandQuantity: 10,
    allocatedQuantity: 0,
    quarantinedQuantity: 0,
    ...overrides,
  };
}

const day = (text: string) => new Date(`${text}T00:00:00Z`);

describe("planReconciliation", () => {
  it("counts units Shopify has beyond the lots as unassigned stock", () => {
    const plan = planReconciliation({ shopifyOnHand: 14, lots: [lot("a")], unassigned: 1, unwrittenReceiptUnits: 0 });
    expect(plan).toEqual({ difference: 3, unassigned: 4, adjustments: [], unabsorbed: 0 });
  });

  it("changes nothing when Shopify and Lotline agree", () => {
    const plan = planReconciliation({ shopifyOnHand: 12, lots: [lot("a")], unassigned: 2, unwrittenReceiptUnits: 0 });
    expect(plan).toEqual({ difference: 0, unassigned: 2, adjustments: [], unabsorbed: 0 });
  });

  it("does not count a receipt Shopify has not been told about yet as missing stock", () => {
    // The lot holds 10, but Shopify only gets its 10 once the write-back runs.
    const plan = planReconciliation({ shopifyOnHand: 0, lots: [lot("a")], unassigned: 0, unwrittenReceiptUnits: 10 });
    expect(plan.adjustments).toEqual([]);
    expect(plan.unassigned).toBe(0);
  });

  it("takes a decrease from unassigned stock before any lot", () => {
    const plan = planReconciliation({ shopifyOnHand: 11, lots: [lot("a")], unassigned: 3, unwrittenReceiptUnits: 0 });
    expect(plan).toEqual({ difference: -2, unassigned: 1, adjustments: [], unabsorbed: 0 });
  });

  it("takes the rest from active lots, earliest expiry first, lots without expiry last", () => {
    const lots = [
      lot("none"),
      lot("late", { expiresAt: day("2027-06-01") }),
      lot("soon", { expiresAt: day("2026-12-01"), onHandQuantity: 4 }),
      lot("expired", { status: "expired", expiresAt: day("2026-01-01") }),
    ];
    const plan = planReconciliation({ shopifyOnHand: 27, lots, unassigned: 2, unwrittenReceiptUnits: 0 });
    // Explained: 34 + 2 = 36; Shopify 27: 9 missing, 2 from unassigned, then 4 + 3.
    expect(plan.unassigned).toBe(0);
    expect(plan.adjustments).toEqual([
      { lotId: "soon", quantity: 4 },
      { lotId: "late", quantity: 3 },
    ]);
    expect(plan.unabsorbed).toBe(0);
  });

  it("never takes units held for orders or in quarantine, and reports what no lot could give", () => {
    const lots = [lot("held", { allocatedQuantity: 6, quarantinedQuantity: 2 })];
    const plan = planReconciliation({ shopifyOnHand: 5, lots, unassigned: 0, unwrittenReceiptUnits: 0 });
    expect(plan.adjustments).toEqual([{ lotId: "held", quantity: 2 }]);
    expect(plan.unabsorbed).toBe(3);
  });
});
