import { describe, expect, it } from "vitest";
import {
  type Gs1Element,
  gs1DateToIso,
  isValidGtin,
  needsSeparator,
  parseGs1,
  scanToReceivingFields,
  toAiData,
  toDigitalLink,
  toElementString,
  validateAiValue,
} from "./gs1";

const GS = "\x1d";
const GTIN = "09506000134352";
const today = new Date("2025-06-15T12:00:00Z");

function ais(input: string, options?: { requireAssociations?: boolean }): Gs1Element[] {
  const parsed = parseGs1(input, options);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.ais;
}

function error(input: string, options?: { requireAssociations?: boolean }): string {
  const parsed = parseGs1(input, options);
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return parsed.error;
}

function fields(input: string) {
  const scanned = scanToReceivingFields(input, { today });
  if (!scanned.ok) throw new Error(scanned.error);
  return scanned.fields;
}

const byAi = (list: Gs1Element[]) => [...list].sort((a, b) => a.ai.localeCompare(b.ai));

describe("scanning at the receiving desk", () => {
  it("a GS1 DataMatrix read by a scanner (]d2, GS after the lot) fills GTIN, lot and expiry", () => {
    expect(fields(`]d201${GTIN}10ABC123${GS}17250531`)).toEqual({ gtin: GTIN, lot: "ABC123", expiresAt: "2025-05-31" });
    expect(parseGs1(`]d201${GTIN}10ABC123${GS}17250531`)).toMatchObject({ ok: true, format: "scanner" });
  });

  it("fixed-length AIs need no separator, so 01 and 17 before the lot read straight through", () => {
    expect(fields(`]d201${GTIN}1725053110ABC123`)).toEqual({ gtin: GTIN, lot: "ABC123", expiresAt: "2025-05-31" });
  });

  it("a GS1-128 read (]C1) fills production date, best before and serial", () => {
    expect(fields(`]C101${GTIN}11250101152606012112345`)).toEqual({
      gtin: GTIN,
      producedAt: "2025-01-01",
      bestBefore: "2026-06-01",
      serial: "12345",
    });
  });

  it("a QR code carrying a GS1 Digital Link fills the same fields, with or without the ]Q1 prefix", () => {
    const link = `https://id.gs1.org/01/${GTIN}/10/ABC123?17=250531`;
    expect(fields(`]Q1${link}`)).toEqual({ gtin: GTIN, lot: "ABC123", expiresAt: "2025-05-31" });
    expect(fields(link)).toEqual({ gtin: GTIN, lot: "ABC123", expiresAt: "2025-05-31" });
    expect(parseGs1(link)).toMatchObject({ ok: true, format: "digital-link" });
  });

  it("a Digital Link on a brand's own domain and path works like one on id.gs1.org", () => {
    expect(fields(`https://brand.example/products/p/01/${GTIN}/10/L%2F7?utm_source=label`)).toEqual({
      gtin: GTIN,
      lot: "L/7",
    });
  });

  it("a bracketed element string typed from a label may have spaces between the AIs", () => {
    expect(fields(`(01) ${GTIN} (17) 250531 (10) ABC123`)).toEqual({
      gtin: GTIN,
      lot: "ABC123",
      expiresAt: "2025-05-31",
    });
    expect(parseGs1(`(01)${GTIN}(10)ABC123`)).toMatchObject({ ok: true, format: "bracketed" });
  });

  it("an EAN-13 product barcode fills the GTIN, from a scanner with or without its ]E0 prefix", () => {
    expect(fields("]E04006381333931")).toEqual({ gtin: "04006381333931" });
    expect(fields("4006381333931\r\n")).toEqual({ gtin: "04006381333931" });
    expect(parseGs1("4006381333931")).toMatchObject({ ok: true, format: "plain" });
  });

  it("unbracketed data written with ^ for FNC1 is read as well", () => {
    expect(ais(`^01${GTIN}10ABC^17250531`)).toEqual([
      { ai: "01", value: GTIN },
      { ai: "10", value: "ABC" },
      { ai: "17", value: "250531" },
    ]);
  });

  it("a case label's content GTIN (02) fills the GTIN field", () => {
    expect(fields(`(00)095060001343521236(02)${GTIN}(37)24(10)ABC`)).toEqual({ gtin: GTIN, lot: "ABC" });
  });

  it("an expiry date and time (7003) fills the expiry when there is no (17)", () => {
    expect(fields(`(01)${GTIN}(7003)2507011230`)).toEqual({ gtin: GTIN, expiresAt: "2025-07-01" });
  });

  it("a scan without anything the form can use says what it held", () => {
    expect(scanToReceivingFields("(00)095060001343521236")).toEqual({
      ok: false,
      error: "The scan holds (00) but no GTIN, lot, dates or serial to fill in",
    });
  });
});

