import { describe, expect, it } from "vitest";
import { allocationsMetafieldValue, buildLotLines } from "./allocations";

const LINE_A = "gid://shopify/LineItem/11";
const LINE_B = "gid://shopify/LineItem/12";

const written = JSON.stringify({
  [LINE_A]: {
    lots: [{ code: "LAV-7", quantity: 2, shipped: 2, returned: 0, expiresAt: "2027-10-01", bestBefore: null }],
    serials: [],
  },
  [LINE_B]: { lots: [], serials: ["SN-1", "SN-2"], serialsOmitted: 0, lotsOmitted: 3 },
});

describe("reading the allocations metafield", () => {
  it("finds the order's allocations whichever way Shopify names the app namespace", () => {
    const entry = (namespace: string) => ({
      target: { type: "order", id: "gid://shopify/Order/1" },
      metafield: { namespace, key: "allocations", value: written },
    });
    expect(allocationsMetafieldValue([entry("$app:lotline")])).toBe(written);
    expect(allocationsMetafieldValue([entry("app--123--lotline")])).toBe(written);
    expect(allocationsMetafieldValue([entry("other-app")])).toBeUndefined();
    expect(allocationsMetafieldValue([])).toBeUndefined();
  });

  it("shows each line's lots with quantity and expiry, titled and ordered as the order's lines", () => {
    const titles = new Map([
      [LINE_B, "Candle"],
      [LINE_A, "Lavender Soap"],
    ]);
    const lines = buildLotLines(written, titles);
    expect(lines.map((line) => line.title)).toEqual(["Candle", "Lavender Soap"]);
    expect(lines[1].lots).toEqual([{ code: "LAV-7", quantity: 2, expiresAt: "2027-10-01", bestBefore: null }]);
    expect(lines[0]).toMatchObject({ serials: ["SN-1", "SN-2"], omitted: 3 });
  });

  it("names lines it has no title for by position", () => {
    expect(buildLotLines(written, new Map()).map((line) => line.title)).toEqual(["Item 1", "Item 2"]);
  });

  it("shows nothing for a missing, unreadable or empty metafield, and skips malformed lots", () => {
    expect(buildLotLines(undefined, new Map())).toEqual([]);
    expect(buildLotLines("{not json", new Map())).toEqual([]);
    expect(buildLotLines("[]", new Map())).toEqual([]);
    const odd = { [LINE_A]: { lots: [{ quantity: 1 }, { code: "OK-1", quantity: -2, expiresAt: "soon" }] } };
    expect(buildLotLines(odd, new Map())).toEqual([
      {
        lineItemId: LINE_A,
        title: "Item 1",
        lots: [{ code: "OK-1", quantity: 0, expiresAt: null, bestBefore: null }],
        serials: [],
        omitted: 0,
      },
    ]);
  });
});
