import { describe, expect, it } from "vitest";
import {
  type ActionResult,
  checkActionRequest,
  finalStatus,
  holdHandle,
  holdReasonNotes,
  type LotEntry,
  needsWork,
  type OrderEntry,
  plannedQuarantine,
  readActionResult,
  recallTag,
  summarizeAction,
} from "./stock-action-plan";

function lot(overrides: Partial<LotEntry> = {}): LotEntry {
  return {
    lotId: "lot-1",
    code: "SOAP-001",
    inventoryItemId: "gid://shopify/InventoryItem/1",
    locationId: "gid://shopify/Location/1",
    quantity: 12,
    state: "applied",
    generation: 1,
    error: null,
    ...overrides,
  };
}

function order(overrides: Partial<OrderEntry> = {}): OrderEntry {
  return {
    orderRefId: "order-1",
    shopifyOrderId: "gid://shopify/Order/1",
    name: "#1001",
    holds: [],
    tagged: true,
    state: "applied",
    generation: 1,
    error: null,
    ...overrides,
  };
}

function result(lots: LotEntry[] = [], orders: OrderEntry[] = []): ActionResult {
  return {
    lots: Object.fromEntries(lots.map((entry) => [entry.lotId, entry])),
    orders: Object.fromEntries(orders.map((entry) => [entry.orderRefId, entry])),
  };
}

describe("names Shopify shows", () => {
  it("tags an order with the recall's number and holds it under a handle of the recall", () => {
    expect(recallTag(7)).toBe("recall:7");
    expect(holdHandle(7)).toBe("lotline-recall-7");
  });

  it("names the recall and its lots in the hold notes the warehouse reads", () => {
    expect(holdReasonNotes({ number: 3, title: "Lavender soap rash" }, ["SOAP-001", "SOAP-002"])).toBe(
      "Held by Lotline for recall #3 (Lavender soap rash): contains lots SOAP-001, SOAP-002. Do not ship.",
    );
    expect(holdReasonNotes({ number: 3, title: "Rash" }, ["SOAP-001"])).toContain("contains lot SOAP-001.");
  });

  it("cuts hold notes of a recall with many lots to what Shopify accepts", () => {
    const codes = Array.from({ length: 60 }, (_, i) => `SOAP-${String(i).padStart(4, "0")}`);
    const notes = holdReasonNotes({ number: 3, title: "Rash" }, codes);
    expect(notes.length).toBe(255);
    expect(notes.endsWith("…")).toBe(true);
  });
});

describe("how many units to quarantine", () => {
  it("moves what the lot has left when Shopify has at least that available", () => {
    expect(plannedQuarantine(12, 40)).toBe(12);
  });

  it("never moves more than Shopify has available", () => {
    expect(plannedQuarantine(12, 5)).toBe(5);
  });

  it("moves nothing when either side has nothing (or Shopify is negative)", () => {
    expect(plannedQuarantine(0, 40)).toBe(0);
    expect(plannedQuarantine(12, -3)).toBe(0);
  });
});

describe("what a job still has to do", () => {
  it("applies a lot or order never seen, and resumes one whose Shopify call may not have happened", () => {
    expect(needsWork(undefined, "apply", 1)).toBe(true);
    expect(needsWork(lot({ state: "pending" }), "apply", 1)).toBe(true);
  });

  it("a retried job skips what it applied and what Shopify already refused in the same request", () => {
    expect(needsWork(lot(), "apply", 1)).toBe(false);
    expect(needsWork(order({ state: "failed", error: "Order is archived" }), "apply", 1)).toBe(false);
    expect(needsWork(lot({ state: "skipped", quantity: 0, error: "none available" }), "apply", 1)).toBe(false);
  });

  it("a new request tries again what failed or was skipped before", () => {
    expect(needsWork(order({ state: "failed", error: "Order is archived" }), "apply", 2)).toBe(true);
    expect(needsWork(lot({ state: "skipped", quantity: 0 }), "apply", 2)).toBe(true);
  });

  it("never moves a lot's units to quality control twice, even after a failed undo", () => {
    expect(needsWork(lot({ state: "applied", error: "Location inactive", generation: 2 }), "apply", 3)).toBe(false);
  });

  it("undoes only what is in Shopify because of the step", () => {
    expect(needsWork(lot({ generation: 1 }), "revert", 2)).toBe(true);
    expect(needsWork(lot({ state: "reverted", quantity: 0 }), "revert", 2)).toBe(false);
    expect(needsWork(lot({ state: "failed", quantity: 0 }), "revert", 2)).toBe(false);
    expect(needsWork(order({ holds: [], tagged: false, state: "skipped" }), "revert", 2)).toBe(false);
    expect(needsWork(undefined, "revert", 2)).toBe(false);
  });

  it("an undo first settles a move to quality control that an earlier job may have made", () => {
    expect(needsWork(lot({ state: "pending" }), "revert", 2)).toBe(true);
  });

  it("an order whose hold was placed before its tag failed still has the hold to release", () => {
    const partly = order({ state: "failed", tagged: false, holds: [{ fulfillmentOrderId: "fo", holdId: "h" }] });
    expect(needsWork(partly, "revert", 2)).toBe(true);
  });
});

