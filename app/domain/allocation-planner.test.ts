import { describe, expect, it } from "vitest";
import {
  type CandidateLot,
  type CurrentAllocation,
  compareLotsFefo,
  lotExclusion,
  type PlanInput,
  planAllocation,
} from "./allocation-planner";

const WAREHOUSE = "gid://shopify/Location/1";
const SHOP_FRONT = "gid://shopify/Location/2";
const TODAY = { year: 2026, month: 11, day: 21 };

let received = 0;
function lot(id: string, expiresAt: string | null, available: number, overrides: Partial<CandidateLot> = {}) {
  received += 1;
  return {
    id,
    expiresAt: expiresAt ? new Date(`${expiresAt}T00:00:00Z`) : null,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, received)),
    status: "active",
    available,
    locationId: WAREHOUSE,
    ...overrides,
  } satisfies CandidateLot;
}

function held(lotId: string, quantity: number, overrides: Partial<CurrentAllocation> = {}): CurrentAllocation {
  return { lotId, quantity, shippedQuantity: 0, pinned: false, ...overrides };
}

function plan(overrides: Partial<PlanInput>) {
  return planAllocation({
    needed: 1,
    locationId: WAREHOUSE,
    locationName: "Warehouse",
    allocations: [],
    lots: [],
    today: TODAY,
    minShelfLifeDays: 0,
    ...overrides,
  });
}

describe("choosing lots for a line", () => {
  it("takes the lot that expires first, whatever order the lots come in", () => {
    const result = plan({
      needed: 3,
      lots: [lot("late", "2027-06-01", 10), lot("early", "2027-01-01", 10), lot("middle", "2027-03-01", 10)],
    });
    expect(result.changes).toEqual([{ lotId: "early", delta: 3 }]);
    expect(result).toMatchObject({ allocated: 3, shortfall: 0, reason: null });
  });

  it("spans lots in expiry order when the first cannot cover the line", () => {
    const result = plan({ needed: 7, lots: [lot("b", "2027-02-01", 4), lot("a", "2027-01-01", 2), lot("c", null, 9)] });
    expect(result.changes).toEqual([
      { lotId: "a", delta: 2 },
      { lotId: "b", delta: 4 },
      { lotId: "c", delta: 1 },
    ]);
  });

  it("uses lots without an expiry only after every lot that has one, oldest receipt first", () => {
    const first = lot("no-expiry-old", null, 5);
    const second = lot("no-expiry-new", null, 5);
    const dated = lot("dated", "2030-01-01", 1);
    const result = plan({ needed: 3, lots: [second, first, dated] });
    expect(result.changes).toEqual([
      { lotId: "dated", delta: 1 },
      { lotId: "no-expiry-old", delta: 2 },
    ]);
  });

  it("breaks an expiry tie by receipt date, then by id", () => {
    const lots = [
      lot("b", "2027-01-01", 1, { receivedAt: new Date("2026-05-01T00:00:00Z") }),
      lot("c", "2027-01-01", 1, { receivedAt: new Date("2026-04-01T00:00:00Z") }),
      lot("a", "2027-01-01", 1, { receivedAt: new Date("2026-05-01T00:00:00Z") }),
    ];
    expect([...lots].sort(compareLotsFefo).map((l) => l.id)).toEqual(["c", "a", "b"]);
  });

  it("never takes stock from another location", () => {
    const result = plan({ needed: 2, lots: [lot("front", "2027-01-01", 9, { locationId: SHOP_FRONT })] });
    expect(result.changes).toEqual([]);
    expect(result.reason).toBe(
      "0 of 2 units allocated: no lot of this product at Warehouse (its lots are at other locations)",
    );
  });

  it("never chooses an expired, quarantined, recalled or depleted lot", () => {
    const result = plan({
      needed: 2,
      lots: [
        lot("expired", "2026-12-01", 5, { status: "expired" }),
        lot("quarantined", "2026-12-02", 5, { status: "quarantined" }),
        lot("recalled", "2026-12-03", 5, { status: "recalled" }),
        lot("depleted", "2026-12-04", 5, { status: "depleted" }),
        lot("good", "2027-12-01", 5),
      ],
    });
    expect(result.changes).toEqual([{ lotId: "good", delta: 2 }]);
  });

  it("treats a lot expiring today as expired, and one expiring tomorrow as allocatable", () => {
    const result = plan({ needed: 2, lots: [lot("today", "2026-11-21", 5), lot("tomorrow", "2026-11-22", 5)] });
    expect(result.changes).toEqual([{ lotId: "tomorrow", delta: 2 }]);
  });

  it("skips lots with less shelf life left than the minimum, and accepts one with exactly the minimum", () => {
    const result = plan({
      needed: 4,
      minShelfLifeDays: 90,
      lots: [lot("89-days", "2027-02-18", 5), lot("90-days", "2027-02-19", 3), lot("later", "2027-06-01", 5)],
    });
    expect(result.changes).toEqual([
      { lotId: "90-days", delta: 3 },
      { lotId: "later", delta: 1 },
    ]);
  });

  it("skips a lot with no free units", () => {
    const result = plan({ needed: 1, lots: [lot("empty", "2027-01-01", 0), lot("next", "2027-02-01", 1)] });
    expect(result.changes).toEqual([{ lotId: "next", delta: 1 }]);
  });

  it("adds only what the line still lacks on top of what it holds", () => {
    const result = plan({
      needed: 5,
      allocations: [held("a", 3)],
      lots: [lot("a", "2027-01-01", 10), lot("b", "2027-02-01", 10)],
    });
    expect(result.changes).toEqual([{ lotId: "a", delta: 2 }]);
    expect(result.allocated).toBe(5);
  });

  it("changes nothing when the line already holds what it needs", () => {
    const result = plan({ needed: 3, allocations: [held("a", 3)], lots: [lot("a", "2027-01-01", 10)] });
    expect(result).toEqual({ changes: [], allocated: 3, shortfall: 0, reason: null });
  });

  it("never adds to a lot the merchant pinned", () => {
    const result = plan({
      needed: 4,
      allocations: [held("pinned", 1, { pinned: true })],
      lots: [lot("pinned", "2027-01-01", 10), lot("other", "2027-02-01", 10)],
    });
    expect(result.changes).toEqual([{ lotId: "other", delta: 3 }]);
  });
});

