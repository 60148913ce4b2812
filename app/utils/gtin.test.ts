import { describe, expect, it } from "vitest";
import { gtinForms } from "./gtin";

describe("the forms of a GTIN", () => {
  it("writes a GTIN-13 carried in AI (01) as 14, 13 and 12 digits", () => {
    expect(gtinForms("00614141001019")).toEqual(["00614141001019", "0614141001019", "614141001019"]);
  });

  it("writes a GTIN-8 in every length and a GTIN-14 only as itself", () => {
    expect(gtinForms("96385074")).toEqual(["00000096385074", "0000096385074", "000096385074", "96385074"]);
    expect(gtinForms("10614141001016")).toEqual(["10614141001016"]);
  });

  it("has no forms for what is not 8 to 14 digits", () => {
    expect(gtinForms("0614-141")).toEqual([]);
    expect(gtinForms("1234567")).toEqual([]);
  });
});