describe("how a step ends", () => {
  it("is applied with the refusals listed when some orders worked", () => {
    const ending = finalStatus(
      result(
        [],
        [
          order(),
          order({ orderRefId: "o2", name: "#1002", state: "failed", tagged: false, error: "Order is archived" }),
        ],
      ),
      "apply",
      1,
    );
    expect(ending.status).toBe("applied");
    expect(ending.error).toContain("order #1002");
  });

  it("fails when Shopify refused every change", () => {
    const ending = finalStatus(result([lot({ state: "failed", quantity: 0, error: "Not stocked" })]), "apply", 1);
    expect(ending).toEqual({ status: "failed", error: expect.stringContaining("lot SOAP-001") });
  });

  it("is applied when there was nothing to do", () => {
    expect(finalStatus(result(), "apply", 1)).toEqual({ status: "applied", error: null });
  });

  it("is reverted only when nothing of the step is left in Shopify", () => {
    expect(finalStatus(result([lot({ state: "reverted", quantity: 0, generation: 2 })]), "revert", 2).status).toBe(
      "reverted",
    );
    const stuck = finalStatus(result([lot({ generation: 2, error: "Location inactive" })]), "revert", 2);
    expect(stuck.status).toBe("failed");
    expect(stuck.error).toContain("lot SOAP-001");
  });
});

describe("the summary under a step", () => {
  it("counts what is in effect and lists every refusal with its reason", () => {
    const summary = summarizeAction(
      result(
        [lot(), lot({ lotId: "lot-2", code: "SOAP-002", state: "skipped", quantity: 0, error: "none available" })],
        [order({ state: "failed", tagged: false, error: "Order is archived" })],
      ),
    );
    expect(summary).toEqual({
      inEffect: 1,
      skipped: 1,
      failures: [{ label: "Order #1001", reason: "Order is archived" }],
      quarantinedUnits: 12,
    });
  });

  it("reads an empty or unreadable stored result as nothing done", () => {
    expect(readActionResult(null)).toEqual({ lots: {}, orders: {} });
    expect(readActionResult({ lots: [] })).toEqual({ lots: {}, orders: {} });
  });
});

describe("which requests make sense", () => {
  const requestedAt = new Date("2026-11-21T10:00:00Z");
  const now = new Date("2026-11-21T10:01:00Z");

  it("refuses a second request while the step is still being applied or undone", () => {
    const applying = checkActionRequest({ status: "applying", result: result(), requestedAt }, "revert", now);
    expect(applying).toEqual({ ok: false, message: expect.stringContaining("still being applied") });
    expect(checkActionRequest({ status: "reverting", result: result([lot()]), requestedAt }, "apply", now).ok).toBe(
      false,
    );
  });

  it("refuses to apply a step already applied, unless some of it failed", () => {
    expect(checkActionRequest({ status: "applied", result: result([lot()]), requestedAt }, "apply", now)).toEqual({
      ok: false,
      message: expect.stringContaining("already applied"),
    });
    const partly = result([lot()], [order({ state: "failed", error: "Order is archived" })]);
    expect(checkActionRequest({ status: "applied", result: partly, requestedAt }, "apply", now)).toEqual({ ok: true });
  });

  it("refuses to undo a step never applied or already undone", () => {
    expect(checkActionRequest(null, "revert", now)).toEqual({
      ok: false,
      message: expect.stringContaining("never applied"),
    });
    const undone = result([lot({ state: "reverted", quantity: 0 })]);
    expect(checkActionRequest({ status: "reverted", result: undone, requestedAt }, "revert", now)).toEqual({
      ok: false,
      message: expect.stringContaining("already undone"),
    });
  });

  it("applies a step for the first time, again after an undo, and undoes an applied one", () => {
    expect(checkActionRequest(null, "apply", now)).toEqual({ ok: true });
    expect(checkActionRequest({ status: "reverted", result: result(), requestedAt }, "apply", now)).toEqual({
      ok: true,
    });
    expect(checkActionRequest({ status: "applied", result: result([lot()]), requestedAt }, "revert", now)).toEqual({
      ok: true,
    });
  });

  it("lets the merchant ask again when a step has been stuck mid-way longer than its job can retry", () => {
    const later = new Date(requestedAt.getTime() + 16 * 60_000);
    expect(checkActionRequest({ status: "applying", result: result([lot()]), requestedAt }, "revert", later)).toEqual({
      ok: true,
    });
    expect(checkActionRequest({ status: "applying", result: result(), requestedAt }, "apply", later)).toEqual({
      ok: true,
    });
  });
});
