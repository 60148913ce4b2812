// The one Admin client background jobs write to Shopify through. One per process: per shop it
// keeps the cost bucket Shopify reports on every answer and the cost each query asked for last
// time, waits (briefly) before a call that would not fit, and turns a THROTTLED answer or an
// HTTP 429 into a RetryLaterError, which the worker runtime turns into a delayed retry of the
// job instead of a failed attempt.
import {
  type AdminGraphql,
  classifyAdminError,
  offlineAdminGraphql,
  ShopifyUnavailableError,
} from "./admin-graphql.server";
import { CostBucket, type ThrottleStatus } from "./rate-limit";

/** Shopify is rate-limiting: run the job again after `delayMs`; not a failure. */
export class RetryLaterError extends ShopifyUnavailableError {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message, "throttled");
    this.name = "RetryLaterError";
  }
}

interface CostExtension {
  requestedQueryCost?: number | null;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus;
}

/** Running totals per process, for the benchmark and the logs. */
export interface AdminCallStats {
  calls: number;
  throttled: number;
  /** Calls not made because the wait for the bucket would have been too long. */
  deferred: number;
  /** Points Shopify charged (actual cost of answered calls). */
  pointsCharged: number;
}

export interface RateLimitedAdminOptions {
  /** The shop's own Admin function (workers: the offline session's client). */
  connect?: (shopDomain: string) => Promise<AdminGraphql>;
  /** Longest a call waits for the bucket to refill before the job is delayed instead. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

// A query never seen before is priced like one mutation field; the answer teaches the real cost.
const FIRST_GUESS_COST = 10;
// Queries are built per call in a few places; keep the learned costs from growing without bound.
const MAX_REMEMBERED_QUERIES = 500;

export class RateLimitedAdmin {
  readonly stats: AdminCallStats = { calls: 0, throttled: 0, deferred: 0, pointsCharged: 0 };
  private readonly buckets = new Map<string, CostBucket>();
  private readonly costs = new Map<string, number>();
  private readonly connect: (shopDomain: string) => Promise<AdminGraphql>;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: RateLimitedAdminOptions = {}) {
    this.connect = options.connect ?? offlineAdminGraphql;
    this.maxWaitMs = options.maxWaitMs ?? 2_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** An Admin function for the shop with the same contract as `admin.graphql`, rate-limited. */
  async graphqlFor(shopDomain: string): Promise<AdminGraphql> {
    const graphql = await this.connect(shopDomain);
    return (query, options) => this.call(shopDomain, graphql, query, options);
  }

  /** The bucket as Lotline currently sees it, e.g. for logs and tests. */
  bucketFor(shopDomain: string): CostBucket {
    let bucket = this.buckets.get(shopDomain);
    if (!bucket) {
      bucket = new CostBucket(this.now());
      this.buckets.set(shopDomain, bucket);
    }
    return bucket;
  }

  expectedCost(query: string): number {
    return this.costs.get(query) ?? FIRST_GUESS_COST;
  }

  private async call(
    shopDomain: string,
    graphql: AdminGraphql,
    query: string,
    options?: { variables?: Record<string, unknown> },
  ): Promise<Response> {
    const bucket = this.bucketFor(shopDomain);
    const expected = this.expectedCost(query);
    const reservation = bucket.reserve(expected, this.now(), this.maxWaitMs);
    if (!reservation.go) {
      this.stats.deferred += 1;
      throw new RetryLaterError(
        `Lotline is pacing its calls to stay within ${shopDomain}'s Shopify API rate limit`,
        reservation.retryAfterMs,
      );
    }
    if (reservation.waitMs > 0) await this.sleep(reservation.waitMs);

    let cost: CostExtension | undefined;
    this.stats.calls += 1;
    try {
      const response = await graphql(query, options);
      const text = await response.text();
      cost = costOf(safeJson(text));
      return new Response(text, { status: response.status, headers: response.headers });
    } catch (error) {
      cost = costOf((error as { body?: unknown }).body);
      throw this.retryLaterOr(error, cost, expected);
    } finally {
      this.learn(query, cost);
      this.stats.pointsCharged += cost?.actualQueryCost ?? 0;
      bucket.settle(expected, this.now(), cost?.throttleStatus);
    }
  }

  private retryLaterOr(error: unknown, cost: CostExtension | undefined, expected: number): Error {
    const shaped = error as {
      body?: { errors?: { graphQLErrors?: { extensions?: { code?: string } }[] } };
      response?: { code?: number; retryAfter?: number };
    };
    const throttled = shaped.body?.errors?.graphQLErrors?.some((e) => e.extensions?.code === "THROTTLED");
    if (throttled) {
      this.stats.throttled += 1;
      const requested = cost?.requestedQueryCost ?? expected;
      return new RetryLaterError(
        "Shopify is rate-limiting Lotline (THROTTLED)",
        CostBucket.delayAfterThrottle(requested, cost?.throttleStatus),
      );
    }
    if (shaped.response?.code === 429) {
      this.stats.throttled += 1;
      const retryAfter = shaped.response.retryAfter;
      const seconds = typeof retryAfter === "number" && retryAfter > 0 ? retryAfter : 1;
      return new RetryLaterError("Shopify is rate-limiting Lotline (HTTP 429)", Math.ceil(seconds * 1000));
    }
    return classifyAdminError(error);
  }

  private learn(query: string, cost: CostExtension | undefined): void {
    const requested = cost?.requestedQueryCost;
    if (typeof requested !== "number" || requested <= 0) return;
    if (this.costs.size >= MAX_REMEMBERED_QUERIES && !this.costs.has(query)) this.costs.clear();
    this.costs.set(query, requested);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function costOf(body: unknown): CostExtension | undefined {
  const cost = (body as { extensions?: { cost?: CostExtension } } | undefined)?.extensions?.cost;
  return cost && typeof cost === "object" ? cost : undefined;
}

// One per process, shared by every job, so all of a shop's calls draw on one picture of its bucket.
const holder = globalThis as unknown as { __lotlineRateLimitedAdmin?: RateLimitedAdmin };

export function rateLimitedAdmin(): RateLimitedAdmin {
  holder.__lotlineRateLimitedAdmin ??= new RateLimitedAdmin();
  return holder.__lotlineRateLimitedAdmin;
}

/** The collaborator jobs take: `(shopDomain) => AdminGraphql`, through the process's rate-limited client. */
export function rateLimitedAdminGraphql(shopDomain: string): Promise<AdminGraphql> {
  return rateLimitedAdmin().graphqlFor(shopDomain);
}
