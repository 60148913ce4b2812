import { describe, expect, it } from "vitest";
import { type CodeTemplate, parseCodeTemplate } from "./lot-code-template";
import {
  availableQuantity,
  calendarDay,
  issueCodes,
  parseCalendarDate,
  planReceipt,
  type ReceiveStockInput,
  receiptChanges,
  sequenceDemand,
} from "./receiving";

function template(source: string, kind: "lot" | "serial" = "lot"): CodeTemplate {
  const parsed = parseCodeTemplate(source, { kind });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.template;
}

const variant = (n: number, sku: string | null = `SKU${n}`) => ({
  variantId: `gid://shopify/ProductVariant/${n}`,
  productId: `gid://shopify/Product/${n}`,
  inventoryItemId: `gid://shopify/InventoryItem/${n}`,
  sku,
  productTitle: `Product ${n}`,
});

function input(lines: ReceiveStockInput["lines"], overrides: Partial<ReceiveStockInput> = {}): ReceiveStockInput {
  return {
    shopId: "0190b5a0-0000-7000-8000-000000000001",
    actor: "user:1",
    locationId: "gid://shopify/Location/1",
    locationCode: "WKS",
    receivedAt: new Date("2026-03-05T12:00:00Z"),
    lines,
    ...overrides,
  };
}

const now = new Date("2026-03-05T12:00:00Z");

describe("planning a receipt", () => {
  it("accepts a complete receipt and says how many numbers each counter must hand out", () => {
    const planned = planReceipt(
      input([
        { variant: variant(1), quantity: 3, producedAt: "2026-03-01", expiresAt: "2027-03-01" },
        { variant: variant(1), quantity: 2, serials: "generate" },
      ]),
      { lotTemplate: template("{SKU}-{SEQ:3}"), serialTemplate: template("{SKU}{SEQ:5}", "serial"), now },
    );
    if (!planned.ok) throw new Error(JSON.stringify(planned.fields));
    expect(Object.fromEntries(sequenceDemand(planned.plan))).toEqual({
      "lot:SKU1-⟨SEQ⟩": 2,
      "serial:SKU1⟨SEQ⟩": 2,
    });
    expect(planned.plan.lines[0].producedAt).toEqual(new Date("2026-03-01T00:00:00Z"));
  });

  it("refuses a best-before after the expiry and a production date after the day the goods arrived", () => {
    const planned = planReceipt(
      input([
        {
          variant: variant(1),
          quantity: 1,
          producedAt: "2026-03-06",
          bestBefore: "2027-02-01",
          expiresAt: "2027-01-01",
        },
      ]),
      { lotTemplate: template("{SKU}-{SEQ:3}"), now },
    );
    expect(planned).toEqual({
      ok: false,
      fields: {
        "lines[0].bestBefore": "Best-before date is after the expiry date",
        "lines[0].producedAt": "Production date is after the day the goods arrived",
      },
    });
  });

  it("refuses generated serial numbers when the shop has no serial template", () => {
    const planned = planReceipt(input([{ variant: variant(1), quantity: 2, serials: "generate" }]), {
      lotTemplate: template("{SKU}-{SEQ:3}"),
      now,
    });
    expect(planned).toMatchObject({
      ok: false,
      fields: { "lines[0].serials": expect.stringMatching(/serial number template/) },
    });
  });

  it("allows the same serial number on two different products", () => {
    const planned = planReceipt(
      input([
        { variant: variant(1), quantity: 1, serials: ["A-1"] },
        { variant: variant(2), quantity: 1, serials: ["A-1"] },
      ]),
      { lotTemplate: template("{SKU}-{SEQ:3}"), now },
    );
    expect(planned.ok).toBe(true);
  });

  it("refuses a typed-in lot code that GS1 AI (10) cannot carry when the shop keeps codes GS1-compatible", () => {
    const planned = planReceipt(input([{ variant: variant(1), quantity: 1, lotCode: "LOT#7" }]), {
      lotTemplate: template("{SKU}-{SEQ:3}"),
      now,
    });
    expect(planned).toMatchObject({
      ok: false,
      fields: { "lines[0].lotCode": expect.stringMatching(/GS1 AI \(10\)/) },
    });
  });

  it("refuses a receipt dated in the future and an unknown time zone", () => {
    expect(
      planReceipt(input([{ variant: variant(1), quantity: 1 }], { receivedAt: new Date("2026-03-07T00:00:00Z") }), {
        lotTemplate: template("{SKU}-{SEQ:3}"),
        now,
      }),
    ).toMatchObject({ ok: false, fields: { receivedAt: "The receiving date is in the future" } });
    expect(
      planReceipt(input([{ variant: variant(1), quantity: 1 }], { timeZone: "Mars/Olympus" }), {
        lotTemplate: template("{SKU}-{SEQ:3}"),
        now,
      }),
    ).toMatchObject({ ok: false, fields: { timeZone: expect.stringMatching(/not a time zone/) } });
  });
});

