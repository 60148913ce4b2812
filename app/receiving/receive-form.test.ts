import { describe, expect, it } from "vitest";
import { scanToReceivingFields } from "../domain/gs1";
import { type CodeTemplate, parseCodeTemplate } from "../domain/lot-code-template";
import {
  applyScan,
  chooseVariant,
  emptyLine,
  groupFieldErrors,
  isBlankLine,
  type LineDraft,
  locationCode,
  previewReceiptCodes,
  splitSerials,
  type VariantChoice,
  withoutField,
  withoutLine,
} from "./receive-form";
import { formDataToObject, MalformedFormError, receiveFormSchema } from "./receive-form-schema";

function template(source: string, kind: "lot" | "serial" = "lot"): CodeTemplate {
  const parsed = parseCodeTemplate(source, { kind });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.template;
}

const soap: VariantChoice = {
  variantId: "gid://shopify/ProductVariant/1",
  displayName: "Lavender Soap",
  productTitle: "Lavender Soap",
  sku: "LAV",
  barcode: "0614141001019",
  tracked: true,
};
const candle: VariantChoice = { ...soap, variantId: "gid://shopify/ProductVariant/2", sku: "CAN", barcode: null };

function scan(input: string) {
  const result = scanToReceivingFields(input, { today: new Date("2026-06-01T00:00:00Z") });
  if (!result.ok) throw new Error(result.error);
  return result.fields;
}

describe("reading the posted form", () => {
  it("gathers lines[i].field names into lines, in order, with empty lines for gaps", () => {
    const form = new URLSearchParams({
      locationId: "gid://shopify/Location/1",
      "lines[0].variantId": "gid://shopify/ProductVariant/1",
      "lines[0].quantity": " 12 ",
      "lines[2].quantity": "3",
      "lines[2].serialMode": "generate",
      "lines[0].notAField": "x",
    });
    const parsed = receiveFormSchema.parse(formDataToObject(form));
    expect(parsed.locationId).toBe("gid://shopify/Location/1");
    expect(parsed.referenceType).toBeNull();
    expect(parsed.lines).toHaveLength(3);
    expect(parsed.lines[0]).toMatchObject({
      variantId: "gid://shopify/ProductVariant/1",
      quantity: "12",
      serialMode: "none",
    });
    expect(parsed.lines[1]).toMatchObject({ variantId: "", quantity: "" });
    expect(parsed.lines[2]).toMatchObject({ quantity: "3", serialMode: "generate" });
    expect(parsed.lines[0]).not.toHaveProperty("notAField");
  });

  it("refuses a line index no form produces, and a reference type the form does not offer", () => {
    expect(() => formDataToObject(new URLSearchParams({ "lines[100000].quantity": "1" }))).toThrow(MalformedFormError);
    expect(receiveFormSchema.safeParse(formDataToObject(new URLSearchParams({ referenceType: "memo" }))).success).toBe(
      false,
    );
  });

  it("splits a pasted list of serial numbers on new lines, commas and spaces", () => {
    expect(splitSerials("A1\nA2, A3;A4  A5\r\n\n")).toEqual(["A1", "A2", "A3", "A4", "A5"]);
  });
});

describe("putting the service's errors on the form", () => {
  it("puts each line's error on its field and summarises them in form order", () => {
    const grouped = groupFieldErrors({
      "lines[1].expiresAt": "Expiry date is before the production date",
      locationId: "Choose the location the goods arrived at",
      "lines[0].quantity": "Enter a quantity of at least 1",
      "lines[0].variant": "Choose a product variant",
    });
    expect(grouped.lines[1]).toEqual({ expiresAt: "Expiry date is before the production date" });
    expect(grouped.lines[0]).toEqual({
      quantity: "Enter a quantity of at least 1",
      variant: "Choose a product variant",
    });
    expect(grouped.receipt).toEqual({ locationId: "Choose the location the goods arrived at" });
    expect(grouped.summary).toEqual([
      "Location: Choose the location the goods arrived at",
      "Line 1, product: Choose a product variant",
      "Line 1, quantity: Enter a quantity of at least 1",
      "Line 2, expiry date: Expiry date is before the production date",
    ]);
  });

  it("shows a serial number's error on the line's serial field, with field names in words", () => {
    const grouped = groupFieldErrors({
      "lines[1].serials[3]": 'Serial number "S-1" is entered twice (also at lines[0].serials[2])',
      "lines[0].serials[0]": "Serial numbers use letters, digits and punctuation, without spaces",
    });
    expect(grouped.lines[1].serials).toBe('Serial number "S-1" is entered twice (also at line 1, serial 3)');
    expect(grouped.lines[0].serials).toBe(
      "Serial 1: Serial numbers use letters, digits and punctuation, without spaces",
    );
  });

  it("keeps errors that belong to no field for the banner", () => {
    const grouped = groupFieldErrors({
      timeZone: '"Mars/Olympus" is not a time zone',
      lines: "Add at least one product",
    });
    expect(grouped.receipt).toEqual({
      general: '"Mars/Olympus" is not a time zone',
      lines: "Add at least one product",
    });
    expect(grouped.summary).toHaveLength(2);
  });

  it("moves later lines' errors up when a line is removed, and drops a field's errors once it is edited", () => {
    const fields = {
      "lines[0].quantity": "a",
      "lines[1].expiresAt": "b",
      "lines[2].serials[4]": "c",
      supplierName: "d",
    };
    expect(withoutLine(fields, 1)).toEqual({ "lines[0].quantity": "a", "lines[1].serials[4]": "c", supplierName: "d" });
    expect(withoutField(fields, "lines[2].serials")).toEqual({
      "lines[0].quantity": "a",
      "lines[1].expiresAt": "b",
      supplierName: "d",
    });
  });
});

