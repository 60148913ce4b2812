import { describe, expect, it } from "vitest";
import { newRowId } from "./row-ids";

describe("row ids for rows written with Lotline's own SQL", () => {
  it("are version 7 UUIDs that carry the time they were made", () => {
    const at = Date.UTC(2026, 10, 21, 12, 0, 0);
    const id = newRowId(at + 10_000_000);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at + 10_000_000);
  });

  it("sort in the order they were made, even thousands within one millisecond", () => {
    const at = Date.now() + 20_000_000;
    const ids = Array.from({ length: 5_000 }, () => newRowId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("never go backwards when the clock does", () => {
    const later = newRowId(Date.now() + 30_000_000);
    expect(newRowId(Date.now()) > later).toBe(true);
  });
});
