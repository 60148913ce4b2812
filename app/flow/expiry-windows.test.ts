import { describe, expect, it } from "vitest";
import { daysUntil, narrowestWarningWindow } from "./expiry-windows";

describe("expiry warning windows", () => {
  it("announces a lot in the narrowest window it has entered", () => {
    expect(narrowestWarningWindow(45, [30, 60, 90])).toBe(60);
    expect(narrowestWarningWindow(30, [30, 60, 90])).toBe(30);
    expect(narrowestWarningWindow(3, [30, 60, 90])).toBe(30);
  });

  it("says nothing about a lot further out than every window", () => {
    expect(narrowestWarningWindow(91, [30, 60, 90])).toBeNull();
  });

  it("says nothing about a lot already past its date", () => {
    expect(narrowestWarningWindow(-1, [30])).toBeNull();
  });

  it("counts calendar days to the expiry date", () => {
    const today = new Date("2026-11-22T00:00:00Z");
    expect(daysUntil(new Date("2026-12-22T00:00:00Z"), today)).toBe(30);
    expect(daysUntil(today, today)).toBe(0);
  });
});
