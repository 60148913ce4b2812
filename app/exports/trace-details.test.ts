import { describe, expect, it } from "vitest";
import { checkTraceDetails, describeParty, storedTraceDetails, supplierKey } from "./trace-details";

describe("business details for traceability files", () => {
  it("keeps what the merchant typed, trimmed, and drops empty fields", () => {
    const checked = checkTraceDetails({
      gs1CompanyPrefix: " 4006381 ",
      locations: {
        "gid://shopify/Location/1": { businessName: " Soap Co ", phone: "", address: "2 Dock St", gln: "" },
      },
      suppliers: {},
    });
    expect(checked).toEqual({
      ok: true,
      value: {
        gs1CompanyPrefix: "4006381",
        locations: { "gid://shopify/Location/1": { businessName: "Soap Co", address: "2 Dock St" } },
        suppliers: {},
      },
    });
  });

  it("names the field to fix for a bad GLN or company prefix", () => {
    const checked = checkTraceDetails({
      gs1CompanyPrefix: "12ab",
      suppliers: { "Meadow Oils": { gln: "123" } },
    });
    expect(checked).toEqual({
      ok: false,
      fields: {
        gs1CompanyPrefix: "A GS1 company prefix is 6 to 12 digits",
        "suppliers.Meadow Oils.gln": "A GLN is 13 digits",
      },
    });
  });

  it("reads a damaged stored value as nothing filled in rather than failing an export", () => {
    expect(storedTraceDetails({ locations: "nonsense" })).toEqual({
      gs1CompanyPrefix: null,
      locations: {},
      suppliers: {},
    });
    expect(storedTraceDetails(null)).toEqual({ gs1CompanyPrefix: null, locations: {}, suppliers: {} });
  });

  it("lists what a location description still lacks", () => {
    expect(describeParty(undefined, null).missing).toEqual(["business name", "phone", "address"]);
    expect(describeParty({ phone: "+1 555 0100" }, "Meadow Oils")).toEqual({
      name: "Meadow Oils",
      phone: "+1 555 0100",
      address: null,
      gln: null,
      missing: ["address"],
    });
    expect(supplierKey("Meadow Oils")).toBe("supplier:Meadow Oils");
  });
});
