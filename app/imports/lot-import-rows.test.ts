import { describe, expect, it } from "vitest";
import { parseCodeTemplate } from "../domain/lot-code-template";
import type { ReceiveVariant } from "../domain/receiving";
import { parseLotCsv } from "./lot-csv";
import {
  conflictsWithShop,
  importSequenceDemand,
  issueLotImportCodes,
  type LotImportContext,
  noonInZone,
  normalizeDate,
  planLotImportRows,
  serialKey,
} from "./lot-import-rows";

const variant = (n: number, sku: string | null): ReceiveVariant => ({
  variantId: `gid://shopify/ProductVariant/${n}`,
  productId: `gid://shopify/Product/${n}`,
  inventoryItemId: `gid://shopify/InventoryItem/${n}`,
  sku,
  productTitle: `Product ${n}`,
});

function lotTemplate(source = "{SKU}-{YY}{MM}{DD}-{SEQ:2}", requireGs1 = true) {
  const parsed = parseCodeTemplate(source, { kind: "lot", requireGs1 });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.template;
}

function context(overrides: Partial<LotImportContext> = {}): LotImportContext {
  return {
    shopId: "0190b5a0-0000-7000-8000-000000000001",
    actor: "user:1",
    variants: [variant(1, "SOAP"), variant(2, "CANDLE"), variant(3, "TWIN"), variant(4, "TWIN")],
    locations: [
      { id: "gid://shopify/Location/1", name: "Workshop", code: "WKS" },
      { id: "gid://shopify/Location/2", name: "Shop Front", code: "SF" },
    ],
    lotTemplate: lotTemplate(),
    timeZone: "UTC",
    now: new Date("2026-11-21T15:00:00Z"),
    ...overrides,
  };
}

const HEADER = "sku,variant_id,location,lot_code,quantity,produced_on,best_before,expires_on,received_on,gtin,serials";

function plan(lines: string[], ctx = context()) {
  const parsed = parseLotCsv(`${HEADER}\n${lines.join("\n")}\n`);
  if (!parsed.ok) throw new Error(parsed.error);
  return planLotImportRows(parsed.rows, ctx);
}

describe("checking rows of a lot import", () => {
  it("plans a good row as a one-line receipt at its location, received at noon on its day", () => {
    const { planned, errors } = plan(["SOAP,,workshop,LAV-1,12,2026-10-01,,2027-10-01,2026-10-05,,"]);
    expect(errors).toEqual([]);
    expect(planned).toHaveLength(1);
    const line = planned[0].plan.lines[0];
    expect(planned[0].plan.locationId).toBe("gid://shopify/Location/1");
    expect(planned[0].plan.receivedAt.toISOString()).toBe("2026-10-05T12:00:00.000Z");
    expect(line).toMatchObject({ quantity: 12, manualLotCode: "LAV-1" });
    expect(line.expiresAt?.toISOString()).toBe("2027-10-01T00:00:00.000Z");
  });

  it("names the line and column of each kind of bad value", () => {
    const { planned, errors } = plan([
      "NOPE,,Workshop,,1,,,,,,", // line 2: unknown SKU
      "SOAP,,Attic,,1,,,,,,", // line 3: unknown location
      "SOAP,,Workshop,,1,,,2027-02-30,,,", // line 4: no such date
      "SOAP,,Workshop,,1,2026-10-01,,2026-09-01,,,", // line 5: expiry before production
      "SOAP,,Workshop,,0,,,,,,", // line 6: zero quantity
      "SOAP,,Workshop,,-4,,,,,,", // line 7: negative quantity
      "SOAP,,Workshop,,1,,,,,12345678,", // line 8: bad GTIN check digit
      "SOAP,,Workshop,,3,,,,,,A1|A2", // line 9: 3 units, 2 serials
      "SOAP,,Workshop,,1,,,03/04/2027,,,", // line 10: ambiguous date
      "TWIN,,Workshop,,1,,,,,,", // line 11: SKU on two variants
      "SOAP,,Workshop,,1,,,,2026-12-01,,", // line 12: received in the future
      "SOAP,,Workshop,lot with spaces,1,,,,,,", // line 13: lot code rules
      "SOAP,,Workshop,,two,,,,,,", // line 14: not a number
    ]);
    expect(planned).toEqual([]);
    expect(errors.map((error) => [error.line, error.column])).toEqual([
      [2, "sku"],
      [3, "location"],
      [4, "expires_on"],
      [5, "expires_on"],
      [6, "quantity"],
      [7, "quantity"],
      [8, "gtin"],
      [9, "serials"],
      [10, "expires_on"],
      [11, "sku"],
      [12, "received_on"],
      [13, "lot_code"],
      [14, "quantity"],
    ]);
    const message = (line: number) => errors.find((error) => error.line === line)?.message;
    expect(message(2)).toBe('No product variant in your shop has the SKU "NOPE"');
    expect(message(3)).toContain('no active location called "Attic"; use one of: Workshop, Shop Front');
    expect(message(4)).toContain('"2027-02-30" is not a date');
    expect(message(5)).toBe('Expiry date is before the production date (found "2026-09-01")');
    expect(message(6)).toContain("at least 1");
    expect(message(8)).toContain("not a valid GTIN");
    expect(message(9)).toContain("3 units but 2 serial numbers");
    expect(message(10)).toContain("could be day/month or month/day");
    expect(message(11)).toContain("give the variant_id instead");
    expect(message(14)).toContain('(found "two")');
  });

  it("reports every bad column of a row, even when its SKU is unknown", () => {
    const { errors } = plan(["NOPE,,Attic,,0,,,not-a-date,,,"]);
    expect(errors.map((error) => error.column)).toEqual(["sku", "location", "quantity", "expires_on"]);
  });

  it("reads dotted day-first dates and ISO dates with slashes", () => {
    expect(normalizeDate("31.01.2027")).toEqual({ ok: true, value: "2027-01-31" });
    expect(normalizeDate("2027/1/5")).toEqual({ ok: true, value: "2027-01-05" });
    expect(normalizeDate("2027-01-05 00:00:00")).toEqual({ ok: true, value: "2027-01-05" });
    expect(normalizeDate("")).toEqual({ ok: true, value: null });
    expect(normalizeDate("Jan 5 2027").ok).toBe(false);
  });

  it("finds a variant by numeric id or gid and refuses a SKU that contradicts it", () => {
    const { planned, errors } = plan([
      ",1,Workshop,,1,,,,,,",
      ",gid://shopify/ProductVariant/2,Workshop,,1,,,,,,",
      "SOAP,2,Workshop,,1,,,,,,",
      ",99,Workshop,,1,,,,,,",
    ]);
    expect(planned.map((row) => row.plan.lines[0].variant.sku)).toEqual(["SOAP", "CANDLE"]);
    expect(errors.map((error) => [error.line, error.column])).toEqual([
      [4, "sku"],
      [5, "variant_id"],
    ]);
  });

  it("takes the only location when the cell is empty, and asks for one when the shop has several", () => {
    const one = context({ locations: [{ id: "gid://shopify/Location/1", name: "Workshop", code: "WKS" }] });
    expect(plan(["SOAP,,,,1,,,,,,"], one).errors).toEqual([]);
    expect(plan(["SOAP,,,,1,,,,,,"]).errors[0]).toMatchObject({ column: "location" });
  });

  it("refuses a lot code or a product's serial number used twice in the file, naming the earlier line", () => {
    const { planned, errors } = plan([
      "SOAP,,Workshop,LOT-A,2,,,,,,S1|S2",
      "CANDLE,,Workshop,LOT-A,1,,,,,,",
      "SOAP,,Workshop,LOT-B,1,,,,,,S2",
      "CANDLE,,Workshop,LOT-C,1,,,,,,S2",
    ]);
    expect(planned.map((row) => row.line)).toEqual([2, 5]);
    expect(errors).toEqual([
      { line: 3, column: "lot_code", message: 'Lot code "LOT-A" is also on line 2; each lot needs its own code' },
      { line: 4, column: "serials", message: 'Serial number "S2" is also on line 2 for the same product' },
    ]);
  });
});

