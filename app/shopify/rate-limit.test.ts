import { describe, expect, it } from "vitest";
import { CostBucket } from "./rate-limit";

const standard = { maximumAvailable: 2_000, currentlyAvailable: 2_000, restoreRate: 100 };

describe("the cost bucket Lotline keeps per shop", () => {
  it("lets calls through at once while the bucket holds their cost", () => {
    const bucket = new CostBucket(0, standard);
    for (let i = 0; i < 100; i++) expect(bucket.reserve(20, 0, 2_000)).toEqual({ go: true, waitMs: 0 });
    expect(bucket.availableAt(0)).toBe(0);
  });

  it("spaces calls at the restore rate once the bucket is empty", () => {
    const bucket = new CostBucket(0, { ...standard, currentlyAvailable: 0 });
    // 100 points a second: 20-point calls go every 200 ms, each waiting behind the one before.
    expect(bucket.reserve(20, 0, 2_000)).toEqual({ go: true, waitMs: 200 });
    expect(bucket.reserve(20, 0, 2_000)).toEqual({ go: true, waitMs: 400 });
    expect(bucket.reserve(20, 0, 2_000)).toEqual({ go: true, waitMs: 600 });
    // 300 ms later the first has gone and the restore has paid for half of the second.
    expect(bucket.reserve(20, 300, 2_000)).toEqual({ go: true, waitMs: 500 });
  });

  it("never waits longer than allowed: the call is sent back to be retried later, taking nothing", () => {
    const bucket = new CostBucket(0, { ...standard, currentlyAvailable: 50 });
    expect(bucket.reserve(300, 0, 2_000)).toEqual({ go: false, retryAfterMs: 2_500 });
    expect(bucket.availableAt(0)).toBe(50);
  });

  it("refills at the restore rate but never beyond the bucket size", () => {
    const bucket = new CostBucket(0, { ...standard, currentlyAvailable: 1_000 });
    expect(bucket.availableAt(5_000)).toBe(1_500);
    expect(bucket.availableAt(60_000)).toBe(2_000);
    // Time going backwards (another clock) does not drain it.
    expect(bucket.availableAt(1_000)).toBe(2_000);
  });

  it("takes Shopify's word for the bucket, less what other calls still have reserved", () => {
    const bucket = new CostBucket(0, standard);
    bucket.reserve(20, 0, 2_000);
    bucket.reserve(30, 0, 2_000);
    // The first call is answered: Shopify has 1,700 left (another process spent some too).
    bucket.settle(20, 10, { maximumAvailable: 2_000, currentlyAvailable: 1_700, restoreRate: 100 });
    expect(bucket.availableAt(10)).toBe(1_670);
    // The second is answered; nothing is reserved any more.
    bucket.settle(30, 10, { maximumAvailable: 2_000, currentlyAvailable: 1_650, restoreRate: 100 });
    expect(bucket.availableAt(10)).toBe(1_650);
  });

  it("learns a shop's plan from its answers: an Advanced shop restores 200 points a second", () => {
    const bucket = new CostBucket(0);
    bucket.reserve(10, 0, 2_000);
    bucket.settle(10, 0, { maximumAvailable: 4_000, currentlyAvailable: 0, restoreRate: 200 });
    expect(bucket.reserve(20, 0, 2_000)).toEqual({ go: true, waitMs: 100 });
  });

  it("keeps its estimate when an answer carries no cost (a network failure)", () => {
    const bucket = new CostBucket(0, standard);
    bucket.reserve(100, 0, 2_000);
    bucket.settle(100, 0, undefined);
    expect(bucket.availableAt(0)).toBe(1_900);
  });

  it("asks a THROTTLED call to wait until its cost is restored", () => {
    expect(
      CostBucket.delayAfterThrottle(120, { maximumAvailable: 2_000, currentlyAvailable: 20, restoreRate: 100 }),
    ).toBe(1_000);
    expect(
      CostBucket.delayAfterThrottle(120, { maximumAvailable: 20_000, currentlyAvailable: 20, restoreRate: 1_000 }),
    ).toBe(100);
    // Without a status: assume an empty Standard bucket.
    expect(CostBucket.delayAfterThrottle(50, undefined)).toBe(500);
  });
});
