import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { type CellValue, neutraliseCell, writeTableFile } from "./table-file.server";

async function* from(rows: CellValue[][]) {
  yield* rows;
}

async function csv(rows: CellValue[][], bom = false) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk) => chunks.push(chunk));
  const progress: number[] = [];
  const result = await writeTableFile(
    "csv",
    out,
    [
      { header: "Name", type: "string" },
      { header: "Units", type: "number" },
      { header: "Date", type: "date" },
    ],
    from(rows),
    { bom, onRow: (n) => void progress.push(n) },
  );
  return { text: Buffer.concat(chunks).toString("utf8"), result, progress };
}

describe("table files", () => {
  it("neutralises cells a spreadsheet would run as a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(neutraliseCell(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(neutraliseCell("Lavender =soap")).toBe("Lavender =soap");
  });

  it("writes RFC 4180 CSV with quotes where needed, days as YYYY-MM-DD and an optional BOM", async () => {
    const { text, result, progress } = await csv(
      [
        ['Soap, "large"', 3, new Date("2026-03-31T00:00:00Z")],
        ["=cmd|' /C calc'!A0", null, null],
      ],
      true,
    );
    expect(text).toBe(`\uFEFFName,Units,Date\r\n"Soap, ""large""",3,2026-03-31\r\n'=cmd|' /C calc'!A0,,\r\n`);
    expect(result).toEqual({ rows: 2 });
    expect(progress).toEqual([2]);
  });
});