describe("dates", () => {
  it("day 00 means the last day of the month, leap years included", () => {
    expect(fields(`(01)${GTIN}(15)240200`).bestBefore).toBe("2024-02-29");
    expect(fields(`(01)${GTIN}(17)250200`).expiresAt).toBe("2025-02-28");
    expect(fields(`(01)${GTIN}(17)251100`).expiresAt).toBe("2025-11-30");
  });

  it("AIs that do not allow day 00 refuse it", () => {
    expect(error(`(01)${GTIN}(7006)250100`)).toBe("AI (7006) must be a date YYMMDD; day 00 is not allowed here");
  });

  it("two-digit years lie within 49 years back and 50 years ahead of today", () => {
    expect(gs1DateToIso("750101", today)).toBe("2075-01-01");
    expect(gs1DateToIso("760101", today)).toBe("1976-01-01");
    expect(gs1DateToIso("760101", new Date("2026-01-01"))).toBe("2076-01-01");
    expect(gs1DateToIso("991231", today)).toBe("1999-12-31");
  });

  it("a month or day that does not exist is named", () => {
    expect(error(`(01)${GTIN}(17)251331`)).toBe("AI (17) must be a date YYMMDD; 13 is not a month");
    expect(error(`(01)${GTIN}(11)250431`)).toBe("AI (11) must be a date YYMMDD; 31 is not a day in April 2025");
  });
});

describe("check digits", () => {
  it("accepts GTIN-8, -12, -13 and -14 with correct check digits", () => {
    for (const gtin of ["02345673", "416000336108", "4006381333931", GTIN]) expect(isValidGtin(gtin)).toBe(true);
  });

  it("rejects a wrong check digit, a wrong length and non-digits", () => {
    for (const gtin of ["02345674", "09506000134353", "4006381333", "40063813339A1", ""]) {
      expect(isValidGtin(gtin)).toBe(false);
    }
  });

  it("says which check digit a scanned GTIN should have had", () => {
    expect(error("(01)09506000134353")).toBe("AI (01) check digit should be 2, not 3");
    expect(error("4006381333932")).toBe("GTIN check digit should be 1, not 2");
    expect(error("]E04006381333932")).toBe("GTIN check digit should be 1, not 2");
  });

  it("checks the check digits of SSCCs and GLNs too", () => {
    expect(error("(00)095060001343521234")).toBe("AI (00) check digit should be 6, not 4");
    expect(error("(414)9506000134353")).toBe("AI (414) check digit should be 2, not 3");
  });
});

describe("FNC1 separators", () => {
  it("only AIs without a predefined length need one after their value", () => {
    expect(["01", "11", "17", "3103", "00"].map(needsSeparator)).toEqual([false, false, false, false, false]);
    expect(["10", "21", "30", "400", "8003", "3922"].map(needsSeparator)).toEqual([true, true, true, true, true, true]);
  });

  it("writes FNC1 first and after each variable-length value except the last", () => {
    const data = [
      { ai: "01", value: GTIN },
      { ai: "10", value: "ABC" },
      { ai: "17", value: "250531" },
      { ai: "21", value: "S1" },
    ];
    expect(toAiData(data)).toBe(`^01${GTIN}10ABC^1725053121S1`);
    expect(toAiData(data, GS)).toBe(`${GS}01${GTIN}10ABC${GS}1725053121S1`);
  });

  it("without a separator after the lot, what follows belongs to the lot, as GS1 defines", () => {
    expect(ais(`]d201${GTIN}10ABC17250531`)).toEqual([
      { ai: "01", value: GTIN },
      { ai: "10", value: "ABC17250531" },
    ]);
  });

  it("a fixed-length AI cut short by a separator is refused", () => {
    expect(error(`]d201${GTIN.slice(0, 13)}${GS}10ABC`)).toBe("AI (01) must be 14 digits; got 13");
  });
});

