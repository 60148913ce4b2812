// Shopify's leaky bucket for calculated query cost: one bucket per app and shop, refilled
// continuously at the plan's restore rate. The clock is passed in, so tests control time.
import type { Plan } from "../store/types";

export interface PlanLimits {
  /** Bucket size: points a burst can spend at once. */
  maximumAvailable: number;
  /** Points restored per second. */
  restoreRate: number;
}

/**
 * Restore rates are Shopify's published per-plan rates (shopify.dev "GraphQL Admin API rate
 * limits": 100 / 200 / 1,000 / 2,000 points per second). Shopify does not publish bucket sizes
 * there; a Standard shop reports `maximumAvailable: 2000` with `restoreRate: 100`, i.e. twenty
 * seconds of restore, and the same ratio is used for the other plans.
 */
export const PLAN_LIMITS: Readonly<Record<Plan, PlanLimits>> = {
  standard: { maximumAvailable: 2_000, restoreRate: 100 },
  advanced: { maximumAvailable: 4_000, restoreRate: 200 },
  plus: { maximumAvailable: 20_000, restoreRate: 1_000 },
  enterprise: { maximumAvailable: 40_000, restoreRate: 2_000 },
};

/** No single query may cost more than this, whatever the plan (shopify.dev rate limits). */
export const SINGLE_QUERY_MAX_COST = 1_000;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface LeakyBucket {
  /** The bucket as Shopify reports it at `now` (milliseconds). */
  status(now: number): ThrottleStatus;
  /** Takes `cost` points if the bucket holds them; false (and nothing taken) otherwise. */
  tryTake(cost: number, now: number): boolean;
  /** Gives back points, e.g. the difference between requested and actual cost. */
  refund(points: number, now: number): void;
}

/** `limits` is read on every call, so a shop that changes plan gets the new limits at once. */
export function createLeakyBucket(limits: () => PlanLimits, startedAt: number): LeakyBucket {
  let available = limits().maximumAvailable;
  let updatedAt = startedAt;

  function refill(now: number) {
    const { maximumAvailable, restoreRate } = limits();
    const elapsedSeconds = Math.max(0, now - updatedAt) / 1000;
    available = Math.min(maximumAvailable, available + elapsedSeconds * restoreRate);
    updatedAt = Math.max(updatedAt, now);
  }

  return {
    status(now) {
      refill(now);
      const { maximumAvailable, restoreRate } = limits();
      // Shopify reports whole points.
      return { maximumAvailable, currentlyAvailable: Math.floor(available), restoreRate };
    },
    tryTake(cost, now) {
      refill(now);
      if (cost > available) return false;
      available -= cost;
      return true;
    },
    refund(points, now) {
      refill(now);
      available = Math.min(limits().maximumAvailable, available + Math.max(0, points));
    },
  };
}