describe("issuing codes for imported rows", () => {
  it("gives template codes in file order from the first numbers, on each row's receiving day", () => {
    const { planned } = plan([
      "SOAP,,Workshop,,1,,,,2026-10-05,,",
      "SOAP,,Workshop,MINE-1,1,,,,2026-10-05,,",
      "SOAP,,Workshop,,1,,,,2026-10-05,,",
    ]);
    const demand = importSequenceDemand(planned);
    expect([...demand.values()]).toEqual([2]);
    const scope = [...demand.keys()][0];
    const { issued, errors } = issueLotImportCodes(planned, new Map([[scope, 7]]));
    expect(errors).toEqual([]);
    expect(issued.map((row) => [row.lotCode, row.manual])).toEqual([
      ["SOAP-261005-07", false],
      ["MINE-1", true],
      ["SOAP-261005-08", false],
    ]);
  });

  it("refuses a template code another row also gets", () => {
    const ctx = context({ lotTemplate: lotTemplate("{SKU}-{YY}{MM}{DD}") });
    const { planned } = plan(["SOAP,,Workshop,,1,,,,2026-10-05,,", "SOAP,,Workshop,,1,,,,2026-10-05,,"], ctx);
    const { issued, errors } = issueLotImportCodes(planned, new Map());
    expect(issued).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 3, column: "lot_code" });
    expect(errors[0].message).toContain("which line 2 also has");
  });

  it("names codes and serial numbers the shop already has", () => {
    const { planned } = plan(["SOAP,,Workshop,OLD-1,1,,,,,,X9", "CANDLE,,Workshop,NEW-1,1,,,,,,X9"]);
    const { issued } = issueLotImportCodes(planned, new Map());
    const errors = conflictsWithShop(issued, {
      lotCodes: new Set(["OLD-1"]),
      serials: new Map([[serialKey("gid://shopify/Product/2", "X9"), "LOT-7"]]),
    });
    expect(errors).toEqual([
      { line: 2, column: "lot_code", message: 'Lot code "OLD-1" already exists in your shop; use another code' },
      { line: 3, column: "serials", message: 'Serial number "X9" already exists for this product (lot LOT-7)' },
    ]);
  });
});

describe("the instant an imported lot was received", () => {
  it("is noon on that day in the shop's time zone", () => {
    expect(noonInZone("2026-10-05", "Pacific/Auckland").toISOString()).toBe("2026-10-04T23:00:00.000Z");
    expect(noonInZone("2026-07-01", "America/New_York").toISOString()).toBe("2026-07-01T16:00:00.000Z");
  });

  it("is now, not later, for stock received today", () => {
    const now = new Date("2026-11-21T08:00:00Z");
    const { planned } = plan(["SOAP,,Workshop,,1,,,,2026-11-21,,"], context({ now }));
    expect(planned[0].plan.receivedAt).toEqual(now);
  });
});
