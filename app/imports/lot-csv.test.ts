import { describe, expect, it } from "vitest";
import { decodeCsvBytes, detectDelimiter, LOT_IMPORT_LIMITS, parseLotCsv } from "./lot-csv";
import { lotImportTemplate } from "./lot-import-template";

const HEADER = "sku,location,quantity,expires_on";

function rowsOf(text: string) {
  const parsed = parseLotCsv(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.rows;
}

describe("reading a lot CSV", () => {
  it("numbers rows as the spreadsheet does: the header is line 1 and blank rows still count", () => {
    const rows = rowsOf(`${HEADER}\nSOAP-1,Workshop,5,2027-01-31\n\n,,,\nSOAP-2,Workshop,6,\n`);
    expect(rows.map((row) => [row.line, row.values.sku, row.values.quantity])).toEqual([
      [2, "SOAP-1", "5"],
      [5, "SOAP-2", "6"],
    ]);
    expect(rows[0].values.lot_code).toBe("");
  });

  it("reads a semicolon file from European Excel with a BOM, CRLF line ends and trailing blank lines", () => {
    const text = `\uFEFFSKU;Location;Quantity;Expires_On\r\nSOAP-1;Lager Süd;5;31.01.2027\r\n\r\n\r\n`;
    const parsed = parseLotCsv(text);
    expect(parsed.ok && parsed.delimiter).toBe(";");
    const rows = rowsOf(text);
    expect(rows).toHaveLength(1);
    expect(rows[0].values).toMatchObject({ sku: "SOAP-1", location: "Lager Süd", expires_on: "31.01.2027" });
  });

  it("keeps commas, quotes and line breaks inside quoted values, and counts the row once", () => {
    const rows = rowsOf(
      `${HEADER},supplier\nSOAP-1,"Workshop, back room",5,,"Meadow ""Oils""\nLtd"\nSOAP-2,Workshop,1,,\n`,
    );
    expect(rows[0].values.location).toBe("Workshop, back room");
    expect(rows[0].values.supplier).toBe('Meadow "Oils"\nLtd');
    expect(rows[1].line).toBe(3);
  });

  it("names unknown and missing columns in line 1 and says which names to use", () => {
    const unknown = parseLotCsv("sku,location,qty\nA,B,1\n");
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.error).toContain('"qty"');
    expect(!unknown.ok && unknown.error).toContain("quantity");
    const missing = parseLotCsv("location,quantity\nB,1\n");
    expect(!missing.ok && missing.error).toContain("sku (or variant_id) is missing");
  });

  it("reports an unclosed quote with the line it starts near", () => {
    const parsed = parseLotCsv(`${HEADER}\nSOAP-1,"Workshop,5,\nSOAP-2,Workshop,1,\n`);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/line \d+: a value opens a double quote/);
  });

  it("flags a row with more values than columns on that row", () => {
    const rows = rowsOf(`${HEADER}\nSOAP-1,Workshop,5,2027-01-31,extra\n`);
    expect(rows[0].problem).toContain("5 values but line 1 names 4 columns");
  });

  it("refuses an empty file, a header without rows and a file with too many rows", () => {
    expect(parseLotCsv("").ok).toBe(false);
    const headerOnly = parseLotCsv(`${HEADER}\n`);
    expect(!headerOnly.ok && headerOnly.error).toContain("no rows");
    const many = `${HEADER}\n${"A,B,1,\n".repeat(LOT_IMPORT_LIMITS.rows + 1)}`;
    const tooMany = parseLotCsv(many);
    expect(!tooMany.ok && tooMany.error).toContain("more than 50,000 rows");
  });

  it("refuses a file over 5 MB and a binary file, and reads Windows-1252 text", () => {
    const big = decodeCsvBytes(new Uint8Array(LOT_IMPORT_LIMITS.bytes + 1));
    expect(!big.ok && big.error).toContain("up to 5 MB");
    const binary = decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]));
    expect(!binary.ok && binary.error).toContain("not a CSV text file");
    // "Süd" as Excel on Windows saves it.
    const latin = decodeCsvBytes(new Uint8Array([0x53, 0xfc, 0x64]));
    expect(latin.ok && latin.text).toBe("Süd");
  });

  it("detects the delimiter from the header, ignoring quoted ones", () => {
    expect(detectDelimiter('"a;b",c,d\n')).toBe(",");
    expect(detectDelimiter("a;b;c\n1,5;2;3")).toBe(";");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
  });

  it("reads its own template back: every column, one example row", () => {
    const rows = rowsOf(lotImportTemplate("Workshop, Unit 4"));
    expect(rows).toHaveLength(1);
    expect(rows[0].values).toMatchObject({
      location: "Workshop, Unit 4",
      quantity: "3",
      serials: "LAV-0001|LAV-0002|LAV-0003",
    });
  });
});
