import { describe, expect, it } from "vitest";
import { countWithShare, formatDuration, plural, progressPercent, withRunningShares } from "./recall-format";

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

  it("adds up sent and acknowledged notices hour by hour as shares of the targeted customers", () => {
    const timeline = [
      { at: "2026-11-21T09:00:00.000Z", sent: 30, acknowledged: 2 },
      { at: "2026-11-21T10:00:00.000Z", sent: 10, acknowledged: 8 },
      { at: "2026-11-21T12:00:00.000Z", sent: 0, acknowledged: 5 },
    ];
    expect(withRunningShares(timeline, 40).map((hour) => [hour.sentShare, hour.acknowledgedShare])).toEqual([
      [75, 5],
      [100, 25],
      [100, 37.5],
    ]);
    expect(withRunningShares(timeline, 0)[0]).toMatchObject({ sentShare: 0, acknowledgedShare: 0 });
  });
});
