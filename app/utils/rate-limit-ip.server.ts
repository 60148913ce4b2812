// Fixed-window request limits in Redis for Lotline's public pages (recall acknowledgements):
// per client address, and per link for writes, so a leaked or guessed link cannot be hammered
// and one address cannot sweep tokens. Counters live in Redis so every web instance shares them.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { env } from "../env.server";
import { redisConnection } from "../redis.server";
import { rateLimitAddress } from "./client-address";
import { logger } from "./logger.server";

export interface RateLimit {
  /** What is being counted, e.g. "ack-ip" or "ack-token". */
  scope: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the current window ends (for Retry-After). */
  retryAfterSeconds: number;
}

export const ACK_PER_IP: RateLimit = { scope: "ack-ip", limit: 30, windowSeconds: 60 };
export const ACK_POSTS_PER_TOKEN: RateLimit = { scope: "ack-token", limit: 10, windowSeconds: 60 };

/**
 * Counts one request for `key`. The window opens with the key's first request and lasts
 * `windowSeconds` (the key expires with it), so a burst cannot straddle two clock-aligned
 * windows and get twice the limit. Redis being unreachable lets the request through: a customer
 * confirming a safety recall matters more than the limit, and the page does nothing expensive.
 */
export async function takeRateLimit(rule: RateLimit, key: string): Promise<RateLimitResult> {
  const redisKey = `${env().QUEUE_PREFIX}:rate:${rule.scope}:${key}`;
  try {
    const connection = redisConnection("producer");
    await connectedWithin(connection, 1_000);
    const results = await connection
      .multi()
      .set(redisKey, 0, "EX", rule.windowSeconds, "NX")
      .incr(redisKey)
      .pttl(redisKey)
      .exec();
    const count = Number(results?.[1]?.[1] ?? 0);
    const remainingMs = Number(results?.[2]?.[1] ?? -1);
    const retryAfterSeconds = remainingMs > 0 ? Math.ceil(remainingMs / 1000) : rule.windowSeconds;
    return { allowed: count <= rule.limit, retryAfterSeconds };
  } catch (error) {
    logger.warn({ err: error, scope: rule.scope }, "rate limit not checked: Redis unavailable");
    return { allowed: true, retryAfterSeconds: 0 };
  }
}

/** The producer connection refuses commands while it connects: the first request of a process waits for it. */
function connectedWithin(connection: Redis, timeoutMs: number): Promise<void> {
  if (connection.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      connection.off("ready", onReady);
      reject(new Error(`Redis not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    connection.once("ready", onReady);
  });
}

/**
 * The address the request came from. The web server (server.ts) passes Express's `req.ip` as
 * `clientIp` in the load context: Express reads X-Forwarded-For only when "trust proxy" is set
 * for the proxy in front, so a client cannot pick its own bucket by sending the header.
 */
export function clientAddress(context: unknown): string {
  const ip = (context as { clientIp?: unknown } | null | undefined)?.clientIp;
  return rateLimitAddress(typeof ip === "string" ? ip : null);
}

/** A link's counter key: a digest, so listing Redis keys never hands out working links. */
export function linkKey(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
