import { describe, expect, it } from "vitest";
import { describeLotFilter, parseLotFilter } from "./lot-filters";

const parse = (query: string) => parseLotFilter(new URLSearchParams(query));

describe("parseLotFilter", () => {
  it("reads the dashboard's expiring link", () => {
    expect(parse("expiring=30")).toEqual({ filter: { kind: "expiring", days: 30 }, error: null });
  });

  it("reads the dashboard's expired and quarantined links", () => {
    expect(parse("status=expired").filter).toEqual({ kind: "status", status: "expired" });
    expect(parse("status=Quarantined").filter).toEqual({ kind: "status", status: "quarantined" });
  });

  it("is no filter at all without either parameter", () => {
    expect(parse("q=LAV&page=2")).toEqual({ filter: null, error: null });
  });

  it("names the parameter and the fix for a number of days it cannot use", () => {
    for (const bad of ["expiring=soon", "expiring=0", "expiring=-3", "expiring=2.5", "expiring=99999"]) {
      const parsed = parse(bad);
      expect(parsed.filter).toBeNull();
      expect(parsed.error).toContain('"expiring" filter takes a number of days from 1 to 3650');
    }
  });

  it("names the statuses it knows for one it does not", () => {
    expect(parse("status=spoiled")).toEqual({
      filter: null,
      error:
        'The "status" filter takes one of active, quarantined, recalled, expired, depleted; showing all lots instead.',
    });
  });
});

describe("describeLotFilter", () => {
  it("says what the list shows in the dashboard card's words", () => {
    expect(describeLotFilter({ kind: "expiring", days: 30 })).toBe("Lots with stock expiring within 30 days");
    expect(describeLotFilter({ kind: "status", status: "expired" })).toBe("Expired lots that still hold stock");
    expect(describeLotFilter({ kind: "status", status: "recalled" })).toBe("Recalled lots");
  });
});
