import { describe, expect, it } from "vitest";
import { filterBySearch, parseSearchQuery, type SearchFields } from "./search-query";

interface Row {
  id: string;
  sku: string | null;
  updatedAt: string;
  tags: string[];
}

const rows: Row[] = [
  { id: "gid://shopify/Order/1", sku: "LAV-1", updatedAt: "2026-03-01T10:00:00Z", tags: ["lot:A"] },
  { id: "gid://shopify/Order/2", sku: "LAV-2", updatedAt: "2026-03-02T10:00:00Z", tags: ["lot:B", "recall:1"] },
  { id: "gid://shopify/Order/3", sku: null, updatedAt: "2026-03-03T10:00:00Z", tags: [] },
];

const fields: SearchFields<Row> = {
  sku: { kind: "text", read: (r) => r.sku },
  updated_at: { kind: "time", read: (r) => r.updatedAt },
  id: { kind: "id", read: (r) => r.id },
  tag: { kind: "tags", read: (r) => r.tags },
  tag_not: { kind: "tags", read: (r) => r.tags, negate: true },
};

const ids = (query: string) =>
  filterBySearch(rows, query, fields, "orders", Date.parse("2026-03-10T00:00:00Z")).map((r) => r.id.split("/").at(-1));

describe("search query syntax", () => {
  it("reads comparators and quoted values", () => {
    expect(parseSearchQuery(`updated_at:>'2026-03-01T12:00:00Z' sku:"LAV 1" -tag:x`)).toEqual([
      { field: "updated_at", comparator: ":>", value: "2026-03-01T12:00:00Z", negated: false },
      { field: "sku", comparator: ":", value: "LAV 1", negated: false },
      { field: "tag", comparator: ":", value: "x", negated: true },
    ]);
  });

  it("filters timestamps with > and <=", () => {
    expect(ids("updated_at:>'2026-03-01T10:00:00Z'")).toEqual(["2", "3"]);
    expect(ids("updated_at:<=2026-03-02T10:00:00Z")).toEqual(["1", "2"]);
    expect(ids("updated_at:<now")).toEqual(["1", "2", "3"]);
  });

  it("matches text case-insensitively, with prefixes, alternatives and presence", () => {
    expect(ids("sku:lav-2")).toEqual(["2"]);
    expect(ids("sku:LAV*")).toEqual(["1", "2"]);
    expect(ids("sku:LAV-1,LAV-2")).toEqual(["1", "2"]);
    expect(ids("sku:*")).toEqual(["1", "2"]);
  });

  it("combines terms with AND, NOT and negative filters", () => {
    expect(ids("tag:lot:B AND id:>=2")).toEqual(["2"]);
    expect(ids("NOT tag:recall:1")).toEqual(["1", "3"]);
    expect(ids("tag_not:lot:A")).toEqual(["2", "3"]);
  });

  it("refuses syntax and filters it does not simulate instead of ignoring them", () => {
    expect(() => ids("sku:LAV-1 OR sku:LAV-2")).toThrow(/not simulated/);
    expect(() => ids("vendor:acme")).toThrow('The orders search filter "vendor" is not simulated');
    expect(() => ids("hoodie")).toThrow(/Free-text search on orders/);
  });
});
