import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dictionaryPath, outputPath, parseDictionary, renderTable } from "./generate-gs1-ais";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

describe("the GS1 AI table", () => {
  it("checked in is exactly what the vendored dictionary generates", () => {
    expect(renderTable(parseDictionary(read(dictionaryPath)))).toBe(read(outputPath));
  });

  it("reads ranges, flags, optional components, linters and attributes", () => {
    const [entry] = parseDictionary("3100-3102  *?  N6  req=01,02 ex=310n  # NET WEIGHT (kg)\n");
    expect(entry).toEqual({
      ais: ["3100", "3101", "3102"],
      flags: "*?",
      components: [{ cset: "N", min: 6, max: 6, optional: false, linters: [] }],
      req: [[["01"], ["02"]]],
      ex: ["310n"],
      dlpkey: null,
      title: "NET WEIGHT (kg)",
    });
    const [grai] = parseDictionary("8003  ?  N1,zero N13,csum,gcppos1 [X..16]  dlpkey  # GRAI\n");
    expect(grai.components[2]).toEqual({ cset: "X", min: 1, max: 16, optional: true, linters: [] });
    expect(grai.dlpkey).toEqual([[]]);
  });

  it("refuses a line it does not understand rather than guessing", () => {
    expect(() => parseDictionary("01  *  Q14  # ?\n")).toThrow(/no format specification/);
    expect(() => parseDictionary("01  *  N14  frob=1  # ?\n")).toThrow(/unknown attribute frob=1/);
  });
});
