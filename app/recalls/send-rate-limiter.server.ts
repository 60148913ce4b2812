// A shop's send rate, shared by every worker process: one Redis counter per shop and second.
// When the second's budget is spent, the caller waits for the next second (not a failure).
import type { Redis } from "ioredis";
import { env } from "../env.server";
import { redisConnection } from "../redis.server";

/** The end of each second in which no message is granted (connection set-up fits inside it). */
const GUARD_MS = 100;

export interface SendRateLimiter {
  /** Resolves when the shop may send one more message. */
  take(shopId: string, perSecond: number): Promise<void>;
}

export function redisSendRateLimiter(
  redis: Redis = redisConnection("worker"),
  prefix: string = env().QUEUE_PREFIX,
): SendRateLimiter {
  return {
    async take(shopId, perSecond) {
      for (;;) {
        // Seconds by this process's clock: workers on one host agree; across hosts NTP keeps
        // the skew to milliseconds, which shifts a window, not the rate.
        const now = Date.now();
        // A message granted in a second's last moments would reach the server in the next
        // second, on top of that second's own budget: none are granted there.
        if (now % 1000 >= 1000 - GUARD_MS) {
          await new Promise((resolve) => setTimeout(resolve, 1000 - (now % 1000) + 1));
          continue;
        }
        const key = `${prefix}:mail-rate:${shopId}:${Math.floor(now / 1000)}`;
        const [[, count]] = (await redis.multi().incr(key).expire(key, 5).exec()) as [[Error | null, number]];
        if (count <= perSecond) return;
        await new Promise((resolve) => setTimeout(resolve, 1000 - (now % 1000) + 1));
      }
    },
  };
}
