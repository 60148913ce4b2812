import { describe, expect, it } from "vitest";
import { lotFilterFromScan } from "./lot-scan";

describe("finding a lot from a scanned label", () => {
  it("looks for the batch/lot (10) of the label's GTIN, in every form a shop stores a GTIN", () => {
    expect(lotFilterFromScan("https://id.gs1.org/01/00614141001019/10/SUPPLIER-7?17=271231")).toEqual({
      ok: true,
      filter: { lot: "SUPPLIER-7", gtins: ["00614141001019", "0614141001019", "614141001019"] },
    });
  });

  it("looks for a serial number (21) from raw scanner output with a GS separator", () => {
    expect(lotFilterFromScan("]d2010061414100101921SN-0042\x1d10B7")).toEqual({
      ok: true,
      filter: { lot: "B7", serial: "SN-0042", gtins: ["00614141001019", "0614141001019", "614141001019"] },
    });
  });

  it("passes GS1's reason on for data that is not valid", () => {
    const result = lotFilterFromScan("(01)00614141001018(10)A");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/check digit/i);
  });

  it("refuses a label with nothing that identifies a lot", () => {
    expect(lotFilterFromScan("(17)271231")).toEqual({
      ok: false,
      error: "The scan holds (17), but no lot (10), serial (21) or GTIN (01) to look for",
    });
  });
});
