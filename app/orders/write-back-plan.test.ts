import { describe, expect, it } from "vitest";
import { type AllocatedLot, type LineToWrite, planOrderWriteBack } from "./write-back-plan";

function lot(code: string, quantity: number, overrides: Partial<AllocatedLot> = {}): AllocatedLot {
  return {
    code,
    quantity,
    shippedQuantity: 0,
    returnedQuantity: 0,
    expiresAt: null,
    bestBefore: null,
    ...overrides,
  };
}

function line(id: number, allocations: AllocatedLot[], serials: string[] = []): LineToWrite {
  return { shopifyLineItemId: `gid://shopify/LineItem/${id}`, allocations, serials };
}

describe("the lot tags an order gets", () => {
  it("is the prefix and each allocated lot code once, sorted; released lots get none", () => {
    const plan = planOrderWriteBack({
      tagPrefix: "lot:",
      writtenTags: [],
      lines: [line(1, [lot("SOAP-2", 1), lot("SOAP-1", 2)]), line(2, [lot("SOAP-1", 1), lot("WAX-9", 0)])],
    });
    expect(plan.tags).toEqual(["lot:SOAP-1", "lot:SOAP-2"]);
    expect(plan.addTags).toEqual(["lot:SOAP-1", "lot:SOAP-2"]);
    expect(plan.removeTags).toEqual([]);
    expect(plan.limits).toEqual([]);
  });

  it("adds only what is missing and removes only Lotline's own tags that no longer apply", () => {
    const plan = planOrderWriteBack({
      tagPrefix: "lot:",
      writtenTags: ["lot:SOAP-1", "lot:OLD-7"],
      lines: [line(1, [lot("SOAP-1", 1), lot("SOAP-3", 1)])],
    });
    expect(plan.addTags).toEqual(["lot:SOAP-3"]);
    expect(plan.removeTags).toEqual(["lot:OLD-7"]);
  });

  it("keeps within Shopify's 250 tags with a marker saying how many lots were left out", () => {
    const lots = Array.from({ length: 261 }, (_, i) => lot(`L${String(i).padStart(3, "0")}`, 1));
    const plan = planOrderWriteBack({ tagPrefix: "lot:", writtenTags: [], lines: [line(1, lots)] });
    expect(plan.tags).toHaveLength(250);
    expect(plan.tags.at(-1)).toBe("lot:+12-more");
    expect(plan.tags.slice(0, 2)).toEqual(["lot:L000", "lot:L001"]);
    expect(plan.limits[0]).toMatch(/261 lots but room for 250 Lotline tags.*"lot:\+12-more"/);
    // The metafield still lists every lot.
    expect(plan.metafield["gid://shopify/LineItem/1"].lots).toHaveLength(261);
  });

  it("leaves room for the merchant's own tags", () => {
    const lots = Array.from({ length: 10 }, (_, i) => lot(`L${i}`, 1));
    const plan = planOrderWriteBack({ tagPrefix: "lot:", writtenTags: [], lines: [line(1, lots)], tagBudget: 4 });
    expect(plan.tags).toEqual(["lot:L0", "lot:L1", "lot:L2", "lot:+7-more"]);
  });

  it("writes no tag longer than Shopify's 40 characters and says which lots it left out", () => {
    const long = "A".repeat(37);
    const plan = planOrderWriteBack({
      tagPrefix: "lot:",
      writtenTags: [],
      lines: [line(1, [lot(long, 1), lot("SHORT", 1)])],
    });
    expect(plan.tags).toEqual(["lot:SHORT"]);
    expect(plan.limits).toEqual([expect.stringContaining(`too long for a Shopify tag (40 characters`)]);
    expect(plan.limits[0]).toContain(long);
  });
});

describe("the allocations metafield", () => {
  it("lists lots with quantities and dates, and serials, per Shopify line item", () => {
    const plan = planOrderWriteBack({
      tagPrefix: "lot:",
      writtenTags: [],
      lines: [
        line(
          7,
          [
            lot("SOAP-1", 3, {
              shippedQuantity: 2,
              returnedQuantity: 1,
              expiresAt: new Date("2027-05-31T00:00:00Z"),
              bestBefore: new Date("2027-04-30T00:00:00Z"),
            }),
          ],
          ["S-2", "S-1"],
        ),
        line(8, []),
      ],
    });
    expect(JSON.parse(plan.metafieldValue)).toEqual({
      "gid://shopify/LineItem/7": {
        lots: [
          { code: "SOAP-1", quantity: 3, shipped: 2, returned: 1, expiresAt: "2027-05-31", bestBefore: "2027-04-30" },
        ],
        serials: ["S-1", "S-2"],
      },
    });
  });

  it("is the same text for the same allocations, whatever order they were read in", () => {
    const a = planOrderWriteBack({
      tagPrefix: "lot:",
      writtenTags: [],
      lines: [line(1, [lot("B", 1), lot("A", 1)], ["2", "1"]), line(2, [lot("C", 1)])],
    });
    const b = planOrderWriteBack({
      tagPrefix: "lot:",
      writtenTags: [],
      lines: [line(2, [lot("C", 1)]), line(1, [lot("A", 1), lot("B", 1)], ["1", "2"])],
    });
    expect(a.metafieldValue).toBe(b.metafieldValue);
  });

  it("leaves serials out before lots when the value would pass Shopify's size limit, and says so", () => {
    const serials = Array.from({ length: 400 }, (_, i) => `SERIAL-${String(i).padStart(6, "0")}`);
    const plan = planOrderWriteBack({
      tagPrefix: "lot:",
      writtenTags: [],
      lines: [line(1, [lot("SOAP-1", 400)], serials)],
      maxMetafieldBytes: 4 * 1024,
    });
    expect(plan.metafield["gid://shopify/LineItem/1"]).toMatchObject({
      lots: [expect.objectContaining({ code: "SOAP-1" })],
      serials: [],
      serialsOmitted: 400,
    });
    expect(plan.limits).toEqual([
      expect.stringMatching(/^The order's 400 serial numbers did not fit in Shopify's 4 KB/),
    ]);
    expect(Buffer.byteLength(plan.metafieldValue)).toBeLessThanOrEqual(4 * 1024);
  });

  it("leaves lots out last, from the end, and stays within the limit", () => {
    const lots = Array.from({ length: 200 }, (_, i) => lot(`LOT-${String(i).padStart(4, "0")}`, 1));
    const plan = planOrderWriteBack({
      tagPrefix: "lot:",
      writtenTags: [],
      lines: [line(1, lots, ["S-1"])],
      maxMetafieldBytes: 4 * 1024,
    });
    const written = plan.metafield["gid://shopify/LineItem/1"];
    expect(Buffer.byteLength(plan.metafieldValue)).toBeLessThanOrEqual(4 * 1024);
    expect(written.lots[0].code).toBe("LOT-0000");
    expect(written.lots.length + (written.lotsOmitted ?? 0)).toBe(200);
    expect(written.lotsOmitted).toBeGreaterThan(0);
    expect(plan.limits).toHaveLength(2);
    expect(plan.limits[1]).toMatch(/lot allocations did not fit/);
  });
});