describe("bad input gets a specific message", () => {
  it("names an unknown AI", () => {
    expect(error("(99999)X")).toBe("Unknown AI (99999)");
    expect(error("(89)X")).toBe("Unknown AI (89)");
    expect(error(`]d201${GTIN}891234`)).toBe('No known AI at "891234" after AI (01)');
  });

  it("names the AI whose value is too long or has a character GS1 does not allow", () => {
    expect(error(`(01)${GTIN}(10)${"A".repeat(21)}`)).toBe("AI (10) must be at most 20 characters; got 21");
    expect(error(`(01)${GTIN}(10)AB~C`)).toBe(
      `AI (10) cannot contain "~" (character 3); GS1 allows letters, digits and !"%&'()*+,-./:;<=>?_ only`,
    );
  });

  it("refuses plain text and barcodes that are not GS1 barcodes", () => {
    expect(error("hello")).toMatch(/^This is not GS1 data\./);
    expect(error("]Q1hello")).toBe("The QR Code holds plain text, not GS1 data or a GS1 Digital Link");
    expect(error("]A0HELLO")).toMatch(/^"\]A0" is not the symbology identifier of a GS1 barcode\./);
    expect(error("12345")).toMatch(
      /^A number on its own is read as a GTIN of 8, 12, 13 or 14 digits; this one has 5\./,
    );
    expect(error("  ")).toBe("Nothing was scanned");
  });

  it("explains Digital Link mistakes", () => {
    expect(error(`https://id.gs1.org/01/${GTIN}?10=ABC`)).toBe(
      "AI (10) belongs in the link's path after AI (01), not in the query string",
    );
    expect(error(`https://id.gs1.org/01/${GTIN}/21/S1/10/ABC`)).toBe(
      "In the link's path, AI (01) can only be followed by (22), (10), (21) or (235), in that order; got (21), (10)",
    );
    expect(error("https://example.com/products/42")).toBe(
      "The link's path has no GS1 primary key, such as /01/ followed by a GTIN",
    );
  });

  it("refuses AIs that exclude each other, and a repeated AI with another value", () => {
    expect(error(`(01)${GTIN}(02)${GTIN}`)).toBe("AI (02) and AI (01) cannot appear together");
    expect(error(`(01)${GTIN}(10)A(10)B`)).toBe('AI (10) appears twice with different values ("A" and "B")');
  });

  it("accepts a lot without a GTIN unless associations are required, as labels split data over barcodes", () => {
    expect(ais("(10)ABC(17)250531")).toHaveLength(2);
    expect(error("(10)ABC(17)250531", { requireAssociations: true })).toBe(
      "AI (10) needs one of (01), (02), (03), (8006), (8026) in the same data",
    );
  });
});

describe("validating one AI value", () => {
  it("returns null for a valid value and the problem otherwise", () => {
    expect(validateAiValue("10", "LOT-2025/07")).toBeNull();
    expect(validateAiValue("10", "")).toBe("AI (10) has no value");
    expect(validateAiValue("21", "S 1")).toMatch(/^AI \(21\) cannot contain a space/);
    expect(validateAiValue("17", "250532")).toBe("AI (17) must be a date YYMMDD; 32 is not a day in May 2025");
    expect(validateAiValue("99999", "X")).toBe("Unknown AI (99999)");
  });
});

describe("writing element strings and Digital Links", () => {
  it("writes a bracketed element string, escaping a bracket inside a value", () => {
    expect(
      toElementString([
        { ai: "01", value: GTIN },
        { ai: "10", value: "A(1)" },
      ]),
    ).toBe(`(01)${GTIN}(10)A\\(1)`);
    expect(
      ais(
        toElementString([
          { ai: "01", value: GTIN },
          { ai: "10", value: "A(1)" },
        ]),
      ),
    ).toEqual([
      { ai: "01", value: GTIN },
      { ai: "10", value: "A(1)" },
    ]);
  });

  it("puts the GTIN and its qualifiers in the path in GS1's order and the rest in the query", () => {
    const link = toDigitalLink([
      { ai: "17", value: "250531" },
      { ai: "21", value: "S1" },
      { ai: "10", value: "ABC" },
      { ai: "01", value: GTIN },
      { ai: "99", value: "note" },
    ]);
    expect(link).toEqual({ ok: true, uri: `https://id.gs1.org/01/${GTIN}/10/ABC/21/S1?17=250531&99=note` });
  });

  it("uses the shop's own stem when given one", () => {
    expect(toDigitalLink([{ ai: "01", value: GTIN }], "https://shop.example/l/")).toEqual({
      ok: true,
      uri: `https://shop.example/l/01/${GTIN}`,
    });
  });

  it("cannot write a link without a primary key, or with an AI that may not be a link attribute", () => {
    expect(toDigitalLink([{ ai: "10", value: "ABC" }])).toMatchObject({ ok: false });
    expect(
      toDigitalLink([
        { ai: "01", value: GTIN },
        { ai: "8200", value: "https://x.example" },
      ]),
    ).toEqual({
      ok: false,
      error: "AI (8200) cannot be carried in a GS1 Digital Link",
    });
  });

  it.each([
    ["a GTIN with lot and expiry", `(01)${GTIN}(10)ABC123(17)250531`],
    ["characters that need escaping", `(01)${GTIN}(22)A/B(10)50%+x&y(99)a=b?c&d`],
    ["a GTIN with serial, weight and price", `(01)${GTIN}(21)S-1(3103)000195(3922)0299`],
    ["an SSCC with content and count", `(00)095060001343521236(02)${GTIN}(37)24(10)L1`],
    ["a GLN with extension", "(414)9506000134352(254)32a/b"],
  ])("a Digital Link round trip keeps the AIs of %s", (_name, elementString) => {
    const original = ais(elementString);
    const link = toDigitalLink(original);
    if (!link.ok) throw new Error(link.error);
    expect(byAi(ais(link.uri))).toEqual(byAi(original));
    const again = toDigitalLink(ais(link.uri));
    expect(again).toEqual(link);
  });
});
