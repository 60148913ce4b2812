import { describe, expect, it } from "vitest";
import { checkExportRequest, exportFileName } from "./export-request";

describe("asking for an export", () => {
  it("accepts the FSMA filters from the form, empty fields meaning no filter", () => {
    expect(
      checkExportRequest({
        kind: "fsma204",
        format: "csv",
        parameters: { from: "2026-01-01", to: "", lotFrom: " LAV-1 ", lotTo: "", productId: "", bom: "true" },
      }),
    ).toEqual({
      ok: true,
      value: { kind: "fsma204", format: "csv", parameters: { from: "2026-01-01", lotFrom: "LAV-1", bom: true } },
    });
  });

  it("says which field to fix", () => {
    expect(checkExportRequest({ kind: "nope", format: "csv", parameters: {} })).toEqual({
      ok: false,
      fields: { kind: "Choose what to export" },
    });
    expect(checkExportRequest({ kind: "fsma204", format: "csv", parameters: { from: "2026-02-30x" } })).toEqual({
      ok: false,
      fields: { from: "Use a date like 2026-03-31" },
    });
    expect(checkExportRequest({ kind: "fsma204", format: "xlsx", parameters: { lotFrom: "B", lotTo: "A" } })).toEqual({
      ok: false,
      fields: { lotTo: "The last lot code sorts before the first" },
    });
  });

  it("names the file after the kind and the date range", () => {
    const completedAt = new Date("2026-04-02T08:00:00Z");
    expect(exportFileName("fsma204", "xlsx", { from: "2026-01-01", to: "2026-03-31" }, completedAt)).toBe(
      "fsma204-2026-01-01-to-2026-03-31.xlsx",
    );
    expect(exportFileName("fsma204", "csv", {}, completedAt)).toBe("fsma204-start-to-2026-04-02.csv");
  });
});