describe("issuing codes from the numbers the counters handed out", () => {
  it("gives lines of one scope consecutive numbers in line order", () => {
    const planned = planReceipt(
      input([
        { variant: variant(1), quantity: 1 },
        { variant: variant(1), quantity: 1 },
      ]),
      { lotTemplate: template("{SKU}-{SEQ:3}"), now },
    );
    if (!planned.ok) throw new Error("plan refused");
    expect(issueCodes(planned.plan, new Map([["lot:SKU1-⟨SEQ⟩", 7]]))).toEqual({
      ok: true,
      codes: { lotCodes: ["SKU1-007", "SKU1-008"], serials: [[], []] },
    });
  });

  it("refuses two lines that a template without {SEQ} would give the same code", () => {
    const planned = planReceipt(
      input([
        { variant: variant(1), quantity: 1 },
        { variant: variant(1), quantity: 1 },
      ]),
      { lotTemplate: template("{SKU}-{YY}{MM}{DD}"), now },
    );
    if (!planned.ok) throw new Error("plan refused");
    expect(issueCodes(planned.plan, new Map())).toEqual({
      ok: false,
      fields: { "lines[1].lotCode": expect.stringMatching(/Line 1 gets lot code "SKU1-260305" too/) },
    });
  });

  it("says when a counter has run out of digits", () => {
    const planned = planReceipt(input([{ variant: variant(1), quantity: 1 }]), {
      lotTemplate: template("{SKU}-{SEQ:2}"),
      now,
    });
    if (!planned.ok) throw new Error("plan refused");
    expect(issueCodes(planned.plan, new Map([["lot:SKU1-⟨SEQ⟩", 100]]))).toMatchObject({
      ok: false,
      fields: { "lines[0].lotCode": expect.stringMatching(/ran out after 99 codes/) },
    });
  });
});

describe("receipt helpers", () => {
  it("sends one Shopify change per inventory item, summing lines of the same item", () => {
    expect(
      receiptChanges("gid://shopify/Location/1", [
        { inventoryItemId: "gid://shopify/InventoryItem/2", quantity: 3 },
        { inventoryItemId: "gid://shopify/InventoryItem/1", quantity: 1 },
        { inventoryItemId: "gid://shopify/InventoryItem/2", quantity: 4 },
      ]),
    ).toEqual([
      { inventoryItemId: "gid://shopify/InventoryItem/2", locationId: "gid://shopify/Location/1", delta: 7 },
      { inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/1", delta: 1 },
    ]);
  });

  it("derives available stock as on hand minus allocated", () => {
    expect(availableQuantity({ onHandQuantity: 10, allocatedQuantity: 4 })).toBe(6);
    expect(availableQuantity({ onHandQuantity: 10, allocatedQuantity: 4, quarantinedQuantity: 3 })).toBe(3);
  });

  it("reads calendar dates strictly and finds the day in a time zone", () => {
    expect(parseCalendarDate("2028-02-29")).toEqual(new Date("2028-02-29T00:00:00Z"));
    expect(parseCalendarDate("2027-02-29")).toBeNull();
    expect(parseCalendarDate("5/3/2026")).toBeNull();
    expect(calendarDay(new Date("2026-12-31T23:30:00Z"), "Europe/Berlin")).toEqual({ year: 2027, month: 1, day: 1 });
    expect(calendarDay(new Date("2026-12-31T23:30:00Z"), "UTC")).toEqual({ year: 2026, month: 12, day: 31 });
  });
});
