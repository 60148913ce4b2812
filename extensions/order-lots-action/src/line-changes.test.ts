import { describe, expect, it } from "vitest";
import { LINE_ID, LOT_A, LOT_B, orderAnswer, orderLine } from "../../shared/order-lots-fixtures";
import {
  changeableLines,
  checkReallocation,
  checkSerials,
  chosenTotal,
  initialQuantities,
  type LotOption,
  lineChanges,
  serialsProgress,
} from "./line-changes";

const option = (overrides: Partial<LotOption>): LotOption => ({
  lotId: LOT_A,
  code: "LAV-A",
  expiresAt: null,
  status: "active",
  available: 10,
  allocatedToLine: 0,
  excludedReason: null,
  ...overrides,
});
const options = [option({ allocatedToLine: 2 }), option({ lotId: LOT_B, code: "LAV-B" })];
const line = orderLine({ quantity: 5, shipped: 2 }); // 3 unshipped

describe("which lines the action can change", () => {
  it("offers serial numbers only while units lack them, and lots only when the line can be re-allocated", () => {
    expect(lineChanges(orderLine({ serialTracked: true, serialsMissing: 1 }))).toEqual(["serials", "lots"]);
    expect(lineChanges(orderLine({ serialTracked: true, serialsMissing: 0 }))).toEqual(["lots"]);
    expect(lineChanges(orderLine({ canReallocate: false }))).toEqual([]);
  });

  it("leaves out lines with nothing to change", () => {
    const answer = orderAnswer({}, [orderLine({ canReallocate: false }), orderLine({ id: "other" })]);
    expect(changeableLines(answer).map((candidate) => candidate.id)).toEqual(["other"]);
  });
});

describe("checking a re-allocation before sending it", () => {
  it("sends only lots given a positive quantity, with the reason trimmed", () => {
    const checked = checkReallocation(line, options, { [LOT_A]: "0", [LOT_B]: " 3 " }, "  fresher batch ");
    expect(checked).toEqual({
      ok: true,
      request: { lineId: LINE_ID, reason: "fresher batch", lots: [{ lotId: LOT_B, quantity: 3 }] },
    });
  });

  it("needs a reason of at most 500 characters", () => {
    expect(checkReallocation(line, options, { [LOT_A]: "1" }, " ")).toMatchObject({
      ok: false,
      fields: { reason: expect.any(String) },
    });
    const long = checkReallocation(line, options, { [LOT_A]: "1" }, "x".repeat(501));
    expect(long).toEqual({ ok: false, fields: { reason: "Keep the reason to 500 characters or fewer." } });
  });

  it("names each quantity that is not a whole number, on that lot's field", () => {
    const checked = checkReallocation(line, options, { [LOT_A]: "-1", [LOT_B]: "2.5" }, "why");
    expect(checked).toEqual({
      ok: false,
      fields: {
        [`lots.${LOT_A}`]: "Enter a whole number of units, 0 or more.",
        [`lots.${LOT_B}`]: "Enter a whole number of units, 0 or more.",
      },
    });
  });

  it("needs at least one unit, and no more than the line has unshipped", () => {
    expect(checkReallocation(line, options, { [LOT_A]: "0" }, "why")).toEqual({
      ok: false,
      fields: { lots: "Give at least one lot a quantity." },
    });
    expect(checkReallocation(line, options, { [LOT_A]: "2", [LOT_B]: "2" }, "why")).toEqual({
      ok: false,
      fields: { lots: "Choose at most 3 units in all" },
    });
  });

  it("never sends a lot the app said cannot be chosen", () => {
    const excluded = [option({ excludedReason: "Recalled", allocatedToLine: 3 })];
    expect(initialQuantities(excluded)).toEqual({});
    expect(checkReallocation(line, excluded, { [LOT_A]: "3" }, "why")).toEqual({
      ok: false,
      fields: { lots: "Give at least one lot a quantity." },
    });
  });

  it("starts from what each lot holds for the line and totals only whole numbers", () => {
    expect(initialQuantities(options)).toEqual({ [LOT_A]: "2" });
    expect(chosenTotal({ a: "2", b: " 3", c: "x", d: "" })).toBe(5);
  });
});

describe("checking serial numbers before sending them", () => {
  it("takes one serial number per line as a scanner types them, dropping blank lines", () => {
    expect(checkSerials(LINE_ID, "SN-1\r\n\nSN-2\tSN-3\n")).toEqual({
      ok: true,
      request: { lineId: LINE_ID, serials: ["SN-1", "SN-2", "SN-3"] },
    });
  });

  it("refuses none, duplicates, spaces and over-long numbers with the app's wording", () => {
    expect(checkSerials(LINE_ID, " \n ")).toEqual({
      ok: false,
      fields: { serials: "Scan or type at least one serial number, one per line." },
    });
    expect(checkSerials(LINE_ID, "A\nB\nA")).toEqual({
      ok: false,
      fields: { serials: "A is entered twice; each unit has its own serial number." },
    });
    expect(checkSerials(LINE_ID, "SN 1")).toMatchObject({
      ok: false,
      fields: { serials: expect.stringContaining("“SN 1” is not a serial number") },
    });
    expect(checkSerials(LINE_ID, "x".repeat(65))).toMatchObject({ ok: false });
  });

  it("says how many units still lack a serial number", () => {
    expect(serialsProgress(1, 3)).toBe("1 entered · 2 still missing");
    expect(serialsProgress(3, 3)).toBe("3 entered · none missing");
    expect(serialsProgress(4, 3)).toBe("4 entered · 1 more than the 3 units without one");
  });
});
