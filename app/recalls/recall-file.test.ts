import { describe, expect, it } from "vitest";
import { csvLine, neutraliseCell, recallFileName } from "./recall-file";

describe("the recall file's CSV cells", () => {
  it("opens a cell that starts like a formula as text", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      expect(neutraliseCell(`${start}HYPERLINK("x")`)).toBe(`'${start}HYPERLINK("x")`);
    }
  });

  it("leaves ordinary names, emails and order numbers as they are", () => {
    expect(neutraliseCell("Ada Almeida")).toBe("Ada Almeida");
    expect(neutraliseCell("#1042")).toBe("#1042");
    expect(neutraliseCell("ada@example.com")).toBe("ada@example.com");
  });

  it("quotes commas, quotes and line breaks so a row stays one row", () => {
    expect(csvLine(["Hughes, Grace", 'Soap "Bar"', "a\nb"])).toBe('"Hughes, Grace","Soap ""Bar""","a\nb"\r\n');
  });

  it("quotes a neutralised formula that also holds a comma", () => {
    expect(csvLine(["=1,2"])).toBe(`"'=1,2"\r\n`);
  });

  it("names the file after the recall number and the day", () => {
    expect(recallFileName(7, new Date("2026-11-21T22:00:00Z"), "pdf")).toBe("recall-7-2026-11-21.pdf");
  });
});