describe("releasing units when a line needs fewer", () => {
  it("releases from the lot with the latest expiry first", () => {
    const result = plan({
      needed: 3,
      allocations: [held("early", 2), held("late", 2), held("middle", 2)],
      lots: [lot("early", "2027-01-01", 0), lot("middle", "2027-03-01", 0), lot("late", "2027-06-01", 0)],
    });
    expect(result.changes).toEqual([
      { lotId: "late", delta: -2 },
      { lotId: "middle", delta: -1 },
    ]);
    expect(result.allocated).toBe(3);
  });

  it("never releases units that already shipped", () => {
    const result = plan({
      needed: 0,
      allocations: [held("a", 3, { shippedQuantity: 2 }), held("b", 2, { shippedQuantity: 2 })],
      lots: [lot("a", "2027-01-01", 0), lot("b", "2027-06-01", 0)],
    });
    expect(result.changes).toEqual([{ lotId: "a", delta: -1 }]);
    expect(result.allocated).toBe(4);
  });

  it("keeps a pinned lot while unpinned lots can give the units back", () => {
    const result = plan({
      needed: 2,
      allocations: [held("pinned", 2, { pinned: true }), held("auto", 2)],
      lots: [lot("pinned", "2027-06-01", 0), lot("auto", "2027-01-01", 0)],
    });
    expect(result.changes).toEqual([{ lotId: "auto", delta: -2 }]);
  });

  it("releases a pinned lot too when the customer no longer buys those units", () => {
    const result = plan({
      needed: 0,
      allocations: [held("pinned", 2, { pinned: true })],
      lots: [lot("pinned", "2027-06-01", 0)],
    });
    expect(result.changes).toEqual([{ lotId: "pinned", delta: -2 }]);
  });
});

