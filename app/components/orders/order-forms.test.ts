import { describe, expect, it } from "vitest";
import { parseReallocateForm, parseSerialsForm, postedIntent, quantityField } from "./order-forms";
import { numericId, writeBackState } from "./order-status";

const LINE = "0193f6a0-0000-7000-8000-000000000001";
const LOT_A = "0193f6a0-0000-7000-8000-00000000000a";
const LOT_B = "0193f6a0-0000-7000-8000-00000000000b";

describe("the re-allocate form", () => {
  it("keeps the lots given units and drops those left empty or at 0", () => {
    const parsed = parseReallocateForm({
      intent: "reallocate",
      lineId: LINE,
      reason: " fresher batch ",
      [quantityField(LOT_A)]: "0",
      [quantityField(LOT_B)]: "3",
    });
    expect(parsed).toEqual({
      ok: true,
      input: { orderLineId: LINE, reason: "fresher batch", lots: [{ lotId: LOT_B, quantity: 3 }] },
    });
  });

  it("names a missing reason and a quantity that is not a whole number at once", () => {
    const parsed = parseReallocateForm({ lineId: LINE, reason: "", [quantityField(LOT_A)]: "2.5" });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.fields).sort()).toEqual([quantityField(LOT_A), "reason"].sort());
    expect(parsed.message).toBe("2 fields need fixing; nothing was changed.");
  });

  it("asks for at least one lot when every quantity is empty", () => {
    const parsed = parseReallocateForm({ lineId: LINE, reason: "x", [quantityField(LOT_A)]: "" });
    expect(parsed).toMatchObject({ ok: false, fields: { lots: "Give at least one lot a quantity." } });
  });

  it("cannot be read without a line id", () => {
    expect(parseReallocateForm({ lineId: "1", reason: "x" })).toMatchObject({ ok: false, fields: {} });
  });
});

describe("the serial numbers form", () => {
  it("takes one serial per line as a scanner types them, ignoring blank lines and stray spaces", () => {
    expect(parseSerialsForm({ lineId: LINE, serials: "A-1\r\n  A-2 \n\n\tA-3\n" })).toEqual({
      ok: true,
      input: { orderLineId: LINE, serials: ["A-1", "A-2", "A-3"] },
    });
  });

  it.each([
    ["", /at least one serial number/],
    ["A-1\nA-1", /A-1 is entered twice/],
    ["A 1", /not a serial number/],
    [`${"X".repeat(65)}`, /up to 64 printable characters/],
  ])("refuses %j on the serials field", (serials, message) => {
    const parsed = parseSerialsForm({ lineId: LINE, serials });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.fields.serials).toMatch(message);
  });
});

describe("which form was posted", () => {
  it("knows only the page's two intents", () => {
    expect(postedIntent({ intent: "reallocate" })).toBe("reallocate");
    expect(postedIntent({ intent: "serials" })).toBe("serials");
    expect(postedIntent({ intent: "delete" })).toBeNull();
  });
});

describe("where an order's lot tags stand in Shopify", () => {
  it("has nothing to write before any allocation changed", () => {
    expect(writeBackState({ writeBackVersion: 0, writtenBackVersion: 0, writeBackError: null })).toEqual({
      state: "none",
    });
  });

  it("is in Shopify once the newest version is written, even if an older attempt failed", () => {
    expect(writeBackState({ writeBackVersion: 2, writtenBackVersion: 2, writeBackError: "old" })).toEqual({
      state: "done",
    });
  });

  it("is pending while a newer version waits, and failed with Shopify's reason once an attempt failed", () => {
    expect(writeBackState({ writeBackVersion: 3, writtenBackVersion: 2, writeBackError: null })).toEqual({
      state: "pending",
    });
    expect(writeBackState({ writeBackVersion: 3, writtenBackVersion: 2, writeBackError: "Order is archived" })).toEqual(
      { state: "failed", error: "Order is archived" },
    );
  });

  it("links to the order by its numeric id", () => {
    expect(numericId("gid://shopify/Order/450789469")).toBe("450789469");
  });
});
