import { describe, expect, it } from "vitest";
import {
  checkRecallDraft,
  compareSerials,
  findMissingRecallContent,
  isSerialInRange,
  parseSerialRange,
  type RecallContent,
} from "./recall-input";

const LOT = "0193a3c4-1111-7aaa-8bbb-000000000001";

const complete = {
  title: "Lavender Soap — possible contamination",
  jurisdiction: "eu_gpsr",
  severity: "high",
  reason: "Supplier reported contamination",
  hazard: "Skin irritation",
  customerActions: ["stop_using"],
  remedies: ["refund"],
  contactEmail: "recalls@example.com",
  lotIds: [LOT],
};

describe("checking a recall draft", () => {
  it("accepts a complete draft as the form sends it", () => {
    const result = checkRecallDraft(complete);
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ title: complete.title, lotIds: [LOT] }) });
  });

  it("treats empty boxes as not given, not as errors", () => {
    const result = checkRecallDraft({
      ...complete,
      contactEmail: "",
      contactPhone: "  ",
      contactUrl: "",
      noticeSubject: "",
      expiresAt: "",
      jurisdiction: "",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.contactEmail).toBeUndefined();
    expect(result.value.noticeSubject).toBeUndefined();
    expect(result.value.jurisdiction).toBe("generic");
  });

  it("takes a single checkbox value as a list of one and drops repeats", () => {
    const result = checkRecallDraft({ ...complete, customerActions: "return", remedies: ["refund", "refund"] });
    expect(result.ok && [result.value.customerActions, result.value.remedies]).toEqual([["return"], ["refund"]]);
  });

  it("lets a draft be saved without reason, hazard, actions or contact (they are needed only to send)", () => {
    const result = checkRecallDraft({ title: "Soap", lotIds: [LOT] });
    expect(result.ok).toBe(true);
  });

  it("names each bad field in the merchant's words", () => {
    const result = checkRecallDraft({
      ...complete,
      title: "",
      contactEmail: "recalls-at-example",
      contactUrl: "ftp://example.com",
      contactPhone: "call me",
      customerActions: ["burn"],
      expiresAt: "21/11/2027",
      lotIds: [],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fields).sort()).toEqual([
      "contactEmail",
      "contactPhone",
      "contactUrl",
      "customerActions",
      "expiresAt",
      "lotIds",
      "title",
    ]);
    expect(result.fields.title).toBe("Give the recall a title");
    expect(result.fields.contactUrl).toMatch(/https:\/\//);
    expect(result.fields.expiresAt).toMatch(/YYYY-MM-DD/);
    expect(result.fields.lotIds).toMatch(/at least one lot/);
  });

  it("refuses a lot id that is not an id, without echoing it into a query", () => {
    const result = checkRecallDraft({ ...complete, lotIds: ["'; DROP TABLE"] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.lotIds).toMatch(/choose it again/);
  });

  it("asks for the whole serial range and refuses one mixed with lots or running backwards", () => {
    const partial = checkRecallDraft({ ...complete, lotIds: [], serialFrom: "SN-0001" });
    expect(partial.ok === false && Object.keys(partial.fields).sort()).toEqual(["serialProductId", "serialTo"]);

    const mixed = checkRecallDraft({
      ...complete,
      serialProductId: "gid://shopify/Product/1",
      serialFrom: "SN-1",
      serialTo: "SN-9",
    });
    expect(mixed.ok === false && mixed.fields.lotIds).toMatch(/not both/);

    const backwards = checkRecallDraft({
      ...complete,
      lotIds: [],
      serialProductId: "gid://shopify/Product/1",
      serialFrom: "SN-0100",
      serialTo: "SN-99",
    });
    expect(backwards.ok === false && backwards.fields.serialTo).toMatch(/swap them/);

    const fine = checkRecallDraft({
      ...complete,
      lotIds: [],
      serialProductId: "gid://shopify/Product/1",
      serialFrom: "SN-99",
      serialTo: "SN-0100",
    });
    expect(fine.ok).toBe(true);
  });
});

describe("what a recall needs before it is sent", () => {
  const ready: RecallContent = {
    reason: "Contamination",
    hazard: "Rash",
    customerActions: ["dispose"],
    remedies: ["replacement"],
    contactEmail: null,
    contactPhone: "+44 20 7946 0000",
    contactUrl: null,
  };

  it("needs nothing more when every element is there (any one contact is enough)", () => {
    expect(findMissingRecallContent(ready)).toEqual({});
  });

  it("names every missing element", () => {
    const missing = findMissingRecallContent({
      reason: " ",
      hazard: "",
      customerActions: [],
      remedies: [],
      contactEmail: null,
      contactPhone: null,
      contactUrl: null,
    });
    expect(Object.keys(missing).sort()).toEqual(["contactEmail", "customerActions", "hazard", "reason", "remedies"]);
    expect(missing.contactEmail).toMatch(/email address, phone number or web page/);
  });
});

describe("serial ranges", () => {
  it("reads numbered serials by number, so SN-99 comes before SN-0100", () => {
    const range = parseSerialRange("SN-99", "SN-0100");
    expect(range).toEqual({ kind: "numbered", prefix: "SN-", low: 99n, high: 100n });
    expect(isSerialInRange("SN-0099", range)).toBe(true);
    expect(isSerialInRange("SN-100", range)).toBe(true);
    expect(isSerialInRange("SN-101", range)).toBe(false);
    expect(isSerialInRange("XX-100", range)).toBe(false);
    expect(isSerialInRange("SN-A100", range)).toBe(false);
    expect(compareSerials("SN-99", "SN-0100")).toBe(-1);
  });

  it("compares serials with different prefixes as text", () => {
    const range = parseSerialRange("A100", "B050");
    expect(range.kind).toBe("text");
    expect(isSerialInRange("A999", range)).toBe(true);
    expect(isSerialInRange("B051", range)).toBe(false);
    expect(compareSerials("B1", "A2")).toBe(1);
  });

  it("handles serials longer than a JavaScript number holds", () => {
    const range = parseSerialRange("0000123456789012345678", "0000123456789012345680");
    expect(isSerialInRange("123456789012345679", range)).toBe(true);
  });
});
