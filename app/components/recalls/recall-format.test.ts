import { describe, expect, it } from "vitest";
import { countWithShare, formatDuration, plural, progressPercent } from "./recall-format";

describe("how the recall pages word numbers", () => {
  it("says how long the notices took in minutes and seconds", () => {
    expect(formatDuration(192_000)).toBe("3 min 12 s");
    expect(formatDuration(45_400)).toBe("45 s");
    expect(formatDuration(7_500_000)).toBe("2 h 5 min");
  });

  it("never shows 100 % on the progress bar until every notice is done", () => {
    expect(progressPercent(0.999)).toBe(99);
    expect(progressPercent(1)).toBe(100);
    expect(progressPercent(0)).toBe(0);
  });

  it("shows a count with its share", () => {
    expect(countWithShare(3, 37.5)).toBe("3 (37.5 %)");
    expect(countWithShare(0, 0)).toBe("0 (0 %)");
  });

  it("uses the singular for one", () => {
    expect(plural(1, "customer")).toBe("1 customer");
    expect(plural(2, "customer")).toBe("2 customers");
  });
});