describe("filling a line from a scan", () => {
  it("takes GTIN, lot and dates from a GS1 Digital Link and asks for the variant with that barcode", () => {
    const { line, filled, lookUpGtin } = applyScan(
      emptyLine("a"),
      scan("https://id.gs1.org/01/00614141001019/10/SUPPLIER-7?11=260115&17=271231"),
    );
    expect(line).toMatchObject({
      gtin: "00614141001019",
      supplierLotCode: "SUPPLIER-7",
      producedAt: "2026-01-15",
      expiresAt: "2027-12-31",
    });
    expect(filled).toEqual(["GTIN 00614141001019", "lot SUPPLIER-7", "production 2026-01-15", "expiry 2027-12-31"]);
    expect(lookUpGtin).toBe("00614141001019");
  });

  it("does not look the product up again when the line already has the variant with that barcode", () => {
    const line = { ...emptyLine("a"), variant: soap };
    expect(applyScan(line, scan("(01)00614141001019(10)B2")).lookUpGtin).toBeNull();
  });

  it("adds each scanned serial number once, raising the quantity to match", () => {
    let line: LineDraft = { ...emptyLine("a"), variant: soap };
    for (const serial of ["S1", "S2", "S2"]) line = applyScan(line, scan(`(01)00614141001019(21)${serial}`)).line;
    expect(line).toMatchObject({ serialMode: "list", serials: "S1\nS2", quantity: "2" });
    // A larger quantity typed in by the merchant stays.
    line = applyScan({ ...line, quantity: "10" }, scan("(01)00614141001019(21)S3")).line;
    expect(line.quantity).toBe("10");
  });

  it("drops a scanned GTIN when the merchant chooses a variant with another barcode, but keeps it for one without", () => {
    const scanned = { ...emptyLine("a"), gtin: "00614141001019" };
    expect(chooseVariant(scanned, soap).gtin).toBe("00614141001019");
    expect(chooseVariant(scanned, { ...soap, barcode: "4006381333931" }).gtin).toBe("");
    expect(chooseVariant(scanned, candle).gtin).toBe("00614141001019");
  });

  it("treats a line as blank until anything is entered", () => {
    expect(isBlankLine(emptyLine("a"))).toBe(true);
    expect(isBlankLine({ ...emptyLine("a"), quantity: "1" })).toBe(false);
    expect(isBlankLine({ ...emptyLine("a"), serialMode: "generate" })).toBe(false);
  });
});

describe("previewing the codes a receipt will be issued", () => {
  const context = {
    lotTemplate: template("{SKU}-{YY}{MM}{DD}-{SEQ:2}"),
    serialTemplate: template("{YY}{JJJ}-{SEQ:5}", "serial"),
    locationCode: "WOR",
    date: { year: 2026, month: 11, day: 20 },
    lastIssued: { "lot:LAV-261120-⟨SEQ⟩": 4 },
  };
  const line = (variant: VariantChoice, overrides = {}) => ({
    sku: variant.sku,
    productTitle: variant.productTitle,
    supplierLotCode: "",
    lotCode: "",
    quantity: 3,
    serialMode: "none" as const,
    ...overrides,
  });

  it("continues each counter after what it issued, line by line as the service takes numbers", () => {
    const previews = previewReceiptCodes(
      [line(soap), null, line(soap, { lotCode: "HAND-1" }), line(soap), line(candle, { serialMode: "generate" })],
      context,
    );
    expect(previews.map((preview) => preview.lotCode)).toEqual([
      "LAV-261120-05",
      null,
      "HAND-1",
      "LAV-261120-06",
      "CAN-261120-01",
    ]);
    expect(previews[2].manual).toBe(true);
    expect(previews[4].serials).toEqual({ first: "26324-00001", last: "26324-00003", count: 3 });
  });

  it("says why the template cannot give a line a code", () => {
    const [preview] = previewReceiptCodes([line({ ...soap, sku: null })], context);
    expect(preview.lotCode).toBeNull();
    expect(preview.lotError).toMatch(/no SKU/);
  });
});

describe("location codes", () => {
  it("uses the first letters of one word and the initials of several", () => {
    expect(locationCode("Workshop")).toBe("WOR");
    expect(locationCode("Main Street Store")).toBe("MSS");
    expect(locationCode("Entrepôt Nord")).toBe("EN");
    expect(locationCode("  ")).toBe("LOC");
  });
});