describe("following the line when its fulfilment moves to another location", () => {
  it("gives back unshipped units held elsewhere and takes them at the new location", () => {
    const result = plan({
      needed: 3,
      locationId: SHOP_FRONT,
      allocations: [held("warehouse", 3, { shippedQuantity: 1 })],
      lots: [lot("warehouse", "2027-01-01", 0), lot("front", "2027-06-01", 5, { locationId: SHOP_FRONT })],
    });
    expect(result.changes).toEqual([
      { lotId: "warehouse", delta: -2 },
      { lotId: "front", delta: 2 },
    ]);
    expect(result.allocated).toBe(3);
  });

  it("keeps a pinned lot at another location: the merchant chose it", () => {
    const result = plan({
      needed: 2,
      locationId: SHOP_FRONT,
      allocations: [held("warehouse", 2, { pinned: true })],
      lots: [lot("warehouse", "2027-01-01", 0), lot("front", "2027-06-01", 5, { locationId: SHOP_FRONT })],
    });
    expect(result.changes).toEqual([]);
  });
});

describe("saying why a line is short", () => {
  it("names the location when there is no lot there at all", () => {
    expect(plan({ needed: 5, lots: [] }).reason).toBe("0 of 5 units allocated: no lot of this product at Warehouse");
  });

  it("says the stock ran out when allowed lots exist but are sold out or held", () => {
    const result = plan({ needed: 5, lots: [lot("a", "2027-01-01", 2), lot("b", null, 0)] });
    expect(result).toMatchObject({ allocated: 2, shortfall: 3 });
    expect(result.reason).toBe(
      "2 of 5 units allocated: not enough stock at Warehouse: its lots are sold out or held for other orders",
    );
  });

  it("names the shelf-life rule when only lots too close to expiry have stock", () => {
    const result = plan({
      needed: 5,
      minShelfLifeDays: 90,
      allocations: [held("ok", 2)],
      lots: [lot("ok", "2027-06-01", 0, { status: "depleted" }), lot("short", "2026-12-01", 8)],
    });
    expect(result.reason).toBe(
      "2 of 5 units allocated: no lot at Warehouse with 90+ days of shelf life left has stock",
    );
  });

  it("lists what is wrong with the lots that are there", () => {
    const result = plan({
      needed: 1,
      lots: [lot("x", "2026-10-01", 4, { status: "expired" }), lot("y", "2027-10-01", 4, { status: "quarantined" })],
    });
    expect(result.reason).toBe("0 of 1 units allocated: only expired, quarantined lots at Warehouse");
  });

  it("counts a lot past its expiry date as expired even before the nightly run marks it", () => {
    expect(plan({ needed: 1, lots: [lot("x", "2026-11-20", 4)] }).reason).toBe(
      "0 of 1 units allocated: only expired lots at Warehouse",
    );
  });

  it("says the line has no location yet instead of guessing one", () => {
    const result = plan({ needed: 1, locationId: null, lots: [lot("a", "2027-01-01", 4)] });
    expect(result.changes).toEqual([]);
    expect(result.reason).toBe("0 of 1 units allocated: Shopify has not assigned the line to a location yet");
  });
});

describe("explaining each lot on the order page", () => {
  const rules = { today: TODAY, minShelfLifeDays: 30, locationId: WAREHOUSE };

  it("gives the reason the rules skip a lot", () => {
    expect(lotExclusion(lot("a", "2026-12-01", 3), rules)?.message).toBe(
      "expires 2026-12-01: 10 days of shelf life left, 30 required",
    );
    expect(lotExclusion(lot("b", "2026-11-21", 3), rules)?.message).toBe("expires today");
    expect(lotExclusion(lot("c", "2027-11-21", 3, { locationId: SHOP_FRONT }), rules)?.kind).toBe("location");
    expect(lotExclusion(lot("d", "2027-11-21", 0), rules)?.kind).toBe("no_stock");
    expect(lotExclusion(lot("e", "2027-11-21", 3, { status: "recalled" }), rules)?.message).toBe("recalled");
  });

  it("gives no reason for a lot the planner may use", () => {
    expect(lotExclusion(lot("a", "2027-11-21", 3), rules)).toBeNull();
    expect(lotExclusion(lot("b", null, 3), rules)).toBeNull();
  });
});
