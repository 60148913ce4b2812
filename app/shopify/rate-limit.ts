// Lotline's picture of one shop's Admin API cost bucket (Shopify's leaky bucket), used to space
// calls so they stay under the restore rate instead of running into THROTTLED answers.
// Pure: the caller passes the time, so the arithmetic is tested without waiting.

/** What Shopify reports in `extensions.cost.throttleStatus` on every answer. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Until a shop's first answer: the smallest plan Shopify publishes (Standard, 2,000 / 100 per second). */
export const ASSUMED_THROTTLE_STATUS: ThrottleStatus = {
  maximumAvailable: 2_000,
  currentlyAvailable: 2_000,
  restoreRate: 100,
};

export type Reservation =
  /** Take the points and call after `waitMs` (0: at once). */
  | { go: true; waitMs: number }
  /** Waiting would take longer than allowed: come back after `retryAfterMs`, nothing was taken. */
  | { go: false; retryAfterMs: number };

export class CostBucket {
  private maximumAvailable: number;
  private restoreRate: number;
  /** May go below zero: calls already promised to the coming restore (they are waiting). */
  private available: number;
  private updatedAt: number;
  /** Points reserved by calls Shopify has not answered yet (waiting or in flight). */
  private reserved = 0;

  constructor(now: number, status: ThrottleStatus = ASSUMED_THROTTLE_STATUS) {
    this.maximumAvailable = status.maximumAvailable;
    this.restoreRate = status.restoreRate;
    this.available = status.currentlyAvailable;
    this.updatedAt = now;
  }

  /** Points Lotline expects the bucket to hold at `now` (negative: owed to waiting calls). */
  availableAt(now: number): number {
    this.refill(now);
    return this.available;
  }

  /**
   * Reserves `cost` points for a call. When they are not there yet, the call waits for the
   * restore, unless that takes longer than `maxWaitMs`: then it should be retried later.
   */
  reserve(cost: number, now: number, maxWaitMs: number): Reservation {
    this.refill(now);
    const waitMs = this.msUntil(cost);
    if (waitMs > maxWaitMs) return { go: false, retryAfterMs: waitMs };
    this.available -= cost;
    this.reserved += cost;
    return { go: true, waitMs };
  }

  /**
   * A reserved call was answered. Shopify's status is the truth for everything it has seen;
   * points still reserved by other calls are taken from it, since Shopify has not seen those.
   */
  settle(reservedCost: number, now: number, status?: ThrottleStatus | null): void {
    this.reserved = Math.max(0, this.reserved - reservedCost);
    if (!status) return;
    this.maximumAvailable = status.maximumAvailable;
    this.restoreRate = status.restoreRate;
    this.available = status.currentlyAvailable - this.reserved;
    this.updatedAt = now;
  }

  /** How long until `cost` points are available; 0 when they are now. */
  msUntil(cost: number): number {
    const deficit = cost - this.available;
    if (deficit <= 0) return 0;
    return Math.ceil((deficit / this.restoreRate) * 1000);
  }

  /** How long a call Shopify THROTTLED should wait: its cost minus what Shopify said it has, restored. */
  static delayAfterThrottle(requestedCost: number, status: ThrottleStatus | null | undefined): number {
    const { currentlyAvailable, restoreRate } = status ?? { ...ASSUMED_THROTTLE_STATUS, currentlyAvailable: 0 };
    const deficit = Math.max(1, requestedCost - currentlyAvailable);
    return Math.ceil((deficit / Math.max(1, restoreRate)) * 1000);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.available = Math.min(this.maximumAvailable, this.available + elapsed * this.restoreRate);
    this.updatedAt = Math.max(this.updatedAt, now);
  }
}
